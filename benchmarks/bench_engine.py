"""The engine at scale: pyogrio read time (the floor), the whole run, the baseline, peak memory.

For N = 10,000, 100,000 and 1,000,000 measures (``benchmarks/programme.py``, seeded) over the
342 CBS gemeenten and the generated 3,475 wijken and 13,900 buurten: the time to read the
GeoPackage with pyogrio (``read_dataframe``, and ``read_arrow`` into a frame and shapely
geometries: the stricter floor),
``gebiedsplanner run --tables-only`` (default rules, stacking for the three levels), and the
geopandas baseline (``benchmarks/baseline.py``: sjoin dwithin per rule, a pandas period filter,
overlay for the shares, the groups of the same-area rule per area and year), each in its own
process so peak memory is that step's own. Up to 100,000 the baseline's pairs, stacking
figures and groups are compared with the run's: speed must never change answers. Run:
``make bench-engine`` (``--sizes 10000,100000`` for fewer). Machines are shared: compare the
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
sys.path.insert(0, str(HERE))

STEP = r"""
import json, resource, sys, time
from memory import PeakSampler, own_peak
kind, path, areas, out, levels = sys.argv[1:6]
sampler = PeakSampler().start()
t = time.perf_counter()
if kind == "read":
    import pyogrio
    frame = pyogrio.read_dataframe(path)
    extra = {"rows": len(frame)}
elif kind == "read_arrow":
    import pyogrio, shapely
    meta, table = pyogrio.read_arrow(path)
    frame = table.drop_columns([meta["geometry_name"]]).to_pandas()
    geoms = shapely.from_wkb(table[meta["geometry_name"]].to_numpy(zero_copy_only=False))
    extra = {"rows": len(frame)}
elif kind == "baseline":
    import baseline
    from pathlib import Path
    found = baseline.run(Path(path), {level: (Path(areas), layer, code)
                                      for level, (layer, code) in json.loads(levels).items()})
    Path(out).mkdir(parents=True, exist_ok=True)
    found["pairs"].to_csv(out + "/paren.csv", index=False)
    for level, table in found["stacking"].items():
        table.to_csv(out + f"/stapeling_{level}.csv")
    for level, table in found["groups"].items():
        table.to_csv(out + f"/samenhang_{level}.csv", index=False)
    extra = {"pairs": len(found["pairs"]),
             "groups": sum(len(t) for t in found["groups"].values())}
else:
    from planner.cli import main
    code = main(["run", "--tables-only", "--quiet", "--measures", path, "--areas", areas,
                 "--out", out])
    report = json.load(open(out + "/run.json"))
    extra = {"code": code, "read": report["aantallen"]["gelezen"],
             "used": report["aantallen"]["gebruikt"],
             "rejected": report["aantallen"]["afgewezen"],
             "pairs": report["overlappingen"]["totaal"], "steps": report["tijden_s"],
             "per_rule": {"paren": report["overlappingen"]["per_regel"],
                          "groepen": report["samenhang"].get("per_regel", {})}}
