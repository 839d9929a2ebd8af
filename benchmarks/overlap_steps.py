"""One end-to-end pair search of ``bench_overlaps.py``, run in its own process.

``python overlap_steps.py KIND PROGRAMME PAIRS.csv DISTANCE [POSTGIS-URI]`` with KIND
``gebiedsplanner``, ``duckdb`` or ``postgis``: read the programme file, find every pair of
measures within DISTANCE metres whose periods share at least one day (compared at the finest
resolution both ends have, as the planner does), write the pairs as CSV. Prints one JSON line:
seconds, the seconds of each phase, peak memory (this process and its children, and for PostGIS
the server's processes, sampled every 50 ms) and the number of pairs.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from memory import PeakSampler, own_peak

# The period of each measure as whole numbers, from the programme's text dates (a day
# 2026-03-15, a month 2026-03 or a year 2026; an empty end is the start): the first and last
# day (days since 1970), month and year, and the resolution of each end (0 day, 1 month,
# 2 year), as the planner compares them. DuckDB and PostgreSQL share this SQL.
PERIODS = """
    CASE length({s}) WHEN 10 THEN 0 WHEN 7 THEN 1 ELSE 2 END AS van_res,
    CASE length({e}) WHEN 10 THEN 0 WHEN 7 THEN 1 ELSE 2 END AS tot_res,
    CASE length({s}) WHEN 10 THEN CAST({s} AS DATE)
        WHEN 7 THEN CAST({s} || '-01' AS DATE) ELSE CAST({s} || '-01-01' AS DATE) END AS van,
    CASE length({e}) WHEN 10 THEN CAST({e} AS DATE)
        WHEN 7 THEN CAST(CAST({e} || '-01' AS DATE) + INTERVAL '1 month' - INTERVAL '1 day'
                         AS DATE)
        ELSE CAST({e} || '-12-31' AS DATE) END AS tot
"""
WHOLE = """
    van_res, tot_res,
    van - DATE '1970-01-01' AS van_d, tot - DATE '1970-01-01' AS tot_d,
    CAST(extract(year FROM van) * 12 + extract(month FROM van) AS INTEGER) AS van_m,
    CAST(extract(year FROM tot) * 12 + extract(month FROM tot) AS INTEGER) AS tot_m,
    CAST(extract(year FROM van) AS INTEGER) AS van_y,
    CAST(extract(year FROM tot) AS INTEGER) AS tot_y
