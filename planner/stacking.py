"""Stacking (stapeling) per area and period, on every partition level.

For each area and period: measures by domain, the nuisance-weighted load (hinderlast), budget and
budget per inhabitant, measures per 1,000 inhabitants, domains present, overlaps by verdict
(pairs of distance rules and groups of same-area rules), the teams that samenhang brings
together, a stacking flag and an integration flag from the thresholds in the rules file, and,
where a need indicator is given, the quadrant of need against effort.
"""

from __future__ import annotations

from collections.abc import Iterator

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.areas import Areas, Partition, locate_on_levels, place_measures
from planner.errors import OptionError
from planner.heap_trim import trim_heap
from planner.periods import PERIOD_UNITS, period_ids, period_labels
from planner.read import MeasureSet
from planner.rules import RuleSet
from planner.schema import DOMAINS, VERDICTS, Schema, load_schema
from planner.texts import number_nl

__all__ = ["stacking_by_area", "most_stacked", "STACKING_COLUMNS"]

STACKING_COLUMNS = [
    "niveau",
    "code",
    "naam",
    "ouder",
    "periode",
    "inwoners",
    "n_maatregelen",
    *[f"n_{d}" for d in DOMAINS],
    "n_domeinen",
    "n_hoge_hinder",
    "hinderlast",
    "budget",
    "budget_per_inwoner",
    "per_1000_inwoners",
    *[f"n_{v}" for v in VERDICTS],
    "n_teams",
    "stapeling",
    "integratie",
    "reden",
    "behoefte",
    "kwadrant",
]


