"""A seeded programme of N measures over Groningen's 20 CBS wijken (the page-budget tests).

Measures cluster around a few places per wijk, weighted by population, with the sample's mix of
domains and themes: street lines, squares and blocks, points, and social projects that only
carry their wijk's code. Names repeat the way real programmes' do (a kind of work and a street).
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["write_programme", "run_arguments"]

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

DATA = Path(__file__).resolve().parents[1] / "data" / "cbs_wijken_2024_groningen"

THEMES = {
    "interventie": (["verharding", "groen", "spelen", "verkeer", "wonen", "water"], None),
    "onderhoud": (
        ["riolering", "verharding", "kabels_leidingen", "energie", "openbare_verlichting"],
        None,
    ),
    "sociaal": (["jeugd", "zorg", "armoede", "werk", "veiligheid", "ontmoeting"], None),
    "initiatief": (["groen", "spelen", "ontmoeting"], None),
}
WORK = {
    "interventie": "Herinrichting",
    "onderhoud": "Groot onderhoud",
    "sociaal": "Buurtaanpak",
    "initiatief": "Bewonersplan",
}
OWNERS = {
    "interventie": ["gemeente - openbare ruimte", "corporatie Lefier", "corporatie Nijestee"],
    "onderhoud": ["gemeente - openbare ruimte", "netbeheerder Enexis", "waterbedrijf Groningen"],
    "sociaal": ["WIJ Groningen", "gemeente - sociaal domein", "GGD Groningen"],
    "initiatief": ["bewoners"],
}
STREETS = ["Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Parklaan", "Stationsweg"]


def write_programme(folder: Path, n: int = 3000, seed: int = 15) -> dict[str, Path]:
    """Write ``maatregelen.gpkg``, ``gebieden.gpkg`` and ``kerncijfers.csv`` into ``folder``.

    Returns
    -------
    dict
        ``measures``, ``areas`` and ``indicators`` paths.
    """
    folder.mkdir(parents=True, exist_ok=True)
    areas = folder / "gebieden.gpkg"
    shutil.copy(DATA / "groningen_wijken_2024.gpkg", areas)
    indicators = folder / "kerncijfers.csv"
    shutil.copy(DATA / "groningen_kerncijfers_2024.csv", indicators)
    wijken = pyogrio.read_dataframe(areas, layer="wijken")
    rng = np.random.default_rng(seed)
    weight = wijken["AANT_INW"].fillna(500).to_numpy(float) + 2000
    wijk = rng.choice(len(wijken), size=n, p=weight / weight.sum())
    geoms_w = np.asarray(wijken.geometry.array)
    centres = shapely.point_on_surface(geoms_w)
    cx, cy = shapely.get_x(centres)[wijk], shapely.get_y(centres)[wijk]
    spread = np.sqrt(shapely.area(geoms_w))[wijk] / 5
    x = cx + rng.normal(0, 1, n) * spread
    y = cy + rng.normal(0, 1, n) * spread
    domains = np.array(list(THEMES), dtype=object)
    domain = domains[rng.choice(4, size=n, p=[0.36, 0.36, 0.17, 0.11])]
    theme = np.array([rng.choice(THEMES[d][0]) for d in domain], dtype=object)
    kind = rng.choice(4, size=n, p=[0.45, 0.2, 0.25, 0.10])
    kind[(domain == "sociaal") & (rng.random(n) < 0.7)] = 3
    geoms = np.full(n, None, dtype=object)
    lines = np.flatnonzero(kind == 0)
    length = rng.uniform(80, 400, len(lines))
    angle = rng.choice([0, np.pi / 2], len(lines))
    dx, dy = np.cos(angle) * length / 2, np.sin(angle) * length / 2
    geoms[lines] = shapely.linestrings(
        np.stack(
            [
                np.stack([x[lines] - dx, y[lines] - dy], 1),
                np.stack([x[lines] + dx, y[lines] + dy], 1),
            ],
            1,
        )
    )
    polys = np.flatnonzero(kind == 1)
    w, h = rng.uniform(20, 150, len(polys)), rng.uniform(20, 120, len(polys))
    geoms[polys] = shapely.box(x[polys], y[polys], x[polys] + w, y[polys] + h)
    points = np.flatnonzero(kind == 2)
    geoms[points] = shapely.points(x[points], y[points])
    start = (np.datetime64("2025-01-01") + rng.integers(0, 6 * 365, n)).astype("datetime64[D]")
    end = start + rng.integers(30, 500, n)
    month = rng.random(n) < 0.5
    s_text = np.datetime_as_string(start, unit="D").astype(object)
    e_text = np.datetime_as_string(end, unit="D").astype(object)
    s_text[month] = np.datetime_as_string(start[month], unit="M")
    e_text[month] = np.datetime_as_string(end[month], unit="M")
    names = [
        f"{WORK[d]} {STREETS[k % len(STREETS)]} {wijken['WK_NAAM'].iloc[wi]} {k}"
        for k, (d, wi) in enumerate(zip(domain, wijk, strict=True))
    ]
    frame = gpd.GeoDataFrame(
        {
            "id": [f"G{k:05d}" for k in range(n)],
            "naam": names,
            "domein": domain,
            "thema": theme,
            "eigenaar": [rng.choice(OWNERS[d]) for d in domain],
            "start": s_text,
            "eind": e_text,
            "status": rng.choice(["idee", "gepland", "voorbereiding", "uitvoering"], n),
            "budget": np.round(rng.lognormal(np.log(150_000), 1.0, n), -3),
            "gebiedscode": wijken["WK_CODE"].to_numpy()[wijk],
        },
        geometry=geoms,
        crs="EPSG:28992",
    )
    measures = folder / "maatregelen.gpkg"
    pyogrio.write_dataframe(frame, measures, layer="maatregelen")
    return {"measures": measures, "areas": areas, "indicators": indicators}


def run_arguments(paths: dict[str, Path], out: Path) -> list[str]:
    """The command line that runs the programme with its need column."""
    return [
        "run",
        "--measures",
        str(paths["measures"]),
        "--areas",
        str(paths["areas"]),
        "--indicators",
        str(paths["indicators"]),
        "--need=-INK_INW_X1000",
        "--out",
        str(out),
        "--quiet",
        "--data-date",
        "2026-11-22",
    ]
