"""Benchmark the products people read: the web map at 10,000 measures and the gebiedsdag atlas.

Targets (issue 3): kaart.html with 10,000 measures at most 10 MB and drawn in headless Chromium
within 2 s of opening; the full atlas for Haarlem's 21 wijken within 60 s on this machine.
Run: ``make bench-reports`` (prints a table; machines are shared: read the numbers of one run
together).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from planner import run  # noqa: E402
from planner.report.gebiedsdag import write_gebiedsdag_pdf  # noqa: E402
from planner.report.tables import report_data  # noqa: E402
from planner.report.webmap import write_webmap  # noqa: E402
from planner.schema import layers_dir  # noqa: E402
from tests.planner.browser import offline_chromium  # noqa: E402


def scaled_programme(n: int, folder: Path, seed: int = 3) -> Path:
    """The sample programme copied and shifted (seeded) until it has ``n`` measures."""
    rng = np.random.default_rng(seed)
    sample = layers_dir() / "voorbeeldprogramma.gpkg"
    frames = [pyogrio.read_dataframe(sample, layer=name) for name, _ in pyogrio.list_layers(sample)]
    base = pd.concat(frames, ignore_index=True)
    copies = []
    k = 0
    while sum(len(c) for c in copies) < n:
        copy = base.copy()
        dx, dy = rng.uniform(-400, 400, 2)
        geoms = np.asarray(copy.geometry.array)
        present = ~shapely.is_missing(geoms)
        geoms[present] = shapely.transform(geoms[present], lambda c, dx=dx, dy=dy: c + [dx, dy])
        copy["geometry"] = geoms
        copy["id"] = copy["id"].astype(str) + f"-{k}"
        copies.append(copy)
        k += 1
    frame = gpd.GeoDataFrame(
        pd.concat(copies, ignore_index=True).head(n), geometry="geometry", crs="EPSG:28992"
    )
    path = folder / f"programma_{n}.gpkg"
    pyogrio.write_dataframe(frame, path, geometry_type="Unknown")
    return path


def open_map(path: Path) -> dict:
    with offline_chromium() as driver:
        started = time.perf_counter()
        driver.get(path.as_uri())
        for _ in range(200):
            painted = driver.execute_script(
                "return window.gebiedsplanner && window.gebiedsplanner.paintedAt"
            )
            if painted:
                break
            time.sleep(0.05)
        wall = time.perf_counter() - started
        shown = driver.execute_script("return window.gebiedsplanner.shown()")
        all_years = driver.execute_script(
            "var t = performance.now(); document.getElementById('gp-alle-jaren').click();"
            "return [window.gebiedsplanner.shown(), (performance.now() - t) / 1000];"
        )
        drawn = driver.execute_script("return window.gebiedsplanner.drawnAt")
        # offline, the background map's one probe fails: a network message, not an error
        errors = [
            e
            for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and not (e["source"] == "network" and ".png" in e["message"])
        ]
    return {
        "drawn_s": drawn / 1000,
        "painted_s": painted / 1000,
        "wall_s": wall,
        "shown": shown,
        "all_shown": all_years[0],
        "all_s": all_years[1],
        "errors": len(errors),
    }


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        programme = scaled_programme(10_000, folder)
        areas = layers_dir() / "haarlem_wijken_2024.gpkg"
        t = time.perf_counter()
        result = run(programme, areas)
        t_run = time.perf_counter() - t
        data = report_data(result)
        t = time.perf_counter()
        page = write_webmap(result, data, folder / "kaart.html", title="Benchmark")
        t_write = time.perf_counter() - t
        size_mb = page.stat().st_size / 1e6
        opened = open_map(page)
        rows += [
            (
                "web map: measures read / used",
                f"{result.measures.n_read:,} / {len(result.measures.measures):,}",
                "",
            ),
            ("web map: analysis (tables)", f"{t_run:.1f} s", ""),
            ("web map: writing kaart.html", f"{t_write:.1f} s", ""),
            ("web map: file size", f"{size_mb:.1f} MB", "<= 10 MB"),
            ("web map: drawn after opening", f"{opened['drawn_s']:.2f} s", "<= 2 s"),
            ("web map: first frame painted", f"{opened['painted_s']:.2f} s", "<= 2 s"),
            ("web map: measures shown (this year)", f"{opened['shown']:,}", ""),
            ("web map: 'alle jaren': measures drawn", f"{opened['all_shown']:,}", ""),
            ("web map: 'alle jaren': time to draw", f"{opened['all_s']:.2f} s", "<= 2 s"),
            ("web map: console errors", str(opened["errors"]), "0"),
        ]
        sample = run()
        data = report_data(sample)
        t = time.perf_counter()
        paths = write_gebiedsdag_pdf(sample, data, folder / "atlas", data_date=dt.date.today())
        t_atlas = time.perf_counter() - t
        pages = sum(1 for _ in __import__("pypdf").PdfReader(str(paths[-1])).pages)
        rows += [
            ("atlas: wijken", str(len(paths) - 1), "21"),
            ("atlas: maps, booklets and atlas", f"{t_atlas:.1f} s", "<= 60 s"),
            ("atlas: pages", f"{pages:,}", ""),
            ("atlas: size", f"{paths[-1].stat().st_size / 1e6:.1f} MB", ""),
        ]
        shutil.rmtree(folder / "atlas", ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'result':>12}  target")
    print("-" * (width + 24))
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>12}  {target}")


if __name__ == "__main__":
    main()
