"""Text columns made as Arrow text where they are read: the same values as Python strings."""

import numpy as np
import pandas as pd
import pytest

from planner import arrow_support, cells
from planner.arrow_support import picked_text, repeated_text
from planner.distinct import per_value
from planner.field_values import per_value_text
from planner.read import _later_duplicates


def as_objects(values) -> list:
    """Cells as Python objects, every missing cell None."""
    return [None if pd.isna(v) else v for v in pd.Series(values, dtype=object)]


@pytest.fixture
def no_arrow_text(monkeypatch):
    """As where pyarrow or pandas' Arrow text type is missing."""
    for module in (arrow_support, cells):
        monkeypatch.setattr(module, "arrow_text_type", lambda: None)


def test_picked_text_is_the_labels_of_the_codes():
    rng = np.random.default_rng(7)
    labels = ["2026", "2026-03", None, "é ü", ""]
    codes = rng.integers(-1, len(labels), 1000)
    column = picked_text(labels, codes)
    assert str(column.dtype) == "str"
    expected = [None if c < 0 else labels[c] for c in codes]
    assert as_objects(column) == expected


def test_picked_text_without_text_stays_python_objects():
    assert picked_text([None], np.array([0, -1, 0])).dtype == object
    # a label that is not text: no Arrow text, and a tuple stays one value
    column = picked_text(["a", ("x", 1)], np.array([1, 0, -1]))
    assert column.dtype == object and column.tolist() == [("x", 1), "a", None]


def test_picked_and_repeated_text_without_arrow(no_arrow_text):
    column = picked_text(["a", "b"], np.array([1, -1, 0]))
    assert column.dtype == object and column.tolist() == ["b", None, "a"]
    assert repeated_text("laag", 3).tolist() == ["laag"] * 3


@pytest.mark.parametrize("text", ["maatregelen", "", "één/straat ß", "x" * 1000])
def test_repeated_text_is_the_text_on_every_row(text):
    column = repeated_text(text, 257)
    assert str(column.dtype) == "str" and len(column) == 257
    assert as_objects(column) == [text] * 257


def test_per_value_text_equals_per_value():
    values = pd.Series(["a", None, "b ", "a", None, "c"], index=[5, 3, 9, 1, 0, 2])

    def func(v):
        return None if v == "c" else v.strip().upper()

    column = per_value_text(values, func, empty="leeg")
    assert column.index.equals(values.index)
    assert as_objects(column) == as_objects(per_value(values, func, empty="leeg"))
    # nothing but missing: as per_value gives it
    nothing = per_value_text(pd.Series([None, None]), str.upper)
    assert nothing.dtype == object and nothing.tolist() == [None, None]


@pytest.mark.parametrize("dtype", [object, "str"])
def test_later_duplicates_equals_pandas_duplicated(dtype):
    rng = np.random.default_rng(11)
    for _ in range(20):
        n = int(rng.integers(0, 300))
        values = rng.integers(0, max(n // 2, 1), n).astype(str).astype(object)
        values[rng.random(n) < 0.1] = None
        series = pd.Series(values, dtype=dtype)
        expected = series.duplicated(keep="first").to_numpy()
        assert np.array_equal(_later_duplicates(series), expected)


def test_measures_are_the_same_with_and_without_arrow_text(make_measures, monkeypatch):
    records = [
        {"wkt": "POINT (0 0)", "thema": "kunst", "status": "bezig", "start": "2026-03"},
        {"wkt": "POINT (1 0)", "naam": None, "id": "a", "hinder": "enorm", "start": "2026"},
        {"wkt": "POINT (2 0)", "domein": "sociaal", "zekerheid": "vast", "start": "2026-03-05"},
        {"wkt": "POINT (3 0)", "id": "a", "start": "2027", "eind": "2028-02"},
        {"wkt": "POINT (4 0)", "status": None, "start": "2025-12-31", "eind": "2025"},
    ]
    with_arrow = make_measures(records)
    with monkeypatch.context() as patch:
        for module in (arrow_support, cells):
            patch.setattr(module, "arrow_text_type", lambda: None)
        without = make_measures(records)
    assert list(with_arrow.measures.columns) == list(without.measures.columns)
    for name in with_arrow.measures.columns:
        if name == "geometry":
            continue
        assert as_objects(with_arrow.measures[name]) == as_objects(without.measures[name]), name
    pd.testing.assert_frame_equal(with_arrow.rejected, without.rejected)
    pd.testing.assert_frame_equal(with_arrow.notes, without.notes)
    text_columns = {"id", "naam", "start", "eind", "hinder", "bron", "laag"}
    assert all(str(with_arrow.measures[c].dtype) == "str" for c in text_columns)


def test_a_column_emptied_of_every_value_stays_python_objects(make_measures):
    """Every status unknown: the column is empty, as the reader keeps an empty column."""
    ms = make_measures([{"wkt": "POINT (0 0)", "status": "bezig"}] * 3)
    assert ms.measures["status"].dtype == object and ms.measures["status"].isna().all()