def stacking_by_area(
    measures: gpd.GeoDataFrame | MeasureSet,
    areas: Areas,
    *,
    overlaps: gpd.GeoDataFrame | None = None,
    rules: RuleSet | None = None,
    period: str = "year",
    need: str | None = None,
    membership: pd.DataFrame | None = None,
    schema: Schema | None = None,
    groups: dict[str, gpd.GeoDataFrame] | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Stacking figures per area and period, for every partition level.

    Parameters
    ----------
    measures : geopandas.GeoDataFrame or MeasureSet
        Measures as read.
    areas : Areas
        The partitions.
    overlaps : geopandas.GeoDataFrame, optional
        Pairs from :func:`planner.find_overlaps`, counted per area (where they meet) and
        period (when they meet).
    rules : RuleSet, optional
        For the thresholds; the defaults of the rules module when not given.
    period : {"year", "quarter", "month"}
        The period unit.
    need : str, optional
        An area column that measures need, higher = more need; ``-COLUMN`` for a column where
        lower means more need (e.g. ``-INK_INW_X1000``, income).
    membership : pandas.DataFrame, optional
        From :func:`planner.areas.place_measures`, if already computed.
    schema : Schema, optional
        For the nuisance weights.
    groups : dict of str to geopandas.GeoDataFrame, optional
        The groups of same-area rules (:func:`planner.integration.find_groups`), made with the
        same ``period``: each counts once under its verdict in the area where its own area lies
        (a point on its surface) and in its period.

    Returns
    -------
    dict of str to geopandas.GeoDataFrame
        Per level a table with one row per area and period (every area, every period of the
        programme, also where nothing happens), columns :data:`STACKING_COLUMNS` and the area's
        geometry. ``n_<oordeel>`` counts pairs and groups; ``n_teams`` the distinct teams
        (owners) that the samenhang pairs and groups there bring together. The integration flag
        needs at least ``samenhang_min`` samenhang findings, ``teams_min`` teams and
        ``domeinen_min`` domains (``[integratie]`` in the rules file).
    """
    if period not in PERIOD_UNITS:
        raise OptionError(
            f"--period: {period!r} is niet toegestaan; kies uit: {', '.join(PERIOD_UNITS)}."
        )
    schema = schema or load_schema()
    rules = rules or RuleSet([])
    table = (measures.measures if isinstance(measures, MeasureSet) else measures).reset_index(
        drop=True
    )
    if membership is None:
        membership = place_measures(table, areas)[0]
    need_col, invert = _need_column(need, areas)
    first = table["periode_van"].to_numpy()
    last = table["periode_tot"].to_numpy()
    # Periods are whole numbers, counted from the programme's first period, until the labels
    # go on the finished table: grouping on (area, period) is then grouping on one integer.
    row, pid, share_days = period_ids(first, last, period)
    trim_heap()
    low = int(pid.min()) if len(pid) else 0
    n_periods = int(pid.max()) - low + 1 if len(pid) else 0
    all_periods = period_labels(np.arange(low, low + n_periods), period)
    # each measure's periods are one run of rows (period_ids repeats the measures in order)
    per_measure = np.bincount(row, minlength=len(table))
    run_start = np.cumsum(per_measure) - per_measure
    weight = table["hinder"].map(schema.nuisance_weight).fillna(0).to_numpy(float)
    budget = pd.to_numeric(table["budget"], errors="coerce").fillna(0).to_numpy(float)
    domain = table["domein"].to_numpy()
    domain_of = {d: domain == d for d in DOMAINS}  # per measure, taken once for every level
    high = (table["hinder"] == "hoog").to_numpy()
    if groups is not None and overlaps is not None and len(overlaps):
        # a same-area rule counts by its groups; its pairs, where kept, are not counted again
        by_area = {r.name for r in rules.rules if r.same_area}
        counted_by_group = overlaps["rule"].isin(by_area).to_numpy()
        if counted_by_group.any():
            overlaps = overlaps.loc[~counted_by_group]
    facts = _PairFacts(overlaps, period) if overlaps is not None and len(overlaps) else None
    # where the pairs meet and where the groups lie, on every level: one tree of points each
    pair_areas = (
        locate_on_levels(facts.points, areas.partitions)
        if facts is not None
        else [np.empty(0, np.int64) for _ in areas.partitions]
    )
    group_areas = {
        name: locate_on_levels(
            shapely.point_on_surface(np.asarray(table.geometry.array)), areas.partitions
        )
        for name, table in (groups or {}).items()
        if len(table)
    }
    result = {}
    for k, part in enumerate(areas.partitions):
        mem = membership.loc[membership["niveau"] == part.level, ["m", "gebied", "aandeel"]]
        mem_m = mem["m"].to_numpy(np.int64)
        mem_area = mem["gebied"].to_numpy(np.int64)
        mem_share = mem["aandeel"].to_numpy()
        cells = len(part.areas) * n_periods
        columns: dict[str, np.ndarray] = {
            name: np.zeros(cells, np.int64)
            for name in ["n_maatregelen", *(f"n_{d}" for d in DOMAINS), "n_hoge_hinder"]
        }
        columns["hinderlast"], columns["budget"] = np.zeros(cells), np.zeros(cells)
        # a block of areas at a time: every (measure in area, period of the measure) row of a
        # fine partition by the month is tens of millions of rows, all held at once
        for first_area, end_area, rows in _area_blocks(mem_area, per_measure[mem_m], part):
            # the measure's membership rows in order, each with its periods in order (what an
            # inner merge on the measure gives)
            block_m = mem_m[rows]
            n = per_measure[block_m]
            left = np.repeat(np.arange(len(rows)), n)
            right = np.repeat(run_start[block_m] - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))
            m = block_m[left]
            c0, c1 = first_area * n_periods, end_area * n_periods
            cel = (mem_area[rows][left] - first_area) * n_periods + (pid[right] - low)
            aandeel = mem_share[rows][left]
            # the counts on whole numbers; the two sums of fractions through pandas'
            # (compensated) group sum, as before: each cell's rows are all in one block, in
            # their order, so its sum is the same
            fractions = pd.DataFrame(
                {
                    "cel": cel,
                    "hinderlast": weight[m] * aandeel,
                    "budget": budget[m] * aandeel * share_days[right],
                }
            )
            summed = fractions.groupby("cel").sum().reindex(np.arange(c1 - c0), fill_value=0)
            columns["hinderlast"][c0:c1] = summed["hinderlast"].to_numpy()
            columns["budget"][c0:c1] = summed["budget"].to_numpy()
            columns["n_maatregelen"][c0:c1] = np.bincount(cel, minlength=c1 - c0)
            for d in DOMAINS:
                columns[f"n_{d}"][c0:c1] = np.bincount(cel[domain_of[d][m]], minlength=c1 - c0)
            columns["n_hoge_hinder"][c0:c1] = np.bincount(cel[high[m]], minlength=c1 - c0)
        sums = pd.DataFrame(columns)
        sums.insert(0, "gebied", np.arange(cells) // max(n_periods, 1))
        sums.insert(1, "periode", all_periods[np.arange(cells) % max(n_periods, 1)])
        sums["n_domeinen"] = (sums[[f"n_{d}" for d in DOMAINS]] > 0).sum(axis=1)
        located = pair_areas[k]
        counts = _overlap_counts(facts, located, low, n_periods, cells)
        found = _group_counts(
            groups,
            {name: where[k] for name, where in group_areas.items()},
            facts,
            located,
            part,
            period,
            low,
            all_periods,
        )
        for verdict in VERDICTS:
            sums[f"n_{verdict}"] = counts.get(verdict, 0) + found.get(verdict, 0)
        sums["n_teams"] = found["teams"]
        frame = sums.reset_index(drop=True)
        # only the area columns the table takes: CBS's own buurten carry a hundred figures,
        # and every area is repeated for every period
        wanted = [c for c in ("code", "naam", "ouder", "inwoners", need_col) if c]
        info = part.areas[[*dict.fromkeys(c for c in wanted if c in part.areas.columns)]]
        info = info.iloc[frame["gebied"].to_numpy()].reset_index(drop=True)
        geometry = np.asarray(part.areas.geometry.array)[frame["gebied"].to_numpy()]
        frame.insert(0, "niveau", part.level)
        frame.insert(1, "code", info["code"].to_numpy())
        frame.insert(2, "naam", info["naam"].to_numpy())
        frame.insert(3, "ouder", info["ouder"].to_numpy() if "ouder" in info else None)
        inw = pd.to_numeric(info["inwoners"], errors="coerce").to_numpy(float)
        frame["inwoners"] = inw
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["budget_per_inwoner"] = np.where(inw > 0, frame["budget"] / inw, np.nan)
            frame["per_1000_inwoners"] = np.where(
                inw > 0, frame["n_maatregelen"] / inw * 1000, np.nan
            )
        _flags(frame, *rules.thresholds(part.level))
        _quadrant(frame, info, need_col, invert)
        frame["hinderlast"] = frame["hinderlast"].round(3)
        frame["budget"] = frame["budget"].round(2)
        frame["budget_per_inwoner"] = frame["budget_per_inwoner"].round(2)
        frame["per_1000_inwoners"] = frame["per_1000_inwoners"].round(3)
        frame = frame[STACKING_COLUMNS]
        result[part.level] = gpd.GeoDataFrame(frame, geometry=geometry, crs=part.areas.crs)
        trim_heap()  # the level's rows of measure and period are freed: back to the system
    return result


#: Rows of (measure in area, period) that stacking makes at a time (:func:`_area_blocks`).
STACK_ROWS = 2_000_000


def _area_blocks(
    area: np.ndarray, periods: np.ndarray, part: Partition
) -> Iterator[tuple[int, int, np.ndarray]]:
    """Blocks of consecutive areas with about :data:`STACK_ROWS` rows of stacking each.

    ``area`` and ``periods`` are per membership row: its area on ``part`` and its measure's
    number of periods. Yields ``(first area, area after the last, membership rows of the
    block in their order)``; an area with more rows than that is a block of its own.
    """
    n_areas = len(part.areas)
    per_area = np.bincount(area, weights=periods, minlength=n_areas)
    ends = np.cumsum(per_area)
    total = ends[-1] if n_areas else 0
    cuts = np.searchsorted(ends, np.arange(STACK_ROWS, total, STACK_ROWS))
    edges = np.unique(np.r_[0, cuts + 1, n_areas].clip(0, n_areas))
    if len(edges) <= 2:
        yield 0, n_areas, np.arange(len(area))
        return
    for a0, a1 in zip(edges[:-1], edges[1:], strict=True):
        yield int(a0), int(a1), np.flatnonzero((area >= a0) & (area < a1))


def _need_column(need: str | None, areas: Areas) -> tuple[str | None, bool]:
    if not need:
        return None, False
    invert = need.startswith("-")
    column = need.lstrip("-")
    known = {c for p in areas.partitions for c in p.areas.columns}
    if column not in known:
        numeric = sorted(
            c
            for p in areas.partitions
            for c in p.areas.columns
            if c != "geometry" and pd.api.types.is_numeric_dtype(p.areas[c])
        )
        raise OptionError(
            f"--need: kolom {column!r} staat niet bij de gebieden; "
            f"getallen-kolommen: {', '.join(dict.fromkeys(numeric))}."
        )
    return column, invert


class _PairFacts:
    """What stacking needs of the pairs, taken once for every level.

    Where each pair meets (``points``), its period (``pid``, not yet counted from the
    programme's first period), its verdict, and for the samenhang pairs (``chosen``) the teams
    of both sides as codes into ``owners`` (``codes``: side a, then side b).
    """

    def __init__(self, overlaps: gpd.GeoDataFrame, period: str) -> None:
        from planner.integration import UNKNOWN_OWNER

        moment = overlaps["moment"].to_numpy()
        self.points = np.asarray(overlaps.geometry.array)
        self.pid = period_ids(moment, moment, period)[1]
        self.verdict = overlaps["verdict"].to_numpy()
        self.chosen = np.flatnonzero(self.verdict == "samenhang")
        sides = [
            overlaps[side].iloc[self.chosen].fillna(UNKNOWN_OWNER).reset_index(drop=True)
            for side in ("eigenaar_a", "eigenaar_b")
        ]
        self.codes, uniques = pd.factorize(pd.concat(sides, ignore_index=True))
        self.owners = np.asarray(uniques, dtype=object)


def _overlap_counts(
    facts: _PairFacts | None, located: np.ndarray, low: int, n_periods: int, cells: int
) -> dict[str, np.ndarray]:
    """Per verdict the pairs in each (area, period) cell, by where and when they meet."""
    if facts is None:
        return {}
    p = facts.pid - low
    inside = (located >= 0) & (p >= 0) & (p < n_periods)
    cell = located[inside] * n_periods + p[inside]
    verdict = facts.verdict[inside]
    return {v: np.bincount(cell[verdict == v], minlength=cells) for v in VERDICTS}


def _group_counts(
    groups: dict[str, gpd.GeoDataFrame] | None,
    group_areas: dict[str, np.ndarray],
    facts: _PairFacts | None,
    located: np.ndarray,
    part,
    period: str,
    low: int,
    all_periods: np.ndarray,
) -> dict[str, np.ndarray]:
    """Per verdict the groups in each cell, and ``teams``: the distinct samenhang owners.

    ``group_areas`` holds per groups table where each group lies on ``part`` (a point on its
    surface, located).
    """
    from planner.integration import group_owners

    n_periods = len(all_periods)
    cells = len(part.areas) * n_periods
    out: dict[str, np.ndarray] = {}
    owner_cells, owners = [], []
    index = {str(p): k for k, p in enumerate(all_periods)}
    for name, table in (groups or {}).items():
        if not len(table):
            continue
        unknown = sorted(set(table["periode"].astype(str)) - set(index))
        if unknown:
            raise OptionError(
                f"samenhanggroepen per ander tijdvak ({unknown[0]}) dan de stapeling "
                f"(--period {period})."
            )
        where = group_areas[name]
        p = table["periode"].astype(str).map(index).to_numpy(np.int64)
        inside = where >= 0
        cell = where * n_periods + p
        verdict = table["oordeel"].to_numpy()
        for v in VERDICTS:
            chosen = inside & (verdict == v)
            out[v] = out.get(v, 0) + np.bincount(cell[chosen], minlength=cells)
        teams = group_owners(table)
        rows = teams["rij"].to_numpy()
        keep = (inside & (verdict == "samenhang"))[rows]
        owner_cells.append(cell[rows][keep])
        owners.append(teams["eigenaar"].to_numpy(object)[keep])
    if facts is not None and len(facts.chosen):
        p = facts.pid[facts.chosen] - low
        where = located[facts.chosen]
        inside = (where >= 0) & (p >= 0) & (p < n_periods)
        cell = (where * n_periods + p)[inside]
        n = len(facts.chosen)
        # each (cell, team) once, on whole numbers, before the teams become text again
        code = np.concatenate([facts.codes[:n][inside], facts.codes[n:][inside]])
        width = max(len(facts.owners), 1)
        key = np.unique(np.concatenate([cell, cell]) * width + code)
        owner_cells.append(key // width)
        owners.append(facts.owners[key % width])
    teams_per_cell = np.zeros(cells, np.int64)
    if owner_cells:
        long = pd.DataFrame({"cel": np.concatenate(owner_cells), "e": np.concatenate(owners)})
        distinct = long.drop_duplicates()["cel"].to_numpy(np.int64)
        teams_per_cell = np.bincount(distinct, minlength=cells)
    out["teams"] = teams_per_cell
    return out


def _flags(frame: pd.DataFrame, th: dict[str, float], integ: dict[str, float]) -> None:
    checks = [
        (
            frame["hinderlast"] > th["hinderlast_max"],
            lambda r: (
                f"hinderlast {number_nl(round(r.hinderlast, 1))} (drempel "
                f"{number_nl(th['hinderlast_max'])})"
            ),
        ),
        (
            frame["n_hoge_hinder"] > th["hoog_hinder_max"],
            lambda r: (
                f"{r.n_hoge_hinder} maatregelen met veel hinder tegelijk "
                f"(drempel {number_nl(th['hoog_hinder_max'])})"
            ),
        ),
        (
            frame["per_1000_inwoners"] > th["per_1000_inwoners_max"],
            lambda r: (
                f"{number_nl(round(r.per_1000_inwoners, 1))} maatregelen per 1.000 inwoners "
                f"(drempel {number_nl(th['per_1000_inwoners_max'])})"
            ),
        ),
    ]
    flag = np.zeros(len(frame), bool)
    for mask, _ in checks:
        flag |= mask.to_numpy()
    frame["stapeling"] = flag
    frame["integratie"] = (
        (frame["n_samenhang"] >= integ["samenhang_min"])
        & (frame["n_teams"] >= integ.get("teams_min", 0))
        & (frame["n_domeinen"] >= integ["domeinen_min"])
    )
    reasons = [""] * len(frame)
    # only the flagged rows are read one by one (a national run has 160,000 area-periods)
    flagged = np.flatnonzero(flag)
    figures = frame[["hinderlast", "n_hoge_hinder", "per_1000_inwoners"]].iloc[flagged]
    rows = dict(zip(flagged.tolist(), figures.itertuples(), strict=True))
    for mask, text in checks:
        for k in np.flatnonzero(mask.to_numpy()).tolist():
            reasons[k] = (reasons[k] + "; " if reasons[k] else "") + text(rows[k])
    spread = frame["n_spreiden"].to_numpy()
    for k in np.flatnonzero(flag & (spread > 0)).tolist():
        reasons[k] += f"; {spread[k]} {'paar' if spread[k] == 1 else 'paren'} om te spreiden"
    frame["reden"] = reasons


def _quadrant(frame: pd.DataFrame, info: pd.DataFrame, need_col: str | None, invert: bool) -> None:
    if need_col is None or need_col not in info.columns:
        frame["behoefte"] = np.nan
        frame["kwadrant"] = None
        return
    need = pd.to_numeric(info[need_col], errors="coerce")
    frame["behoefte"] = need.to_numpy()
    score = -need if invert else need
    # Need is a property of the area: rank it over the areas, not over area-periods.
    per_area = pd.Series(score.to_numpy(), index=frame["code"]).groupby(level=0).first()
    need_high = frame["code"].map(per_area.rank(pct=True) > 0.5).to_numpy()
    effort = frame["per_1000_inwoners"].where(
        frame["per_1000_inwoners"].notna(), frame["n_maatregelen"]
    )
    effort_high = (effort.groupby(frame["periode"]).rank(pct=True) > 0.5).to_numpy()
    quadrant = np.where(
        need_high,
        np.where(effort_high, "in_balans_hoog", "blinde_vlek"),
        np.where(effort_high, "stapeling_zonder_opgave", "in_balans_laag"),
    )
    frame["kwadrant"] = np.where(score.isna().to_numpy(), "onbekend", quadrant)


def most_stacked(stacking: gpd.GeoDataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` most stacked areas: per area its heaviest period, heaviest first.

    Parameters
    ----------
    stacking : geopandas.GeoDataFrame
        One level's table from :func:`stacking_by_area`.
    n : int
        How many areas.

    Returns
    -------
    pandas.DataFrame
        Columns of the stacking table, one row per area.
    """
    frame = pd.DataFrame(stacking.drop(columns="geometry"))
    frame = frame.sort_values(
        ["stapeling", "hinderlast", "n_maatregelen", "code", "periode"],
        ascending=[False, False, False, True, True],
        kind="stable",
    )
    return frame.drop_duplicates("code").head(n).reset_index(drop=True)
