"""Areas: partitions (gebiedsindelingen), their nesting, indicators, and placing measures in them.

A partition is a set of areas at one level: CBS buurten, wijken and gemeenten, or a
municipality's own stadsdelen or clusters. Levels are ordered from fine to coarse by the size of
their areas, and each area gets its parent on the next level: by code where codes nest, else by
largest overlap.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.cells import column_text
from planner.errors import InputError, OptionError
from planner.schema import DEFAULT_CRS
from planner.sources import (
    COORDINATES_OK,
    NOT_FINITE,
    LayerRef,
    coordinate_problems,
    list_layers,
    non_finite,
    read_layer,
)
from planner.texts import say
from planner.threads import bulk_query, elementwise, workers

__all__ = [
    "Partition",
    "Areas",
    "read_areas",
    "place_measures",
    "join_indicators",
    "locate_points",
    "locate_on_levels",
]

log = logging.getLogger(__name__)

#: In a rule's ``zelfde_gebied``: the finest partition level that is loaded.
FINEST = "fijnste"

# CBS column names, per level: code, name, and the level's parent code columns.
CBS_LEVELS = {
    "buurt": (("bu_code", "buurtcode"), ("bu_naam", "buurtnaam")),
    "wijk": (("wk_code", "wijkcode"), ("wk_naam", "wijknaam")),
    "gemeente": (("gm_code", "gemeentecode"), ("gm_naam", "gemeentenaam")),
}
PLAIN_CODE = ("code", "statcode", "gebiedscode", "id")
PLAIN_NAME = ("naam", "name", "statnaam", "gebiedsnaam")
POPULATION = (
    "aant_inw",
    "aantal_inwoners",
    "aantalinwoners",
    "inwoners",
    "bevolking",
    "population",
)


@dataclass
class Partition:
    """The areas of one level.

    Attributes
    ----------
    level : str
        ``buurt``, ``wijk``, ``gemeente`` or the name of a custom partition.
    areas : geopandas.GeoDataFrame
        Columns ``code``, ``naam``, ``inwoners``, ``ouder`` (code of the parent area on the next
        coarser level, if any), the geometry, and every other column of the source (indicators).
    source : str
        Where the areas were read from.
    """

    level: str
    areas: gpd.GeoDataFrame
    source: str = ""


@dataclass
class Areas:
    """All partitions of a run, fine to coarse."""

    partitions: list[Partition] = field(default_factory=list)
    nesting: dict[str, dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def levels(self) -> list[str]:
        """Level names, fine to coarse."""
        return [p.level for p in self.partitions]

    def get(self, level: str) -> Partition:
        """The partition of ``level``."""
        for p in self.partitions:
            if p.level == level:
                return p
        raise OptionError(f"Onbekend gebiedsniveau {level!r}; geladen: {', '.join(self.levels)}.")

    def first_present(self, preferred: Iterable[str]) -> str | None:
        """The first of ``preferred`` that is loaded, else None; ``fijnste`` is the finest."""
        levels = self.levels
        for level in preferred:
            if level == FINEST and levels:
                return levels[0]
            if level in levels:
                return level
        return None


def _find(columns: Iterable[str], candidates: Iterable[str]) -> str | None:
    by_fold = {c.casefold(): c for c in columns}
    return next((by_fold[c] for c in candidates if c in by_fold), None)


def _recognise(frame: gpd.GeoDataFrame, ref: LayerRef) -> tuple[str, dict[str, str | None]]:
    """Find the level and the code, name and population columns of an area layer."""
    cols = [c for c in frame.columns if c not in ("_fid", "geometry")]
    for level, (codes, names) in CBS_LEVELS.items():
        code = _find(cols, codes)
        if code is None:
            continue
        # A buurt layer also carries WK_CODE and GM_CODE: the finest code present wins.
        finer = [
            lv
            for lv in CBS_LEVELS
            if lv != level
            and list(CBS_LEVELS).index(lv) < list(CBS_LEVELS).index(level)
            and _find(cols, CBS_LEVELS[lv][0])
        ]
        if finer:
            continue
        return level, {
            "code": code,
            "naam": _find(cols, names) or _find(cols, PLAIN_NAME),
            "inwoners": _find(cols, POPULATION),
        }
    code = _find(cols, PLAIN_CODE)
    if code is None:
        raise InputError(
            f"{ref}: geen kolom met een gebiedscode gevonden (BU_CODE, WK_CODE, GM_CODE, "
            f"buurtcode, wijkcode, gemeentecode of code); kolommen: {', '.join(cols)}."
        )
    return ref.name, {
        "code": code,
        "naam": _find(cols, PLAIN_NAME),
        "inwoners": _find(cols, POPULATION),
    }


def read_areas(
    sources: str | Path | Iterable[str | Path],
    *,
    layers: list[str] | None = None,
    crs: str = DEFAULT_CRS,
    input_crs: str | None = None,
    indicators: str | Path | None = None,
) -> Areas:
    """Read one or more partitions and derive how they nest.

    Parameters
    ----------
    sources : path, LayerRef or a list of them
        Files with area layers; every layer of a GeoPackage is a partition unless ``layers``
        names some.
    layers : list of str, optional
        Only these layers.
    crs : str
        The working CRS.
    input_crs : str, optional
        The CRS of layers that declare none.
    indicators : path, optional
        A CSV of figures per area (e.g. CBS kerncijfers), joined by code onto every partition
        whose codes it holds.

    Returns
    -------
    Areas
        The partitions, fine to coarse, with ``ouder`` filled in.

    Examples
    --------
    >>> from planner.schema import layers_dir
    >>> areas = read_areas(layers_dir() / "haarlem_wijken_2024.gpkg")
    >>> areas.levels
    ['wijk', 'gemeente']
    >>> int(areas.get("wijk").areas["ouder"].eq("GM0392").sum())
    21
    """
    paths = [sources] if isinstance(sources, (str, Path, LayerRef)) else list(sources)
    partitions: list[Partition] = []
    warnings: list[str] = []
    for ref in [r for p in paths for r in list_layers(p, layers if layers else None)]:
        raw = read_layer(ref, input_crs)
        warnings.extend(raw.attrs.get("waarschuwingen", []))
        if raw.geometry.isna().all():
            raise InputError(
                f"{ref} heeft geen geometrie: een gebiedsindeling heeft vlakken nodig."
            )
        level, cols = _recognise(raw, ref)
        raw, unusable = _without_unusable_geometry(raw, ref)
        warnings.extend(unusable)
        if not len(raw):
            raise InputError(
                f"{ref} heeft geen gebied met bruikbare coördinaten: herstel de geometrie in de "
                "bron en lees opnieuw in."
            )
        codes, generated = _codes(raw, str(cols["code"]), ref)  # _recognise always finds one
        warnings.extend(generated)
        areas = gpd.GeoDataFrame(
            {
                "code": codes,
                "naam": (
                    raw[cols["naam"]].astype(str) if cols["naam"] else raw[cols["code"]].astype(str)
                ),
                "inwoners": (
                    pd.to_numeric(raw[cols["inwoners"]], errors="coerce")
                    if cols["inwoners"]
                    else np.nan
                ),
            },
            geometry=raw.geometry.to_crs(crs) if raw.crs else raw.geometry,
            crs=crs,
        )
        # The population column stays under its own name too, so it can be named as need.
        for col in raw.columns:
            if col not in {"_fid", "geometry", "_geometrie_fout", cols["code"], cols["naam"]}:
                areas[col] = raw[col].to_numpy()
        if areas["code"].duplicated().any():
            dup = areas.loc[areas["code"].duplicated(), "code"].iloc[0]
            raise InputError(f"{ref}: gebiedscode {dup!r} komt meer dan eens voor.")
        invalid = ~shapely.is_valid(np.asarray(areas.geometry.array))
        if invalid.any():
            areas.loc[invalid, "geometry"] = shapely.make_valid(
                np.asarray(areas.geometry.array)[invalid]
            )
        if any(p.level == level for p in partitions):
            raise InputError(f"{ref}: niveau {level!r} is al ingelezen uit een andere laag.")
        partitions.append(Partition(level, areas, str(ref)))
        warnings.extend(_overlap_warning(areas, ref))
    if not partitions:
        raise InputError("Geen gebiedsindeling opgegeven.")
    partitions.sort(key=lambda p: float(np.median(p.areas.geometry.area)) if len(p.areas) else 0)
    result = Areas(partitions, warnings=warnings)
    _derive_nesting(result)
    result.warnings.extend(_nesting_warnings(result))
    if indicators:
        join_indicators(result, indicators)
    return result


def _codes(raw: gpd.GeoDataFrame, column: str, ref: LayerRef) -> tuple[np.ndarray, list[str]]:
    """The areas' codes as text; an area without one gets ``<laag>-<fid>``, with a warning.

    An empty code would be a code ('') that nothing can refer to, and two such areas would
    clash; a generated one keeps the area in the stacking under a name the planner can find.
    """
    codes = column_text(raw[column]).to_numpy()
    missing = pd.isna(codes)
    if not missing.any():
        return codes, []
    fids = raw["_fid"].to_numpy()[missing]
    made = np.char.add(f"{ref.name}-", fids.astype(str)).astype(object)
    codes = codes.copy()
    codes[missing] = made
    shown = ", ".join(str(f) for f in fids[:5]) + (" ..." if len(fids) > 5 else "")
    text = say("gebied_zonder_code", bron=str(ref), n=len(fids), fids=shown, voorbeeld=made[0])
    log.warning(text)
    return codes, [text]


def _without_unusable_geometry(
    raw: gpd.GeoDataFrame, ref: LayerRef
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Leave out areas whose coordinates are impossible (NaN, infinite, 1e300), with a warning.

    GEOS cannot repair or intersect them (``make_valid`` stops the run on them). A measure there
    is then outside the areas of that level and gets a note saying so.
    """
    geoms = np.asarray(raw.geometry.array)
    present = ~shapely.is_missing(geoms)
    codes = coordinate_problems(
        shapely.bounds(geoms), geographic=bool(raw.crs and raw.crs.is_geographic)
    )
    invalid = np.flatnonzero(present & (codes == COORDINATES_OK) & ~shapely.is_valid(geoms))
    codes[invalid[non_finite(geoms[invalid])]] = NOT_FINITE
    bad = present & (codes != COORDINATES_OK)
    if "_geometrie_fout" in raw.columns:
        bad |= raw["_geometrie_fout"].notna().to_numpy()
    if not bad.any():
        return raw, []
    fids = raw["_fid"].to_numpy()[bad]
    shown = ", ".join(str(f) for f in fids[:5]) + (" ..." if len(fids) > 5 else "")
    text = say("gebied_geometrie_onbruikbaar", bron=str(ref), n=int(bad.sum()), fids=shown)
    log.warning(text)
    return raw.loc[~bad].reset_index(drop=True), [text]


