"""Periods: dates, months, quarters and years, and how two periods relate in time.

A value is read as the interval of days it covers (a year is 1 January to 31 December) plus its
resolution: :data:`DAY`, :data:`MONTH` or :data:`YEAR`. Two periods are compared at the finest
resolution both sides have, so ``2026`` and ``2026-03-15`` overlap, and ``2026`` and ``2027`` are
one year apart, whatever day in 2027 is meant.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

from planner.distinct import all_text
from planner.errors import ValueParseError, check_choice
from planner.texts import say

__all__ = [
    "DAY",
    "MONTH",
    "YEAR",
    "parse_when",
    "parse_series",
    "overlaps",
    "within",
    "after",
    "PeriodArrays",
    "period_label",
    "expand_periods",
    "period_ids",
    "period_labels",
    "PERIOD_UNITS",
]

DAY, MONTH, YEAR = 0, 1, 2
PERIOD_UNITS = ("year", "quarter", "month")
_MIN_YEAR, _MAX_YEAR = 1900, 2200

_YEAR = re.compile(r"^(\d{4})$")
_YMD = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?.*)?$"
)
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YM = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MY = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YQ = re.compile(r"^(\d{4})\s*[-/ ]?\s*[qk]([1-4])$", re.IGNORECASE)
_QY = re.compile(r"^[qk]([1-4])\s*[-/ ]?\s*(\d{4})$", re.IGNORECASE)
_TWO_DIGIT = re.compile(r"^(\d{1,2}[-/.]){0,2}\d{2}$")


def _year(y: int) -> int:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        raise ValueParseError(say("jaar_buiten_bereik", jaar=y, van=_MIN_YEAR, tot=_MAX_YEAR))
    return y


def _day(y: int, m: int, d: int) -> dt.date:
    # The year first: 9999-01-01 is a day that exists, in a year no programme plans for.
    year = _year(y)
    try:
        return dt.date(year, m, d)
    except ValueError as exc:
        raise ValueParseError(f"{d:02d}-{m:02d}-{y} bestaat niet") from exc


def _in_range(d: dt.date) -> dt.date:
    _year(d.year)
    return d


def _month(y: int, m: int) -> tuple[dt.date, dt.date]:
    if not 1 <= m <= 12:
        raise ValueParseError(f"maand {m} bestaat niet")
    first = dt.date(_year(y), m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def parse_when(value: object) -> tuple[dt.date, dt.date, int] | None:
    """Read one date, month, quarter or year.

    Parameters
    ----------
    value : object
        A ``datetime.date``, a ``pandas.Timestamp``, a whole number (a year), or text:
        ``2026-03-15``, ``15-03-2026``, ``20260315``, ``2026-03``, ``03-2026``, ``2026``,
        ``2026-Q2`` / ``2026-K2``.

    Returns
    -------
    tuple of (datetime.date, datetime.date, int) or None
        First day, last day and resolution; ``None`` for an empty value.

    Raises
    ------
    planner.errors.ValueParseError
        The value is not a date, month, quarter or year; the message says why in Dutch.

    Examples
    --------
    >>> parse_when("2026")
    (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), 2)
    >>> parse_when("2026-02")
    (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28), 1)
    >>> parse_when("31-02-2026")
    Traceback (most recent call last):
    ...
    planner.errors.ValueParseError: 31-02-2026 bestaat niet
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        d = _in_range(value.date())
        return d, d, DAY
    if isinstance(value, dt.date):
        return _in_range(value), value, DAY
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        _year(int(value.astype("datetime64[Y]").astype(np.int64)) + 1970)
        d = value.astype("datetime64[D]").astype(dt.date)
        return d, d, DAY
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        y = _year(int(value))
        return dt.date(y, 1, 1), dt.date(y, 12, 31), YEAR
    if isinstance(value, (float, np.floating)):
        if float(value).is_integer():
            return parse_when(int(value))
        raise ValueParseError(f"{value} is geen jaartal")
    text = str(value).strip()
    if not text:
        return None
    if m := _YEAR.match(text):
        y = _year(int(m[1]))
        return dt.date(y, 1, 1), dt.date(y, 12, 31), YEAR
    for pattern, order in ((_YMD, "ymd"), (_DMY, "dmy"), (_COMPACT, "ymd")):
        if m := pattern.match(text):
            parts = dict(zip(order, (int(g) for g in m.groups()[:3]), strict=True))
            d = _day(parts["y"], parts["m"], parts["d"])
            return d, d, DAY
    if m := _YM.match(text):
        return (*_month(int(m[1]), int(m[2])), MONTH)
    if m := _MY.match(text):
        return (*_month(int(m[2]), int(m[1])), MONTH)
    quarter = _YQ.match(text) or _QY.match(text)
    if quarter:
        y, q = (
            (int(quarter[1]), int(quarter[2]))
            if quarter.re is _YQ
            else (int(quarter[2]), int(quarter[1]))
        )
        first, _ = _month(y, 3 * q - 2)
        _, last = _month(y, 3 * q)
        return first, last, MONTH
    if _TWO_DIGIT.match(text):
        raise ValueParseError("jaartal met twee cijfers is dubbelzinnig; schrijf het jaar voluit")
    raise ValueParseError("verwacht 2026-03-15, 15-03-2026, 2026-03, 2026-K2 of 2026")


