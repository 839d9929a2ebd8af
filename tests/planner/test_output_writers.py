"""Every writer gives back what the run found: GeoPackage (through Arrow and feature by
feature) and CSV (pyarrow and pandas).

The command line's venv has GDAL 3.8+ and writes the GeoPackage through Arrow; QGIS's Debian
GDAL 3.6 writes feature by feature. Each writer available here writes the sample's result, and
the tables read back must hold the run's values, row for row.
"""

import dataclasses

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from planner import output
from planner.output import GPKG_NAME, arrow_writing, free_names
from planner.run import run


@pytest.fixture(scope="module")
def result():
    return run(reports=False)


def writers():
    import os

    os.environ["GEBIEDSPLANNER_ARROW"] = "1"
    possible = arrow_writing()
    del os.environ["GEBIEDSPLANNER_ARROW"]
    return ["per-object", "arrow"] if possible else ["per-object"]


def plain(values: pd.Series) -> list:
    if values.dtype.kind == "M":
        values = pd.Series(values.to_numpy().astype("datetime64[ms]"))
    if values.dtype.kind == "f":
        return [None if np.isnan(v) else round(float(v), 9) for v in values]
    return [None if pd.isna(v) else v for v in values.astype(object)]


def tables(result):
    yield "maatregelen", result.measures.measures
    yield "overlappingen", result.overlaps
    for level, table in result.groups.items():
        yield f"samenhang_{level}", table
    for level, table in result.stacking.items():
        yield f"stapeling_{level}", table
    yield "afgewezen", result.measures.rejected


@pytest.mark.parametrize("writer", writers())
def test_the_geopackage_holds_the_run_row_for_row(writer, result, tmp_path, monkeypatch):
    monkeypatch.setenv("GEBIEDSPLANNER_ARROW", "1" if writer == "arrow" else "0")
    assert arrow_writing() == (writer == "arrow")
    output.write_outputs(result, tmp_path / "uit")
    for layer, table in tables(result):
        back = pyogrio.read_dataframe(tmp_path / "uit" / GPKG_NAME, layer=layer)
        table = table.rename(columns=free_names(table.columns))
        assert len(back) == len(table) and len(table) > 0, layer
        for column in table.columns:
            if column == "geometry":
                expected = np.asarray(table.geometry.array)
                got = np.asarray(back.geometry.array)
                assert shapely.equals_exact(got, expected, tolerance=1e-6)[
                    ~shapely.is_missing(expected)
                ].all(), layer
                assert (shapely.is_missing(got) == shapely.is_missing(expected)).all(), layer
                continue
            expected = table[column]
            if expected.dtype == object and pd.api.types.infer_dtype(expected) not in (
                "string",
                "empty",
            ):
                expected = expected.map(lambda v: None if pd.isna(v) else str(v))
            assert plain(back[column]) == plain(expected.reset_index(drop=True)), (layer, column)
    info = pyogrio.read_info(tmp_path / "uit" / GPKG_NAME, layer="overlappingen")
    assert info["capabilities"]["fast_spatial_filter"], "spatial index"


def test_csv_writers_agree(result, tmp_path, monkeypatch):
    for layer, table in tables(result):
        geometry = (
            "point"
            if layer == "maatregelen" or layer.startswith("samenhang_")
            else "xy"
            if layer == "overlappingen"
            else None
        )
        output.write_csv(table, tmp_path / "arrow.csv", geometry=geometry)
        monkeypatch.setattr(output, "pyarrow_installed", lambda: False)
        output.write_csv(table, tmp_path / "pandas.csv", geometry=geometry)
        monkeypatch.undo()
        a = pd.read_csv(tmp_path / "arrow.csv", dtype=str, keep_default_na=False)
        b = pd.read_csv(tmp_path / "pandas.csv", dtype=str, keep_default_na=False)
        assert list(a.columns) == list(b.columns), layer
        for column in a.columns:
            x, y = a[column], b[column]
            numeric = pd.to_numeric(x.replace("", np.nan), errors="coerce")
            if numeric.notna().sum() == (x != "").sum():
                other = pd.to_numeric(y.replace("", np.nan), errors="coerce")
                assert np.array_equal(numeric, other, equal_nan=True), (layer, column)
            else:
                assert x.tolist() == y.tolist(), (layer, column)


