"""Factory fixtures: measures and areas from WKT, sample data copied to tmp_path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from planner.areas import Areas, Partition, _derive_nesting
from planner.read import measures_from_frame
from planner.schema import layers_dir

# The checkout, for the tests that read its own files (styles, benchmarks, metadata.txt, the
# sample's generator). make test-wheel runs a copy of tests/ outside it, against the installed
# wheel, and says where the checkout is.
REPO = Path(os.environ.get("GEBIEDSPLANNER_REPO") or Path(__file__).resolve().parents[2])
DATA = Path(__file__).resolve().parents[1] / "data"


def frame_from_records(records: list[dict], crs: str = "EPSG:28992") -> gpd.GeoDataFrame:
    """Records with a ``wkt`` key (or none) -> GeoDataFrame; defaults fill required fields."""
    rows = []
    for k, rec in enumerate(records, start=1):
        row = {"id": f"m{k}", "naam": f"maatregel {k}", "domein": "onderhoud", "start": "2026"}
        row.update(rec)
        wkt = row.pop("wkt", None)
        row["geometry"] = shapely.from_wkt(wkt) if wkt else None
        rows.append(row)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)


@pytest.fixture
def make_measures():
    """Build a MeasureSet from records: ``make_measures([{"wkt": "POINT (0 0)"}, ...])``."""

    def make(records: list[dict], crs: str = "EPSG:28992", target: str = "EPSG:28992"):
        return measures_from_frame(frame_from_records(records, crs), crs=target)

    return make


@pytest.fixture
def make_areas():
    """Build Areas from ``{level: [(code, wkt, inwoners[, naam]), ...]}``, fine to coarse."""

    def make(levels: dict[str, list[tuple]]) -> Areas:
        parts = []
        for level, items in levels.items():
            frame = gpd.GeoDataFrame(
                {
                    "code": [i[0] for i in items],
                    "naam": [i[3] if len(i) > 3 else f"gebied {i[0]}" for i in items],
                    "inwoners": [i[2] if len(i) > 2 else 1000 for i in items],
                },
                geometry=[shapely.from_wkt(i[1]) for i in items],
                crs="EPSG:28992",
            )
            parts.append(Partition(level, frame, "test"))
        areas = Areas(parts)
        _derive_nesting(areas)
        return areas

    return make


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """The shipped layers/ folder, copied: tests never touch the originals."""
    target = tmp_path / "layers"
    shutil.copytree(layers_dir(), target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.fixture
def zurich(tmp_path: Path) -> Path:
    """The Zürich works GeoPackage, copied."""
    source = DATA / "zurich_baustellen_2014_2015" / "zurich_baustellen_2014_2015.gpkg"
    target = tmp_path / source.name
    shutil.copy(source, target)
    return target


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory) -> Path:
    """The whole run with reports on the shipped sample, once per test session."""
    from planner.cli import main

    out = tmp_path_factory.mktemp("sample") / "uitvoer"
    assert main(["run", "--out", str(out), "--quiet", "--data-date", "2026-11-22"]) == 0
    return out


@pytest.fixture(scope="session")
def postgis():
    """A running PostgreSQL 15 + PostGIS 3 cluster with an empty database (see tests/planner/pg)."""
    from tests.planner.pg import Cluster

    cluster = Cluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()
