"""A brute-force reference for the overlap engine: a double loop and scalar period logic.

Written independently of planner.periods (plain datetime arithmetic), so that agreement means
something.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

import pandas as pd
import shapely


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _le(x: dt.date, xr: int, y: dt.date, yr: int, months: int = 0) -> bool:
    r = max(xr, yr)
    if r == 0:
        return x <= _add_months(y, months)
    if r == 1:
        return x.year * 12 + x.month <= y.year * 12 + y.month + months
    return x.year <= y.year + math.ceil(months / 12)


def period_ok(a, b, kind: str, months: int) -> bool:
    """a, b: (first, first_res, last, last_res)."""
    af, afr, al, alr = a
    bf, bfr, bl, blr = b
    if kind == "na":
        return _le(al, alr, bf, bfr) and _le(bf, bfr, al, alr, months)
    m = months if kind == "binnen" else 0
    return _le(bf, bfr, al, alr, m) and _le(af, afr, bl, blr, m)


def brute_force_pairs(measures: pd.DataFrame, distance: float, kind: str, months: int) -> set:
    """Every unordered pair (id, id) within distance and satisfying the time relation."""
    rows = []
    for row in measures.itertuples():
        rows.append(
            (
                row.id,
                row.geometry,
                (
                    pd.Timestamp(row.periode_van).date(),
                    int(row.res_van),
                    pd.Timestamp(row.periode_tot).date(),
                    int(row.res_tot),
                ),
            )
        )
    found = set()
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            (ida, ga, pa), (idb, gb, pb) = rows[i], rows[j]
            if ga is None or gb is None:
                continue
            if shapely.distance(ga, gb) > distance:
                continue
            if period_ok(pa, pb, kind, months) or period_ok(pb, pa, kind, months):
                found.add(tuple(sorted((ida, idb))))
    return found