def parse_series(values: pd.Series) -> pd.DataFrame:
    """Read a column of dates, months, quarters and years.

    Each distinct value is parsed once, so a million rows with a few thousand distinct dates
    costs a few thousand parses.

    Parameters
    ----------
    values : pandas.Series
        The raw column.

    Returns
    -------
    pandas.DataFrame
        Same index, columns ``first`` and ``last`` (``datetime64[s]``, NaT where empty or
        unreadable), ``res`` (int8, -1 where empty or unreadable) and ``error`` (the Dutch reason,
        or None).
    """
    # Factorizing is exact where equal values are also of one type (not 2026 and "2026").
    if values.dtype != object or all_text(values):
        return _parse_factorized(values)
    return _parse_by_key(values)


def _parse_factorized(values: pd.Series) -> pd.DataFrame:
    """Parse each distinct value once, without a Python loop over rows.

    Missing values (a few kinds: None, NaN, NA) go through :func:`_parse_by_key`.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    missing = codes < 0
    if missing.all():
        return _parse_by_key(values)
    parsed = _frame([_parse_one(v) for v in distinct], pd.RangeIndex(len(distinct)))
    rows = np.where(missing, 0, codes)
    out = {col: parsed[col].to_numpy()[rows] for col in parsed.columns}
    if missing.any():
        if isinstance(values.dtype, pd.StringDtype):
            # a text column's empty cells are all its one missing value: parsed once
            rest = _frame([_parse_one(values.dtype.na_value)], pd.RangeIndex(1))
            for col, column in out.items():
                column[missing] = rest[col].to_numpy()[0]
        else:
            rest = _parse_by_key(values[missing])
            for col, column in out.items():
                column[missing] = rest[col].to_numpy()
    return pd.DataFrame(out, index=values.index)


def _parse_by_key(values: pd.Series) -> pd.DataFrame:
    keys = values.map(_hashable)
    cache: dict[object, tuple] = {}
    for key, raw in zip(keys, values, strict=True):
        if key not in cache:
            cache[key] = _parse_one(raw)
    return _frame([cache[k] for k in keys], values.index)


def _parse_one(raw: object) -> tuple:
    try:
        parsed = parse_when(raw)
    except ValueParseError as exc:
        return (None, None, -1, str(exc))
    return (*parsed, None) if parsed else (None, None, -1, None)


def _frame(rows: list[tuple], index: pd.Index) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["first", "last", "res", "error"], index=index)
    for col in ("first", "last"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
    frame["res"] = frame["res"].astype("int8")
    return frame


def _hashable(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    if isinstance(value, float) and math.isnan(value):
        return "__nan__"
    return (type(value).__name__, value)


def _days(values: np.ndarray) -> np.ndarray:
    return np.asarray(values).astype("datetime64[D]")


def _add_months(days: np.ndarray, months: int) -> np.ndarray:
    """The same calendar day ``months`` later, clipped to the month's last day."""
    month = days.astype("datetime64[M]")
    day_of_month = (days - month.astype("datetime64[D]")).astype(np.int64)
    target = month + months
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    return target.astype("datetime64[D]") + np.minimum(day_of_month, length - 1)