def _area_chunk(n: int) -> int:
    """Chunk size for GEOS work on pairs of areas: a few chunks per thread, whatever ``n``.

    Areas with detailed borders (hundreds of points) take about a millisecond per pair, so even
    a few thousand pairs are worth spreading over the cores.
    """
    return max(1, -(-n // (4 * workers())))


#: The share of a partition's area that may lie in more than one of its areas before the run
#: says so (borders drawn at different scales never match exactly).
OVERLAP_TOLERANCE = 0.001


def _overlap_warning(areas: gpd.GeoDataFrame, ref: LayerRef) -> list[str]:
    """Say so when areas of one partition overlap: a measure there counts in each of them.

    The overlap is the sum of the areas minus the area of their union, as a share of the union.
    The union of thousands of areas is slow; the sum of the overlaps of each two neighbours is
    quick and never less than that overlap (a spot in three areas counts three times in it,
    twice in the other), so the union is only made where that sum is above the tolerance.
    """
    geoms = np.asarray(areas.geometry.array)
    total = float(shapely.area(geoms).sum())
    if total <= 0:
        return []
    i, j = bulk_query(shapely.STRtree(geoms), geoms, "intersects", chunk=_area_chunk(len(geoms)))
    i, j = i[i < j], j[i < j]
    try:
        # neighbours that only share a border have nothing in common to measure
        inner = ~elementwise(shapely.touches, geoms[i], geoms[j], chunk=_area_chunk(len(i)))
        i, j = i[inner], j[inner]
        pieces = elementwise(shapely.intersection, geoms[i], geoms[j], chunk=_area_chunk(len(i)))
        pairwise = float(shapely.area(pieces).sum())
    except shapely.errors.GEOSException:
        pairwise = total  # two areas GEOS cannot intersect: the union decides
    if pairwise < total and pairwise / (total - pairwise) <= OVERLAP_TOLERANCE:
        return []  # the overlap is at most this sum, so within the tolerance too
    union = float(shapely.area(shapely.union_all(geoms)))
    if union <= 0 or (total - union) / union <= OVERLAP_TOLERANCE:
        return []
    share = 100 * (total - union) / union
    return [
        f"de gebieden in {ref} overlappen ({share:.1f}% van de oppervlakte ligt in meer "
        "dan één gebied); een maatregel daar telt in elk van die gebieden mee"
    ]


def _derive_nesting(areas: Areas) -> None:
    for child, parent in zip(areas.partitions, areas.partitions[1:], strict=False):
        parent_codes = set(parent.areas["code"])
        how = "overlap"
        explicit = _find(child.areas.columns, CBS_LEVELS.get(parent.level, ((),))[0])
        if explicit and child.areas[explicit].astype(str).isin(parent_codes).all():
            ouder = child.areas[explicit].astype(str).to_numpy()
            how = f"code (kolom {explicit})"
        else:
            ouder = _parent_by_code(child.areas["code"], parent_codes)
            if ouder is not None:
                how = "code"
            else:
                ouder = _parent_by_overlap(child.areas, parent.areas)
        child.areas["ouder"] = ouder
        areas.nesting[child.level] = {"ouder": parent.level, "afgeleid": how}
    if areas.partitions:
        areas.partitions[-1].areas["ouder"] = None


#: The share of an area that may lie outside its parent before the levels do not nest (borders
#: drawn at different scales never match exactly).
NESTING_TOLERANCE = 0.01


def _nesting_warnings(areas: Areas) -> list[str]:
    """Warn where a level's areas do not lie within their parents on the next level.

    Each area is compared with the parent it was given (by code or by largest overlap); the
    share of its area outside that parent is recorded as ``niet_genest`` in
    :attr:`Areas.nesting`. Where levels do not nest, a measure without geometry counts in the
    parent of its area's code, which is then not where the area lies.
    """
    out = []
    for child, parent in zip(areas.partitions, areas.partitions[1:], strict=False):
        cg = np.asarray(child.areas.geometry.array)
        size = shapely.area(cg)
        lookup = pd.Series(np.arange(len(parent.areas)), index=parent.areas["code"].to_numpy())
        at = pd.Series(child.areas["ouder"].to_numpy()).map(lookup).to_numpy()
        has_parent = ~pd.isna(at)
        shared = np.zeros(len(cg))
        rows = np.flatnonzero(has_parent & (size > 0))
        if len(rows):
            pg = np.asarray(parent.areas.geometry.array)[at[rows].astype(np.int64)]
            # an area inside its parent (borders from one source match exactly) shares all of
            # itself: only the others need the intersection
            inside = elementwise(shapely.covers, pg, cg[rows], chunk=_area_chunk(len(rows)))
            shared[rows[inside]] = size[rows[inside]]
            rows, pg = rows[~inside], pg[~inside]
            pieces = elementwise(shapely.intersection, cg[rows], pg, chunk=_area_chunk(len(rows)))
            shared[rows] = shapely.area(pieces)
        outside = np.where(size > 0, 1 - shared / np.where(size > 0, size, 1), 0.0)
        outside[~has_parent] = 1.0
        loose = np.flatnonzero(outside > NESTING_TOLERANCE)
        areas.nesting[child.level]["niet_genest"] = int(len(loose))
        if not len(loose):
            continue
        worst = loose[np.argmax(outside[loose])]
        text = say(
            "niet_genest",
            kind=child.level,
            ouder=parent.level,
            n=len(loose),
            totaal=len(cg),
            gebied=child.areas["code"].iloc[worst],
            procent=f"{100 * outside[worst]:.0f}",
        )
        log.warning(text)
        out.append(text)
    return out


def _parent_by_code(codes: pd.Series, parent_codes: set[str]) -> np.ndarray | None:
    """CBS codes nest by digits: BU03920101 -> WK039201 -> GM0392."""
    digits = codes.str.extract(r"^[A-Za-z]{2}(\d+)$")[0]
    if digits.isna().any():
        return None
    prefixes = {p[:2] for p in parent_codes}
    lengths = {len(p) - 2 for p in parent_codes}
    if len(prefixes) != 1 or len(lengths) != 1:
        return None
    prefix, length = prefixes.pop(), lengths.pop()
    candidate = prefix + digits.str[:length]
    return candidate.to_numpy(dtype=object) if candidate.isin(parent_codes).all() else None


def _parent_by_overlap(child: gpd.GeoDataFrame, parent: gpd.GeoDataFrame) -> np.ndarray:
    cg, pg = np.asarray(child.geometry.array), np.asarray(parent.geometry.array)
    ci, pi = shapely.STRtree(pg).query(cg, predicate="intersects")
    shared = shapely.area(
        elementwise(shapely.intersection, cg[ci], pg[pi], chunk=_area_chunk(len(ci)))
    )
    order = np.lexsort((-shared, ci))
    ci, pi = ci[order], pi[order]
    first = np.unique(ci, return_index=True)[1]
    out = np.full(len(child), None, dtype=object)
    out[ci[first]] = parent["code"].to_numpy()[pi[first]]
    return out


def join_indicators(areas: Areas, path: str | Path) -> None:
    """Join a CSV of figures per area onto every partition by code (in place).

    Numbers in Dutch notation (``12,5``) are read as numbers. Columns already on a partition are
    not overwritten.
    """
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, sep=None, engine="python", encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"Het indicatorenbestand {path} is niet te lezen: {exc}") from exc
    code_col = _find(
        table.columns,
        (
            "regio_code",
            "code",
            "statcode",
            "bu_code",
            "wk_code",
            "gm_code",
            "buurtcode",
            "wijkcode",
            "gemeentecode",
        ),
    )
    if code_col is None:
        raise InputError(f"Het indicatorenbestand {path} heeft geen kolom met gebiedscodes.")
    table = table.drop_duplicates(code_col).set_index(code_col)
    for col in table.columns:
        numeric = pd.to_numeric(table[col].str.replace(",", ".", regex=False), errors="coerce")
        if numeric.notna().sum() >= table[col].notna().sum() and table[col].notna().any():
            table[col] = numeric
    for part in areas.partitions:
        hits = part.areas["code"].isin(table.index)
        if not hits.any():
            continue
        for col in table.columns:
            if col.casefold() in {c.casefold() for c in part.areas.columns}:
                continue
            part.areas[col] = part.areas["code"].map(table[col])


def locate_points(points: np.ndarray, part: Partition) -> np.ndarray:
    """For each point the position of the area it lies in (on a border the first), -1 if none.

    As in :func:`place_measures`, the points go in the tree and each area is prepared once;
    millions of points (a dense programme's meeting points) go in :data:`LOCATE_CHUNK` at a
    time, so the tree and its answers stay bounded.
    """
    return locate_on_levels(points, [part])[0]


def locate_on_levels(points: np.ndarray, parts: Sequence[Partition]) -> list[np.ndarray]:
    """:func:`locate_points` on several levels, each tree of points built once for all of them.

    Parameters
    ----------
    points : numpy.ndarray
        Shapely points; missing ones lie nowhere.
    parts : sequence of Partition
        The levels.

    Returns
    -------
    list of numpy.ndarray
        Per level (in the order of ``parts``) the area position of each point, -1 if none.
    """
    located = [np.full(len(points), -1, dtype=np.int64) for _ in parts]
    present = np.flatnonzero(~shapely.is_missing(points))
    area_geoms = [np.asarray(part.areas.geometry.array) for part in parts]
    for start in range(0, len(present), LOCATE_CHUNK):
        here = present[start : start + LOCATE_CHUNK]
        tree = shapely.STRtree(points[here])
        for where, ag in zip(located, area_geoms, strict=True):
            ai, pi = bulk_query(tree, ag, "intersects", chunk=max(1, len(ag) // (8 * workers())))
            order = np.lexsort((ai, pi))
            pi, ai = pi[order], ai[order]
            first = np.unique(pi, return_index=True)[1]
            where[here[pi[first]]] = ai[first]
    return located


#: Points per tree in :func:`locate_points`.
LOCATE_CHUNK = 2_000_000


def place_measures(measures: gpd.GeoDataFrame, areas: Areas) -> tuple[pd.DataFrame, dict]:
    """Find the areas each measure lies in, with its share, on every level.

    A measure with geometry is in every area it intersects; its share is the fraction of its area
    (polygons) or length (lines) that lies there, spread evenly for points on a border, and
    normalised over the areas it touches. A measure without geometry is in the area of its
    ``gebiedscode`` with share 1, and in that area's parents.

    Parameters
    ----------
    measures : geopandas.GeoDataFrame
        Measures as read.
    areas : Areas
        The partitions.

    Returns
    -------
    tuple of (pandas.DataFrame, dict)
        The membership table with columns ``m`` (measure position), ``niveau``, ``gebied``
        (area position on that level) and ``aandeel``; and per measure position the problems
        found: ``{"buiten": {pos: [levels]}, "code_onbekend": [positions]}``.
    """
    geoms = np.asarray(measures.geometry.array)
    has_geom = ~shapely.is_missing(geoms)
    pos = np.flatnonzero(has_geom)
    frames = []
    outside: dict[int, list[str]] = {}
    # The measures go in the tree and the areas are the queries: GEOS then prepares each area
    # once and tests all measures near it, instead of testing every measure against an
    # unprepared area.
    tree = shapely.STRtree(geoms[pos])
    for part in areas.partitions:
        ag = np.asarray(part.areas.geometry.array)
        ai, mi = bulk_query(tree, ag, "intersects", chunk=max(1, len(ag) // (8 * workers())))
        order = np.lexsort((ai, mi))
        mi, ai = mi[order], ai[order]
        m = pos[mi]
        share = np.ones(len(m))
        count = np.bincount(mi, minlength=len(pos))
        multi = count[mi] > 1
        if multi.any():
            g, a = geoms[m[multi]], ag[ai[multi]]
            dim = shapely.get_dimensions(g)
            part_geom = elementwise(shapely.intersection, g, a)
            measure_size = np.where(dim == 2, shapely.area(part_geom), shapely.length(part_geom))
            measure_size = np.where(dim == 0, 1.0, measure_size)
            share[multi] = measure_size
        total = np.bincount(mi, weights=share, minlength=len(pos))[mi]
        # A line or polygon that only touches a neighbour's border does not lie in it.
        kept = ~((share == 0) & (total > 0))
        mi, ai, share, total = mi[kept], ai[kept], share[kept], total[kept]
        size = np.bincount(mi, minlength=len(pos))[mi]
        share = np.where(total > 0, share / np.where(total > 0, total, 1), 1.0 / size)
        frames.append(
            pd.DataFrame({"m": pos[mi], "niveau": part.level, "gebied": ai, "aandeel": share})
        )
        for p in pos[count == 0]:
            outside.setdefault(int(p), []).append(part.level)
    unknown = []
    codeless = np.flatnonzero(~has_geom)
    if len(codeless):
        codes = measures["gebiedscode"].to_numpy()[codeless]
        placed = np.zeros(len(codeless), bool)
        lookup = {
            p.level: pd.Series(np.arange(len(p.areas)), index=p.areas["code"])
            for p in areas.partitions
        }
        for i, part in enumerate(areas.partitions):
            hit = pd.Series(codes).map(lookup[part.level]).to_numpy()
            sel = ~pd.isna(hit) & ~placed
            if not sel.any():
                continue
            placed |= sel
            m, current = codeless[sel], hit[sel].astype(np.int64)
            frames.append(
                pd.DataFrame({"m": m, "niveau": part.level, "gebied": current, "aandeel": 1.0})
            )
            for parent in areas.partitions[i + 1 :]:
                child = areas.partitions[areas.levels.index(parent.level) - 1]
                ouder = child.areas["ouder"].to_numpy()[current]
                current = pd.Series(ouder).map(lookup[parent.level]).to_numpy()
                ok = ~pd.isna(current)
                m, current = m[ok], current[ok].astype(np.int64)
                frames.append(
                    pd.DataFrame(
                        {"m": m, "niveau": parent.level, "gebied": current, "aandeel": 1.0}
                    )
                )
        unknown = codeless[~placed].tolist()
    membership = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["m", "niveau", "gebied", "aandeel"])
    )
    return membership, {"buiten": outside, "code_onbekend": unknown}
