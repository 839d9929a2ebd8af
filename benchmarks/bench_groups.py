"""Same-area samenhang at scale: pair rows (before) against group rows (now), time and memory.

On a seeded programme (``benchmarks/programme.py``) over the benchmark's national partition
(its finest level: 13,900 buurten), the ``fysiek-sociaal`` rule on the finest level, each way
in its own process for its own peak memory (``VmHWM``, ``memory.py``):

- ``paren``: the pairs, as before groups existed (``find_overlaps(..., area_pairs=True)``,
  the rule without a distance cap);
- ``groepen``: the groups of the same rule (``find_groups``), without a cap;
- ``groepen-500m``: the groups of the shipped rule (500 m cap).

Run: ``python benchmarks/bench_groups.py --n 100000`` (prints one table).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STEP = r"""
import dataclasses, json, sys, time
from memory import own_peak
from planner.areas import place_measures, read_areas
from planner.integration import find_groups
from planner.overlaps import find_overlaps
from planner.read import read_measures
from planner.rules import RuleSet, load_rules

kind, path, areas_path = sys.argv[1:4]
ms = read_measures(path)
areas = read_areas(areas_path)
table = ms.measures.reset_index(drop=True)
membership = place_measures(table, areas)[0]
shipped = next(r for r in load_rules().rules if r.name == "fysiek-sociaal")
cap = 500.0 if kind == "groepen-500m" else None
rules = RuleSet([dataclasses.replace(shipped, same_area=("fijnste",), area_distance=cap)])
before = own_peak()
start = time.perf_counter()
if kind == "paren":
    rows = len(find_overlaps(table, rules, areas=areas, membership=membership, area_pairs=True))
else:
    rows = sum(len(t) for t in find_groups(table, rules, areas, membership=membership).values())
seconds = time.perf_counter() - start
peak = own_peak()
print(json.dumps({"rows": rows, "s": round(seconds, 2), "peak_mb": round(peak / 1024),
                  "before_mb": round(before / 1024), "level": areas.levels[0],
                  "areas": len(areas.partitions[0].areas)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    import programme

    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench-groups-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = programme.write(args.n, folder)
    areas = programme.areas(folder)
    print(f"{args.n:,} maatregelen, fijnste niveau van {areas.name}")
    print(f"{'manier':<14} {'rijen':>10} {'regel (s)':>10} {'piek (MB)':>10} {'vooraf (MB)':>12}")
    for kind in ("paren", "groepen", "groepen-500m"):
        out = subprocess.run(
            [sys.executable, "-c", STEP, kind, str(path), str(areas)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parent)])},
        )
        got = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{kind:<14} {got['rows']:>10,} {got['s']:>10} {got['peak_mb']:>10} "
            f"{got['before_mb']:>12}   ({got['level']}, {got['areas']:,} gebieden)"
        )


if __name__ == "__main__":
    main()
