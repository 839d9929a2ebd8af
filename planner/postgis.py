"""PostGIS as the shared programme: addresses, connections, and reading measure and area tables.

Writing the results back is :mod:`planner.postgis_write`.

Addresses are libpq connection URIs with Gebiedsplanner's own parameters added:

- ``postgresql://user@host:5432/gemeente?table=programma.maatregelen`` reads a table (the
  geometry column is found in ``geometry_columns``; ``&geometry=kolom`` chooses one);
- ``postgresql:///gemeente?service=gis&table=programma.maatregelen`` uses a ``pg_service.conf``
  entry, as QGIS users have (``service=`` is libpq's own parameter);
- ``--out postgresql://.../gemeente?schema=gebiedsplanner`` writes the result tables into that
  schema, with spatial indexes, replacing the schema in one transaction: the old results stay
  until the new ones are complete.

Safe SQL only: every identifier goes through ``psycopg2.sql.Identifier`` and every value is a
query parameter; a table name from the user is never pasted into SQL text.
"""

from __future__ import annotations

import decimal
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.errors import InputError, OptionError
from planner.layer_ref import LayerRef

__all__ = ["is_postgis", "parse_uri", "read_table", "connect", "PgAddress"]

log = logging.getLogger(__name__)

SCHEMES = ("postgresql://", "postgres://")
OWN_PARAMETERS = ("table", "schema", "geometry")
FETCH = 50_000


def is_postgis(value: object) -> bool:
    """True for a PostGIS address (``postgresql://...``).

    Examples
    --------
    >>> is_postgis("postgresql://localhost/gemeente?table=programma.werken"), is_postgis("a.gpkg")
    (True, False)
    """
    return isinstance(value, str) and value.startswith(SCHEMES)


@dataclass(frozen=True)
class PgAddress:
    """A parsed address: what libpq gets, and Gebiedsplanner's own parameters."""

    conninfo: str
    shown: str
    table: str | None = None
    schema: str | None = None
    geometry: str | None = None

    def qualified(self) -> tuple[str, str]:
        """``(schema, table)`` of ``table`` (schema ``public`` when not given)."""
        if not self.table:
            raise OptionError(
                f"{self.shown}: noem de tabel, bijvoorbeeld ...?table=programma.maatregelen"
            )
        schema, _, table = self.table.rpartition(".")
        return schema or "public", table


def parse_uri(uri: str) -> PgAddress:
    """Split a PostGIS address into the libpq URI and Gebiedsplanner's parameters.

    The password, if the address has one, never appears in ``shown`` (used in messages; a
    test checks it).

    Examples
    --------
    >>> a = parse_uri("postgresql://piet@db:5433/gemeente?table=plan.werken&sslmode=require")
    >>> a.conninfo, a.qualified()
    ('postgresql://piet@db:5433/gemeente?sslmode=require', ('plan', 'werken'))
    """
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    own = {k: v for k, v in query if k in OWN_PARAMETERS}
    rest = urlencode([(k, v) for k, v in query if k not in OWN_PARAMETERS])
    # Built by hand: urlunsplit drops the "//" of an address without host (service=...).
    tail = parts.path + (f"?{rest}" if rest else "")
    conninfo = f"{parts.scheme}://{parts.netloc}{tail}"
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", ":***@", 1)
    shown = f"{parts.scheme}://{netloc}{tail}"
    return PgAddress(conninfo, shown, own.get("table"), own.get("schema"), own.get("geometry"))


def _psycopg2():
    try:
        import psycopg2
        import psycopg2.sql
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise InputError(
            "Voor PostGIS is het Python-pakket psycopg2 nodig: sudo apt install python3-psycopg2 "
            "(Debian/Ubuntu, zoals QGIS het heeft) of python3 -m pip install psycopg2-binary."
        ) from exc
    return psycopg2


def connect(address: PgAddress) -> Any:
    """Open a connection, or raise InputError naming the database (never the password)."""
    psycopg2 = _psycopg2()
    try:
        return psycopg2.connect(address.conninfo, connect_timeout=15)
    except psycopg2.Error as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"De database {address.shown} is niet te bereiken: {reason}") from exc


def _lost(conn, exc: BaseException) -> bool:
    """Whether ``exc`` is the connection going away (the server stopped, the backend ended).

    psycopg2 marks the connection closed then; an error the server reports on a live
    connection (a full disk, a missing table) is not a lost connection.
    """
    psycopg2 = _psycopg2()
    return isinstance(exc, psycopg2.InterfaceError) or (
        isinstance(exc, psycopg2.OperationalError) and bool(conn.closed)
    )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _one(cur, query, params=()) -> tuple | None:
    cur.execute(query, params)
    return cur.fetchone()


