import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner import periods
from planner.errors import OptionError, ValueParseError
from planner.periods import (
    DAY,
    MONTH,
    YEAR,
    PeriodArrays,
    after,
    expand_periods,
    overlaps,
    parse_series,
    parse_when,
    within,
)


@pytest.mark.parametrize(
    ("text", "first", "last", "res"),
    [
        ("2026-03-15", dt.date(2026, 3, 15), dt.date(2026, 3, 15), DAY),
        ("15-03-2026", dt.date(2026, 3, 15), dt.date(2026, 3, 15), DAY),
        ("15/3/2026", dt.date(2026, 3, 15), dt.date(2026, 3, 15), DAY),
        ("20260315", dt.date(2026, 3, 15), dt.date(2026, 3, 15), DAY),
        ("2026-03-15T08:00:00", dt.date(2026, 3, 15), dt.date(2026, 3, 15), DAY),
        ("2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31), MONTH),
        ("03-2026", dt.date(2026, 3, 1), dt.date(2026, 3, 31), MONTH),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), MONTH),
        ("2026-K2", dt.date(2026, 4, 1), dt.date(2026, 6, 30), MONTH),
        ("Q4 2026", dt.date(2026, 10, 1), dt.date(2026, 12, 31), MONTH),
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), YEAR),
        (2026, dt.date(2026, 1, 1), dt.date(2026, 12, 31), YEAR),
        (2026.0, dt.date(2026, 1, 1), dt.date(2026, 12, 31), YEAR),
        (dt.date(2026, 5, 1), dt.date(2026, 5, 1), dt.date(2026, 5, 1), DAY),
        (pd.Timestamp("2026-05-01 10:00"), dt.date(2026, 5, 1), dt.date(2026, 5, 1), DAY),
    ],
)
def test_parse_when_reads_dates_months_quarters_years(text, first, last, res):
    assert parse_when(text) == (first, last, res)


@pytest.mark.parametrize("empty", [None, "", "   ", float("nan"), pd.NaT])
def test_parse_when_empty_is_none(empty):
    assert parse_when(empty) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("voorjaar 2026", "verwacht"),
        ("31-02-2026", "bestaat niet"),
        ("2026-13", "maand 13"),
        ("1-3-26", "twee cijfers"),
        ("26", "twee cijfers"),
        ("3026", "buiten"),
        (2026.5, "geen jaartal"),
    ],
)
def test_parse_when_rejects_with_reason(text, fragment):
    with pytest.raises(ValueParseError, match=fragment):
        parse_when(text)


@pytest.mark.parametrize(
    "value",
    [
        "9999",
        "0001",
        "01-01-9999",
        "9999-01-01",
        "0001-01-01",
        "1899-12-31",
        "2201-06",
        "9999-K1",
        dt.date(9999, 12, 31),
        pd.Timestamp("1800-01-01"),
        np.datetime64("9999-01-01"),
        9999,
    ],
)
def test_a_year_outside_the_plausible_range_says_so_and_names_the_range(value):
    # 9999-01-01 exists as a day: the reason is the year, not "bestaat niet"
    with pytest.raises(ValueParseError) as raised:
        parse_when(value)
    assert "ligt buiten 1900-2200" in str(raised.value)
    assert "bestaat niet" not in str(raised.value)


def test_the_edges_of_the_plausible_range_are_read():
    assert parse_when("1900-01-01")[0] == dt.date(1900, 1, 1)
    assert parse_when("31-12-2200")[1] == dt.date(2200, 12, 31)


def test_parse_series_parses_each_value_and_keeps_errors():
    frame = parse_series(pd.Series(["2026", "2026", "onzin", None, "2026-02"]))
    assert frame["res"].tolist() == [YEAR, YEAR, -1, -1, MONTH]
    assert frame["error"].notna().tolist() == [False, False, True, False, False]
    assert frame["last"].iloc[4] == pd.Timestamp("2026-02-28")


def arr(*values):
    return np.array(values, dtype="datetime64[D]")


def res(*values):
    return np.array(values)