def _le(x: np.ndarray, x_res: np.ndarray, y: np.ndarray, y_res: np.ndarray, months: int = 0):
    """Elementwise ``x <= y + months``, at the finest resolution both sides have."""
    every = np.arange(len(np.atleast_1d(x)))
    return _le_at(_Ends(x, x_res), every, _Ends(y, y_res), every, months)


def overlaps(
    a_first: np.ndarray,
    a_first_res: np.ndarray,
    a_last: np.ndarray,
    a_last_res: np.ndarray,
    b_first: np.ndarray,
    b_first_res: np.ndarray,
    b_last: np.ndarray,
    b_last_res: np.ndarray,
) -> np.ndarray:
    """Whether periods a and b share at least one unit (elementwise over arrays).

    Examples
    --------
    >>> import numpy as np
    >>> d = lambda s: np.array([s], dtype="datetime64[D]")
    >>> r = lambda x: np.array([x])
    >>> bool(overlaps(d("2026-01-01"), r(YEAR), d("2026-12-31"), r(YEAR),
    ...               d("2026-03-15"), r(DAY), d("2026-03-15"), r(DAY))[0])
    True
    """
    return _le(a_first, a_first_res, b_last, b_last_res) & _le(
        b_first, b_first_res, a_last, a_last_res
    )


def within(
    a_first: np.ndarray,
    a_first_res: np.ndarray,
    a_last: np.ndarray,
    a_last_res: np.ndarray,
    b_first: np.ndarray,
    b_first_res: np.ndarray,
    b_last: np.ndarray,
    b_last_res: np.ndarray,
    months: int,
) -> np.ndarray:
    """Whether periods a and b are at most ``months`` apart (0: they overlap)."""
    return _le(b_first, b_first_res, a_last, a_last_res, months) & _le(
        a_first, a_first_res, b_last, b_last_res, months
    )


def after(
    a_last: np.ndarray,
    a_last_res: np.ndarray,
    b_first: np.ndarray,
    b_first_res: np.ndarray,
    months: int,
) -> np.ndarray:
    """Whether b starts on or after the end of a, at most ``months`` later."""
    return _le(a_last, a_last_res, b_first, b_first_res) & _le(
        b_first, b_first_res, a_last, a_last_res, months
    )


class _Ends:
    """One end of every period (its first or last day) as whole days, months and years."""

    def __init__(self, values: np.ndarray, res: np.ndarray) -> None:
        days = _days(values)
        self.valid = ~np.isnat(days)
        days = np.where(self.valid, days, np.datetime64(0, "D"))
        self.days = days.astype(np.int64)
        self.months = days.astype("datetime64[M]").astype(np.int64)
        self.years = days.astype("datetime64[Y]").astype(np.int64)
        self.res = np.asarray(res)
        self._later: dict[int, np.ndarray] = {0: self.days}
        self._dates = days

    def days_later(self, months: int) -> np.ndarray:
        """The same calendar day ``months`` later (see :func:`_add_months`), as whole days."""
        if months not in self._later:
            self._later[months] = _add_months(self._dates, months).astype(np.int64)
        return self._later[months]


