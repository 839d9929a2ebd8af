"""``gebiedsplanner overlaps`` end to end against DuckDB spatial and PostGIS, on the same file.

For each programme (``benchmarks/programme.py`` over the generated national partition: the
engine benchmark's programme and a denser one, its measures packed three times closer around
the town centres) and each size, three ways from the same GeoPackage to a CSV of pairs within
25 m whose periods share at least one day (``overlap_steps.py``, each in its own process for its
own peak memory):

- ``gebiedsplanner overlaps FILE --distance 25 --time-gap 0 --out paren.csv``;
- DuckDB with its spatial extension (the pip packages ``duckdb`` and
  ``duckdb-extension-spatial`` of the same version; the extension loaded from its file, so it
  works offline): ``ST_Read``, the periods as whole numbers, the self-join on ``ST_DWithin``
  with the period condition, ``COPY`` to CSV;
- PostGIS (a throwaway PostgreSQL 15 + PostGIS 3 cluster, ``tests/planner/pg.py``): ``ogr2ogr``
  into a table, the same columns and a GiST index, the same join, ``COPY`` to CSV.

The pairs of the three are compared (each unordered pair once, the same set). Run:
``make bench-overlaps`` (sets up ``.venv-bench``), or ``.venv-bench/bin/python
benchmarks/bench_overlaps.py --sizes 100000 --folder DIR``. Machines are shared: compare the
ratios of one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(REPO))

DISTANCE = 25
# the engine benchmark's programme, and one with every measure three times closer to its town
DENSITIES = {"programma": 1.0, "dicht": 3.0}
KINDS = ("gebiedsplanner", "duckdb", "postgis")


def step(kind: str, path: Path, out: Path, pg=None) -> dict:
    extra = [pg.uri, str(pg.data)] if pg is not None else []
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / "overlap_steps.py"),
            kind,
            str(path),
            str(out),
            str(DISTANCE),
            *extra,
        ],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO)},
    )
    if done.returncode:
        raise RuntimeError(f"{kind} on {path.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pair_keys(path: Path):
    """The unordered pairs of a CSV, as one sorted array of 'lo|hi' keys."""
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            include_columns=["measure_a", "measure_b"],
            column_types={"measure_a": "string", "measure_b": "string"},
        ),
    )
    a, b = table["measure_a"], table["measure_b"]
    first = pc.less(a, b)
    lo, hi = pc.if_else(first, a, b), pc.if_else(first, b, a)
    keys = pc.binary_join_element_wise(lo, hi, "|").to_numpy(zero_copy_only=False)
    return np.sort(keys)


def same_pairs(paths: list[Path]) -> str:
    import numpy as np

    keys = [pair_keys(p) for p in paths]
    for k, path in zip(keys, paths, strict=True):
        if len(np.unique(k)) != len(k):
            return f"dubbele paren in {path.name}"
    if all(len(k) == len(keys[0]) and (k == keys[0]).all() for k in keys[1:]):
        return "ja"
    return "nee: " + ", ".join(f"{p.stem} {len(k):,}" for p, k in zip(paths, keys, strict=True))


def main() -> None:
    import programme

    from tests.planner.pg import Cluster

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--folder", help="keep generated files here (default: temporary)")
    parser.add_argument("--without", default="", help="leave out: duckdb, postgis")
    args = parser.parse_args()
    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="gp-overlaps-"))
    folder.mkdir(parents=True, exist_ok=True)
    kinds = [k for k in KINDS if k not in args.without.split(",")]
    pg = Cluster().start() if "postgis" in kinds else None
    rows = []
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            for name, density in DENSITIES.items():
                path = programme.write(n, folder, density=density)
                found = {}
                for kind in kinds:
                    out = folder / f"paren_{name}_{n}_{kind}.csv"
                    found[kind] = step(kind, path, out, pg if kind == "postgis" else None)
                    found[kind]["csv"] = out
                same = same_pairs([found[k]["csv"] for k in kinds])
                rows.append((n, name, found, same))
                for kind in kinds:
                    found[kind]["csv"].unlink()
    finally:
        if pg is not None:
            pg.stop()
    head = f"{'N':>10} {'programme':>10} {'pairs':>10}"
    for kind in kinds:
        head += f" {kind:>15} {'peak':>8}"
    head += " " + " ".join(f"{k}/gp".rjust(11) for k in kinds[1:]) + "  same pairs"
    print(head)
    for n, name, found, same in rows:
        line = f"{n:>10,} {name:>10} {found['gebiedsplanner']['pairs']:>10,}"
        for kind in kinds:
            line += f" {found[kind]['seconds']:>13.1f} s {found[kind]['peak_mb']:>5.0f} MB"
        line += " " + " ".join(
            f"{found[k]['seconds'] / found['gebiedsplanner']['seconds']:>11.2f}" for k in kinds[1:]
        )
        print(f"{line}  {same}")
    for n, name, found, _ in rows:
        phases = {k: {p: round(s, 1) for p, s in found[k]["phases"].items()} for k in kinds}
        print(f"phases {n:,} {name}: {json.dumps(phases)}")


if __name__ == "__main__":
    main()
