"""Seeded generator of realistic programmes of N measures over the Dutch gemeenten.

Measures cluster in towns (gemeenten weighted by population, around a few centres each), with
the sample's mix: street lines, squares and blocks as polygons, points, and social projects
without geometry but with a gebiedscode. The partition has the levels the shipped rules
name: the real CBS gemeenten, and wijken and buurten of real number generated inside them
(:func:`partition`). Everything is vectorised: a million measures take
seconds. Optionally a share of the features is made bad in the ways real data is.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

HERE = Path(__file__).resolve().parent
GEMEENTEN = HERE / "data" / "cbs_gemeenten_2024_nederland.gpkg"

DOMAIN_THEMES = {
    "interventie": (
        ["verharding", "groen", "spelen", "verkeer", "wonen", "water"],
        [0.3, 0.2, 0.1, 0.15, 0.15, 0.1],
    ),
    "onderhoud": (
        ["riolering", "verharding", "kabels_leidingen", "energie", "groen", "openbare_verlichting"],
        [0.25, 0.25, 0.2, 0.1, 0.1, 0.1],
    ),
    "sociaal": (
        ["jeugd", "zorg", "armoede", "werk", "veiligheid", "ontmoeting"],
        [0.2, 0.2, 0.15, 0.15, 0.15, 0.15],
    ),
    "initiatief": (["groen", "spelen", "ontmoeting"], [0.5, 0.2, 0.3]),
}
DOMAINS = list(DOMAIN_THEMES)
DOMAIN_P = [0.36, 0.36, 0.17, 0.11]


# The real country has 3,475 CBS wijken and about 14,500 buurten (2024).
N_WIJKEN = 3_475
BUURTEN_PER_WIJK = 4
LEVELS = {
    "gemeente": ("gemeenten", "GM_CODE"),
    "wijk": ("wijken", "WK_CODE"),
    "buurt": ("buurten", "BU_CODE"),
}


def _gemeenten() -> gpd.GeoDataFrame:
    gm = pyogrio.read_dataframe(GEMEENTEN)
    return gm[gm["GM_CODE"] != "GM0998"].reset_index(drop=True)  # 'Buitenland'


def _towns(gm: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each gemeente's town centre and the spread of what happens around it."""
    centres = np.asarray(shapely.point_on_surface(np.asarray(gm.geometry.array)))
    spread = np.sqrt(gm.geometry.area.to_numpy()) / 5
    return shapely.get_x(centres), shapely.get_y(centres), spread


def _seeds(rng, shape, n: int, cx: float, cy: float, spread: float, town_share: float):
    """``n`` points inside ``shape``: ``town_share`` around the town centre, the rest anywhere."""
    x0, y0, x1, y1 = shapely.bounds(shape)
    out: list[np.ndarray] = []
    have = 0
    for _ in range(200):
        m = max(4 * n, 16)
        town = rng.random(m) < town_share
        x = np.where(town, cx + rng.normal(0, 1, m) * spread, rng.uniform(x0, x1, m))
        y = np.where(town, cy + rng.normal(0, 1, m) * spread, rng.uniform(y0, y1, m))
        inside = shapely.contains_xy(shape, x, y)
        out.append(np.stack([x[inside], y[inside]], 1))
        have += int(inside.sum())
        if have >= n:
            break
    return np.concatenate(out)[:n]


def _cells(shape, points: np.ndarray) -> np.ndarray:
    """The Voronoi cells of ``points`` cut to ``shape`` (they tile it exactly), non-empty."""
    if len(points) < 2:
        return np.array([shape], dtype=object)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(points), extend_to=shape)
    )
    cut = shapely.intersection(cells, shape)
    cut = cut[~shapely.is_empty(cut) & (shapely.area(cut) > 1.0)]
    return shapely.make_valid(cut)


