"""A throwaway PostgreSQL + PostGIS 3 cluster for tests: unprivileged, on a free local port.

Debian's postgresql-15-postgis-3 (installed by ``make test``'s set-up; 17 in the Debian 13 root
of the second QGIS) provides the binaries: the newest PostgreSQL with PostGIS installed. The
cluster runs as the ``postgres`` system user when the tests run as root (PostgreSQL refuses
root), lives in a temporary folder and is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess  # nosec B404 - fixed local binaries
import tempfile
import time
from pathlib import Path


def _postgresql_bin() -> Path:
    """The bin folder of the newest PostgreSQL that has PostGIS (Debian 12: 15, Debian 13: 17)."""
    found = [
        Path("/usr/lib/postgresql") / version / "bin"
        for version in sorted(
            (p.name for p in Path("/usr/lib/postgresql").glob("*") if p.name.isdigit()),
            key=int,
        )
        if (Path("/usr/lib/postgresql") / version / "lib" / "postgis-3.so").exists()
    ]
    return found[-1] if found else Path("/usr/lib/postgresql/15/bin")


BIN = _postgresql_bin()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    """Start with :meth:`start`, connect with :attr:`uri`, end with :meth:`stop`."""

    def __init__(self) -> None:
        if not (BIN / "initdb").exists():
            raise RuntimeError(
                f"PostgreSQL met PostGIS ontbreekt ({BIN}): make test installeert "
                "postgresql-15-postgis-3"
            )
        self.root = Path(tempfile.mkdtemp(prefix="gebiedsplanner-pg-"))
        self.root.chmod(0o755)
        self.data = self.root / "data"
        self.port = _free_port()
        self.database = "gemeente"

    @property
    def uri(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    @property
    def ogr(self) -> str:
        return f"PG:host=127.0.0.1 port={self.port} user=postgres dbname={self.database}"

    def _run(self, args: list[str]) -> str:
        out = subprocess.run(  # nosec B603
            _as_owner(args), check=True, capture_output=True, text=True, cwd=self.root
        )
        return out.stdout

    def start(self) -> Cluster:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        self._run(
            [
                str(BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        self._run(
            [
                str(BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.data / "log"),
                "-o",
                f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1",
                "-w",
                "start",
            ]
        )
        self.sql("postgres", f"CREATE DATABASE {self.database}")
        self.sql(self.database, "CREATE EXTENSION postgis")
        return self

    def sql(self, database: str, statement: str) -> str:
        return self._run(
            [
                str(BIN / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-Atc",
                statement,
            ]
        )

    def load(self, path: Path, schema: str, layers: list[str] | None = None) -> None:
        """Load a file's layers into ``schema`` with GDAL's ogr2ogr (an independent loader)."""
        self.sql(self.database, f"CREATE SCHEMA IF NOT EXISTS {schema}")
        for layer in layers or [None]:
            subprocess.run(  # nosec B603 B607
                [
                    "ogr2ogr",
                    "-f",
                    "PostgreSQL",
                    self.ogr,
                    str(path),
                    *([layer] if layer else []),
                    "-lco",
                    f"SCHEMA={schema}",
                    "-lco",
                    "GEOMETRY_NAME=geom",
                    "-preserve_fid",
                    "-nlt",
                    "PROMOTE_TO_MULTI" if layer in ("wijken", "gemeente") else "GEOMETRY",
                ],
                check=True,
                capture_output=True,
                text=True,
            )

    def stop(self) -> None:
        try:
            self._run([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        finally:
            time.sleep(0.2)
            shutil.rmtree(self.root, ignore_errors=True)
