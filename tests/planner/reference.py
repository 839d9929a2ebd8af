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


def _period_labels(first: dt.date, last: dt.date, unit: str) -> list[str]:
    if unit == "year":
        return [str(y) for y in range(first.year, last.year + 1)]
    labels = []
    q, end = (first.year, (first.month - 1) // 3), (last.year, (last.month - 1) // 3)
    while q <= end:
        labels.append(f"{q[0]}-K{q[1] + 1}")
        q = (q[0] + (q[1] == 3), (q[1] + 1) % 4)
    return labels


def brute_force_groups(
    measures: pd.DataFrame,
    membership: pd.DataFrame,
    in_a,
    in_b,
    cap: float | None,
    unit: str = "year",
) -> set:
    """Every (area position, period, side, id) of a same-area rule with tijd = "overlap".

    A measure is in its area's group of a period when it runs then and a measure of the other
    side (not itself) runs there then too, their periods share a day, and, with a cap, both
    geometries lie within it (a measure without geometry counts as near).
    """
    rows = list(measures.itertuples())
    when = [
        (
            pd.Timestamp(r.periode_van).date(),
            int(r.res_van),
            pd.Timestamp(r.periode_tot).date(),
            int(r.res_tot),
        )
        for r in rows
    ]
    found = set()
    for area, members in membership.groupby("gebied")["m"]:
        members = sorted(set(members))
        periods = {m: _period_labels(when[m][0], when[m][2], unit) for m in members}
        for label in sorted({p for m in members for p in periods[m]}):
            active = [m for m in members if label in periods[m]]
            for x in active:
                for y in active:
                    if x == y or not period_ok(when[x], when[y], "overlap", 0):
                        continue
                    gx, gy = rows[x].geometry, rows[y].geometry
                    if cap is not None and gx is not None and gy is not None:
                        if shapely.distance(gx, gy) > cap:
                            continue
                    if in_a(rows[x]) and in_b(rows[y]):
                        found.add((int(area), label, "a", rows[x].id))
                        found.add((int(area), label, "b", rows[y].id))
    return found
