"""The benchmark's geopandas baseline and the engine give the same answers (speed never does)."""

import sys
import tomllib

import numpy as np
import pytest

from planner.run import run
from tests.planner.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import baseline  # noqa: E402
import programme  # noqa: E402


@pytest.mark.parametrize("n", [3000])
def test_engine_equals_the_geopandas_baseline(tmp_path, n):
    areas = programme.areas(tmp_path)
    path = programme.write(n, tmp_path)
    ours = run([path], [areas], reports=False)
    theirs = baseline.run(
        path,
        {level: (areas, layer, code) for level, (layer, code) in programme.LEVELS.items()},
    )
    key = ["rule", "measure_a", "measure_b"]
    # the distance rules' pairs; the same-area rules give groups, compared below
    rules = tomllib.loads((baseline.LAYERS / "regels.toml").read_text(encoding="utf-8"))
    distance_rules = {
        r["naam"] for r in rules["regel"] if "afstand_m" in r and "zelfde_gebied" not in r
    }
    found = ours.overlaps[ours.overlaps["rule"].isin(distance_rules)]
    a = sorted(map(tuple, found[key].to_numpy().tolist()))
    b = sorted(map(tuple, theirs["pairs"][key].to_numpy().tolist()))
    assert a == b and len(a) > 0
    for level in programme.LEVELS:
        st = ours.stacking[level].set_index(["code", "periode"])
        joined = st.merge(
            theirs["stacking"][level],
            left_index=True,
            right_index=True,
            how="outer",
            suffixes=("", "_b"),
        )
        assert joined["n_maatregelen"].sum() > 0
        for column in ("n_maatregelen", "hinderlast", "budget"):
            x = joined[column].fillna(0).to_numpy(float)
            y = joined[f"{column}_b"].fillna(0).to_numpy(float)
            np.testing.assert_allclose(x, y, rtol=1e-9, atol=0.006)
    # the same-area rules: the same groups, with as many measures on each side
    key = ["regel", "code", "periode", "n_a", "n_b"]
    assert set(theirs["groups"]) == set(ours.groups) == {"buurt"}
    for level, table in ours.groups.items():
        a = set(map(tuple, table[key].astype({"periode": str}).to_numpy().tolist()))
        b = set(
            map(tuple, theirs["groups"][level][key].astype({"periode": str}).to_numpy().tolist())
        )
        assert a == b and len(a) > 0
