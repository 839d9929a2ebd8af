"""Finding pairs of measures that interact, per rule (the overlap engine).

Candidates come from one grid join of all boxes per rule (:mod:`planner.box_grid`) or from a
join on shared areas; the time relation is tested on whole arrays; each unordered pair is kept
once per rule. No Python loop runs over pairs.
"""

from __future__ import annotations

import string
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.areas import Areas, place_measures
from planner.box_grid import near_pairs
from planner.distinct import per_value
from planner.periods import PeriodArrays
from planner.read import MeasureSet
from planner.rules import Rule, RuleSet
from planner.threads import in_order

__all__ = ["find_overlaps", "find_pair_rows", "meeting", "PAIR_COLUMNS"]

PAIR_COLUMNS = [
    "measure_a",
    "measure_b",
    "rule",
    "verdict",
    "distance_m",
    "naam_a",
    "naam_b",
    "domein_a",
    "domein_b",
    "thema_a",
    "thema_b",
    "eigenaar_a",
    "eigenaar_b",
    "periode_a",
    "periode_b",
    "gedeeld_van",
    "gedeeld_tot",
    "tussenruimte_dagen",
    "moment",
    "uitleg",
    "actie",
]


def find_overlaps(
    measures: gpd.GeoDataFrame | MeasureSet,
    rules: RuleSet,
    *,
    areas: Areas | None = None,
    membership: pd.DataFrame | None = None,
    progress: Callable[[str], None] | None = None,
    skipped: list[str] | None = None,
    area_pairs: bool = False,
) -> gpd.GeoDataFrame:
    """Find every pair of measures that satisfies a distance rule, once per rule.

    Same-area rules (``zelfde_gebied``) give groups (:func:`planner.integration.find_groups`),
    not pairs; their pairs come too with ``area_pairs=True`` or the rule's ``paren = true``.

    Parameters
    ----------
    measures : geopandas.GeoDataFrame or MeasureSet
        Measures as returned by :func:`planner.read_measures`.
    rules : RuleSet
        The rules (:func:`planner.load_rules` or :func:`planner.rules.single_rule`).
    areas : Areas, optional
        Needed for rules with ``zelfde_gebied``; without it those rules are skipped.
    membership : pandas.DataFrame, optional
        The result of :func:`planner.areas.place_measures`, if already computed.
    progress : callable, optional
        Called with each rule's name before it is evaluated.
    skipped : list, optional
        Receives a Dutch sentence for every rule that could not be evaluated.
    area_pairs : bool
        Also the pairs of same-area rules (``--samenhang-paren``), capped by the rule's
        ``afstand_m`` where it has one.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per pair and rule, columns :data:`PAIR_COLUMNS`; the geometry is the point where
        the two meet (the middle of the shortest line between them, or a point in their shared
        area).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from planner.read import measures_from_frame
    >>> from planner.rules import single_rule
    >>> frame = gpd.GeoDataFrame({"naam": ["riool", "asfalt", "ver weg"],
    ...     "domein": ["onderhoud"] * 3, "start": ["2026", "2026-05", "2026"]},
    ...     geometry=[shapely.Point(0, 0), shapely.Point(20, 0), shapely.Point(500, 0)],
    ...     crs="EPSG:28992")
    >>> pairs = find_overlaps(measures_from_frame(frame), single_rule(25, 0))
    >>> pairs[["measure_a", "measure_b", "distance_m"]].values.tolist()
    [['invoer-1', 'invoer-2', 20.0]]
    """
    table = measures.measures if isinstance(measures, MeasureSet) else measures
    table = table.reset_index(drop=True)
    wanted = [r for r in rules.rules if not r.same_area or area_pairs or r.keep_pairs]
    if areas is not None and membership is None and any(r.same_area for r in wanted):
        membership = place_measures(table, areas)[0]
    frames = []
    texts, periods = _Texts(table), _periods(table)
    for rule in wanted:
        if progress:
            progress(rule.name)
        pairs = _pairs(rule, table, periods, areas, membership, skipped)
        frames.append(_describe(rule, table, texts, areas, *pairs))
    if not frames:
        return gpd.GeoDataFrame(columns=PAIR_COLUMNS, geometry=[], crs=table.crs)
    result = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(result, geometry="geometry", crs=table.crs)