def test_measure_csv_has_a_point_on_each_located_measure(result, tmp_path):
    table = result.measures.measures
    output.write_csv(table, tmp_path / "m.csv", geometry="point")
    back = pd.read_csv(tmp_path / "m.csv")
    geoms = np.asarray(table.geometry.array)
    located = ~shapely.is_missing(geoms)
    assert back["x"].notna().to_numpy().tolist() == located.tolist()
    points = shapely.points(back.loc[located, "x"], back.loc[located, "y"])
    assert (shapely.distance(points, geoms[located]) < 0.01).all()


def test_csv_has_each_row_once_when_a_rule_found_nothing(tmp_path):
    # The pair table is one frame per rule; a rule without pairs adds an empty chunk to each
    # Arrow-backed column, after which pyarrow < 23 wrote earlier rows again (apache/arrow#36889).
    text = "string[pyarrow]"
    frames = [
        pd.DataFrame({"rule": pd.Series([name] * n, dtype=text), "n": np.arange(n)})
        for name, n in (("a", 3), ("b", 0), ("c", 2), ("d", 0))
    ]
    table = pd.concat(frames, ignore_index=True)
    output.write_csv(table, tmp_path / "paren.csv")
    back = pd.read_csv(tmp_path / "paren.csv")
    assert back["rule"].tolist() == ["a", "a", "a", "c", "c"]
    assert back["n"].tolist() == [0, 1, 2, 0, 1]


