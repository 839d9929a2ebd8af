"""The engine at scale: pyogrio read time (the floor) against the whole run, and peak memory.

For N = 10,000, 100,000 and 1,000,000 measures (``benchmarks/programme.py``, seeded) over the
343 gemeenten and 3,691 derived deelgebieden: the time to read the GeoPackage with pyogrio, and
``gebiedsplanner run --tables-only`` (default rules, stacking for both levels), each in its own
process so peak memory is that step's own. Run: ``make bench-engine`` (``--sizes 10000,100000``
for fewer). Machines are shared: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STEP = r"""
import json, resource, sys, time
kind, path, areas, out = sys.argv[1:5]
t = time.perf_counter()
if kind == "read":
    import pyogrio
    frame = pyogrio.read_dataframe(path)
    extra = {"rows": len(frame)}
else:
    from planner.cli import main
    code = main(["run", "--tables-only", "--quiet", "--measures", path, "--areas", areas,
                 "--out", out])
    report = json.load(open(out + "/run.json"))
    extra = {"code": code, "read": report["aantallen"]["gelezen"],
             "used": report["aantallen"]["gebruikt"],
             "rejected": report["aantallen"]["afgewezen"],
             "pairs": report["overlappingen"]["totaal"], "steps": report["tijden_s"]}
extra["seconds"] = time.perf_counter() - t
extra["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(extra))
"""


def step(kind: str, path: Path, areas: Path, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", STEP, kind, str(path), str(areas), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    import programme

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--bad", type=float, default=0.0, help="share of bad features")
    parser.add_argument("--folder", help="keep generated files here (default: temporary)")
    args = parser.parse_args()
    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="gp-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    areas = programme.areas(folder)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        path = programme.write(n, folder, args.bad)
        read = step("read", path, areas, folder / "x")
        t = time.perf_counter()
        run = step("run", path, areas, folder / f"uit_{n}")
        rows.append((n, read, run, time.perf_counter() - t))
    print(
        f"{'N':>10} {'read (pyogrio)':>15} {'run':>9} {'run/read':>9} {'peak run':>9} "
        f"{'used':>10} {'rejected':>9} {'pairs':>11}"
    )
    for n, read, run, _ in rows:
        print(
            f"{n:>10,} {read['seconds']:>13.1f} s {run['seconds']:>7.1f} s "
            f"{run['seconds'] / read['seconds']:>9.1f} {run['peak_mb']:>6.0f} MB "
            f"{run['used']:>10,} {run['rejected']:>9,} {run['pairs']:>11,}"
        )
    if len(rows) > 1:
        print(
            f"growth of the run from {rows[-2][0]:,} to {rows[-1][0]:,}: "
            f"{rows[-1][2]['seconds'] / rows[-2][2]['seconds']:.1f}-fold"
        )
    print("steps of the largest run (s):", json.dumps(rows[-1][2]["steps"]))


if __name__ == "__main__":
    main()
