"""Reading through Arrow gives the same programme as reading feature by feature.

Every layer of the bad-input corpus, the sample and the Zürich works is read both ways
(``GEBIEDSPLANNER_ARROW=0`` for feature by feature) and must give the same measures,
rejections and notes.
"""

import pandas as pd
import pytest

from planner.errors import PlannerError
from planner.read import read_measures
from planner.run import sample_inputs
from planner.sources import arrow_reading, list_layers, read_layer
from tests.planner.conftest import DATA

BAD = DATA / "bad"
FILES = sorted(
    [p for p in BAD.iterdir() if p.suffix in (".gpkg", ".shp")]
    + [DATA / "zurich_baustellen_2014_2015" / "zurich_baustellen_2014_2015.gpkg"]
)


def both_ways(monkeypatch, read):
    monkeypatch.setenv("GEBIEDSPLANNER_ARROW", "1")
    assert arrow_reading()
    try:
        arrow = read()
    except PlannerError as exc:
        arrow = exc
    monkeypatch.setenv("GEBIEDSPLANNER_ARROW", "0")
    assert not arrow_reading()
    try:
        plain = read()
    except PlannerError as exc:
        plain = exc
    return arrow, plain


def assert_same_measures(arrow, plain):
    if isinstance(plain, Exception):
        assert type(arrow) is type(plain) and str(arrow) == str(plain)
        return
    for name in ("measures", "rejected", "notes"):
        a, p = getattr(arrow, name), getattr(plain, name)
        pd.testing.assert_frame_equal(
            pd.DataFrame(a).astype(object).reset_index(drop=True),
            pd.DataFrame(p).astype(object).reset_index(drop=True),
            check_dtype=False,
        )


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_measures_read_through_arrow_equal_feature_by_feature(path, monkeypatch):
    arrow, plain = both_ways(monkeypatch, lambda: read_measures(path))
    assert_same_measures(arrow, plain)


def test_the_sample_reads_the_same_both_ways(monkeypatch):
    arrow, plain = both_ways(monkeypatch, lambda: read_measures(sample_inputs()["measures"]))
    assert len(plain.measures) > 1000
    assert_same_measures(arrow, plain)


@pytest.mark.parametrize("name", ["datums.gpkg", "leeg_en_null.gpkg", "cp1252.shp"])
def test_raw_layers_have_the_same_columns_and_values(name, monkeypatch):
    for ref in list_layers(BAD / name):
        arrow, plain = both_ways(monkeypatch, lambda ref=ref: read_layer(ref))
        assert list(arrow.columns) == list(plain.columns)
        assert arrow["_fid"].tolist() == plain["_fid"].tolist()
        assert arrow.geometry.to_wkb().tolist() == plain.geometry.to_wkb().tolist()
        assert arrow.crs == plain.crs


def test_field_types_read_the_same_both_ways(monkeypatch):
    # DATE, DATETIME, integers with nulls and booleans, typed by GDAL itself (typen/make.py)
    path = DATA / "typen" / "typen.gpkg"
    ref = list_layers(path, ["m"])[0]
    raw_arrow, raw_plain = both_ways(monkeypatch, lambda: read_layer(ref))
    assert raw_plain["start"].dtype.kind == "M"
    assert list(raw_arrow.columns) == list(raw_plain.columns)
    for column in raw_plain.columns:
        if column != "geometry":
            a, p = raw_arrow[column], raw_plain[column]
            assert a.astype(object).where(a.notna(), None).tolist() == (
                p.astype(object).where(p.notna(), None).tolist()
            ), column
    arrow, plain = both_ways(monkeypatch, lambda: read_measures(path))
    assert len(plain.measures) == 3 and len(plain.rejected) == 2
    assert_same_measures(arrow, plain)


def test_a_layer_arrow_cannot_read_is_read_feature_by_feature(monkeypatch):
    monkeypatch.setenv("GEBIEDSPLANNER_ARROW", "1")
    frame = read_layer(list_layers(DATA / "typen" / "typen.gpkg", ["vlag"])[0])
    assert frame["naam"].tolist() == ["c", "d"]
    assert [bool(v) for v in frame["klaar"]] == [True, False]