def partition(seed: int = 2026) -> dict[str, gpd.GeoDataFrame]:
    """A national gemeente-wijk-buurt partition of real size, seeded (CBS codes and columns).

    The gemeenten are CBS' (``benchmarks/data``); in each gemeente wijken are cut as Voronoi
    cells around points drawn like the programme's measures (mostly around the town centre,
    so wijken are small where much happens, as real ones are small where people live), their
    number by population (3,475 in all, at least two per gemeente); every wijk is cut into
    buurten the same way (about 4 per wijk). The levels nest exactly and tile each gemeente.
    """
    rng = np.random.default_rng(seed)
    gm = _gemeenten()
    cx, cy, spread = _towns(gm)
    pop = gm["AANT_INW"].fillna(1000).to_numpy(float)
    extra = N_WIJKEN - 2 * len(gm)
    share = pop / pop.sum() * extra
    count = 2 + np.floor(share).astype(int)
    # the remainder to the largest fractions, so the total is exact
    count[np.argsort(share - np.floor(share))[::-1][: N_WIJKEN - int(count.sum())]] += 1
    wijken, buurten = [], []
    geoms = np.asarray(gm.geometry.array)
    for g in range(len(gm)):
        shape = shapely.make_valid(geoms[g])
        code, name = gm["GM_CODE"].iat[g], gm["GM_NAAM"].iat[g]
        cells = _cells(shape, _seeds(rng, shape, int(count[g]), cx[g], cy[g], spread[g], 0.7))
        inw = np.round(pop[g] / len(cells))
        for w, cell in enumerate(cells):
            wk = f"WK{code[2:]}{w:02d}" if w < 100 else f"WK{code[2:]}{w:03d}"
            wijken.append((wk, f"{name} wijk {w + 1}", code, name, inw, cell))
            parts = _cells(cell, _seeds(rng, cell, BUURTEN_PER_WIJK, cx[g], cy[g], spread[g], 0.7))
            for b, part in enumerate(parts):
                buurten.append(
                    (
                        f"BU{wk[2:]}{b:02d}",
                        f"{name} buurt {w + 1}.{b + 1}",
                        wk,
                        code,
                        np.round(inw / len(parts)),
                        part,
                    )
                )
    crs = gm.crs
    gemeenten = gm[["GM_CODE", "GM_NAAM", "AANT_INW", "geometry"]]
    wk = pd.DataFrame(
        wijken, columns=["WK_CODE", "WK_NAAM", "GM_CODE", "GM_NAAM", "AANT_INW", "geometry"]
    )
    bu = pd.DataFrame(
        buurten, columns=["BU_CODE", "BU_NAAM", "WK_CODE", "GM_CODE", "AANT_INW", "geometry"]
    )
    return {
        "gemeenten": gemeenten,
        "wijken": gpd.GeoDataFrame(wk, geometry="geometry", crs=crs),
        "buurten": gpd.GeoDataFrame(bu, geometry="geometry", crs=crs),
    }


def areas(folder: Path, detail: float | None = None) -> Path:
    """Write the three levels (gemeenten, wijken, buurten) into ``folder``; returns the file.

    With ``detail`` (metres) every border gets a point at least every ``detail`` metres, as
    PDOK's full-resolution wijk- en buurtkaart has (an Ermelo buurt there has 334 points on
    average, the generated ones 8): ``gebieden_detail<detail>.gpkg``. The points are rounded to
    the centimetre, so two neighbours still share their border point for point.
    """
    name = "gebieden.gpkg" if detail is None else f"gebieden_detail{detail:g}.gpkg"
    path = folder / name
    if path.exists():
        return path
    tmp = folder / f"{name}.tmp.gpkg"
    tmp.unlink(missing_ok=True)
    for layer, frame in partition().items():
        if detail is not None:
            dense = shapely.segmentize(np.asarray(frame.geometry.array), detail)
            rounded = np.round(shapely.get_coordinates(dense), 2)
            frame = frame.set_geometry(shapely.set_coordinates(dense, rounded))
        pyogrio.write_dataframe(frame, tmp, layer=layer, append=tmp.exists(), promote_to_multi=True)
    tmp.rename(path)
    return path


