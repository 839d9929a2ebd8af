"""PostGIS as the shared programme, against a real PostgreSQL 15 + PostGIS 3 cluster."""

from __future__ import annotations

import contextlib
import subprocess

import numpy as np
import pandas as pd
import pyogrio
import pytest

from planner.errors import InputError, OptionError
from planner.overlaps import find_overlaps
from planner.read import read_measures
from planner.rules import single_rule
from planner.run import run, sample_inputs

pytestmark = pytest.mark.postgis
psycopg2 = pytest.importorskip(
    "psycopg2", reason="needs psycopg2: apt install python3-psycopg2, or the extra [postgis]"
)

LAYERS = [str(n) for n in pyogrio.list_layers(sample_inputs()["measures"][0])[:, 0]]


@pytest.fixture(scope="module")
def loaded(postgis):
    """The sample programme and Haarlem's areas loaded into PostGIS by GDAL's ogr2ogr."""
    sample = sample_inputs()
    postgis.load(sample["measures"][0], "programma", LAYERS)
    postgis.load(sample["areas"][0], "gebieden", ["wijken", "gemeente"])
    return postgis


def tables(cluster, schema, names):
    return [f"{cluster.uri}?table={schema}.{n}" for n in names]


def pairs_of(frame):
    return sorted(zip(frame["measure_a"], frame["measure_b"], frame["rule"], strict=True))


def test_results_from_postgis_equal_those_from_geopackage(loaded):
    sample = sample_inputs()
    from_files = run(reports=False)
    from_db = run(
        tables(loaded, "programma", LAYERS),
        tables(loaded, "gebieden", ["wijken", "gemeente"]),
        indicators=sample["indicators"],
        need=sample["need"],
        reports=False,
    )
    assert len(from_db.measures.measures) == len(from_files.measures.measures) > 1000
    assert sorted(from_db.measures.rejected["fid"]) == sorted(from_files.measures.rejected["fid"])
    assert pairs_of(from_db.overlaps) == pairs_of(from_files.overlaps)
    for level in ("wijk", "gemeente"):
        a = from_files.stacking[level].sort_values(["code", "periode"]).reset_index(drop=True)
        b = from_db.stacking[level].sort_values(["code", "periode"]).reset_index(drop=True)
        assert list(a["code"]) == list(b["code"]) and list(a["periode"]) == list(b["periode"])
        for column in ("n_maatregelen", "hinderlast", "budget", "n_combineren", "behoefte"):
            np.testing.assert_allclose(a[column].to_numpy(float), b[column].to_numpy(float))
    # reasons name the table, as they name the file for files
    assert from_db.measures.rejected["bron"].str.contains("postgresql://").all()


def test_results_are_written_back_with_spatial_indexes(loaded):
    out = f"{loaded.uri}?schema=resultaat"
    result = run(
        tables(loaded, "programma", LAYERS),
        tables(loaded, "gebieden", ["wijken"]),
        out=out,
        reports=False,
    )
    count = int(loaded.sql(loaded.database, "SELECT count(*) FROM resultaat.overlappingen"))
    assert count == len(result.overlaps) > 0
    assert int(loaded.sql(loaded.database, "SELECT count(*) FROM resultaat.maatregelen")) == len(
        result.measures.measures
    )
    assert int(loaded.sql(loaded.database, "SELECT count(*) FROM resultaat.stapeling_wijk")) == len(
        result.stacking["wijk"]
    )
    groups = int(loaded.sql(loaded.database, "SELECT count(*) FROM resultaat.samenhang_wijk"))
    assert groups == len(result.groups["wijk"]) > 0
    indexes = loaded.sql(
        loaded.database,
        "SELECT tablename FROM pg_indexes WHERE schemaname = 'resultaat' "
        "AND indexdef LIKE '%gist%'",
    ).split()
    assert set(indexes) >= {"maatregelen", "overlappingen", "samenhang_wijk", "stapeling_wijk"}
    srid = loaded.sql(loaded.database, "SELECT DISTINCT ST_SRID(geom) FROM resultaat.maatregelen")
    assert srid.split() == ["28992"]
    verdicts = loaded.sql(
        loaded.database,
        "SELECT verdict, count(*) FROM resultaat.overlappingen GROUP BY 1 ORDER BY 1",
    )
    expected = result.overlaps["verdict"].value_counts().sort_index()
    assert verdicts.split() == [f"{v}|{n}" for v, n in expected.items()]