def _le_at(x: _Ends, ix: np.ndarray, y: _Ends, iy: np.ndarray, months: int = 0) -> np.ndarray:
    """:func:`_le` for ``x[ix]`` and ``y[iy]``, comparing whole numbers taken once per period."""
    res = np.maximum(x.res[ix], y.res[iy])
    by_day = x.days[ix] <= y.days_later(months)[iy]
    by_month = x.months[ix] <= y.months[iy] + months
    by_year = x.years[ix] <= y.years[iy] + math.ceil(months / 12)
    out = np.where(res == DAY, by_day, np.where(res == MONTH, by_month, by_year))
    return out & x.valid[ix] & y.valid[iy]


class PeriodArrays:
    """The periods of many measures, for comparing many pairs of them.

    The calendar arithmetic (days to months and years, a number of months later) runs once per
    measure; comparing a pair then only takes and compares whole numbers. The answers are those
    of :func:`overlaps`, :func:`within` and :func:`after`.

    Parameters
    ----------
    first, last : array of datetime64
        First and last day of each period.
    first_res, last_res : array of int
        Their resolutions (:data:`DAY`, :data:`MONTH` or :data:`YEAR`).

    Examples
    --------
    >>> import numpy as np
    >>> days = lambda *s: np.array(s, dtype="datetime64[D]")
    >>> periods = PeriodArrays(days("2026-01-01", "2026-03-15"), np.array([YEAR, DAY]),
    ...                        days("2026-12-31", "2026-03-15"), np.array([YEAR, DAY]))
    >>> periods.overlaps(np.array([0]), np.array([1])).tolist()
    [True]
    """

    def __init__(
        self, first: np.ndarray, first_res: np.ndarray, last: np.ndarray, last_res: np.ndarray
    ) -> None:
        self.first = _Ends(first, first_res)
        self.last = _Ends(last, last_res)

    def overlaps(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Whether periods ``i`` and ``j`` share at least one unit (:func:`overlaps`)."""
        return _le_at(self.first, i, self.last, j) & _le_at(self.first, j, self.last, i)

    def within(self, i: np.ndarray, j: np.ndarray, months: int) -> np.ndarray:
        """Whether periods ``i`` and ``j`` are at most ``months`` apart (:func:`within`)."""
        return _le_at(self.first, j, self.last, i, months) & _le_at(
            self.first, i, self.last, j, months
        )

    def after(self, i: np.ndarray, j: np.ndarray, months: int) -> np.ndarray:
        """Whether ``j`` starts when ``i`` ends, at most ``months`` later (:func:`after`)."""
        return _le_at(self.last, i, self.first, j) & _le_at(self.first, j, self.last, i, months)


def _label_one(day: object, res: int) -> str:
    ts = pd.Timestamp(day)
    if res == YEAR:
        return f"{ts.year}"
    if res == MONTH:
        return f"{ts.year}-{ts.month:02d}"
    return ts.strftime("%Y-%m-%d")


def period_label(first: object, first_res: int, last: object, last_res: int) -> str:
    """Return a short label for a period as it was given.

    Examples
    --------
    >>> import datetime as dt
    >>> period_label(dt.date(2026, 1, 1), YEAR, dt.date(2028, 12, 31), YEAR)
    '2026 t/m 2028'
    >>> period_label(dt.date(2026, 3, 1), MONTH, dt.date(2026, 3, 31), MONTH)
    '2026-03'
    """
    a, b = _label_one(first, first_res), _label_one(last, last_res)
    return a if a == b else f"{a} t/m {b}"


def expand_periods(first: np.ndarray, last: np.ndarray, unit: str = "year") -> pd.DataFrame:
    """Cut intervals into the calendar periods they touch.

    Parameters
    ----------
    first, last : array of datetime64
        First and last day of each interval (inclusive).
    unit : {"year", "quarter", "month"}
        The period unit.

    Returns
    -------
    pandas.DataFrame
        One row per interval and period: ``row`` (position in the input), ``periode`` (label:
        ``2026``, ``2026-K2`` or ``2026-03``) and ``dagdeel`` (the share of the interval's days
        that fall in this period; the shares of one interval add up to 1).

    Examples
    --------
    >>> import numpy as np
    >>> f = np.array(["2026-07-01"], dtype="datetime64[D]")
    >>> l = np.array(["2027-06-30"], dtype="datetime64[D]")
    >>> expand_periods(f, l)[["periode", "dagdeel"]].round(3).values.tolist()
    [['2026', 0.504], ['2027', 0.496]]
    """
    row, pid, share = period_ids(first, last, unit)
    return pd.DataFrame({"row": row, "periode": period_labels(pid, unit), "dagdeel": share})


def period_ids(
    first: np.ndarray, last: np.ndarray, unit: str = "year"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`expand_periods` with each period as a whole number, in calendar order.

    Made for :data:`PERIOD_CHUNK` intervals at a time: what the arithmetic makes on the way
    (days, ends) is held for one chunk only (a million measures by the month: 8 million rows).

    Returns
    -------
    tuple of numpy.ndarray
        ``row``, the period's number (``period_labels`` gives its label) and ``dagdeel``.
    """
    check_choice("--period", unit, PERIOD_UNITS)
    first, last = _days(first), _days(last)
    if len(first) <= PERIOD_CHUNK:
        return _period_ids(first, last, unit)
    starts = range(0, len(first), PERIOD_CHUNK)
    parts = [
        _period_ids(first[s : s + PERIOD_CHUNK], last[s : s + PERIOD_CHUNK], unit) for s in starts
    ]
    row = np.concatenate([part[0] + s for part, s in zip(parts, starts, strict=True)])
    return row, np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts])


