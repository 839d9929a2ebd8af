"""PostGIS as the shared programme: read measure and area tables, write the results back.

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

import csv
import datetime as dt
import decimal
import io
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.errors import InputError, OptionError

if TYPE_CHECKING:
    from planner.run import RunResult
    from planner.sources import LayerRef

__all__ = ["is_postgis", "parse_uri", "read_table", "write_results", "PgAddress"]

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


def connect(address: PgAddress):
    """Open a connection, or raise InputError naming the database (never the password)."""
    psycopg2 = _psycopg2()
    try:
        return psycopg2.connect(address.conninfo, connect_timeout=15)
    except psycopg2.Error as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"De database {address.shown} is niet te bereiken: {reason}") from exc


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
    planner.sources.LayerRef
        The features with ``_fid`` (the integer primary key, else 1, 2, 3, ...) and the CRS of
        the geometry column.

    Raises
    ------
    planner.errors.InputError
        The database cannot be reached, or the table or geometry column is not there.
    """
    from psycopg2 import sql

    from planner.sources import LayerRef

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


# -- writing ----------------------------------------------------------------------------------


def _pg_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(series.dtype):
        return "bigint"
    if pd.api.types.is_float_dtype(series.dtype):
        return "double precision"
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return "timestamp"
    return "text"


def _csv_value(value: object) -> object:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        stamp = pd.Timestamp(value)
        return None if pd.isna(stamp) else stamp.isoformat()
    if isinstance(value, (bool, np.bool_)):
        return "t" if value else "f"
    return value


def _copy_table(cur, schema: str, name: str, frame: pd.DataFrame, srid: int | None) -> int:
    """Create ``schema.name`` and fill it with COPY; a GiST index on the geometry."""
    from psycopg2 import sql

    from planner.output import free_names

    has_geom = isinstance(frame, gpd.GeoDataFrame)
    columns = [c for c in frame.columns if not has_geom or c != frame.geometry.name]
    # 'fid' and 'geom' are this table's own key and geometry columns
    names = {c: str(c) for c in columns} | free_names(columns, ("fid", "geom"))
    relation = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(name))
    defs = [sql.SQL("fid bigserial PRIMARY KEY")]
    defs += [
        sql.SQL("{} {}").format(sql.Identifier(names[c]), sql.SQL(_pg_type(frame[c])))
        for c in columns
    ]
    if has_geom:
        defs.append(sql.SQL("geom geometry(Geometry, {})").format(sql.Literal(int(srid or 0))))
    cur.execute(sql.SQL("CREATE TABLE {} ({})").format(relation, sql.SQL(", ").join(defs)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    values = [frame[c].to_numpy(dtype=object) for c in columns]
    if has_geom:
        geoms = np.asarray(frame.geometry.array)
        wkb = shapely.to_wkb(shapely.set_srid(geoms, int(srid or 0)), hex=True, include_srid=True)
        values.append(np.where(shapely.is_missing(geoms), None, wkb))
    for k in range(len(frame)):
        writer.writerow([_csv_value(col[k]) for col in values])
    buffer.seek(0)
    targets = [sql.Identifier(names[c]) for c in columns]
    if has_geom:
        targets.append(sql.Identifier("geom"))
    cur.copy_expert(
        sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(
            relation, sql.SQL(", ").join(targets)
        ),
        buffer,
    )
    if has_geom:
        cur.execute(
            sql.SQL("CREATE INDEX {} ON {} USING GIST (geom)").format(
                sql.Identifier(f"{name}_geom_idx"), relation
            )
        )
    return len(frame)


def _check_replaceable(cur, address: PgAddress, schema: str) -> None:
    """Only a schema that Gebiedsplanner wrote (it has the table ``run``) is ever replaced."""
    exists = _one(
        cur, "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
    )
    if exists is None:
        return
    ours = _one(
        cur,
        "SELECT 1 FROM information_schema.columns WHERE table_schema = %s "
        "AND table_name = 'run' AND column_name = 'rapport'",
        (schema,),
    )
    if ours is None:
        raise OptionError(
            f"{address.shown}: het schema {schema!r} bestaat al en is geen uitvoer van "
            "Gebiedsplanner (het heeft geen tabel run); kies een eigen schema met ?schema=naam."
        )


def write_results(
    result: RunResult, uri: str, progress: Callable[[str], None] | None = None
) -> list[str]:
    """Write a run's tables into a PostGIS schema, whole or not at all.

    The tables (``maatregelen``, ``overlappingen``, ``stapeling_<niveau>``, ``afgewezen`` and
    ``run``, one row with run.json) are made in a new schema in one transaction, which then
    replaces the old schema: until the commit, the team sees the previous results.

    Parameters
    ----------
    result : planner.RunResult
        The run.
    uri : str
        ``postgresql://...?schema=naam`` (schema ``gebiedsplanner`` by default).
    progress : callable, optional
        Called with each table's name.

    Returns
    -------
    list of str
        The tables written, as ``schema.tabel``.
    """
    import json

    from psycopg2 import sql

    address = parse_uri(uri)
    schema = address.schema or "gebiedsplanner"
    staging = f"{schema}__nieuw_{os.getpid()}"[:63]
    srid = result.measures.measures.crs.to_epsg() if result.measures.measures.crs else None
    tables: dict[str, pd.DataFrame] = {
        "maatregelen": result.measures.measures,
        "overlappingen": result.overlaps,
        **{f"stapeling_{level}": t for level, t in result.stacking.items()},
        "afgewezen": result.measures.rejected,
    }
    conn = connect(address)
    written = []
    try:
        with conn.cursor() as cur:
            _check_replaceable(cur, address, schema)
            cur.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(staging)))
            for name, frame in tables.items():
                if progress:
                    progress(name)
                _copy_table(cur, staging, name, frame, srid)
                written.append(f"{schema}.{name}")
            cur.execute(
                sql.SQL("CREATE TABLE {}.run (rapport jsonb)").format(sql.Identifier(staging))
            )
            cur.execute(
                sql.SQL("INSERT INTO {}.run VALUES (%s)").format(sql.Identifier(staging)),
                (json.dumps(result.report, ensure_ascii=False, default=str),),
            )
            cur.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            cur.execute(
                sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                    sql.Identifier(staging), sql.Identifier(schema)
                )
            )
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()
    return [*written, f"{schema}.run"]
