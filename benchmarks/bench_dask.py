"""The analysis with ``--engine dask`` against the single-machine engine, on the same files.

For each N (``benchmarks/programme.py``, the engine benchmark's seeded programmes and areas) the
whole analysis runs twice in this process, nothing written (``planner.run(..., reports=False)``):
once with the single-machine engine and once with ``engine="dask"`` on a local cluster (one
worker per core). It prints both times, the time of the rules alone, the peak memory of this
process and every process it started (the cluster's workers; sampled every 50 ms, ``VmRSS``),
the pairs and groups, and whether the two give the same pairs (rule, measure a, measure b,
distance), the same groups (every column but the geometry, per level) and the same stacking
figures. Run:
``.venv-core/bin/python benchmarks/bench_dask.py --folder DIR`` (``--sizes`` for others).
Machines are shared: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from memory import PeakSampler  # noqa: E402

PAIR_KEY = ["rule", "measure_a", "measure_b", "distance_m"]
FIGURES = ["n_maatregelen", "hinderlast", "budget", "n_spreiden", "n_samenhang"]


def timed(engine: str, path: Path, areas: Path) -> tuple[float, float, float, object]:
    """The whole analysis with ``engine``: seconds, seconds of the rules, peak MB, the result."""
    import planner

    sampler = PeakSampler().start()
    started = time.perf_counter()
    result = planner.run(measures=path, areas=areas, reports=False, engine=engine)
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    timings = result.report["tijden_s"]
    rules = sum(v for k, v in timings.items() if k.startswith(("regel ", "samenhang ")))
    return seconds, rules, peak / 1024, result


def answers(result) -> dict:
    """What the two engines must agree on, kept small: the run's result itself is let go.

    The pairs (rule, measure a, measure b, distance; ids as text: they come back as object
    from one engine, str from the other), the groups (every column but the geometry) and the
    stacking figures, each per level; and the pairs per rule and the groups per level.
    """
    text = dict.fromkeys(PAIR_KEY[:3], "str")
    pairs = result.overlaps[PAIR_KEY].astype(text).sort_values(PAIR_KEY).reset_index(drop=True)
    return {
        "pairs": pairs,
        "groups": {k: pd.DataFrame(t.drop(columns="geometry")) for k, t in result.groups.items()},
        "stacking": {k: pd.DataFrame(t[FIGURES]) for k, t in result.stacking.items()},
        "per_rule": result.overlaps["rule"].value_counts().to_dict(),
    }


def same(single: dict, dask: dict) -> bool:
    """The same pairs, groups and stacking figures, whatever the row order of the pairs."""
    if not single["pairs"].equals(dask["pairs"]):
        return False
    if list(single["groups"]) != list(dask["groups"]):
        return False
    try:
        for level, table in single["groups"].items():
            pd.testing.assert_frame_equal(table, dask["groups"][level])
        for level, table in single["stacking"].items():
            pd.testing.assert_frame_equal(table, dask["stacking"][level], check_exact=False)
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
        *single, result = timed("single", path, areas)
        ours = answers(result)
        del result  # a million measures' results: not in the dask run's peak
        gc.collect()
        *spread, result = timed("dask", path, areas)
        theirs = answers(result)
        del result
        gc.collect()
        groups = {level: len(table) for level, table in ours["groups"].items()}
        equal, pairs = same(ours, theirs), len(ours["pairs"])
        rows.append((n, single, spread, equal, pairs, ours["per_rule"], groups))
        del ours, theirs
    print(
        f"{'N':>10} {'single':>9} {'dask':>9} {'dask/single':>12} {'rules single':>13} "
        f"{'rules dask':>11} {'peak single':>12} {'peak dask':>10} {'pairs':>10} {'same':>5}"
    )
    for n, (s, s_rules, s_peak), (d, d_rules, d_peak), equal, pairs, _, _ in rows:
        print(
            f"{n:>10,} {s:>7.1f} s {d:>7.1f} s {d / s:>12.2f} {s_rules:>11.1f} s "
            f"{d_rules:>9.1f} s {s_peak:>9,.0f} MB {d_peak:>7,.0f} MB {pairs:>10,} "
            f"{'ja' if equal else 'NEE':>5}"
        )
    for n, *_, per_rule, groups in rows:
        print(f"{n:>10,}: paren per regel {per_rule}; groepen per niveau {groups}")


if __name__ == "__main__":
    main()