def test_a_failed_write_leaves_the_previous_results(loaded, monkeypatch):
    import planner.postgis_write as pg

    out = f"{loaded.uri}?schema=vorige"
    run(
        tables(loaded, "programma", ["corporaties"]),
        tables(loaded, "gebieden", ["wijken"]),
        out=out,
        reports=False,
    )
    before = loaded.sql(loaded.database, "SELECT count(*) FROM vorige.maatregelen")
    original = pg._copy_table

    def failing(cur, schema, name, frame, srid):
        if name == "afgewezen":
            raise RuntimeError("schijf vol")
        return original(cur, schema, name, frame, srid)

    monkeypatch.setattr(pg, "_copy_table", failing)
    with pytest.raises(RuntimeError, match="schijf vol"):
        run(
            tables(loaded, "programma", LAYERS),
            tables(loaded, "gebieden", ["wijken"]),
            out=out,
            reports=False,
        )
    assert loaded.sql(loaded.database, "SELECT count(*) FROM vorige.maatregelen") == before
    schemas = loaded.sql(loaded.database, "SELECT nspname FROM pg_namespace").split()
    assert not [s for s in schemas if "__nieuw_" in s]


def test_a_schema_that_is_not_gebiedsplanners_is_never_replaced(loaded):
    with pytest.raises(OptionError, match="geen uitvoer van Gebiedsplanner"):
        run(
            tables(loaded, "programma", ["corporaties"]),
            tables(loaded, "gebieden", ["wijken"]),
            out=f"{loaded.uri}?schema=programma",
            reports=False,
        )
    assert int(loaded.sql(loaded.database, "SELECT count(*) FROM programma.corporaties")) == 180


def test_reports_need_a_folder(loaded):
    with pytest.raises(OptionError, match="--tables-only"):
        run(
            tables(loaded, "programma", ["corporaties"]),
            tables(loaded, "gebieden", ["wijken"]),
            out=f"{loaded.uri}?schema=x",
        )


@pytest.mark.parametrize("distance", [0, 25, 150])
def test_single_rule_overlaps_equal_st_dwithin_in_postgis(loaded, distance):
    """An independent check of the engine: PostGIS's own ST_DWithin and a period overlap."""
    run(
        tables(loaded, "programma", LAYERS),
        tables(loaded, "gebieden", ["wijken"]),
        out=f"{loaded.uri}?schema=controle",
        reports=False,
    )
    ms = read_measures(f"{loaded.uri}?table=controle.maatregelen", required=["start"])
    found = find_overlaps(ms, single_rule(distance, 0))
    ours = sorted(
        {tuple(sorted(p)) for p in zip(found["measure_a"], found["measure_b"], strict=True)}
    )
    rows = loaded.sql(
        loaded.database,
        "SELECT a.id || '|' || b.id FROM controle.maatregelen a JOIN controle.maatregelen b "
        f"ON a.id < b.id AND ST_DWithin(a.geom, b.geom, {distance}) "
        "AND a.periode_van <= b.periode_tot AND b.periode_van <= a.periode_tot",
    ).split("\n")
    theirs = sorted(tuple(sorted(r.split("|"))) for r in rows if r)
    assert len(ours) > 0
    assert ours == theirs


