"""Versies vergelijken (gebiedsplanner:vergelijk): two run folders -> the changed measures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plugin.test_processing import error_of, layer, output_layer, run_alg


@pytest.fixture
def two_runs(installed, sample, tmp_path) -> tuple[Path, Path]:
    """A run on the sample and one on a copy with one measure moved, one gone, one new."""
    import pandas as pd
    import pyogrio
    from shapely import affinity

    import planner as planner_lib  # the zip's (the installed fixture puts it first)

    source = sample / "voorbeeldprogramma.gpkg"
    edited = tmp_path / "programma-v2.gpkg"
    # a new file, layer by layer: GDAL 3.6 cannot replace a layer of the sample's GeoPackage 1.4
    for name in pyogrio.list_layers(source)[:, 0]:
        frame = pyogrio.read_dataframe(source, layer=name)
        if name == "gemeente_openbare_ruimte":
            at = {v: i for i, v in enumerate(frame["id"])}
            moved = affinity.translate(frame.geometry[at["OR-0010"]], 150)
            frame.loc[at["OR-0010"], "geometry"] = moved
            added = frame.iloc[[at["OR-0002"]]].copy()
            added["id"] = "NEW-0001"
            frame = pd.concat([frame[frame["id"] != "OR-0009"], added], ignore_index=True)
        pyogrio.write_dataframe(frame, edited, layer=str(name))
    areas = [sample / "haarlem_wijken_2024.gpkg"]
    old, new = tmp_path / "run-oud", tmp_path / "run-nieuw"
    planner_lib.run([source], areas, out=old, reports=False)
    planner_lib.run([edited], areas, out=new, reports=False)
    return old, new


def test_compare_gives_the_changed_measures_as_a_styled_layer(installed, two_runs, tmp_path):
    from qgis.core import QgsVectorLayer

    folder = tmp_path / "vergelijking"
    out = run_alg(
        "vergelijk",
        {
            "OLD": str(two_runs[0]),
            "NEW": str(two_runs[1]),
            "REPORT": False,
            "OUTPUT": str(folder),
            "MEASURES_CHANGED": "TEMPORARY_OUTPUT",
        },
    )
    changed = output_layer(out, "MEASURES_CHANGED")
    kinds = {f["id"]: f["wijziging"] for f in changed.getFeatures()}
    assert kinds == {"NEW-0001": "nieuw", "OR-0009": "vervallen", "OR-0010": "gewijzigd"}
    assert (folder / "vergelijking.json").exists() and (
        folder / "maatregelen_verschil.csv"
    ).exists()
    overlaps = QgsVectorLayer(out["OVERLAPS"], "paren", "ogr")
    assert overlaps.isValid() and overlaps.featureCount() > 0
    assert layer(folder / "gebiedsplanner.gpkg", "maatregelen_verschil").featureCount() == 3


def test_the_changed_measures_style_categorises_by_kind(
    installed, two_runs, tmp_path, layer_tree_view
):
    import processing
    from qgis.core import QgsProject

    project = QgsProject.instance()
    before = set(project.mapLayers())
    processing.runAndLoadResults(
        "gebiedsplanner:vergelijk",
        {
            "OLD": str(two_runs[0]),
            "NEW": str(two_runs[1]),
            "REPORT": False,
            "OUTPUT": str(tmp_path / "vergelijking"),
            "MEASURES_CHANGED": "TEMPORARY_OUTPUT",
        },
    )
    loaded = [project.mapLayer(i) for i in set(project.mapLayers()) - before]
    styled = [lyr for lyr in loaded if lyr.renderer().type() == "categorizedSymbol"]
    by_attr = {lyr.renderer().classAttribute(): lyr for lyr in styled}
    assert {c.value() for c in by_attr["wijziging"].renderer().categories()} == {
        "nieuw",
        "vervallen",
        "gewijzigd",
    }
    assert "verdict" in by_attr  # the changed overlaps, in the overlaps' style
    project.removeAllMapLayers()


def test_a_folder_that_is_no_run_is_a_clear_error(installed, tmp_path):

    (tmp_path / "leeg").mkdir()
    message = error_of(
        "vergelijk",
        {
            "OLD": str(tmp_path / "leeg"),
            "NEW": str(tmp_path / "leeg"),
            "OUTPUT": str(tmp_path / "uit"),
            "MEASURES_CHANGED": "memory:",
        },
    )
    assert "run.json ontbreekt" in message
    assert not (tmp_path / "uit").exists()
