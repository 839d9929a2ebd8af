"""stable_order sorts rows as pandas' stable sort does, on every kind of key the planner sorts."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.row_order import stable_order

TEXT = st.one_of(st.none(), st.sampled_from(["", "a", "B", "ab", "é", "Zuid", "zuid", "ß", "€"]))


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 3)),
            TEXT,
            st.one_of(st.none(), st.integers(0, 2)),
            TEXT,
        ),
        max_size=40,
    ),
    arrow_text=st.booleans(),
)
def test_the_order_is_pandas_stable_sort(rows, arrow_text):
    number, text, day, other = (list(c) for c in zip(*rows, strict=True)) if rows else ([],) * 4
    text_type = "str" if arrow_text else object
    frame = pd.DataFrame(
        {
            "getal": pd.array(number, dtype="Int64"),
            "komma": pd.Series([np.nan if n is None else n / 2 for n in number], dtype=float),
            "tekst": pd.Series(text, dtype=text_type),
            "dag": pd.to_datetime([None if d is None else f"2026-01-0{d + 1}" for d in day]).astype(
                "datetime64[s]"
            ),
            "ander": pd.Series(other, dtype=object),
        },
        index=np.arange(len(rows))[::-1] * 7,  # labels that are not positions
    )
    for keys in (["getal", "tekst"], ["komma", "dag", "ander"], ["tekst", "ander", "getal"]):
        expected = frame.reset_index(drop=True).sort_values(keys, kind="stable").index
        assert stable_order(frame, keys).tolist() == expected.tolist(), keys


def test_categories_sort_in_their_own_order_and_odd_objects_as_pandas_does():
    frame = pd.DataFrame(
        {
            "soort": pd.Categorical(["laag", "hoog", "midden", None], ["laag", "midden", "hoog"]),
        }
    )
    assert stable_order(frame, ["soort"]).tolist() == [0, 2, 1, 3]
    tuples = pd.DataFrame({"paar": pd.Series([(2, 1), (1, 2), (1, 1)], dtype=object)})
    assert stable_order(tuples, ["paar"]).tolist() == [2, 1, 0]
