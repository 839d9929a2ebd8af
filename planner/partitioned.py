"""The overlap engine beyond one machine: spatial partitions on a dask cluster.

The measures with a place are ordered along a Hilbert curve with dask-geopandas and cut into
partitions of neighbouring measures. Each partition *owns* its measures; a task gets them plus
every measure whose extent comes within the largest rule distance of them (its *context*) and
runs the single-machine engine (:func:`planner.find_overlaps`) on that small table, keeping
only the pairs whose first measure (in the programme's order) it owns. A pair across a
partition edge is therefore found exactly once, never lost and never doubled, and each pair is
described exactly as a single-machine run describes it. Rules on a shared area (a join on area
membership, not on distance) run on the client.

``scheduler=None`` starts a local cluster (one worker process per core); ``tcp://host:8786``
uses a running dask.distributed cluster, whose workers need the same Python packages.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.areas import Areas
from planner.errors import InputError
from planner.read import MeasureSet
from planner.rules import RuleSet

__all__ = ["find_overlaps_dask", "partition_measures"]

log = logging.getLogger(__name__)
POSITION = "_positie"


def _dask():
    try:
        import dask_geopandas
        import distributed
    except ImportError as exc:
        raise InputError(
            "--engine dask vraagt de Python-pakketten dask-geopandas en distributed: "
            "python3 -m pip install dask-geopandas distributed"
        ) from exc
    return dask_geopandas, distributed


def partition_measures(table: gpd.GeoDataFrame, npartitions: int) -> list[np.ndarray]:
    """Positions of the located measures, cut into spatially compact partitions.

    Parameters
    ----------
    table : geopandas.GeoDataFrame
        Measures (``POSITION`` column: their position in the programme).
    npartitions : int
        How many partitions.

    Returns
    -------
    list of numpy.ndarray
        Per partition the positions it owns (Hilbert order, contiguous runs).
    """
    dask_geopandas, _ = _dask()
    located = table.loc[
        ~shapely.is_missing(np.asarray(table.geometry.array)), [POSITION, "geometry"]
    ]
    if not len(located):
        return []
    # The Hilbert distances on the full extent (dask-geopandas computes them in chunks of
    # 100,000); the measures in that order are then cut into the requested partitions.
    chunks = max(1, len(located) // 100_000)
    frame = dask_geopandas.from_geopandas(located, npartitions=chunks)
    distance = frame.hilbert_distance(total_bounds=located.total_bounds).compute().to_numpy()
    order = located[POSITION].to_numpy()[np.argsort(distance, kind="stable")]
    return [part for part in np.array_split(order, max(1, npartitions)) if len(part)]


def _task(table: gpd.GeoDataFrame, owned: np.ndarray, rules: RuleSet) -> pd.DataFrame:
    """Run on a worker: the engine on owned + context, the pairs whose first measure is owned."""
    from planner.overlaps import find_overlaps

    local = table.sort_values(POSITION).reset_index(drop=True)
    pairs = find_overlaps(local, rules)
    if not len(pairs):
        return pairs
    position = pd.Series(local[POSITION].to_numpy(), index=local["id"].to_numpy())
    a = position.loc[pairs["measure_a"].to_numpy()].to_numpy()
    b = position.loc[pairs["measure_b"].to_numpy()].to_numpy()
    keep = np.isin(np.minimum(a, b), owned)
    return pairs.loc[keep].reset_index(drop=True)


def find_overlaps_dask(
    measures: gpd.GeoDataFrame | MeasureSet,
    rules: RuleSet,
    *,
    areas: Areas | None = None,
    membership: pd.DataFrame | None = None,
    scheduler: str | None = None,
    npartitions: int | None = None,
    progress: Callable[[str], None] | None = None,
    skipped: list[str] | None = None,
    area_pairs: bool = False,
) -> gpd.GeoDataFrame:
    """:func:`planner.find_overlaps` on a dask cluster: the same pairs, in the same order.

    Parameters
    ----------
    measures, rules, areas, membership, progress, skipped, area_pairs
        As for :func:`planner.find_overlaps`.
    scheduler : str, optional
        Address of a dask.distributed scheduler (``tcp://host:8786``); a local cluster when
        not given.
    npartitions : int, optional
        Spatial partitions; by default four per worker thread.

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`planner.find_overlaps`.
    """
    from planner.overlaps import PAIR_COLUMNS, find_overlaps

    _, distributed = _dask()
    table = (measures.measures if isinstance(measures, MeasureSet) else measures).reset_index(
        drop=True
    )
    table = table.assign(**{POSITION: np.arange(len(table))})
    by_distance = RuleSet([r for r in rules.rules if r.distance is not None], source=rules.source)
    by_area = RuleSet([r for r in rules.rules if r.distance is None], source=rules.source)
    frames = []
    if by_distance.rules:
        if progress:
            progress("ruimtelijke delen op het cluster")
        client, cluster = _client(distributed, scheduler)
        try:
            workers = sum(client.nthreads().values()) or 1
            owned_parts = partition_measures(table, npartitions or 4 * workers)
            reach = max(r.distance or 0.0 for r in by_distance.rules)
            geoms = np.asarray(table.geometry.array)
            located = np.flatnonzero(~shapely.is_missing(geoms))
            tree = shapely.STRtree(shapely.envelope(geoms[located]))
            futures = []
            for owned in owned_parts:
                # every measure within reach of any owned measure: its extent grown by the
                # largest rule distance on all sides (a superset of the round buffer)
                x0, y0, x1, y1 = shapely.bounds(geoms[owned]).T
                reach_box = shapely.box(x0 - reach, y0 - reach, x1 + reach, y1 + reach)
                near = located[np.unique(tree.query(reach_box, predicate="intersects")[1])]
                context = np.union1d(owned, near)
                futures.append(
                    client.submit(_task, table.iloc[context], owned, by_distance, pure=False)
                )
            parts = client.gather(futures)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        found = [p for p in parts if len(p)]
        if found:
            distance_pairs = pd.concat(found, ignore_index=True)
            order = {r.name: k for k, r in enumerate(by_distance.rules)}
            pos = pd.Series(table[POSITION].to_numpy(), index=table["id"].to_numpy())
            a = pos.loc[distance_pairs["measure_a"].to_numpy()].to_numpy()
            b = pos.loc[distance_pairs["measure_b"].to_numpy()].to_numpy()
            sort = np.lexsort(
                (a, np.maximum(a, b), np.minimum(a, b), distance_pairs["rule"].map(order))
            )
            frames.append(distance_pairs.iloc[sort])
    if by_area.rules:
        frames.append(
            find_overlaps(
                table.drop(columns=POSITION),
                by_area,
                areas=areas,
                membership=membership,
                progress=progress,
                skipped=skipped,
                area_pairs=area_pairs,
            )
        )
    frames = [f for f in frames if len(f)]
    if not frames:
        return gpd.GeoDataFrame(columns=PAIR_COLUMNS, geometry=[], crs=table.crs)
    result = pd.concat(frames, ignore_index=True)
    rank = {r.name: k for k, r in enumerate(rules.rules)}
    result = result.iloc[np.argsort(result["rule"].map(rank).to_numpy(), kind="stable")]
    return gpd.GeoDataFrame(result.reset_index(drop=True), geometry="geometry", crs=table.crs)


def _client(distributed, scheduler: str | None):
    """A client for ``scheduler``, or for a new local cluster (closed by the caller)."""
    if scheduler:
        try:
            return distributed.Client(scheduler, timeout="20s"), None
        except OSError as exc:
            raise InputError(
                f"--scheduler {scheduler}: de dask-scheduler is niet te bereiken ({exc})."
            ) from exc
    cluster = distributed.LocalCluster(
        n_workers=os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    return distributed.Client(cluster), cluster
