"""Run inside QGIS desktop (``qgis --code``): load the sample, open the panel, run, screenshot.

Environment: GP_SAMPLE (folder with the sample GeoPackages), GP_SHOT (PNG to write),
GP_REPORT (JSON with what the panel showed). QGIS quits when done.
"""

import json
import os
import traceback
from pathlib import Path

import qgis.utils
from qgis.core import Qgis, QgsApplication, QgsProject, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer

SAMPLE = Path(os.environ["GP_SAMPLE"])
SHOT = Path(os.environ["GP_SHOT"])
REPORT = Path(os.environ["GP_REPORT"])
state = {"ticks": 0, "report": {"errors": []}}


def finish():
    REPORT.write_text(json.dumps(state["report"], ensure_ascii=False, indent=1), encoding="utf-8")
    QgsApplication.exit(0)


def load():
    plugin = qgis.utils.plugins["gebiedsplanner"]
    from gebiedsplanner.styles import apply_style

    project = QgsProject.instance()
    areas = QgsVectorLayer(
        f"{SAMPLE / 'haarlem_wijken_2024.gpkg'}|layername=wijken", "wijken", "ogr"
    )
    project.addMapLayer(areas)
    apply_style(areas, "gebieden")
    measure_layers = []
    root = project.layerTreeRoot()
    from osgeo import ogr  # QGIS's own GDAL bindings

    source = ogr.Open(str(SAMPLE / "voorbeeldprogramma.gpkg"))
    names = [source.GetLayer(i).GetName() for i in range(source.GetLayerCount())]
    for name in names:
        # The whole layer (mixed geometry, and measures without geometry) goes to the panel;
        # QGIS draws a mixed layer per geometry type, so those views are what the map shows.
        whole = QgsVectorLayer(
            f"{SAMPLE / 'voorbeeldprogramma.gpkg'}|layername={name}", name, "ogr"
        )
        project.addMapLayer(whole)
        root.findLayer(whole.id()).setItemVisibilityChecked(False)
        measure_layers.append(whole)
        for shape in ("Polygon", "LineString", "Point"):
            uri = f"{SAMPLE / 'voorbeeldprogramma.gpkg'}|layername={name}|geometrytype={shape}"
            layer = QgsVectorLayer(uri, f"{name} ({shape.lower()})", "ogr")
            if layer.isValid() and layer.featureCount() > 0:
                project.addMapLayer(layer)
                apply_style(layer, "maatregelen")
    panel = plugin.show_panel(True)
    panel.refresh_layers()
    panel.set_measure_layers(measure_layers)
    panel.area_combo.setLayer(areas)
    state["report"]["checked"] = [
        (lyr.name(), lyr.featureCount()) for lyr in panel.measure_layers()
    ]
    panel.start_run()
    state["panel"] = panel
    state["report"]["layers"] = len(project.mapLayers())
    QTimer.singleShot(500, wait_for_run)


def wait_for_run():
    panel = state["panel"]
    state["ticks"] += 1
    if panel.result is None and state["ticks"] < 400:
        QTimer.singleShot(250, wait_for_run)
        return
    report = state["report"]
    report["status"] = panel.status.text()
    if panel.last_detail:
        report["errors"].append(panel.last_detail)
    report["used"] = len(panel.result.measures.measures) if panel.result is not None else 0
    report["stacked_rows"] = panel.stacked_table.rowCount()
    report["verdicts"] = [
        panel.overlap_tree.topLevelItem(i).text(0)
        for i in range(panel.overlap_tree.topLevelItemCount())
    ]
    panel.tabs.setCurrentIndex(0)
    canvas = qgis.utils.iface.mapCanvas()
    canvas.setExtent(QgsRectangle(100_500, 482_500, 108_500, 491_500))
    canvas.refresh()
    QTimer.singleShot(4000, shoot)


def shoot():
    try:
        window = qgis.utils.iface.mainWindow()
        window.grab().save(str(SHOT))
        state["report"]["shot"] = str(SHOT)
    except Exception:  # noqa: BLE001 - reported to the test
        state["report"]["errors"].append(traceback.format_exc())
    finish()


def start():
    state["report"]["available"] = list(qgis.utils.available_plugins)
    state["report"]["active"] = list(qgis.utils.active_plugins)
    state["report"]["plugin_paths"] = list(qgis.utils.plugin_paths)
    try:
        # Under Xvfb there is no window manager to maximise the window (QGIS 3.40 and newer
        # stay at their default size then): the screen's size is set outright.
        window = qgis.utils.iface.mainWindow()
        window.showNormal()
        window.setGeometry(window.screen().availableGeometry())
        state["report"]["window"] = [window.width(), window.height()]
        state["report"]["qgis"] = Qgis.QGIS_VERSION
        load()
    except Exception:  # noqa: BLE001 - reported to the test
        state["report"]["errors"].append(traceback.format_exc())
        finish()


QTimer.singleShot(1500, start)