def test_a_service_name_from_pg_service_conf(loaded, tmp_path, monkeypatch):
    service = tmp_path / "pg_service.conf"
    service.write_text(
        f"[gis]\nhost=127.0.0.1\nport={loaded.port}\nuser=postgres\ndbname={loaded.database}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(service))
    ms = read_measures("postgresql://?service=gis&table=programma.corporaties")
    assert len(ms.measures) + len(ms.rejected) == 180


def test_a_table_name_never_becomes_sql(loaded):
    hostile = "programma.corporaties; DROP TABLE programma.netbeheerder"
    with pytest.raises(InputError, match="bestaat niet"):
        read_measures(f"{loaded.uri}?table={hostile}")
    assert int(loaded.sql(loaded.database, "SELECT count(*) FROM programma.netbeheerder")) == 141
    # a name that needs quoting works as a name
    conn = psycopg2.connect(loaded.uri)
    with conn, conn.cursor() as cur:
        cur.execute(
            'CREATE TABLE programma."rare ""naam""; x" AS SELECT * FROM programma.corporaties'
        )
    conn.close()
    from urllib.parse import quote

    odd = quote('rare "naam"; x')
    ms = read_measures(f"{loaded.uri}?table=programma.{odd}")
    assert len(ms.measures) + len(ms.rejected) == 180


def test_an_unreachable_database_is_one_sentence_without_the_password(loaded):
    with pytest.raises(InputError) as info:
        read_measures(f"postgresql://piet:geheim@127.0.0.1:{loaded.port + 1}/x?table=a.b")
    text = str(info.value)
    assert "niet te bereiken" in text and "geheim" not in text and "piet:***@" in text


def test_command_line_reads_and_writes_postgis(loaded, capsys):
    from planner.cli import main

    code = main(
        [
            "run",
            "--quiet",
            "--tables-only",
            "--out",
            f"{loaded.uri}?schema=cli",
            *[
                a
                for t in tables(loaded, "programma", ["corporaties", "netbeheerder"])
                for a in ("--measures", t)
            ],
            "--areas",
            f"{loaded.uri}?table=gebieden.wijken",
        ]
    )
    assert code == 0
    n = int(loaded.sql(loaded.database, "SELECT count(*) FROM cli.maatregelen"))
    assert n == 180 + 141 - int(loaded.sql(loaded.database, "SELECT count(*) FROM cli.afgewezen"))
    assert pd.notna(n)


def _terminate(cluster, conn) -> None:
    """End the backend of ``conn`` from another connection, as a restarted server would."""
    pid = conn.get_backend_pid()
    assert cluster.sql(cluster.database, f"SELECT pg_terminate_backend({pid})") == "t\n"


def test_a_server_that_goes_away_while_writing_leaves_the_previous_results(loaded, monkeypatch):
    import planner.postgis_write as pg
    from planner.cli import main

    out = f"{loaded.uri}?schema=weggevallen"
    measures = tables(loaded, "programma", ["corporaties"])
    areas = tables(loaded, "gebieden", ["wijken"])
    run(measures, areas, out=out, reports=False)
    before = loaded.sql(loaded.database, "SELECT rapport::text FROM weggevallen.run")
    original = pg._copy_table

    def terminated(cur, schema, name, frame, srid):
        if name == "overlappingen":  # the measures are in; the rest is not
            _terminate(loaded, cur.connection)
        return original(cur, schema, name, frame, srid)

    monkeypatch.setattr(pg, "_copy_table", terminated)
    with pytest.raises(InputError) as info:
        run(measures, areas, out=out, reports=False)
    text = str(info.value)
    assert "viel weg tijdens het schrijven" in text
    assert "er is niets geschreven en de vorige resultaten in schema weggevallen" in text
    assert loaded.sql(loaded.database, "SELECT rapport::text FROM weggevallen.run") == before
    schemas = loaded.sql(loaded.database, "SELECT nspname FROM pg_namespace").split()
    assert not [s for s in schemas if "__nieuw_" in s]
    # the command line: one sentence, exit code 2, not "interne fout"
    args = ["run", "--quiet", "--tables-only", "--out", out]
    args += [a for t in measures for a in ("--measures", t)] + ["--areas", areas[0]]
    assert main(args) == 2


def test_a_server_that_goes_away_while_reading_is_one_sentence(loaded, monkeypatch):
    import planner.postgis as pg

    original = pg._one

    def terminated(cur, query, params=()):
        _terminate(loaded, cur.connection)
        return original(cur, query, params)

    monkeypatch.setattr(pg, "_one", terminated)
    with pytest.raises(InputError) as info:
        read_measures(tables(loaded, "programma", ["corporaties"]))
    text = str(info.value)
    assert "viel weg tijdens het lezen van programma.corporaties" in text
    assert "er is niets gelezen of geschreven" in text


def test_a_server_that_stopped_after_reading_writes_nothing(monkeypatch):
    # its own cluster: this one is stopped between reading and writing
    import planner.postgis_write as pg
    from tests.planner.pg import BIN, Cluster

    cluster = Cluster().start()
    try:
        sample = sample_inputs()
        cluster.load(sample["measures"][0], "programma", ["corporaties"])
        cluster.load(sample["areas"][0], "gebieden", ["wijken"])
        original = pg.write_results

        def after_a_stop(result, uri, progress=None, extra=None):
            cluster._run([str(BIN / "pg_ctl"), "-D", str(cluster.data), "-m", "fast", "-w", "stop"])
            return original(result, uri, progress, extra=extra)

        monkeypatch.setattr(pg, "write_results", after_a_stop)
        with pytest.raises(InputError) as info:
            run(
                tables(cluster, "programma", ["corporaties"]),
                tables(cluster, "gebieden", ["wijken"]),
                out=f"{cluster.uri}?schema=uit",
                reports=False,
            )
        text = str(info.value)
        assert "niet te bereiken" in text and text.endswith("Er is niets geschreven.")
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped already
            cluster.stop()


def test_the_decision_cycle_through_postgis(loaded):
    """The template as a table, filled in the database, read back with --besluiten."""
    programme = tables(loaded, "programma", LAYERS)
    areas = tables(loaded, "gebieden", ["wijken"])
    run(programme, areas, out=f"{loaded.uri}?schema=cyclus1", reports=False)
    open_rows = loaded.sql(
        loaded.database,
        "SELECT regel, maatregel_a, maatregel_b FROM cyclus1.besluiten_sjabloon "
        "WHERE maatregel_b IS NOT NULL ORDER BY boekje, nummer::int LIMIT 2",
    ).split()
    assert len(open_rows) == 2
    n_template = int(loaded.sql(loaded.database, "SELECT count(*) FROM cyclus1.besluiten_sjabloon"))
    # the team decides two of them, in the database, as it would in QGIS
    for row, decision in zip(open_rows, ("combineren", "gespreid"), strict=True):
        rule, a, b = row.split("|")
        loaded.sql(
            loaded.database,
            f"UPDATE cyclus1.besluiten_sjabloon SET besluit = '{decision}', datum = '2026-11-20', "
            f"door = 'team' WHERE regel = '{rule}' AND maatregel_a = '{a}' "
            f"AND maatregel_b = '{b}'",
        )
    second = run(
        programme,
        areas,
        out=f"{loaded.uri}?schema=cyclus2",
        reports=False,
        decisions=f"{loaded.uri}?table=cyclus1.besluiten_sjabloon",
    )
    assert (second.overlaps["besluit_status"] == "besloten").sum() == 2
    statuses = loaded.sql(
        loaded.database, "SELECT status, count(*) FROM cyclus2.besluiten GROUP BY 1 ORDER BY 1"
    ).split()
    assert statuses == ["toegepast|2"]
    decided = loaded.sql(
        loaded.database,
        "SELECT count(*) FROM cyclus2.overlappingen WHERE besluit_status = 'besloten'",
    )
    assert int(decided) == 2
    left = int(loaded.sql(loaded.database, "SELECT count(*) FROM cyclus2.besluiten_sjabloon"))
    assert left == n_template - 2
