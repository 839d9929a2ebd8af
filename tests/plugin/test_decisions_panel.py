"""The panel records a decision for the selected overlap in the project's besluiten layer."""

from __future__ import annotations

import datetime as dt

from tests.plugin.test_panel import panel, run_panel  # noqa: F401 - the fixture


def test_a_decision_for_the_selected_overlap_goes_into_the_besluiten_layer(panel, tmp_path):  # noqa: F811
    from qgis.core import QgsProject, QgsVectorFileWriter

    import planner

    panel, _layers, _areas = panel
    run_panel(panel)
    tree = panel.overlap_tree
    assert not panel.record_decision()  # nothing selected yet
    assert "Kies eerst" in panel.status.text()
    pair_item = tree.topLevelItem(0).child(0)
    tree.setCurrentItem(pair_item)
    panel.decision_combo.setCurrentIndex(panel.decision_combo.findData("gespreid"))
    a, b = pair_item.data(0, 256)
    rule = pair_item.text(1)
    open_before = sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))
    assert panel.record_decision(), panel.status.text()
    # the list is refilled: the overlap is no longer open work but listed as decided
    last = tree.topLevelItem(tree.topLevelItemCount() - 1)
    assert last.text(0) == "Besloten (1)" and last.childCount() == 1
    assert last.child(0).data(0, 256) == (a, b) and last.child(0).text(2) == "gespreid"
    open_after = sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount() - 1))
    assert open_after == open_before - 1
    found = QgsProject.instance().mapLayersByName("besluiten")
    assert len(found) == 1
    features = list(found[0].getFeatures())
    assert len(features) == 1
    f = features[0]
    assert (f["regel"], f["maatregel_a"], f["maatregel_b"], f["besluit"]) == (
        rule, a, b, "gespreid"
    )  # fmt: skip
    assert f["datum"] == dt.date.today().isoformat()
    # planner reads the layer back as a besluitenlijst (here through a CSV export)
    target = tmp_path / "besluiten.csv"
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "CSV"
    QgsVectorFileWriter.writeAsVectorFormatV2(
        found[0], str(target), QgsProject.instance().transformContext(), options
    )
    from planner.decisions import read_decisions

    read = read_decisions(target)
    assert planner.DECISIONS[2] == "gespreid"
    assert list(read.table["besluit"]) == ["gespreid"]


def test_what_if_a_year_later_leaves_the_layer_as_it_is(panel):  # noqa: F811
    panel, layers, _areas = panel
    run_panel(panel)
    assert not panel.what_if(12)  # nothing selected
    assert "Selecteer eerst" in panel.live_list.item(0).text()
    public_space = next(lyr for lyr in layers if lyr.name() == "gemeente_openbare_ruimte")
    fid = next(f.id() for f in public_space.getFeatures() if f["id"] == "OR-0003")
    before = public_space.getFeature(fid)["start"]
    public_space.select(fid)
    assert panel.what_if(12)
    texts = [panel.live_list.item(k).text() for k in range(panel.live_list.count())]
    assert texts[0].startswith("Wat als") and len(texts) > 1
    assert public_space.getFeature(fid)["start"] == before and not public_space.isModified()
