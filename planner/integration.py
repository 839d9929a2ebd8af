"""Integration as groups: what a same-area rule (``zelfde_gebied``) finds, per area and period.

"Stapelen is iets anders dan integreren": integration is a fact about an area in a period
(these physical works and these social projects run together here; these teams should meet),
not a list of every physical-social pair. A same-area rule therefore gives one row per area,
period (the stacking period) and rule: the measures on each side, their counts and the teams to
connect (the distinct owners on each side).

A measure is in the group of an area and period when it runs there then and at least one
measure of the other side does too, with a period that satisfies the rule's time relation, and,
where the rule also has ``afstand_m``, lies within that distance of it (a measure without
geometry, placed by its gebiedscode, counts as lying everywhere in its area). Two intervals that
overlap and both touch a period share a day in that period (intervals on a line that meet
pairwise have a common point), so for ``tijd = "overlap"`` the test needs no pairs at all: per
area and period, the other side's intervals sorted by start with a running maximum of their
ends answer "does any of them overlap this one?" for every measure at once. The work then grows
with the number of measures, not with the square of the measures per area. Only with a distance
cap are candidate pairs made, from one grid join bounded by that distance
(:func:`planner.box_grid.near_pairs`, the time tested before the distance); rules whose
sides share measures, or whose time relation is not ``overlap``, fall back to pairs per area.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.areas import Areas, place_measures
from planner.box_grid import near_pairs
from planner.periods import PeriodArrays, period_ids, period_labels
from planner.read import MeasureSet
from planner.rules import Rule, RuleSet

__all__ = ["find_groups", "GROUP_COLUMNS", "group_owners"]

GROUP_COLUMNS = [
    "regel",
    "oordeel",
    "niveau",
    "code",
    "naam",
    "periode",
    "n_a",
    "n_b",
    "n_teams",
    "teams_a",
    "teams_b",
    "teams_verbinden",
    "maatregelen_a",
    "maatregelen_b",
    "namen_a",
    "namen_b",
    "uitleg",
    "actie",
]

#: Between the items of a list in one cell (ids, names, owners).
SEPARATOR = "; "
UNKNOWN_OWNER = "eigenaar onbekend"


def find_groups(
    measures: gpd.GeoDataFrame | MeasureSet,
    rules: RuleSet,
    areas: Areas,
    *,
    period: str = "year",
    membership: pd.DataFrame | None = None,
    progress: Callable[[str], None] | None = None,
    skipped: list[str] | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """The integration groups of every same-area rule, per partition level.

    Parameters
    ----------
    measures : geopandas.GeoDataFrame or MeasureSet
        Measures as read.
    rules : RuleSet
        The rules; only those with ``zelfde_gebied`` give groups.
    areas : Areas
        The partitions.
    period : {"year", "quarter", "month"}
        The period unit (the stacking's).
    membership : pandas.DataFrame, optional
        From :func:`planner.areas.place_measures`, if already computed.
    progress : callable, optional
        Called with each rule's name.
    skipped : list, optional
        Receives a Dutch sentence for every rule whose levels are not loaded.

    Returns
    -------
    dict of str to geopandas.GeoDataFrame
        Per level that a same-area rule uses, one row per area, period and rule (columns
        :data:`GROUP_COLUMNS`, the area's geometry), by rule, area code and period.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from planner.areas import Areas, Partition
    >>> from planner.read import measures_from_frame
    >>> from planner.rules import load_rules
    >>> wijk = gpd.GeoDataFrame({"code": ["W1"], "naam": ["Oost"], "inwoners": [900]},
    ...     geometry=[shapely.box(0, 0, 1000, 1000)], crs="EPSG:28992")
    >>> frame = gpd.GeoDataFrame({"naam": ["plein", "jeugdwerk", "buurtcoach"],
    ...     "domein": ["interventie", "sociaal", "sociaal"], "start": ["2026"] * 3,
    ...     "eigenaar": ["gemeente", "welzijn", "wijkteam"]},
    ...     geometry=[shapely.Point(100, 100), shapely.Point(200, 100), None],
    ...     crs="EPSG:28992").assign(gebiedscode=["W1"] * 3)
    >>> groups = find_groups(measures_from_frame(frame), load_rules(),
    ...     Areas([Partition("wijk", wijk)]))["wijk"]
    >>> groups[["code", "periode", "n_a", "n_b", "teams_verbinden"]].values.tolist()
    [['W1', '2026', 1, 2, 'gemeente met welzijn, wijkteam']]
    """
    table = (measures.measures if isinstance(measures, MeasureSet) else measures).reset_index(
        drop=True
    )
    area_rules = [r for r in rules.rules if r.same_area]
    if not area_rules:
        return {}
    if membership is None:
        membership = place_measures(table, areas)[0]
    work = _Work(table, period)
    found: dict[str, list[pd.DataFrame]] = {}
    for rule in area_rules:
        if progress:
            progress(rule.name)
        level = areas.first_present(rule.same_area)
        if level is None:
            if skipped is not None:
                skipped.append(
                    f"regel {rule.name} overgeslagen: geen van de niveaus "
                    f"{', '.join(rule.same_area)} is ingelezen"
                )
            continue
        mem = membership.loc[membership["niveau"] == level, ["m", "gebied"]]
        side_a, side_b = _members(rule, work, mem)
        found.setdefault(level, []).append(
            _describe(rule, level, areas.get(level).areas, work, side_a, side_b)
        )
    out = {}
    for level, frames in found.items():
        frame = pd.concat(frames, ignore_index=True)
        crs = areas.get(level).areas.crs
        out[level] = gpd.GeoDataFrame(frame, geometry="geometry", crs=crs)
    return out


class _Work:
    """What every rule reads: the measures' days, periods, geometry and texts, taken once."""

    def __init__(self, table: gpd.GeoDataFrame, period: str) -> None:
        self.table = table
        self.first = table["periode_van"].to_numpy().astype("datetime64[D]").astype(np.int64)
        self.last = table["periode_tot"].to_numpy().astype("datetime64[D]").astype(np.int64)
        self.periods = PeriodArrays(
            *(table[c].to_numpy() for c in ("periode_van", "res_van", "periode_tot", "res_tot"))
        )
        self.unit = period
        first, last = table["periode_van"].to_numpy(), table["periode_tot"].to_numpy()
        row, pid, _ = period_ids(first, last, period)
        self.low = int(pid.min()) if len(pid) else 0
        self.n_periods = int(pid.max()) - self.low + 1 if len(pid) else 1
        self.labels = period_labels(np.arange(self.low, self.low + self.n_periods), period)
        self.active = pd.DataFrame({"m": row, "p": pid - self.low})
        self.geoms = np.asarray(table.geometry.array)
        self.has_geom = ~shapely.is_missing(self.geoms)
        self._texts: dict[str, np.ndarray] = {}

    def texts(self, column: str) -> np.ndarray:
        """A text column as Python strings (missing owners named), converted once."""
        if column not in self._texts:
            values = self.table[column].fillna(UNKNOWN_OWNER if column == "eigenaar" else "")
            self._texts[column] = values.astype(str).to_numpy(object)
        return self._texts[column]


def _members(rule: Rule, work: _Work, mem: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The (cell, measure) rows of each side that have a partner on the other side.

    A cell is an area position times the number of periods plus the period's number.
    """
    mask_a, mask_b = rule.side_a.mask(work.table), rule.side_b.mask(work.table)
    entries = mem.merge(work.active, on="m")
    cell = entries["gebied"].to_numpy(np.int64) * work.n_periods + entries["p"].to_numpy(np.int64)
    m = entries["m"].to_numpy(np.int64)
    a, b = mask_a[m], mask_b[m]
    ca, ma, cb, mb = cell[a], m[a], cell[b], m[b]
    if rule.time.kind != "overlap" or (mask_a & mask_b).any():
        return _by_pairs(rule, work, ca, ma, cb, mb)
    if rule.area_distance is None:
        keep_a = _has_partner(work, ca, ma, cb, mb)
        keep_b = _has_partner(work, cb, mb, ca, ma)
    else:
        keep_a, keep_b = _capped(rule, work, ca, ma, cb, mb)
    return (
        pd.DataFrame({"cel": ca[keep_a], "m": ma[keep_a]}).drop_duplicates(),
        pd.DataFrame({"cel": cb[keep_b], "m": mb[keep_b]}).drop_duplicates(),
    )


def _has_partner(
    work: _Work, cell_x: np.ndarray, m_x: np.ndarray, cell_y: np.ndarray, m_y: np.ndarray
) -> np.ndarray:
    """For each (cell, measure) of x, whether a y in the same cell runs at an overlapping time.

    Periods are compared as days: a start is the first day of its unit and an end the last, so
    "shares at least one day, month or year" is the same test at every resolution.
    """
    if not len(cell_x) or not len(cell_y):
        return np.zeros(len(cell_x), bool)
    start_y, end_y = work.first[m_y], work.last[m_y]
    order = np.lexsort((start_y, cell_y))
    cy, sy, ey = cell_y[order], start_y[order], end_y[order]
    # the latest end among the y of the cell that start no later than each one
    latest = pd.Series(ey).groupby(cy).cummax().to_numpy()
    base = int(min(work.first.min(), work.last.min()))
    span = int(max(work.first.max(), work.last.max())) - base + 2
    key_y = cy * span + (sy - base)
    key_x = cell_x * span + (work.last[m_x] - base)
    k = np.searchsorted(key_y, key_x, side="right") - 1
    found = k >= 0
    k = np.maximum(k, 0)
    return found & (cy[k] == cell_x) & (latest[k] >= work.first[m_x])


def _capped(rule: Rule, work: _Work, ca, ma, cb, mb) -> tuple[np.ndarray, np.ndarray]:
    """Partners within the rule's distance (or without geometry: anywhere in the area)."""
    loose_a, loose_b = ~work.has_geom[ma], ~work.has_geom[mb]
    # a measure without geometry meets every measure of the other side in its cell
    keep_a = _has_partner(work, ca, ma, cb[loose_b], mb[loose_b])
    keep_b = _has_partner(work, cb, mb, ca[loose_a], ma[loose_a])
    keep_a[loose_a] |= _has_partner(work, ca[loose_a], ma[loose_a], cb, mb)
    keep_b[loose_b] |= _has_partner(work, cb[loose_b], mb[loose_b], ca, ma)
    # measures with geometry: candidate pairs within the distance, the time, the shared cells
    ia = np.unique(ma[~loose_a])
    ib = np.unique(mb[~loose_b])
    if len(ia) and len(ib):

        def fits(p: np.ndarray, q: np.ndarray) -> np.ndarray:
            keep = ia[p] != ib[q]
            keep[keep] = work.periods.overlaps(ia[p[keep]], ib[q[keep]])
            return keep

        reach = float(rule.area_distance or 0.0)  # _capped is called only with a distance
        p, q = near_pairs(work.geoms[ia], work.geoms[ib], reach, keep=fits)
        _mark_shared_cells(ia[p], ib[q], ca, ma, cb, mb, keep_a, keep_b)
    return keep_a, keep_b


def _mark_shared_cells(i, j, ca, ma, cb, mb, keep_a, keep_b) -> None:
    """Mark side a's (cell, i) and side b's (cell, j) for every cell that i and j share."""
    if not len(i):
        return
    width = int(max(ca.max(initial=0), cb.max(initial=0))) + 1
    key_b = mb * width + cb
    # the cells of each i, then whether j is in the same cell
    order_a = np.argsort(ma, kind="stable")
    starts = np.searchsorted(ma[order_a], i, side="left")
    stops = np.searchsorted(ma[order_a], i, side="right")
    count = stops - starts
    pair = np.repeat(np.arange(len(i)), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    rows_a = order_a[np.repeat(starts, count) + offset]
    wanted_b = j[pair] * width + ca[rows_a]
    hit = np.isin(wanted_b, key_b)
    keep_a[rows_a[hit]] = True
    keep_b[np.isin(key_b, wanted_b[hit])] = True


def _by_pairs(rule: Rule, work: _Work, ca, ma, cb, mb) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The general case: pairs per shared area, the time relation, the distance cap.

    With ``tijd = "overlap"`` a pair counts in every period both run in (their shared time);
    where the relation lets the two run apart (``binnen``, ``na``), in the period in which the
    later one starts.
    """
    n = work.n_periods
    together = rule.time.kind == "overlap"
    left = pd.DataFrame({"m": ma, "k": ca if together else ca // n}).drop_duplicates()
    right = pd.DataFrame({"m": mb, "k": cb if together else cb // n}).drop_duplicates()
    joined = left.merge(right, on="k", suffixes=("_a", "_b"))
    i, j = joined["m_a"].to_numpy(np.int64), joined["m_b"].to_numpy(np.int64)
    key = joined["k"].to_numpy(np.int64)
    keep = i != j
    if rule.time.kind == "na":
        keep &= work.periods.after(i, j, rule.time.months)
    elif rule.time.kind == "binnen":
        keep &= work.periods.within(i, j, rule.time.months)
    else:
        keep &= work.periods.overlaps(i, j)
    if rule.area_distance is not None:
        both = np.flatnonzero(keep & work.has_geom[i] & work.has_geom[j])
        keep[both] = shapely.dwithin(work.geoms[i[both]], work.geoms[j[both]], rule.area_distance)
    i, j, key = i[keep], j[keep], key[keep]
    if together:
        cell = key
    else:
        moment = np.maximum(work.first[i], work.first[j]).astype("datetime64[D]")
        cell = key * n + period_ids(moment, moment, work.unit)[1] - work.low
    return (
        pd.DataFrame({"cel": cell, "m": i}).drop_duplicates(),
        pd.DataFrame({"cel": cell, "m": j}).drop_duplicates(),
    )


def _side_texts(work: _Work, side: pd.DataFrame, cells: np.ndarray) -> pd.DataFrame:
    """Per cell of ``cells``: the count, the ids and names (by name), the distinct owners.

    The lists are joined per group from plain Python lists cut at the cell boundaries: a
    pandas aggregation per group would cost more than everything else here.
    """
    side = side.loc[np.isin(side["cel"].to_numpy(), cells)]
    rows = side["m"].to_numpy()
    frame = pd.DataFrame(
        {
            "cel": side["cel"].to_numpy(),
            "naam": work.texts("naam")[rows],
            "id": work.texts("id")[rows],
            "eigenaar": work.texts("eigenaar")[rows],
        }
    ).sort_values(["cel", "naam", "id"], kind="stable")
    cel = frame["cel"].to_numpy(np.int64)
    starts = np.flatnonzero(np.r_[True, cel[1:] != cel[:-1]]) if len(cel) else np.empty(0, int)
    stops = np.r_[starts[1:], len(cel)].astype(int) if len(cel) else np.empty(0, int)
    ids, names, owners = (frame[c].tolist() for c in ("id", "naam", "eigenaar"))
    spans = list(zip(starts.tolist(), stops.tolist(), strict=True))
    team_sets = [frozenset(owners[s:e]) for s, e in spans]
    return pd.DataFrame(
        {
            "n": (stops - starts).astype(np.int64),
            "maatregelen": np.array([SEPARATOR.join(ids[s:e]) for s, e in spans], dtype=object),
            "namen": np.array([SEPARATOR.join(names[s:e]) for s, e in spans], dtype=object),
            "teams": np.array([", ".join(sorted(t)) for t in team_sets], dtype=object),
            "team_set": np.array(team_sets + [None], dtype=object)[:-1],
        },
        index=pd.Index(cel[starts], name="cel"),
    )


def _describe(
    rule: Rule,
    level: str,
    areas: gpd.GeoDataFrame,
    work: _Work,
    side_a: pd.DataFrame,
    side_b: pd.DataFrame,
) -> pd.DataFrame:
    cells = np.intersect1d(side_a["cel"].to_numpy(), side_b["cel"].to_numpy())
    a, b = _side_texts(work, side_a, cells), _side_texts(work, side_b, cells)
    cells = a.index
    area = (cells.to_numpy(np.int64) // work.n_periods) if len(cells) else np.empty(0, np.int64)
    per = (cells.to_numpy(np.int64) % work.n_periods) if len(cells) else np.empty(0, np.int64)
    teams = [len(x | y) for x, y in zip(a["team_set"], b["team_set"], strict=True)]
    out = pd.DataFrame(
        {
            "_gebied": area,
            "regel": rule.name,
            "oordeel": rule.verdict,
            "niveau": level,
            "code": areas["code"].to_numpy(object)[area],
            "naam": areas["naam"].to_numpy(object)[area],
            "periode": work.labels[per].astype(object) if len(per) else np.empty(0, object),
            "n_a": a["n"].to_numpy(np.int64),
            "n_b": b["n"].to_numpy(np.int64),
            "n_teams": np.asarray(teams, np.int64),
            "teams_a": a["teams"].to_numpy(object),
            "teams_b": b["teams"].to_numpy(object),
            "teams_verbinden": np.array(
                [f"{x} met {y}" for x, y in zip(a["teams"], b["teams"], strict=True)], dtype=object
            ),
            "maatregelen_a": a["maatregelen"].to_numpy(object),
            "maatregelen_b": b["maatregelen"].to_numpy(object),
            "namen_a": a["namen"].to_numpy(object),
            "namen_b": b["namen"].to_numpy(object),
        }
    )
    out["uitleg"] = _fill(rule, rule.explanation, out)
    out["actie"] = _fill(rule, rule.action, out)
    out = out.sort_values(["code", "periode"], kind="stable").reset_index(drop=True)
    out["geometry"] = np.asarray(areas.geometry.array)[out["_gebied"].to_numpy(np.int64)]
    return out[[*GROUP_COLUMNS, "geometry"]]


def _fill(rule: Rule, template: str, groups: pd.DataFrame) -> list[str]:
    """A rule's text for each group: names become counts where a side has several."""
    distance = (
        "in hetzelfde gebied"
        if rule.area_distance is None
        else f"binnen {rule.area_distance:.0f} m van elkaar"
    )
    time_text = rule.time.describe()
    # the columns as Python lists once: reading a row at a time from Arrow text costs a
    # conversion per cell (41,000 groups at a million measures: 0.7 s)
    names_a, names_b, n_a, n_b, teams_a, teams_b, periods = (
        groups[c].tolist()
        for c in ("namen_a", "namen_b", "n_a", "n_b", "teams_a", "teams_b", "periode")
    )
    texts = []
    for name_a, name_b, count_a, count_b, team_a, team_b, period in zip(
        names_a, names_b, n_a, n_b, teams_a, teams_b, periods, strict=True
    ):
        values = {
            "a_naam": name_a if count_a == 1 else f"{count_a} maatregelen",
            "b_naam": name_b if count_b == 1 else f"{count_b} maatregelen",
            "a_eigenaar": team_a,
            "b_eigenaar": team_b,
            "a_periode": period,
            "b_periode": period,
            "afstand": distance,
            "tijd": time_text,
        }
        texts.append(template.format(**values))
    return texts


def group_owners(groups: pd.DataFrame) -> pd.DataFrame:
    """One row per group and team it connects: ``rij`` (the group's row) and ``eigenaar``.

    Parameters
    ----------
    groups : pandas.DataFrame
        A table from :func:`find_groups`.

    Returns
    -------
    pandas.DataFrame
        The teams of both sides, each once per group.
    """
    rows, owners = [], []
    for k, (x, y) in enumerate(zip(groups["teams_a"], groups["teams_b"], strict=True)):
        for owner in sorted(set(str(x).split(", ")) | set(str(y).split(", "))):
            rows.append(k)
            owners.append(owner)
    return pd.DataFrame({"rij": np.asarray(rows, np.int64), "eigenaar": owners})
