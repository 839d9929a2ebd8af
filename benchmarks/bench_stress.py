"""Stress: one huge polygon and 100,000 tiny ones must run without blowing up time or memory.

Run: ``make bench-stress`` (each case in its own process, so peak memory is its own: that
process and any writer it starts, ``memory.py``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from memory import PeakSampler, own_peak  # noqa: E402


def case(kind: str, folder: Path) -> None:
    import geopandas as gpd
    import numpy as np
    import pyogrio
    import shapely

    from planner import run
    from planner.schema import layers_dir

    areas = layers_dir() / "haarlem_wijken_2024.gpkg"
    town = pyogrio.read_dataframe(areas, layer="gemeente").geometry.iloc[0]
    if kind == "huge":
        poly = shapely.segmentize(shapely.make_valid(town).buffer(0), 0.6)
        geoms, n = [poly, shapely.Point(104000, 488000)], 2
        detail = f"1 polygon, {shapely.get_num_coordinates(poly):,} vertices"
    else:
        rng = np.random.default_rng(1)
        n = 100_000
        x0, y0, x1, y1 = town.bounds
        xs, ys = rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)
        geoms = shapely.box(xs, ys, xs + 1, ys + 1)
        detail = f"{n:,} polygons of 1 m²"
    frame = gpd.GeoDataFrame(
        {
            "naam": [f"m{i}" for i in range(n)],
            "domein": "onderhoud",
            "start": "2026",
            "thema": "groen",
        },
        geometry=geoms,
        crs="EPSG:28992",
    )
    path = folder / f"{kind}.gpkg"
    pyogrio.write_dataframe(frame, path)
    sampler = PeakSampler().start()
    started = time.perf_counter()
    result = run(path, areas, out=folder / f"{kind}_uit", reports=False)
    seconds = time.perf_counter() - started
    peak = max(own_peak(), sampler.stop()) / 1024
    print(f"{detail}|{seconds:.1f} s|{peak:.0f} MB|{len(result.overlaps):,} pairs")


def main() -> None:
    if len(sys.argv) == 3:
        case(sys.argv[1], Path(sys.argv[2]))
        return
    print(f"{'case':<36} {'run':>8} {'peak memory':>12} {'pairs':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("huge", "tiny"):
            out = (
                subprocess.run(
                    [sys.executable, __file__, kind, tmp],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            detail, seconds, peak, pairs = out.split("|")
            print(f"{detail:<36} {seconds:>8} {peak:>12} {pairs:>10}")


if __name__ == "__main__":
    main()