def read_table(uri: str) -> LayerRef:
    """Read a PostGIS table (measures or areas) as a planner source in memory.

    Parameters
    ----------
    uri : str
        ``postgresql://...?table=schema.tabel`` (see the module's description).

    Returns
    -------
    planner.layer_ref.LayerRef
        The features with ``_fid`` (the integer primary key, else 1, 2, 3, ...) and the CRS of
        the geometry column.

    Raises
    ------
    planner.errors.InputError
        The database cannot be reached, or the table or geometry column is not there.
    """
    from psycopg2 import sql

    address = parse_uri(uri)
    schema, table = address.qualified()
    name = f"{schema}.{table}"
    source = f"{address.shown} (tabel {name})"
    conn = connect(address)
    try:
        with conn.cursor() as cur:
            found = _one(
                cur,
                "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
                "AND table_name = %s",
                (schema, table),
            )
            if found is None:
                raise InputError(f"{address.shown}: de tabel {name} bestaat niet.")
            cur.execute(
                "SELECT column_name, data_type, udt_name FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                (schema, table),
            )
            columns = cur.fetchall()
            cur.execute(
                "SELECT f_geometry_column, srid FROM geometry_columns "
                "WHERE f_table_schema = %s AND f_table_name = %s",
                (schema, table),
            )
            geometry_columns = dict(cur.fetchall())
            geom = address.geometry or next(iter(geometry_columns), None)
            if address.geometry and address.geometry not in geometry_columns:
                raise InputError(
                    f"{source}: geen geometriekolom {address.geometry!r}; wel: "
                    f"{', '.join(geometry_columns) or 'geen'}."
                )
            relation = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            key = _one(
                cur,
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_index i "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = to_regclass(%s) AND i.indisprimary",
                (relation.as_string(conn),),
            )
            srid = geometry_columns.get(geom) if geom else None
            if geom and not srid:
                srid = (
                    _one(
                        cur,
                        sql.SQL("SELECT ST_SRID({}) FROM {} WHERE {} IS NOT NULL LIMIT 1").format(
                            sql.Identifier(geom), relation, sql.Identifier(geom)
                        ),
                    )
                    or [0]
                )[0]
        attributes = [c for c, _, udt in columns if c != geom and udt != "geometry"]
        fields = [sql.Identifier(c) for c in attributes]
        if geom:
            fields.append(sql.SQL("ST_AsBinary({})").format(sql.Identifier(geom)))
        order = sql.SQL(" ORDER BY {}").format(sql.Identifier(key[0])) if key else sql.SQL("")
        query = sql.SQL("SELECT {} FROM {}{}").format(sql.SQL(", ").join(fields), relation, order)
        rows: list[tuple] = []
        with conn.cursor(name="gebiedsplanner_lezen") as cur:
            cur.itersize = FETCH
            cur.execute(query)
            for row in cur:
                rows.append(row)
    except _psycopg2().Error as exc:
        if not _lost(conn, exc):
            raise
        raise InputError(
            f"De verbinding met de database {address.shown} viel weg tijdens het lezen van "
            f"{name} ({_first_line(exc)}): er is niets gelezen of geschreven. Start opnieuw als "
            "de server weer bereikbaar is."
        ) from exc
    finally:
        conn.close()
    frame = pd.DataFrame.from_records(rows, columns=[*attributes, *(["__geom"] if geom else [])])
    for col in attributes:
        frame[col] = _plain(frame[col])
    geometry = (
        shapely.from_wkb([None if g is None else bytes(g) for g in frame.pop("__geom")])
        if geom
        else np.full(len(frame), None, dtype=object)
    )
    if key and key[1] in ("integer", "bigint", "smallint"):
        fid = frame[key[0]].to_numpy(dtype=np.int64)
    else:
        fid = np.arange(1, len(frame) + 1, dtype=np.int64)
    frame.insert(0, "_fid", fid)
    crs = f"EPSG:{srid}" if srid else None
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=frame.index), crs=crs)
    log.info("%s: %d objecten gelezen", source, len(gdf))
    return LayerRef.in_memory(gdf, address.shown, name)


def _plain(values: pd.Series) -> pd.Series:
    """Database values as the planner reads file values: Decimal -> float, others as they are."""
    if values.map(lambda v: isinstance(v, decimal.Decimal)).any():
        return values.map(lambda v: float(v) if isinstance(v, decimal.Decimal) else v)
    return values