def find_pair_rows(table: gpd.GeoDataFrame, rule: Rule) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of one distance rule as row numbers of ``table``, nothing described.

    The same pairs, in the same order and orientation, as :func:`find_overlaps` gives for the
    rule; for callers that write their own table (``gebiedsplanner overlaps``).

    Parameters
    ----------
    table : geopandas.GeoDataFrame
        Measures as :func:`planner.read_measures` returns them, with a default index.
    rule : Rule
        A rule with a distance.

    Returns
    -------
    tuple of numpy.ndarray
        Row numbers of measure a and of measure b, one entry per pair.
    """
    if rule.distance is None:
        raise ValueError(f"regel {rule.name} heeft geen afstand")
    i, j, _, _ = _pairs(rule, table, _periods(table), None, None, None)
    return i, j


def meeting(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance and meeting point of each pair, from one shortest line, on all cores.

    Returns
    -------
    tuple of numpy.ndarray
        The distance (not rounded), and x and y of the middle of the shortest line between
        ``a`` and ``b``: where the two meet.

    Examples
    --------
    >>> d, x, y = meeting(shapely.points([[0, 0], [0, 0]]), shapely.points([[3, 4], [0, 0]]))
    >>> d.tolist(), x.tolist(), y.tolist()
    ([5.0, 0.0], [1.5, 0.0], [2.0, 0.0])
    """
    if not len(a):
        return np.empty(0), np.empty(0), np.empty(0)

    def numbers(s: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # the lines of one chunk live only here: all of a rule's at once would hold a GEOS
        # line and its Python object (about 300 bytes) for each of millions of pairs
        lines = shapely.shortest_line(a[s : s + _MEETING_CHUNK], b[s : s + _MEETING_CHUNK])
        ends = shapely.get_coordinates(lines).reshape(-1, 2, 2)
        step = ends[:, 1] - ends[:, 0]
        middle = ends[:, 0] + step / 2
        return np.hypot(step[:, 0], step[:, 1]), middle[:, 0], middle[:, 1]

    parts = list(in_order(numbers, range(0, len(a), _MEETING_CHUNK)))
    distance, x, y = (np.concatenate([part[k] for part in parts]) for k in range(3))
    return distance, x, y


#: Pairs per chunk of :func:`meeting`.
_MEETING_CHUNK = 50_000


def _pairs(
    rule: Rule,
    table: gpd.GeoDataFrame,
    periods: PeriodArrays,
    areas: Areas | None,
    membership: pd.DataFrame | None,
    skipped: list[str] | None,
):
    geoms = np.asarray(table.geometry.array)
    has_geom = ~shapely.is_missing(geoms)
    mask_a, mask_b = rule.side_a.mask(table), rule.side_b.mask(table)
    empty = (np.empty(0, np.int64), np.empty(0, np.int64), None, None)
    if rule.distance is not None:
        ia, ib = np.flatnonzero(mask_a & has_geom), np.flatnonzero(mask_b & has_geom)
        if not len(ia) or not len(ib):
            return empty
        i, j = _distance_pairs(rule, periods, geoms, ia, ib, mask_a, mask_b)
        order = _pair_order(i, j, len(table))
        return i[order], j[order], np.full(len(i), -1, np.int64), None
    else:
        level = areas.first_present(rule.same_area) if areas is not None else None
        if level is None or membership is None:
            if skipped is not None:
                skipped.append(
                    f"regel {rule.name} overgeslagen: geen van de niveaus "
                    f"{', '.join(rule.same_area)} is ingelezen"
                )
            return empty
        mem = membership.loc[membership["niveau"] == level, ["m", "gebied"]]
        m = mem["m"].to_numpy()
        left, right = mem[mask_a[m]], mem[mask_b[m]]
        joined = left.merge(right, on="gebied", suffixes=("_a", "_b"))
        i, j = joined["m_a"].to_numpy(np.int64), joined["m_b"].to_numpy(np.int64)
        area = joined["gebied"].to_numpy(np.int64)
    keep = i != j
    i, j, area = i[keep], j[keep], area[keep]
    keep = _time_ok(rule, periods, i, j)
    if rule.area_distance is not None:
        # capped: both with a place must lie within the distance (one without counts as near)
        both = np.flatnonzero(keep & has_geom[i] & has_geom[j])
        keep[both] = shapely.dwithin(geoms[i[both]], geoms[j[both]], rule.area_distance)
    i, j, area = i[keep], j[keep], area[keep]
    # One row per unordered pair: the orientation with the earlier measure as a, where both
    # orientations qualify.
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    order = np.lexsort((area, i, hi, lo))
    i, j, area, lo, hi = i[order], j[order], area[order], lo[order], hi[order]
    first = np.ones(len(i), bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    return i[first], j[first], area[first], level


def _pair_order(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    """The order of pairs by their lower row, then their higher row, then row a.

    ``np.lexsort((i, max, min))``, as one sort of one whole number per pair where no two pairs
    share their two rows (a distance rule gives each pair once): 2.3 s -> 0.5 s for 3.3 million
    pairs.

    Examples
    --------
    >>> _pair_order(np.array([5, 1, 2]), np.array([0, 3, 4]), 6).tolist()
    [0, 1, 2]
    >>> _pair_order(np.array([3, 1]), np.array([1, 3]), 4).tolist()  # the same two: by a
    [1, 0]
    """
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    key = lo.astype(np.int64) * max(n, 1) + hi
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    if len(ordered) > 1 and (ordered[1:] == ordered[:-1]).any():
        return np.lexsort((i, hi, lo))
    return order


def _distance_pairs(rule, periods, geoms, ia, ib, mask_a, mask_b):
    """Pairs within the rule's distance and time, one orientation each, in bounded chunks.

    The candidates come from one grid join of all boxes (:func:`planner.box_grid.near_pairs`)
    in chunks of a bounded number of pairs, so the arrays stay bounded however dense the
    programme is. The cheap time test runs on the candidates first, and the exact distance
    test only on the pairs whose time fits. Of the two orientations of a pair the one with the
    earlier measure as a is kept where both qualify.
    """
    # Both sides the same measures and a time relation that reads the same both ways (all but
    # "na"): every pair qualifies in both orientations, so the one with the earlier measure
    # as a is simply the one with i < j, and the time test runs once.
    symmetric = rule.time.kind != "na" and np.array_equal(mask_a, mask_b)

    def fits(p: np.ndarray, q: np.ndarray) -> np.ndarray:
        i, j = ia[p], ib[q]
        if symmetric:
            return _time_ok(rule, periods, i, j)
        keep = i != j
        keep[keep] = _time_ok(rule, periods, i[keep], j[keep])
        # Where the reverse orientation also qualifies, the earlier measure's turn as a keeps it.
        both = np.flatnonzero(keep & mask_a[j] & mask_b[i] & (j < i))
        if len(both):
            keep[both] = ~_time_ok(rule, periods, j[both], i[both])
        return keep

    p, q = near_pairs(geoms[ia], geoms[ib], rule.distance, same=symmetric, keep=fits)
    return ia[p], ib[q]


def _periods(table: pd.DataFrame) -> PeriodArrays:
    """The periods as whole numbers, taken once (the chunks read them from several threads)."""
    return PeriodArrays(
        *(table[c].to_numpy() for c in ("periode_van", "res_van", "periode_tot", "res_tot"))
    )


def _time_ok(rule: Rule, periods: PeriodArrays, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    if rule.time.kind == "na":
        return periods.after(i, j, rule.time.months)
    if rule.time.kind == "binnen":
        return periods.within(i, j, rule.time.months)
    return periods.overlaps(i, j)


class _Texts:
    """The text columns a pair row copies from its two measures, prepared once for all rules.

    Rows are taken with the column's own ``take`` (Arrow's take kernel for pandas' Arrow-backed
    text), so a column is never converted to Python strings per rule.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        def col(name: str) -> pd.Series:
            values = table[name].reset_index(drop=True)
            # a text column with nothing in it can arrive as numbers (NaN) from records
            return values.astype(object) if values.dtype.kind == "f" else values

        start, eind = col("start").fillna(""), col("eind").fillna("")
        columns = {name: col(name) for name in ("id", "naam", "domein", "thema", "eigenaar")}
        columns["periode"] = start.where(start == eind, start + " t/m " + eind)
        columns["eigenaar_tekst"] = col("eigenaar").fillna("eigenaar onbekend")
        # each column once in the type a Series of its values takes (pandas 3 reads object
        # text as its string type), not again for every take
        self.columns = {name: pd.Series(c.array) for name, c in columns.items()}

    def take(self, name: str, rows: np.ndarray) -> pd.Series:
        """The column's values at ``rows``, as a Series of the column's own type."""
        return pd.Series(self.columns[name].array.take(rows), copy=False)


def _describe(
    rule: Rule,
    table: gpd.GeoDataFrame,
    texts: _Texts,
    areas: Areas | None,
    i: np.ndarray,
    j: np.ndarray,
    area: np.ndarray | None,
    level: str | None,
) -> pd.DataFrame:
    geoms = np.asarray(table.geometry.array)
    gi, gj = geoms[i], geoms[j]
    both = ~shapely.is_missing(gi) & ~shapely.is_missing(gj)
    distance = np.full(len(i), np.nan)
    point = np.full(len(i), None, dtype=object)
    if both.any():
        apart, x, y = meeting(gi[both], gj[both])
        distance[both] = np.round(apart, 2)
        point[both] = shapely.points(x, y)
    if (~both).any():
        # a pair without geometry comes from a same-area rule, which has the areas and level
        located = areas.get(level).areas  # type: ignore[union-attr, arg-type]
        area_geoms = np.asarray(located.geometry.array)[area[~both]]  # type: ignore[index]
        single = np.where(shapely.is_missing(gi[~both]), gj[~both], gi[~both])
        clipped = shapely.intersection(single, area_geoms)
        clipped = np.where(
            shapely.is_missing(clipped) | shapely.is_empty(clipped), area_geoms, clipped
        )
        point[~both] = shapely.point_on_surface(clipped)

    first = table["periode_van"].to_numpy().astype("datetime64[D]")
    last = table["periode_tot"].to_numpy().astype("datetime64[D]")
    van = np.maximum(first[i], first[j])
    tot = np.minimum(last[i], last[j])
    together = van <= tot
    gap = np.where(together, 0, (van - tot).astype(np.int64) - 1)

    out = pd.DataFrame(
        {
            "measure_a": texts.take("id", i),
            "measure_b": texts.take("id", j),
            "rule": rule.name,
            "verdict": rule.verdict,
            "distance_m": distance,
            "naam_a": texts.take("naam", i),
            "naam_b": texts.take("naam", j),
            "domein_a": texts.take("domein", i),
            "domein_b": texts.take("domein", j),
            "thema_a": texts.take("thema", i),
            "thema_b": texts.take("thema", j),
            "eigenaar_a": texts.take("eigenaar", i),
            "eigenaar_b": texts.take("eigenaar", j),
            "periode_a": texts.take("periode", i),
            "periode_b": texts.take("periode", j),
            "gedeeld_van": np.where(together, van, np.datetime64("NaT")).astype("datetime64[s]"),
            "gedeeld_tot": np.where(together, tot, np.datetime64("NaT")).astype("datetime64[s]"),
            "tussenruimte_dagen": gap,
            "moment": van.astype("datetime64[s]"),
        }
    )
    values = {
        "a_naam": out["naam_a"],
        "b_naam": out["naam_b"],
        "a_eigenaar": texts.take("eigenaar_tekst", i),
        "b_eigenaar": texts.take("eigenaar_tekst", j),
        "a_periode": out["periode_a"],
        "b_periode": out["periode_b"],
        "afstand": pd.Series(_distance_text(distance)),
        "tijd": pd.Series(_time_text(together, gap)),
    }
    out["uitleg"] = _fill(rule.explanation, values, len(out))
    out["actie"] = _fill(rule.action, values, len(out))
    out["geometry"] = point
    return out


def _distance_text(distance: np.ndarray) -> np.ndarray:
    """``"12 m"``, or ``"in hetzelfde gebied"`` for pairs found by a shared area.

    Examples
    --------
    >>> _distance_text(np.array([12.4, np.nan, 0.5])).tolist()
    ['12 m', 'in hetzelfde gebied', '0 m']
    """
    metres = np.where(np.isnan(distance), -1, np.round(np.nan_to_num(distance))).astype(np.int64)
    return per_value(metres, lambda m: "in hetzelfde gebied" if m < 0 else f"{m} m")


def _time_text(together: np.ndarray, gap: np.ndarray) -> np.ndarray:
    """How the two periods relate: together, or the days or months between them.

    Examples
    --------
    >>> _time_text(np.array([True, False, False, False]), np.array([0, 10, 100, 0])).tolist()
    ['tegelijk', 'met 10 dagen ertussen', 'met 3 maanden ertussen', 'direct na elkaar']
    """

    def text(days: int) -> str:
        if days < 0:
            return "tegelijk"
        if days == 0:  # one ends the day before the other starts: not '0 dagen ertussen'
            return "direct na elkaar"
        if days < 45:
            return f"met {days} dagen ertussen"
        return f"met {round(days / 30.44)} maanden ertussen"

    return per_value(np.where(together, -1, gap), text)


def _fill(template: str, values: dict[str, pd.Series], n: int) -> pd.Series:
    """Fill a template column-wise: literal text and whole columns, no loop over rows.

    Examples
    --------
    >>> names = pd.Series(["riool", None])
    >>> _fill("{a_naam} en {a_naam}!", {"a_naam": names}, 2).tolist()
    ['riool en riool!', ' en !']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.large_string()
    pieces: list = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            pieces.append(pa.scalar(literal, text))
        if name is not None:
            pieces.append(pa.array(values[name].fillna("").astype(str), text))
    if not any(isinstance(piece, pa.Array) for piece in pieces):
        return pd.Series(["".join(p.as_py() for p in pieces)] * n, dtype=object)
    # one pass over the rows: adding the pieces one by one would make a whole column of text
    # for every piece (millions of pairs: gigabytes that live only to be added to)
    return pd.Series(pc.binary_join_element_wise(*pieces, pa.scalar("", text)).to_pandas())