#: Intervals per chunk of :func:`period_ids`.
PERIOD_CHUNK = 250_000


def _period_ids(
    first: np.ndarray, last: np.ndarray, unit: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    months = {"year": 12, "quarter": 3, "month": 1}[unit]
    m0 = first.astype("datetime64[M]").astype(np.int64) // months
    m1 = last.astype("datetime64[M]").astype(np.int64) // months
    count = (m1 - m0 + 1).astype(np.int64)
    row = np.repeat(np.arange(len(first)), count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    pid = m0[row] + offsets
    p_start = (pid * months).astype("datetime64[M]").astype("datetime64[D]")
    p_end = ((pid + 1) * months).astype("datetime64[M]").astype("datetime64[D]") - 1
    lo = np.maximum(p_start, first[row])
    hi = np.minimum(p_end, last[row])
    days = (hi - lo).astype(np.int64) + 1
    total = ((last - first).astype(np.int64) + 1)[row]
    return row, pid, days / total


def period_labels(pid: np.ndarray, unit: str = "year") -> np.ndarray:
    """The labels (``2026``, ``2026-K2``, ``2026-03``) of period numbers from :func:`period_ids`.

    Each label is made once, however often its period occurs.

    Examples
    --------
    >>> period_labels(np.array([225, 226, 225]), "quarter").tolist()
    ['2026-K2', '2026-K3', '2026-K2']
    """
    months = {"year": 12, "quarter": 3, "month": 1}[unit]
    pid = np.asarray(pid, np.int64)
    if not len(pid):
        return np.array([], dtype=str)
    low = int(pid.min())
    span = np.arange(low, int(pid.max()) + 1)
    year = span * months // 12 + 1970
    if unit == "year":
        label = year.astype(str)
    elif unit == "quarter":
        label = np.char.add(np.char.add(year.astype(str), "-K"), (span % 4 + 1).astype(str))
    else:
        label = np.char.add(
            np.char.add(year.astype(str), "-"), np.char.zfill((span % 12 + 1).astype(str), 2)
        )
    return label[pid - low]