def test_overlap_is_compared_at_the_coarser_resolution():
    # 2026 (year) and 2026-03-15 (day): compared per year they overlap.
    assert overlaps(
        arr("2026-01-01"),
        res(YEAR),
        arr("2026-12-31"),
        res(YEAR),
        arr("2026-03-15"),
        res(DAY),
        arr("2026-03-15"),
        res(DAY),
    )[0]
    # 2026 and 2027-01-05: different years.
    assert not overlaps(
        arr("2026-01-01"),
        res(YEAR),
        arr("2026-12-31"),
        res(YEAR),
        arr("2027-01-05"),
        res(DAY),
        arr("2027-01-05"),
        res(DAY),
    )[0]


def test_periods_touching_on_one_day_overlap_and_adjacent_days_do_not():
    touching = overlaps(
        arr("2026-01-01"),
        res(DAY),
        arr("2026-03-31"),
        res(DAY),
        arr("2026-03-31"),
        res(DAY),
        arr("2026-06-30"),
        res(DAY),
    )
    adjacent = overlaps(
        arr("2026-01-01"),
        res(DAY),
        arr("2026-03-31"),
        res(DAY),
        arr("2026-04-01"),
        res(DAY),
        arr("2026-06-30"),
        res(DAY),
    )
    assert touching[0] and not adjacent[0]
    # but at month resolution March and April are different months, too
    months = overlaps(
        arr("2026-03-01"),
        res(MONTH),
        arr("2026-03-31"),
        res(MONTH),
        arr("2026-04-01"),
        res(MONTH),
        arr("2026-04-30"),
        res(MONTH),
    )
    assert not months[0]


def test_within_months_uses_calendar_months():
    a = (arr("2026-01-31"), res(DAY), arr("2026-01-31"), res(DAY))
    near = (arr("2026-02-28"), res(DAY), arr("2026-02-28"), res(DAY))
    far = (arr("2026-03-01"), res(DAY), arr("2026-03-01"), res(DAY))
    assert within(*a, *near, months=1)[0]
    assert not within(*a, *far, months=1)[0]
    assert within(*far, *a, months=2)[0]  # symmetric


def test_moratorium_edge_at_exactly_n_years():
    end = (arr("2027-06-30"), res(DAY))
    assert after(*end, arr("2030-06-30"), res(DAY), months=36)[0]
    assert not after(*end, arr("2030-07-01"), res(DAY), months=36)[0]
    # starts before the end: that is not 'after'
    assert not after(*end, arr("2027-06-29"), res(DAY), months=36)[0]
    # at year resolution: 2027 -> 2030 is three years, 2031 is four
    assert after(arr("2027-12-31"), res(YEAR), arr("2030-01-01"), res(YEAR), months=36)[0]
    assert not after(arr("2027-12-31"), res(YEAR), arr("2031-01-01"), res(YEAR), months=36)[0]


def test_month_threshold_rounds_up_to_whole_years_at_year_resolution():
    a = (arr("2026-01-01"), res(YEAR), arr("2026-12-31"), res(YEAR))
    b = (arr("2027-01-01"), res(YEAR), arr("2027-12-31"), res(YEAR))
    assert within(*a, *b, months=6)[0]
    assert not within(*a, *b, months=0)[0]


def test_expand_periods_splits_days_over_years_quarters_months():
    frame = expand_periods(arr("2026-12-01"), arr("2027-01-31"), "month")
    assert frame["periode"].tolist() == ["2026-12", "2027-01"]
    assert frame["dagdeel"].tolist() == pytest.approx([0.5, 0.5])
    quarters = expand_periods(arr("2026-03-31"), arr("2026-04-01"), "quarter")
    assert quarters["periode"].tolist() == ["2026-K1", "2026-K2"]
    years = expand_periods(arr("2025-01-01", "2028-01-01"), arr("2025-12-31", "2029-12-31"))
    assert years["row"].tolist() == [0, 1, 1]
    assert years.groupby("row")["dagdeel"].sum().tolist() == pytest.approx([1, 1])


def test_expand_periods_rejects_unknown_unit():
    with pytest.raises(OptionError, match="year, quarter, month"):
        expand_periods(arr("2026-01-01"), arr("2026-01-01"), "week")


WHEN = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.sampled_from(["2026", "2026-02", "2026-K3", "31-02-2026", "15-03-2026", "", " 2027 "]),
    st.text(alphabet=st.sampled_from(list("0123456789-KQ/ ")), max_size=10),
)


