"""Seeded generator of realistic programmes of N measures over the Dutch gemeenten.

Measures cluster in towns (gemeenten weighted by population, around a few centres each), with
the sample's mix: street lines, squares and blocks as polygons, points, and social projects
without geometry but with a gebiedscode. A finer partition (``deelgebieden``) is derived by
cutting every gemeente with a 5 km grid. Everything is vectorised: a million measures take
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


def areas(folder: Path) -> Path:
    """Write the two partitions (gemeenten and 5 km deelgebieden) into ``folder``."""
    path = folder / "gebieden.gpkg"
    if path.exists():
        return path
    gm = pyogrio.read_dataframe(GEMEENTEN)
    gm = gm[gm["GM_CODE"] != "GM0998"].reset_index(drop=True)  # 'Buitenland'
    pyogrio.write_dataframe(
        gm[["GM_CODE", "GM_NAAM", "AANT_INW", "geometry"]], path, layer="gemeenten"
    )
    x0, y0, x1, y1 = gm.total_bounds
    xs, ys = np.meshgrid(np.arange(x0, x1, 5000), np.arange(y0, y1, 5000))
    cells = shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + 5000, ys.ravel() + 5000)
    geoms = np.asarray(gm.geometry.array)
    gi, ci = shapely.STRtree(cells).query(geoms, predicate="intersects")
    parts = shapely.intersection(geoms[gi], cells[ci])
    keep = shapely.area(parts) > 1000
    gi, ci, parts = gi[keep], ci[keep], parts[keep]
    share = shapely.area(parts) / shapely.area(geoms[gi])
    inw = np.round(gm["AANT_INW"].to_numpy()[gi] * share)
    frame = gpd.GeoDataFrame(
        {
            "code": [f"{gm['GM_CODE'].iat[g]}-{c:05d}" for g, c in zip(gi, ci, strict=True)],
            "naam": [f"{gm['GM_NAAM'].iat[g]} {c:05d}" for g, c in zip(gi, ci, strict=True)],
            "inwoners": inw,
            "gemeentecode_ouder": gm["GM_CODE"].to_numpy()[gi],
        },
        geometry=parts,
        crs=gm.crs,
    )
    pyogrio.write_dataframe(frame, path, layer="deelgebieden", append=True)
    return path


def generate(n: int, seed: int = 2026, bad_share: float = 0.0) -> gpd.GeoDataFrame:
    """A programme of ``n`` measures (``bad_share`` of them made bad)."""
    rng = np.random.default_rng(seed)
    gm = pyogrio.read_dataframe(GEMEENTEN)
    gm = gm[gm["GM_CODE"] != "GM0998"].reset_index(drop=True)
    weight = gm["AANT_INW"].fillna(1000).to_numpy(float)
    town = rng.choice(len(gm), size=n, p=weight / weight.sum())
    # a few centres per town; measures scatter around them
    centres = np.asarray(shapely.point_on_surface(np.asarray(gm.geometry.array)))
    cx, cy = shapely.get_x(centres)[town], shapely.get_y(centres)[town]
    spread = np.sqrt(gm.geometry.area.to_numpy()[town]) / 5
    x = cx + rng.normal(0, 1, n) * spread
    y = cy + rng.normal(0, 1, n) * spread
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
            "gebiedscode": gm["GM_CODE"].to_numpy()[town].astype(object),
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


def write(n: int, folder: Path, bad_share: float = 0.0) -> Path:
    """Generate and write a programme as GeoPackage; returns its path."""
    suffix = f"_bad{int(bad_share * 100)}" if bad_share else ""
    path = folder / f"programma_{n}{suffix}.gpkg"
    if not path.exists():
        pyogrio.write_dataframe(
            generate(n, bad_share=bad_share), path, layer="maatregelen", geometry_type="Unknown"
        )
    return path
