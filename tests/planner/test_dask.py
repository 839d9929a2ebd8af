"""--engine dask on a local cluster of several workers: exactly the single-machine answers."""

import numpy as np
import pandas as pd
import pytest

from planner.run import run

distributed = pytest.importorskip("distributed", reason="needs distributed: the extra [dask]")
pytest.importorskip("dask_geopandas", reason="needs dask-geopandas: the extra [dask]")

# a local cluster of three worker processes
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    local = distributed.LocalCluster(
        n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None
    )
    yield local
    local.close()


def same(a, b):
    key = ["rule", "measure_a", "measure_b"]
    assert a.overlaps[key].values.tolist() == b.overlaps[key].values.tolist()
    for column in ("distance_m", "uitleg", "actie"):
        assert a.overlaps[column].fillna(-1).tolist() == b.overlaps[column].fillna(-1).tolist()
    for level, table in a.stacking.items():
        other = b.stacking[level]
        assert (
            table[["code", "periode"]].values.tolist() == other[["code", "periode"]].values.tolist()
        )
        for column in (
            "n_maatregelen",
            "hinderlast",
            "budget",
            "n_combineren",
            "n_spreiden",
            "n_samenhang",
            "n_teams",
        ):
            np.testing.assert_allclose(table[column].to_numpy(float), other[column].to_numpy(float))
        assert table["integratie"].tolist() == other["integratie"].tolist()
    assert list(a.groups) == list(b.groups)
    for level, table in a.groups.items():
        assert len(table) > 0
        pd.testing.assert_frame_equal(
            pd.DataFrame(table.drop(columns="geometry")),
            pd.DataFrame(b.groups[level].drop(columns="geometry")),
        )


def test_the_sample_on_a_cluster_equals_one_machine(cluster):
    single = run(reports=False)
    spread = run(reports=False, engine="dask", scheduler=cluster.scheduler_address)
    # the distance rules' pairs (same-area rules give groups, compared in same())
    assert len(single.overlaps) > 500
    same(single, spread)
    kept = run(reports=False, engine="dask", scheduler=cluster.scheduler_address, area_pairs=True)
    assert (kept.overlaps["rule"] == "fysiek-sociaal").sum() > 500
    same(run(reports=False, area_pairs=True), kept)


def test_pairs_across_partition_edges_are_found_once(cluster):
    from planner.overlaps import find_overlaps
    from planner.partitioned import POSITION, find_overlaps_dask, partition_measures
    from planner.read import read_measures
    from planner.rules import load_rules
    from planner.schema import layers_dir

    ms = read_measures(layers_dir() / "voorbeeldprogramma.gpkg")
    rules = load_rules()
    single = find_overlaps(ms, rules)
    spread = find_overlaps_dask(ms, rules, scheduler=cluster.scheduler_address, npartitions=60)
    key = ["rule", "measure_a", "measure_b"]
    assert len(single) > 500
    assert single[key].values.tolist() == spread[key].values.tolist()
    # the test means something: many pairs join measures of different partitions
    table = ms.measures.assign(**{POSITION: np.arange(len(ms.measures))})
    owner = {}
    for k, part in enumerate(partition_measures(table, 60)):
        owner.update(dict.fromkeys(table["id"].to_numpy()[part], k))
    across = sum(
        owner[a] != owner[b]
        for a, b in zip(single["measure_a"], single["measure_b"], strict=True)
        if a in owner and b in owner
    )
    assert across > 100
