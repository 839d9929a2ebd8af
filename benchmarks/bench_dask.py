"""The analysis with ``--engine dask`` against the single-machine engine, on the same files.

For each N (``benchmarks/programme.py``, the engine benchmark's seeded programmes and areas) the
whole analysis runs twice in this process, nothing written (``planner.run(..., reports=False)``):
once with the single-machine engine and once with ``engine="dask"`` on a local cluster (one
worker per core). It prints both times, the time of the overlap step alone, and whether the two
give the same pairs (rule, measure a, measure b, distance) and the same stacking figures. Run:
``.venv-core/bin/python benchmarks/bench_dask.py --folder DIR`` (``--sizes`` for others).
Machines are shared: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

PAIR_KEY = ["rule", "measure_a", "measure_b", "distance_m"]
FIGURES = ["n_maatregelen", "hinderlast", "budget", "n_spreiden", "n_samenhang"]


def timed(engine: str, path: Path, areas: Path) -> tuple[float, float, object]:
    """The whole analysis with ``engine``: seconds, seconds of the overlap step, the result."""
    import planner

    started = time.perf_counter()
    result = planner.run(measures=path, areas=areas, reports=False, engine=engine)
    seconds = time.perf_counter() - started
    rules = sum(v for k, v in result.report["tijden_s"].items() if k.startswith("regel "))
    return seconds, rules, result


def same(single, dask) -> bool:
    """The same pairs and the same stacking figures, whatever the row order."""
    # the values, not their pandas types (ids come back as object from one engine, str from
    # the other)
    text = dict.fromkeys(PAIR_KEY[:3], "str")
    a = single.overlaps[PAIR_KEY].astype(text).sort_values(PAIR_KEY).reset_index(drop=True)
    b = dask.overlaps[PAIR_KEY].astype(text).sort_values(PAIR_KEY).reset_index(drop=True)
    if not a.equals(b):
        return False
    for level, table in single.stacking.items():
        other = dask.stacking[level]
        try:
            pd.testing.assert_frame_equal(
                pd.DataFrame(table[FIGURES]), pd.DataFrame(other[FIGURES]), check_exact=False
            )
        except AssertionError:
            return False
    return True


def main() -> None:
    import programme

    # dask warns about every partition it is sent; the table below says what it cost
    warnings.filterwarnings("ignore", message="Sending large graph")
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--folder", help="keep generated files here (default: temporary)")
    args = parser.parse_args()
    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="gp-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    areas = programme.areas(folder)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        path = programme.write(n, folder)
        single = timed("single", path, areas)
        dask = timed("dask", path, areas)
        equal, pairs = same(single[2], dask[2]), len(single[2].overlaps)
        rows.append((n, single[:2], dask[:2], equal, pairs))
        del single, dask  # a million measures' results, twice
    print(
        f"{'N':>10} {'single':>9} {'dask':>9} {'dask/single':>12} "
        f"{'overlaps single':>16} {'overlaps dask':>14} {'pairs':>10} {'same':>5}"
    )
    for n, (s, s_rules), (d, d_rules), equal, pairs in rows:
        print(
            f"{n:>10,} {s:>7.1f} s {d:>7.1f} s {d / s:>12.2f} {s_rules:>14.1f} s "
            f"{d_rules:>12.1f} s {pairs:>10,} {'ja' if equal else 'NEE':>5}"
        )


if __name__ == "__main__":
    main()
