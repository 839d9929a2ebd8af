"""The panel: run on the sample, lists fill, a click selects both measures, edits checked live."""

from __future__ import annotations

import time

import pytest

from tests.plugin.test_processing import layer, measure_layers


def wait_for(condition, seconds: float = 120) -> None:
    from qgis.core import QgsApplication

    end = time.monotonic() + seconds
    while not condition():
        QgsApplication.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the panel did not finish in time")
        time.sleep(0.02)


@pytest.fixture
def panel(installed, sample, qgis_iface):
    from qgis.core import QgsProject

    project = QgsProject.instance()
    layers = measure_layers(sample)
    areas = layer(sample / "haarlem_wijken_2024.gpkg", "wijken")
    project.addMapLayers([*layers, areas])
    panel = installed.show_panel(True)
    panel.refresh_layers()
    panel.set_measure_layers(layers)
    panel.area_combo.setLayer(areas)
    yield panel, layers, areas
    for lyr in layers:
        if lyr.isEditable():
            lyr.rollBack()
    panel.close_down()
    installed.panel = None
    project.removeAllMapLayers()


def run_panel(panel):
    task = panel.start_run()
    assert task is not None
    wait_for(lambda: panel.result is not None or panel.run_button.isEnabled())
    assert panel.result is not None, panel.status.text()


def test_run_fills_the_lists_and_a_click_selects_both_measures(panel):
    panel, layers, _areas = panel
    run_panel(panel)
    from planner import most_stacked

    top = most_stacked(panel.result.stacking["wijk"], n=15)
    assert panel.stacked_table.rowCount() == len(top) > 0
    shown = [
        (panel.stacked_table.item(r, 0).text(), panel.stacked_table.item(r, 1).text())
        for r in range(panel.stacked_table.rowCount())
    ]
    assert shown == [(str(n), str(p)) for n, p in zip(top["naam"], top["periode"], strict=True)]
    tree = panel.overlap_tree
    verdicts = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert len(verdicts) == 4, verdicts
    total = sum(int(v.rsplit("(", 1)[1].rstrip(")")) for v in verdicts)
    assert total == len(panel.result.overlaps)
    # a pair between two different layers, to see both selections
    chosen = None
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for k in range(top.childCount()):
            a, b = top.child(k).data(0, 256)
            la, lb = (panel._feature_of(a)[0], panel._feature_of(b)[0])
            if la is not lb:
                chosen = top.child(k)
                break
        if chosen:
            break
    assert chosen is not None
    tree.itemClicked.emit(chosen, 0)
    a, b = chosen.data(0, 256)
    (la, fa), (lb, fb) = panel._feature_of(a), panel._feature_of(b)
    assert fa in la.selectedFeatureIds() and fb in lb.selectedFeatureIds()
    assert la.selectedFeatureCount() == 1 and lb.selectedFeatureCount() == 1
    # the canvas went to the pair
    extent = panel.iface.mapCanvas().extent()
    assert extent.width() > 0
    # the Samenhang tab: one row per group, a click goes to its area
    groups = panel.group_table
    assert groups.rowCount() == sum(len(t) for t in panel.result.groups.values()) > 0
    assert " met " in groups.item(0, 3).text()
    groups.cellClicked.emit(0, 0)
    level, code = groups.item(0, 0).data(256)
    x0, y0, x1, y1 = panel.presenter.area_bounds(code, level)
    assert panel.iface.mapCanvas().extent().width() >= (x1 - x0) * 0.99


def test_year_filter_limits_lists_and_map(panel):
    panel, layers, _areas = panel
    run_panel(panel)
    all_pairs = len(panel.result.overlaps)
    counts = {lyr.id(): lyr.featureCount() for lyr in layers}
    index = panel.year_combo.findData(2027)
    panel.year_combo.setCurrentIndex(index)
    shown = sum(
        int(panel.overlap_tree.topLevelItem(i).text(0).rsplit("(", 1)[1].rstrip(")"))
        for i in range(panel.overlap_tree.topLevelItemCount())
    )
    assert 0 < shown < all_pairs
    assert all(
        panel.stacked_table.item(r, 1).text().startswith("2027")
        for r in range(panel.stacked_table.rowCount())
    )
    filtered = {lyr.id(): lyr.featureCount() for lyr in layers}
    assert sum(filtered.values()) < sum(counts.values())
    panel.year_combo.setCurrentIndex(0)
    assert {lyr.id(): lyr.featureCount() for lyr in layers} == counts
    assert all(lyr.subsetString() == "" for lyr in layers)


def test_an_edit_updates_the_live_check(panel):
    from qgis.core import QgsGeometry, QgsPointXY

    panel, layers, _areas = panel
    run_panel(panel)
    public = layers[0]  # gemeente_openbare_ruimte: sewers and paving
    rows = panel.result.measures.measures
    pairs = panel.result.overlaps
    pair = pairs.loc[pairs["rule"] == "werk-met-werk"].iloc[0]
    (la, fa), (lb, fb) = panel._feature_of(pair["measure_a"]), panel._feature_of(pair["measure_b"])
    # move measure b far away: its werk-met-werk pair with a disappears from the live check
    lb.startEditing()
    far = QgsGeometry.fromPointXY(QgsPointXY(90_000, 400_000))
    assert lb.changeGeometry(fb, far)
    live = [panel.live_list.item(i).text() for i in range(panel.live_list.count())]
    assert live and "geen overlappingen" in live[0]
    # and back next to a: the pair is there again, named in the list
    assert lb.changeGeometry(fb, la.getFeature(fa).geometry())
    live = [panel.live_list.item(i).text() for i in range(panel.live_list.count())]
    assert any("werk-met-werk" in line and pair["naam_a"] in line for line in live), live
    # a new measure right on top of a, in the same year: the check names a
    public.startEditing() if not public.isEditable() else None
    from qgis.core import QgsFeature

    feature = QgsFeature(public.fields())
    feature.setAttribute("naam", "Nieuwe rioolvervanging")
    feature.setAttribute("domein", "onderhoud")
    feature.setAttribute("thema", "riolering")
    feature.setAttribute("start", str(rows.set_index("id").loc[pair["measure_a"], "start"]))
    feature.setGeometry(la.getFeature(fa).geometry())
    assert public.addFeature(feature)
    live = [panel.live_list.item(i).text() for i in range(panel.live_list.count())]
    assert live[0].startswith("Nieuwe rioolvervanging"), live
    assert any(pair["naam_a"] in line for line in live[1:]), live
    # a period that cannot be read: the panel says why the measure would be rejected
    new_fid = [f.id() for f in public.getFeatures() if f["naam"] == "Nieuwe rioolvervanging"][0]
    public.changeAttributeValue(new_fid, public.fields().indexOf("start"), "31-02-2026")
    live = [panel.live_list.item(i).text() for i in range(panel.live_list.count())]
    assert "afgewezen" in live[0] and "31-02-2026" in live[0], live


def test_chosen_layers_are_remembered_in_the_project(panel, qgis_iface):
    from gebiedsplanner.panel import ProgrammePanel

    panel, layers, areas = panel
    run_panel(panel)
    again = ProgrammePanel(qgis_iface)
    try:
        assert {lyr.id() for lyr in again.measure_layers()} == {lyr.id() for lyr in layers}
        assert again.area_combo.currentLayer().id() == areas.id()
    finally:
        again.close_down()
        again.deleteLater()