@pytest.mark.parametrize("writer", writers())
def test_the_geopackage_is_version_1_3_for_qgis_on_gdal_3_6(writer, result, tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("GEBIEDSPLANNER_ARROW", "1" if writer == "arrow" else "0")
    output.write_outputs(result, tmp_path / "uit")
    with sqlite3.connect(tmp_path / "uit" / GPKG_NAME) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10300


def layer_contents(path):
    """Every layer of a GeoPackage: its schema and its rows (the source path left out)."""
    found = {}
    for layer, _ in pyogrio.list_layers(path):
        info = pyogrio.read_info(path, layer=layer)
        frame = pyogrio.read_dataframe(path, layer=layer)
        rows = frame.drop(columns="geometry", errors="ignore").astype(object)
        wkb = shapely.to_wkb(np.asarray(frame.geometry.array)) if "geometry" in frame else []
        found[layer] = (
            info["fields"].tolist(),
            info["dtypes"].tolist(),
            info["geometry_type"],
            info["crs"],
            rows.where(rows.notna(), None).to_numpy().tolist(),
            list(wkb),
        )
    return found


@pytest.mark.slow
@pytest.mark.parametrize("writer", writers())
def test_writing_behind_the_analysis_writes_the_same_folder(writer, tmp_path, monkeypatch):
    from planner.layer_writer import LayerWriter

    monkeypatch.setenv("GEBIEDSPLANNER_ARROW", "1" if writer == "arrow" else "0")
    monkeypatch.setenv("GEBIEDSPLANNER_WRITE_BEHIND_FROM", "0")
    started = []
    real_finish = LayerWriter.finish

    def finish(self):
        started.append(self.process is not None and self.process.pid)
        real_finish(self)
        assert self.process is None or self.process.exitcode == 0

    monkeypatch.setattr(LayerWriter, "finish", finish)
    run(out=tmp_path / "hier", reports=False)
    assert started in ([], [False])
    started.clear()
    # behind: tables that repeat their shapes go to the writer as a dictionary of shapes (made
    # so for the sample's small stacking tables too), here row by row; the same files
    monkeypatch.setattr("planner.layer_writer._SAMPLE", 10)
    run(out=tmp_path / "achter", reports=False, write_behind=True)
    # a second process only where the GeoPackage is written through Arrow
    if writer == "arrow":
        assert len(started) == 1 and started[0]
    else:
        assert started == []
    here, behind = tmp_path / "hier", tmp_path / "achter"
    assert sorted(p.name for p in here.iterdir()) == sorted(p.name for p in behind.iterdir())
    for csv in sorted(here.glob("*.csv")):
        assert csv.read_bytes() == (behind / csv.name).read_bytes(), csv.name
    assert layer_contents(here / GPKG_NAME) == layer_contents(behind / GPKG_NAME)


def test_a_failing_second_process_is_reported_and_leaves_nothing(result, tmp_path):
    from planner.errors import InputError

    folder = output.OutputFolder(tmp_path / "uit", background=True)
    if writers()[-1] != "arrow":
        # GDAL before 3.8 (QGIS's Debian stack) writes feature by feature in the run's own
        # process: there is no second process that could fail, and discarding leaves nothing
        assert folder.writer is None
        folder.discard()
        assert list(tmp_path.iterdir()) == []
        return
    folder.add_measures(result.measures.measures)
    folder.writer._send((99, True))  # a job that is not there
    folder.add_overlaps(result.overlaps)
    with pytest.raises(InputError, match="schrijven van de uitvoer.*FileNotFoundError"):
        folder.commit(result)
    assert folder.writer.process.exitcode == 1
    assert list(tmp_path.iterdir()) == []


def test_the_arrow_csv_equals_the_pandas_csv_for_odd_columns(tmp_path, monkeypatch):
    import geopandas as gpd

    frame = gpd.GeoDataFrame(
        {
            "fid": [1, 2, 3],
            "gemengd": pd.Series(["a", 2, None], dtype=object),
            "leeg": pd.Series([None, None, None], dtype=object),
            "soort": pd.Series(["x", "y", "x"], dtype="category"),
            "aantal": pd.Series([1, None, 3], dtype="Int64"),
            "waar": [True, False, True],
            "dag": pd.to_datetime(["1969-12-31", None, "2026-02-01"]).astype("datetime64[s]"),
        },
        geometry=[shapely.Point(1.234, 5.678), None, shapely.box(0, 0, 2, 2)],
        crs="EPSG:28992",
    )
    output.write_csv(frame, tmp_path / "arrow.csv", geometry="point")
    monkeypatch.setattr(output, "pyarrow_installed", lambda: False)
    output.write_csv(frame, tmp_path / "pandas.csv", geometry="point")
    a = (tmp_path / "arrow.csv").read_text().replace('"', "").splitlines()
    b = (tmp_path / "pandas.csv").read_text().replace('"', "").splitlines()
    assert a == [
        "fid,gemengd,leeg,soort,aantal,waar,dag,x,y",
        "1,a,,x,1,true,1969-12-31,1.23,5.68",
        "2,2,,y,,false,,,",
        "3,,,x,3,true,2026-02-01,1,1",
    ]
    assert b[:3] == a[:3] and b[3] == "3,,,x,3,true,2026-02-01,1.0,1.0"  # pandas writes floats so


def test_a_table_read_back_in_record_batches_writes_the_same_files(result, tmp_path, monkeypatch):
    # The second process and the first one's CSV at the end read a table back from its
    # hand-over file a record batch at a time; batches of a few rows, with an empty one between
    # them (pyarrow < 23 wrote the rows before an empty batch again), must give the same files
    # as the whole table.
    import pyarrow as pa

    from planner import layer_writer

    table = layer_writer.table_to_arrow(result.overlaps, "overlappingen", "paren.csv", "xy")
    assert table.num_rows > 100
    job = tmp_path / "taak.arrow"
    batches = table.to_batches(max_chunksize=37)
    with pa.OSFile(str(job), "wb") as sink, pa.ipc.new_file(sink, table.schema) as ipc:
        for k, batch in enumerate(batches):
            ipc.write_batch(batch)
            if k == 1:
                ipc.write_batch(batch.slice(0, 0))
    whole, in_batches = tmp_path / "heel", tmp_path / "delen"
    whole.mkdir(), in_batches.mkdir()
    layer_writer.write_csv_from_arrow(table, whole / "paren.csv")
    layer_writer.write_csv_from_arrow(job, in_batches / "paren.csv")
    written = (whole / "paren.csv").read_bytes()
    assert written == (in_batches / "paren.csv").read_bytes()
    assert written.count(b"\n") == table.num_rows + 1
    # a table without rows still gets its header
    layer_writer.write_csv_from_arrow(table.slice(0, 0), whole / "leeg.csv")
    assert (whole / "leeg.csv").read_bytes() == written.split(b"\n")[0] + b"\n"
    monkeypatch.setenv("GEBIEDSPLANNER_ARROW", "1")
    if arrow_writing():  # GDAL 3.8+: the GeoPackage layer too (else it is written per feature)
        layer_writer.write_job(table, whole, csv=False)
        layer_writer.write_job(job, in_batches, csv=False)
        assert layer_contents(whole / GPKG_NAME) == layer_contents(in_batches / GPKG_NAME)
        assert len(pyogrio.read_dataframe(in_batches / GPKG_NAME)) == table.num_rows
    assert job.exists()  # the input is never removed by reading it


def test_a_table_without_geometry_is_written_the_same_in_slices(result, tmp_path, monkeypatch):
    # The decisions template of a dense programme has millions of rows: its CSV is made a slice
    # of rows at a time. Slices of a few rows (one of them with an empty text column, the last
    # one short) give the same bytes as one slice.
    from planner.decisions import apply_decisions, decision_template

    outcome = apply_decisions(result.overlaps, result.measures.measures, None, groups=result.groups)
    template = decision_template(outcome, result.measures.measures)
    assert len(template) > 50 and template["besluit"].isna().all()
    output.write_csv(template, tmp_path / "heel.csv")
    monkeypatch.setattr(output, "CSV_SLICE", 7)
    output.write_csv(template, tmp_path / "plakken.csv")
    written = (tmp_path / "heel.csv").read_bytes()
    assert written == (tmp_path / "plakken.csv").read_bytes()
    assert written.count(b"\n") >= len(template) + 1
    output.write_csv(template.head(0), tmp_path / "leeg.csv")
    assert (tmp_path / "leeg.csv").read_bytes() == written.split(b"\n")[0] + b"\n"


def test_the_template_made_in_parts_is_the_whole_template(result, tmp_path):
    # A run writes the template a part of pairs at a time (a dense programme's has millions of
    # rows): parts of 7 pairs, the groups with the last, are the whole template, column types
    # and the CSV's bytes included; an outcome without open pairs still gives one part.
    from planner.decisions import apply_decisions, decision_template, template_parts

    outcome = apply_decisions(result.overlaps, result.measures.measures, None, groups=result.groups)
    measures = result.measures.measures
    whole = decision_template(outcome, measures)
    parts = list(template_parts(outcome, measures, rows=7))
    n_pairs = int((whole["soort"] == "overlapping").sum())
    assert n_pairs > 14 and len(parts) == -(-n_pairs // 7)
    assert all(len(p) == 7 for p in parts[:-1])
    assert set(parts[-1]["soort"]) == {"overlapping", "groep"}
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)
    output.write_csv(whole, tmp_path / "heel.csv")
    output.write_csv_parts(template_parts(outcome, measures, rows=7), tmp_path / "delen.csv")
    assert (tmp_path / "heel.csv").read_bytes() == (tmp_path / "delen.csv").read_bytes()
    closed = outcome.overlaps.assign(besluit_status="besloten")
    no_pairs = dataclasses.replace(outcome, overlaps=closed)
    (only,) = template_parts(no_pairs, measures, rows=7)
    assert set(only["soort"]) == {"groep"}
    pd.testing.assert_frame_equal(only, decision_template(no_pairs, measures))


def test_a_table_that_repeats_its_shapes_is_converted_once_per_shape(result, tmp_path, monkeypatch):
    # The stacking has every area once per period, each row the same shape object: its WKB is
    # made once per shape, a dictionary the rows point into. Decoded, the Arrow table is the
    # one row-by-row conversion gives (singles made multi, missing shapes missing), and rows
    # with large shapes go in smaller batches; handed over as a file or not, the same layer.
    import pyarrow as pa

    from planner import layer_writer

    stacking = result.stacking["wijk"]
    geoms = np.asarray(stacking.geometry.array)
    assert len({id(g) for g in geoms}) * 5 < len(geoms)  # the table this is about
    monkeypatch.setattr(layer_writer, "_SAMPLE", 20)
    converted = []
    to_wkb = shapely.to_wkb
    monkeypatch.setattr(shapely, "to_wkb", lambda g, **kw: converted.append(len(g)) or to_wkb(g))
    layer_writer.table_to_arrow(stacking, "stapeling_wijk", "s.csv", None)
    assert converted == [len({id(g) for g in geoms})]  # once per shape, not per row
    monkeypatch.setattr(shapely, "to_wkb", to_wkb)
    # a polygon among the multipolygons, and a row without a shape
    geoms = geoms.copy()
    geoms[geoms == geoms[0]] = shapely.get_geometry(geoms[0], 0)
    geoms[1] = None
    changed = stacking.set_geometry(geoms)
    by_shape = layer_writer.table_to_arrow(changed, "stapeling_wijk", "s.csv", None)
    monkeypatch.setattr(layer_writer, "_SAMPLE", 10**9)  # never taken for repeating
    by_row = layer_writer.table_to_arrow(changed, "stapeling_wijk", "s.csv", None)
    # the shapes once, as a dictionary the rows point into; decoded batch by batch for writing
    assert pa.types.is_dictionary(by_shape.schema.field("geometry").type)
    decoded = pa.Table.from_batches(list(layer_writer._batches(by_shape)))
    assert decoded.equals(by_row) and decoded.schema.metadata == by_row.schema.metadata
    assert by_row["geometry"][1].as_py() is None
    assert json_type(by_row) == "MultiPolygon"
    monkeypatch.setattr(layer_writer, "_BATCH_BYTES", by_row.nbytes / 7)
    assert 1 < layer_writer._batch_rows(by_row) < by_row.num_rows / 5
    # the dictionary table's batches are sized as decoded
    assert abs(layer_writer._batch_rows(by_shape) - layer_writer._batch_rows(by_row)) <= 1
    monkeypatch.setenv("GEBIEDSPLANNER_ARROW", "1")
    if arrow_writing():
        for name in "abc":
            (tmp_path / name).mkdir()
        layer_writer.write_job(by_shape, tmp_path / "a")
        # handed over to the writer process as a file, in batches of the dictionary's rows
        writer = layer_writer.LayerWriter(tmp_path / "c", background=False)
        job = tmp_path / "c" / "taak.arrow"
        with pa.OSFile(str(job), "wb") as sink, pa.ipc.new_file(sink, by_shape.schema) as ipc:
            ipc.write_table(by_shape, max_chunksize=layer_writer._batch_rows(by_shape))
        layer_writer.write_job(job, writer.folder)
        monkeypatch.setattr(layer_writer, "_BATCH_BYTES", 10**12)
        layer_writer.write_job(by_row, tmp_path / "b")
        for name in "ac":
            assert layer_contents(tmp_path / name / GPKG_NAME) == layer_contents(
                tmp_path / "b" / GPKG_NAME
            )
            csv = (tmp_path / name / "s.csv").read_bytes()
            assert csv == (tmp_path / "b" / "s.csv").read_bytes()


def json_type(table):
    import json

    from planner.layer_writer import META_KEY

    return json.loads(table.schema.metadata[META_KEY])["geometry_type"]