"""


def _le(x: str, y: str, end_x: str, end_y: str) -> str:
    """x's end <= y's end, at the coarser resolution of the two (SQL)."""
    res = f"greatest({x}.{end_x}_res, {y}.{end_y}_res)"
    return (
        f"(CASE {res} WHEN 0 THEN {x}.{end_x}_d <= {y}.{end_y}_d "
        f"WHEN 1 THEN {x}.{end_x}_m <= {y}.{end_y}_m ELSE {x}.{end_x}_y <= {y}.{end_y}_y END)"
    )


PERIODS_SHARE_A_DAY = f"{_le('a', 'b', 'van', 'tot')} AND {_le('b', 'a', 'van', 'tot')}"


def gebiedsplanner(programme: str, pairs: str, distance: float, phases: dict) -> None:
    from planner.cli import main

    code = main(
        ["overlaps", programme, "--distance", str(distance), "--time-gap", "0", "--out", pairs]
    )
    if code:
        raise SystemExit(code)


def duckdb_spatial(programme: str, pairs: str, distance: float, phases: dict) -> None:
    import duckdb
    import duckdb_extension_spatial

    # the extension's own file from its pip package: no download, works offline
    extension = next(Path(duckdb_extension_spatial.__file__).parent.rglob("*.duckdb_extension"))
    con = duckdb.connect()
    con.execute(f"LOAD '{extension}'")
    con.execute("SET enable_progress_bar = false")
    t = time.perf_counter()
    con.execute(
        f"""CREATE TABLE raw AS SELECT id, start AS s, coalesce(nullif(eind, ''), start) AS e, geom
        FROM ST_Read('{programme}') WHERE geom IS NOT NULL AND start IS NOT NULL"""
    )
    phases["read"] = time.perf_counter() - t
    t = time.perf_counter()
    con.execute(
        f"CREATE TABLE p AS SELECT id, geom, {WHOLE} FROM "
        f"(SELECT id, geom, {PERIODS.format(s='s', e='e')} FROM raw)"
    )
    con.execute("DROP TABLE raw")
    phases["prepare"] = time.perf_counter() - t
    t = time.perf_counter()
    # "(a.id < b.id) IS TRUE": written as a plain a.id < b.id, DuckDB 1.5 turns the order into
    # a merge join on the ids and tests the distance on every pair of the programme; like this
    # it keeps its R-tree spatial join (SPATIAL_JOIN in EXPLAIN)
    con.execute(
        f"""COPY (SELECT a.id AS measure_a, b.id AS measure_b,
                round(ST_Distance(a.geom, b.geom), 2) AS distance_m
            FROM p a JOIN p b ON ST_DWithin(a.geom, b.geom, {distance})
            WHERE (a.id < b.id) IS TRUE AND {PERIODS_SHARE_A_DAY})
        TO '{pairs}' (HEADER, DELIMITER ',')"""
    )
    phases["join_and_write"] = time.perf_counter() - t


def postgis(programme: str, pairs: str, distance: float, phases: dict, uri: str) -> None:
    import subprocess

    import psycopg2

    con = psycopg2.connect(uri)
    con.autocommit = True
    cur = con.cursor()
    cur.execute("DROP TABLE IF EXISTS raw, p")
    host, port = uri.split("@", 1)[1].split("/", 1)[0].split(":")
    database = uri.rsplit("/", 1)[1]
    t = time.perf_counter()
    # ogr2ogr as a PostGIS user loads a file (COPY, a GiST index on the geometry)
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            f"PG:host={host} port={port} user=postgres dbname={database}",
            programme,
            "-nln",
            "raw",
            "-lco",
            "GEOMETRY_NAME=geom",
            "-lco",
            "SPATIAL_INDEX=NONE",
            "-nlt",
            "GEOMETRY",
        ],
        check=True,
        capture_output=True,
    )
    phases["read"] = time.perf_counter() - t
    t = time.perf_counter()
    cur.execute(
        f"""CREATE TABLE p AS SELECT id, geom, {WHOLE} FROM (
            SELECT id, geom, {PERIODS.format(s="s", e="e")} FROM (
                SELECT id, start AS s, coalesce(nullif(eind, ''), start) AS e, geom FROM raw
                WHERE geom IS NOT NULL AND start IS NOT NULL) r) q"""
    )
    cur.execute("DROP TABLE raw")
    cur.execute("CREATE INDEX ON p USING gist (geom)")
    cur.execute("ANALYZE p")
    phases["prepare"] = time.perf_counter() - t
    t = time.perf_counter()
    with open(pairs, "w", encoding="utf-8") as out:
        cur.copy_expert(
            f"""COPY (SELECT a.id AS measure_a, b.id AS measure_b,
                    round(ST_Distance(a.geom, b.geom)::numeric, 2) AS distance_m
                FROM p a JOIN p b ON ST_DWithin(a.geom, b.geom, {distance})
                WHERE a.id < b.id AND {PERIODS_SHARE_A_DAY})
            TO STDOUT WITH (FORMAT csv, HEADER)""",
            out,
        )
    phases["join_and_write"] = time.perf_counter() - t
    cur.execute("DROP TABLE p")
    con.close()


def main() -> None:
    kind, programme, pairs, distance = sys.argv[1:5]
    uri = sys.argv[5] if len(sys.argv) > 5 else None
    watched = [os.getpid()]
    if kind == "postgis":
        # the server's processes count too (shared memory is counted in each of them)
        postmaster = Path(sys.argv[6]) / "postmaster.pid"
        watched.append(int(postmaster.read_text().split()[0]))
    sampler = PeakSampler(watched).start()
    phases: dict = {}
    t = time.perf_counter()
    if kind == "gebiedsplanner":
        gebiedsplanner(programme, pairs, float(distance), phases)
    elif kind == "duckdb":
        duckdb_spatial(programme, pairs, float(distance), phases)
    else:
        postgis(programme, pairs, float(distance), phases, uri)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t
    peak = max(own_peak(), sampler.stop())  # see memory.py
    with open(pairs, "rb") as f:
        n = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")) - 1
    print(json.dumps({"seconds": seconds, "phases": phases, "peak_mb": peak / 1024, "pairs": n}))


if __name__ == "__main__":
    main()
