"""Whole-column reading of cells equals reading them one by one (``planner.cells.cell``)."""

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner.cells import cell, column_text

# every character Python's strip takes away, and characters whose UTF-8 shares bytes with them
# (é ends in A9 as U+2029 does, U+200B and U+2026 begin E2 80 as U+2000 does but are no space)
BLANKS = [chr(c) for c in range(0x3001) if chr(c).isspace()]
LOOKALIKES = list("ab1é-\u200b\u2026\u00c2\u0100\u1681\u3001")
TEXT = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(BLANKS + LOOKALIKES), max_size=6),
)
FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**16), 10**16).map(float),
    st.sampled_from([0.5, -0.0, 1e15, 1e15 - 1, -1e15 + 1, 2.0**53]),
)


def one_by_one(values: pd.Series) -> list:
    return [cell(v) for v in values.to_numpy(dtype=object)]


def same(values: pd.Series) -> None:
    got = column_text(values)
    assert list(got.index) == list(values.index)
    expected = one_by_one(values)
    # text kept as Arrow text marks an empty cell as pandas' str columns do (NaN), and nothing
    # else: every other cell is the same text
    arrow_text = isinstance(got.dtype, pd.StringDtype)
    for g, e in zip(got.tolist(), expected, strict=True):
        if arrow_text and e is None:
            assert isinstance(g, float) and np.isnan(g), (g, e)
            continue
        assert type(g) is type(e) and (g == e or (g is None and e is None)), (g, e)


@given(st.lists(TEXT, max_size=30))
@example(["  ", None, " a ", "\x1c"])
@settings(max_examples=200)
def test_text_columns(cells):
    same(pd.Series(cells, dtype=object))
    same(pd.Series(cells, dtype="str"))


def test_every_blank_at_either_end():
    cells = [x for c in BLANKS + LOOKALIKES for x in (f"a{c}", f"{c}a", c, f"é{c}é")]
    same(pd.Series(cells, dtype=object))
    same(pd.Series(cells, dtype="str"))


@given(st.lists(FLOATS, max_size=30))
@example([1.0, 2.5, float("nan"), float("inf"), 1e15, 123456789012345.0])
@settings(max_examples=200)
def test_number_columns(cells):
    same(pd.Series(cells, dtype=float))


@given(st.lists(st.integers(-(2**62), 2**62), max_size=30))
def test_integer_columns(cells):
    same(pd.Series(cells, dtype=np.int64))


def test_date_and_mixed_columns():
    same(pd.Series(pd.to_datetime(["2026-01-02", None, "2027-03-04"])))
    same(pd.Series([b" bytes ", 3, 2.0, "x ", None, pd.Timestamp("2026-01-01")], dtype=object))
    same(pd.Series([True, False, None], dtype=object))
    same(pd.Series([None, None], dtype=object))
