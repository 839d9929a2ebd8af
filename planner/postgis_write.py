"""Writing a run's tables into a PostGIS schema, replacing the previous results in one go.

Only a schema that Gebiedsplanner wrote itself (it has the table ``run``) is ever replaced.
Every identifier goes through ``psycopg2.sql.Identifier`` and every value is a parameter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.errors import InputError, OptionError
from planner.postgis import PgAddress, _first_line, _lost, _one, connect, parse_uri
from planner.table_files import free_names

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["write_results"]


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
    if value is None or value is pd.NaT or value is pd.NA:
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
    result: RunResult,
    uri: str,
    progress: Callable[[str], None] | None = None,
    *,
    extra: dict[str, pd.DataFrame] | None = None,
) -> list[str]:
    """Write a run's tables into a PostGIS schema, whole or not at all.

    The tables (``maatregelen``, ``overlappingen``, ``samenhang_<niveau>`` (integration as
    groups, with the area's polygon), ``stapeling_<niveau>``, ``afgewezen``, the ``extra``
    tables and ``run``, one row with run.json) are made in a new schema in one transaction,
    which then replaces the old schema: until the commit, the team sees the previous results.

    Parameters
    ----------
    result : planner.RunResult
        The run.
    uri : str
        ``postgresql://...?schema=naam`` (schema ``gebiedsplanner`` by default).
    progress : callable, optional
        Called with each table's name.
    extra : dict of str to DataFrame, optional
        More tables by name, written after those above: the planning cycle's ``besluiten``,
        ``besluiten_sjabloon`` and ``voortgang_afspraken``.

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
        **{f"samenhang_{level}": t for level, t in result.groups.items()},
        **{f"stapeling_{level}": t for level, t in result.stacking.items()},
        "afgewezen": result.measures.rejected,
        **(extra or {}),
    }
    try:
        conn = connect(address)
    except InputError as exc:  # the server went away after the tables were read
        raise InputError(f"{exc} Er is niets geschreven.") from exc
    written = []
    committing = False
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
        committing = True
        conn.commit()
    except BaseException as exc:
        if not conn.closed:
            conn.rollback()
        if isinstance(exc, Exception) and _lost(conn, exc):
            raise _lost_while_writing(address, schema, exc, committing) from exc
        raise
    finally:
        conn.close()
    return [*written, f"{schema}.run"]


def _lost_while_writing(address: PgAddress, schema: str, exc: Exception, committing: bool):
    """The sentence for a connection that went away while the results were being written.

    Until the commit the new tables live in one transaction the server throws away, so the
    previous results stand; a connection lost during the commit itself leaves it unknown.
    """
    reason = _first_line(exc)
    if committing:
        return InputError(
            f"De verbinding met de database {address.shown} viel weg tijdens het vastleggen "
            f"({reason}): kijk of het schema {schema} de nieuwe resultaten heeft (tabel run), "
            "of start opnieuw als de server weer bereikbaar is."
        )
    return InputError(
        f"De verbinding met de database {address.shown} viel weg tijdens het schrijven "
        f"({reason}): er is niets geschreven en de vorige resultaten in schema {schema} staan "
        "er nog. Start opnieuw als de server weer bereikbaar is."
    )