def same_frames(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(got.index) == list(expected.index)
    for col in ("first", "last", "res"):
        assert got[col].dtype == expected[col].dtype, col
        assert got[col].tolist() == expected[col].tolist() or (
            got[col].isna().equals(expected[col].isna())
            and got[col].dropna().tolist() == expected[col].dropna().tolist()
        ), col
    assert [None if pd.isna(e) else e for e in got["error"]] == [
        None if pd.isna(e) else e for e in expected["error"]
    ]


@given(st.lists(WHEN, max_size=25), st.sampled_from([object, "str"]))
@example(["2026", None, "2026", float("nan"), "onzin"], object)
@example([None, None], "str")
@settings(max_examples=200)
def test_parsing_distinct_values_equals_parsing_each_row(cells, dtype):
    values = pd.Series(cells, dtype=dtype, index=np.arange(len(cells)) * 3 + 7)
    same_frames(parse_series(values), periods._parse_by_key(values))


@given(st.lists(st.one_of(st.none(), st.integers(1990, 2060)), max_size=20))
@settings(max_examples=100)
def test_years_as_numbers_parse_as_each_row(years):
    for values in (pd.Series(years, dtype="Int64"), pd.Series(years, dtype=float)):
        same_frames(parse_series(values), periods._parse_by_key(values))


_ends = st.tuples(
    # Close together, so that gaps of a few months, and the month-end days, come up often.
    st.dates(dt.date(2025, 11, 1), dt.date(2027, 3, 31)),
    st.integers(0, 120),
    st.sampled_from([DAY, MONTH, YEAR]),
    st.sampled_from([DAY, MONTH, YEAR]),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(_ends, st.none()), min_size=1, max_size=12),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), min_size=1, max_size=40),
    st.sampled_from([0, 1, 5, 12, 13, 36]),
)
# One calendar month after 31 January is 28 February, not 2 March.
@example([(dt.date(2026, 1, 31), 0, DAY, DAY), (dt.date(2026, 3, 2), 0, DAY, DAY)], [(0, 1)], 1)
def test_period_arrays_answer_as_the_functions_pair_by_pair(ends, pairs, months):
    # Periods of mixed resolution, some missing (NaT), compared pair by pair both ways.
    first = np.array(
        [np.datetime64(e[0]) if e else np.datetime64("NaT") for e in ends], "datetime64[D]"
    )
    last = np.array(
        [
            np.datetime64(e[0] + dt.timedelta(days=e[1])) if e else np.datetime64("NaT")
            for e in ends
        ],
        "datetime64[D]",
    )
    fres = np.array([e[2] if e else -1 for e in ends], np.int8)
    lres = np.array([e[3] if e else -1 for e in ends], np.int8)
    n = len(ends)
    i = np.array([p[0] % n for p in pairs])
    j = np.array([p[1] % n for p in pairs])
    arrays = PeriodArrays(first, fres, last, lres)
    a = (first[i], fres[i], last[i], lres[i])
    b = (first[j], fres[j], last[j], lres[j])
    assert arrays.overlaps(i, j).tolist() == overlaps(*a, *b).tolist()
    assert arrays.within(i, j, months).tolist() == within(*a, *b, months=months).tolist()
    assert (
        arrays.after(i, j, months).tolist()
        == after(last[i], lres[i], first[j], fres[j], months=months).tolist()
    )


@given(st.lists(st.sampled_from([None, "2026", "2026-03", "2026-K2", "31-02-2026", "x"])))
def test_arrow_text_parses_as_python_text(cells):
    # Arrow text (how the reader keeps text columns) takes the path of one parse for all its
    # empty cells: the same firsts, lasts, resolutions and reasons as Python strings
    arrow = parse_series(pd.Series(cells, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))
    python = parse_series(pd.Series(cells, dtype=object))
    pd.testing.assert_frame_equal(arrow, python, check_dtype=False)


@pytest.mark.parametrize("unit", ["year", "quarter", "month"])
def test_period_ids_in_chunks_are_those_of_all_at_once(unit, monkeypatch):
    rng = np.random.default_rng(5)
    first = np.datetime64("2025-01-01") + rng.integers(0, 2000, 57).astype("timedelta64[D]")
    last = first + rng.integers(0, 900, 57).astype("timedelta64[D]")
    whole = periods.period_ids(first, last, unit)
    monkeypatch.setattr(periods, "PERIOD_CHUNK", 5)
    chunked = periods.period_ids(first, last, unit)
    assert len(whole[0]) > 57
    for got, expected in zip(chunked, whole, strict=True):
        np.testing.assert_array_equal(got, expected)
