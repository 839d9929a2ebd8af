"""The shipped sample programme: reproducible from its script, and showing what it must show."""

import importlib.util

import pandas as pd
import pyogrio
import pytest

from planner.run import run
from planner.stacking import most_stacked
from tests.planner.conftest import REPO


def load_generator():
    spec = importlib.util.spec_from_file_location("make_sample", REPO / "layers" / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_all(path):
    frames = []
    for name, _ in pyogrio.list_layers(path):
        frame = pyogrio.read_dataframe(path, layer=name)
        wkt = frame.geometry.to_wkt().to_numpy()
        frame = pd.DataFrame(frame.drop(columns="geometry"))
        frame["wkt"] = wkt
        frame.insert(0, "laag", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def test_the_generator_reproduces_the_shipped_sample(tmp_path):
    target = tmp_path / "voorbeeld.gpkg"
    load_generator().make(target)
    shipped = read_all(REPO / "layers" / "voorbeeldprogramma.gpkg")
    pd.testing.assert_frame_equal(read_all(target), shipped)


@pytest.fixture(scope="module")
def result():
    return run()


def test_sample_size_layers_and_domains(result):
    measures = result.measures.measures
    assert 1300 <= result.measures.n_read <= 1700
    assert measures["laag"].nunique() == 5
    assert set(measures["domein"]) == {"interventie", "onderhoud", "sociaal", "initiatief"}
    kinds = measures.geometry.dropna().geom_type.unique()
    assert {"Point", "LineString", "Polygon"} <= set(kinds)
    assert measures.geometry.isna().sum() > 100  # social projects with only a gebiedscode
    years = pd.to_datetime(measures["periode_van"]).dt.year
    assert years.min() == 2025 and years.max() <= 2032


def test_sample_shows_every_verdict_and_rejections(result):
    assert set(result.overlaps["verdict"]) == {"combineren", "volgorde", "spreiden", "samenhang"}
    assert 3 <= len(result.measures.rejected) <= 20
    fields = set(result.measures.rejected["veld"])
    assert {"start", "eind", "domein", "id", "gebiedscode"} <= fields


def test_sample_has_a_few_clearly_stacked_wijken(result):
    wijk = result.stacking["wijk"]
    stacked = wijk.loc[wijk["stapeling"], "code"].unique()
    assert 3 <= len(stacked) <= 10  # a few, not all 21
    schalkwijk = {"WK039218", "WK039219", "WK039220", "WK039221"}
    assert set(most_stacked(wijk, 4)["code"]) == schalkwijk
    assert wijk["kwadrant"].isin(["blinde_vlek", "stapeling_zonder_opgave"]).any()