def generate(
    n: int,
    seed: int = 2026,
    bad_share: float = 0.0,
    wijken: gpd.GeoDataFrame | None = None,
    density: float = 1.0,
) -> gpd.GeoDataFrame:
    """A programme of ``n`` measures (``bad_share`` of them made bad).

    With ``wijken`` every measure's ``gebiedscode`` is the code of the wijk it was placed in
    (the gemeente's where it falls outside every wijk); ``density`` > 1 packs the measures
    closer around the town centres (the spread divided by it: ``density`` squared as many
    neighbours).
    """
    rng = np.random.default_rng(seed)
    gm = _gemeenten()
    weight = gm["AANT_INW"].fillna(1000).to_numpy(float)
    town = rng.choice(len(gm), size=n, p=weight / weight.sum())
    # measures scatter around each town's centre
    tx, ty, tspread = _towns(gm)
    cx, cy, spread = tx[town], ty[town], tspread[town] / density
    x = cx + rng.normal(0, 1, n) * spread
    y = cy + rng.normal(0, 1, n) * spread
    code = gm["GM_CODE"].to_numpy()[town].astype(object)
    if wijken is not None:
        tree = shapely.STRtree(np.asarray(wijken.geometry.array))
        pi, wi = tree.query(shapely.points(x, y), predicate="intersects")
        first = np.unique(pi, return_index=True)[1]
        code[pi[first]] = wijken["WK_CODE"].to_numpy()[wi[first]]
    domain = rng.choice(len(DOMAINS), size=n, p=DOMAIN_P)
    theme = np.empty(n, dtype=object)
    for d, name in enumerate(DOMAINS):
        sel = domain == d
        themes, p = DOMAIN_THEMES[name]
        theme[sel] = rng.choice(themes, size=int(sel.sum()), p=p)
    kind = rng.choice(4, size=n, p=[0.45, 0.2, 0.25, 0.10])  # line, polygon, point, none
    kind[(domain == 2) & (rng.random(n) < 0.7)] = 3  # social projects mostly without place
    geoms = np.full(n, None, dtype=object)
    lines = np.flatnonzero(kind == 0)
    length = rng.uniform(80, 400, len(lines))
    angle = rng.choice([0, np.pi / 2], len(lines)) + rng.normal(0, 0.05, len(lines))
    dx, dy = np.cos(angle) * length / 2, np.sin(angle) * length / 2
    coords = np.stack(
        [np.stack([x[lines] - dx, y[lines] - dy], 1), np.stack([x[lines] + dx, y[lines] + dy], 1)],
        1,
    )
    geoms[lines] = shapely.linestrings(coords)
    polys = np.flatnonzero(kind == 1)
    w, h = rng.uniform(20, 150, len(polys)), rng.uniform(20, 120, len(polys))
    geoms[polys] = shapely.box(x[polys], y[polys], x[polys] + w, y[polys] + h)
    points = np.flatnonzero(kind == 2)
    geoms[points] = shapely.points(x[points], y[points])
    start = (np.datetime64("2025-01-01") + rng.integers(0, 7 * 365, n)).astype("datetime64[D]")
    duration = rng.integers(30, 400, n)
    end = start + duration
    resolution = rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    s_text = np.datetime_as_string(start, unit="D").astype(object)
    e_text = np.datetime_as_string(end, unit="D").astype(object)
    month = resolution == 1
    s_text[month] = np.datetime_as_string(start[month], unit="M")
    e_text[month] = np.datetime_as_string(end[month], unit="M")
    year = resolution == 2
    s_text[year] = np.datetime_as_string(start[year], unit="Y")
    e_text[year] = np.datetime_as_string(end[year], unit="Y")
    frame = pd.DataFrame(
        {
            "id": np.char.add("M", np.arange(n).astype(str)).astype(object),
            "naam": np.char.add("Maatregel ", np.arange(n).astype(str)).astype(object),
            "domein": np.array(DOMAINS, dtype=object)[domain],
            "thema": theme,
            "eigenaar": rng.choice(
                ["gemeente", "corporatie", "netbeheerder", "welzijn", "bewoners"], n
            ).astype(object),
            "start": s_text,
            "eind": e_text,
            "budget": np.round(rng.lognormal(np.log(200_000), 1.0, n), -3),
            "gebiedscode": code,
        }
    )
    if bad_share:
        _spoil(frame, geoms, rng, bad_share)
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:28992")


def _spoil(frame: pd.DataFrame, geoms: np.ndarray, rng, share: float) -> None:
    """Make ``share`` of the features bad, each in one of the ways real data is bad."""
    n = len(frame)
    bad = np.flatnonzero(rng.random(n) < share)
    how = rng.integers(0, 6, len(bad))
    frame.loc[bad[how == 0], "start"] = None
    frame.loc[bad[how == 1], "start"] = "voorjaar"
    frame.loc[bad[how == 2], "domein"] = "overig"
    frame.loc[bad[how == 3], "naam"] = None
    dup = bad[how == 4]
    frame.loc[dup, "id"] = frame["id"].to_numpy()[np.maximum(dup - 1, 0)]
    nowhere = bad[how == 5]
    geoms[nowhere] = None
    frame.loc[nowhere, "gebiedscode"] = None


def write(n: int, folder: Path, bad_share: float = 0.0, density: float = 1.0) -> Path:
    """Generate and write a programme over the partition in ``folder``; returns its path."""
    suffix = f"_bad{int(bad_share * 100)}" if bad_share else ""
    suffix += f"_dicht{density:g}" if density != 1.0 else ""
    path = folder / f"programma_{n}{suffix}.gpkg"
    if not path.exists():
        wijken = pyogrio.read_dataframe(areas(folder), layer="wijken")
        frame = generate(n, bad_share=bad_share, wijken=wijken, density=density)
        tmp = path.with_suffix(".tmp.gpkg")
        tmp.unlink(missing_ok=True)
        pyogrio.write_dataframe(frame, tmp, layer="maatregelen", geometry_type="Unknown")
        tmp.rename(path)
    return path