extra["seconds"] = time.perf_counter() - t
# the run's second process (writing behind the analysis) counts too: the peak is the most
# that this process and its children held together (sampled every 50 ms), and never less than
# this process's own exact peak (memory.py)
own = own_peak()
extra["peak_mb"] = max(own, sampler.stop()) / 1024
extra["peak_own_mb"] = own / 1024
extra["peak_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(extra))
"""


# The generated partition: the level names the run gives them, and (layer, code column).
GENERATED_LEVELS = {
    "gemeente": ("gemeenten", "GM_CODE"),
    "wijk": ("wijken", "WK_CODE"),
    "buurt": ("buurten", "BU_CODE"),
}


def step(kind: str, path: Path, areas: Path, out: Path, levels: dict = GENERATED_LEVELS) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", STEP, kind, str(path), str(areas), str(out), json.dumps(levels)],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "PYTHONPATH": str(HERE)},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def same_answers(run_out: Path, base_out: Path, levels) -> str:
    """Compare the run's tables with the baseline's: 'ja' or what differs."""
    import tomllib

    import baseline
    import numpy as np
    import pandas as pd

    ours = pd.read_csv(run_out / "overlappingen.csv", usecols=["rule", "measure_a", "measure_b"])
    # the baseline has the distance rules; the same-area rules are compared by their counts
    rules = tomllib.loads((baseline.LAYERS / "regels.toml").read_text(encoding="utf-8"))["regel"]
    ours = ours[ours["rule"].isin({r["naam"] for r in rules if "afstand_m" in r})]
    theirs = pd.read_csv(base_out / "paren.csv")
    key = ["rule", "measure_a", "measure_b"]
    a = set(map(tuple, ours[key].to_numpy().tolist()))
    b = set(map(tuple, theirs[key].to_numpy().tolist()))
    if a != b:
        return (
            f"paren verschillen: {len(a - b)} alleen in de run, {len(b - a)} alleen in de baseline"
        )
    if len(a) != len(ours) or len(b) != len(theirs):
        return (
            f"dubbele paren: {len(ours) - len(a)} in de run, {len(theirs) - len(b)} in de baseline"
        )
    for level in levels:
        # from the GeoPackage: the CSV keeps six significant digits, the GeoPackage all
        import pyogrio

        st = pyogrio.read_dataframe(
            run_out / "gebiedsplanner.gpkg", layer=f"stapeling_{level}", read_geometry=False
        )
        bs = pd.read_csv(base_out / f"stapeling_{level}.csv", dtype={"periode": str})
        joined = st.set_index(["code", "periode"]).join(
            bs.set_index(["code", "periode"]), suffixes=("", "_b"), how="outer"
        )
        for column in ("n_maatregelen", "hinderlast", "budget"):
            x = joined[column].fillna(0).to_numpy(float)
            y = joined[f"{column}_b"].fillna(0).to_numpy(float)
            # the run rounds hinderlast to 3 and budget to 2 decimals
            if not np.allclose(x, y, rtol=1e-9, atol=0.006):
                return f"{level} {column} verschilt (max {np.abs(x - y).max():.3f})"
    # the same-area rules' groups: per rule, area and period, the measures on each side
    group_key = ["regel", "code", "periode", "n_a", "n_b"]
    for found in sorted(base_out.glob("samenhang_*.csv")):
        theirs = pd.read_csv(found, usecols=group_key, dtype={"periode": str, "code": str})
        ours = pd.read_csv(run_out / found.name, usecols=group_key,
                           dtype={"periode": str, "code": str})  # fmt: skip
        # usecols keeps the file's column order: the key's order is set here
        a = set(map(tuple, ours[group_key].to_numpy().tolist()))
        b = set(map(tuple, theirs[group_key].to_numpy().tolist()))
        if a != b or not a:
            return (
                f"{found.stem} verschilt: {len(a - b)} groepen alleen in de run, "
                f"{len(b - a)} alleen in de baseline"
            )
    return "ja"


def main() -> None:
    import programme

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--bad", type=float, default=0.0, help="share of bad features")
    parser.add_argument("--folder", help="keep generated files here (default: temporary)")
    parser.add_argument(
        "--areas",
        help="another national partition (a GeoPackage) instead of the generated one, "
        "e.g. CBS' wijk- en buurtkaart",
    )
    parser.add_argument(
        "--levels",
        help="with --areas: the levels as the run names them, for the baseline: "
        "level=layer:CODE,... (e.g. gemeente=gemeenten:GM_CODE,wijk=wijken:WK_CODE)",
    )
    parser.add_argument(
        "--detail",
        type=float,
        help="the generated partition with a border point at least every DETAIL metres "
        "(17: about the 360 points of a full-resolution CBS buurt)",
    )
    args = parser.parse_args()
    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="gp-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.areas:
        if not args.levels:
            parser.error("--areas needs --levels (level=layer:CODE,...)")
        areas = Path(args.areas).resolve()
        levels = {}
        for item in args.levels.split(","):
            level, _, rest = item.partition("=")
            layer, _, code = rest.partition(":")
            levels[level.strip()] = (layer.strip(), code.strip())
    else:
        areas, levels = programme.areas(folder, args.detail), GENERATED_LEVELS
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        path = programme.write(n, folder, args.bad)
        read = step("read", path, areas, folder / "x")
        read_arrow = step("read_arrow", path, areas, folder / "x")
        run = step("run", path, areas, folder / f"uit_{n}", levels)
        base = step("baseline", path, areas, folder / f"baseline_{n}", levels)
        same = (
            same_answers(folder / f"uit_{n}", folder / f"baseline_{n}", levels)
            if n <= 100_000 and not args.bad
            else "-"
        )
        rows.append((n, read, read_arrow, run, base, same))
    print(
        f"{'N':>10} {'read':>8} {'read (arrow)':>13} {'run':>9} {'run/read':>9} "
        f"{'run/arrow':>9} {'baseline':>9} {'base/run':>9} {'peak run':>9} {'peak base':>10} "
        f"{'pairs':>11} {'same':>5}"
    )
    for n, read, read_arrow, run, base, same in rows:
        print(
            f"{n:>10,} {read['seconds']:>6.1f} s {read_arrow['seconds']:>11.1f} s "
            f"{run['seconds']:>7.1f} s {run['seconds'] / read['seconds']:>9.1f} "
            f"{run['seconds'] / read_arrow['seconds']:>9.1f} {base['seconds']:>7.1f} s "
            f"{base['seconds'] / run['seconds']:>9.2f} {run['peak_mb']:>6.0f} MB "
            f"{base['peak_mb']:>7.0f} MB {run['pairs']:>11,} {same:>5}"
        )
    if len(rows) > 1:
        print(
            f"growth of the run from {rows[-2][0]:,} to {rows[-1][0]:,}: "
            f"{rows[-1][3]['seconds'] / rows[-2][3]['seconds']:.1f}-fold"
        )
    print("steps of the largest run (s):", json.dumps(rows[-1][3]["steps"]))
    for n, _, _, run, _, _ in rows:
        print(f"per rule at {n:,}:", json.dumps(run["per_rule"], ensure_ascii=False))


if __name__ == "__main__":
    main()
