"""The programme panel: pick layers, run in the background, read the results, check edits live.

This is the view: Qt widgets and QGIS layers and map. What the lists show, the year filter, which
features a pair is and what the live check says are worked out by :class:`.presenter.PanelPresenter`
from plain data; the panel only puts that on screen and on the map.
"""

from __future__ import annotations

import logging

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsDockWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .compat import moved, null_rectangle
from .convert import feature_frame, layer_data, layer_source
from .presenter import ALL_YEARS, AREA_CRS, LiveLine, PanelPresenter
from .qgis_plugin_tools.tools.settings import get_project_setting, set_project_setting
from .task import PlannerTask
from .translate import tr

__all__ = ["ProgrammePanel"]

log = logging.getLogger(__name__)
ROLE = Qt.ItemDataRole.UserRole


def id_filter(layer: QgsVectorLayer, fids: list[int]) -> str | None:
    """A subset string that keeps only ``fids``, in the layer provider's own dialect."""
    listed = ",".join(str(int(f)) for f in fids) or "-1"
    if layer.providerType() == "memory":
        return f"$id IN ({listed})"
    keys = layer.primaryKeyAttributes()
    if keys:
        return f'"{layer.fields().at(keys[0]).name()}" IN ({listed})'
    if layer.providerType() == "ogr":
        return f"FID IN ({listed})"
    return None


class ProgrammePanel(QgsDockWidget):
    """A dock widget with the programme's most stacked areas, its overlaps and live checks."""

    def __init__(self, iface, parent=None):
        super().__init__(tr("Gebiedsplanner"), parent)
        self.setObjectName("GebiedsplannerPanel")
        self.setMinimumWidth(340)
        self.iface = iface
        self.presenter = PanelPresenter(tr)
        self.task = None
        self.last_detail: str | None = None
        self._layers: dict[str, QgsVectorLayer] = {}
        self._connected: list[QgsVectorLayer] = []
        self._filters: dict[str, str] = {}

        body = QWidget()
        box = QVBoxLayout(body)
        box.addWidget(QLabel(tr("Maatregellagen")))
        self.measure_list = QListWidget()
        self.measure_list.setMaximumHeight(90)
        box.addWidget(self.measure_list)
        box.addWidget(QLabel(tr("Gebiedsindeling")))
        self.area_combo = QgsMapLayerComboBox()
        self.area_combo.setFilters(
            moved("Qgis.LayerFilter.PolygonLayer", "QgsMapLayerProxyModel.Filter.PolygonLayer")
        )
        self.area_combo.setAllowEmptyLayer(False)
        box.addWidget(self.area_combo)
        row = QHBoxLayout()
        self.run_button = QPushButton(tr("Doorrekenen"))
        self.cancel_button = QPushButton(tr("Afbreken"))
        self.cancel_button.setEnabled(False)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        box.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        box.addWidget(self.progress)
        self.status = QLabel(tr("Kies de lagen en reken door."))
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Jaar")))
        self.year_combo = QComboBox()
        self.year_combo.addItem(tr("Alle jaren"), ALL_YEARS)
        row.addWidget(self.year_combo, 1)
        box.addLayout(row)

        self.tabs = QTabWidget()
        self.stacked_table = QTableWidget(0, 4)
        self.stacked_table.setHorizontalHeaderLabels(
            [tr("Gebied"), tr("Periode"), tr("Aantal"), tr("Hinder")]
        )
        self.stacked_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stacked_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.stacked_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.stacked_table.verticalHeader().setVisible(False)
        self.tabs.addTab(self.stacked_table, tr("Meest gestapeld"))
        self.overlap_tree = QTreeWidget()
        self.overlap_tree.setHeaderLabels([tr("Overlapping"), tr("Regel"), tr("Afstand")])
        self.overlap_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.overlap_tree.header().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        overlap_page = QWidget()
        overlap_box = QVBoxLayout(overlap_page)
        overlap_box.setContentsMargins(0, 0, 0, 0)
        overlap_box.addWidget(self.overlap_tree, 1)
        decide = QHBoxLayout()
        self.decision_combo = QComboBox()
        self.decision_button = QPushButton(tr("Besluit vastleggen"))
        self.decision_button.setToolTip(
            tr("Legt het besluit over de gekozen overlapping vast in de laag besluiten")
        )
        decide.addWidget(self.decision_combo, 1)
        decide.addWidget(self.decision_button)
        overlap_box.addLayout(decide)
        self.tabs.addTab(overlap_page, tr("Overlappingen"))
        self.group_table = QTableWidget(0, 4)
        self.group_table.setHorizontalHeaderLabels(
            [tr("Gebied"), tr("Periode"), tr("Fysiek / sociaal"), tr("Teams verbinden")]
        )
        self.group_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.group_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.group_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.group_table.verticalHeader().setVisible(False)
        self.tabs.addTab(self.group_table, tr("Samenhang"))
        self.live_list = QListWidget()
        self.live_list.setWordWrap(True)
        live_page = QWidget()
        live_box = QVBoxLayout(live_page)
        live_box.setContentsMargins(0, 0, 0, 0)
        live_box.addWidget(self.live_list, 1)
        shift = QHBoxLayout()
        shift.addWidget(QLabel(tr("Wat als de geselecteerde maatregel")))
        self.earlier_button = QPushButton(tr("een jaar eerder"))
        self.later_button = QPushButton(tr("een jaar later"))
        shift.addWidget(self.earlier_button)
        shift.addWidget(self.later_button)
        live_box.addLayout(shift)
        self.tabs.addTab(live_page, tr("Controle bij bewerken"))
        box.addWidget(self.tabs, 1)
        self.setWidget(body)

        self.run_button.clicked.connect(self.start_run)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.year_combo.currentIndexChanged.connect(self.apply_year)
        self.overlap_tree.itemClicked.connect(self.zoom_to_pair)
        self.decision_button.clicked.connect(self.record_decision)
        self.earlier_button.clicked.connect(lambda *_: self.what_if(-12))
        self.later_button.clicked.connect(lambda *_: self.what_if(12))
        self.stacked_table.cellClicked.connect(self.zoom_to_area)
        self.group_table.cellClicked.connect(self.zoom_to_group)
        project = QgsProject.instance()
        project.layersAdded.connect(self.refresh_layers)
        project.layersRemoved.connect(self.refresh_layers)
        project.readProject.connect(self.refresh_layers)
        self.refresh_layers()

    # -- layers -------------------------------------------------------------------------------

    def refresh_layers(self, *args) -> None:
        """List the project's vector layers; tick those remembered for this project."""
        remembered = set(filter(None, (get_project_setting("maatregellagen", "") or "").split(",")))
        area_id = get_project_setting("gebiedslaag", "") or ""
        ticked = {
            self.measure_list.item(i).data(ROLE)
            for i in range(self.measure_list.count())
            if self.measure_list.item(i).checkState() == Qt.CheckState.Checked
        }
        self.measure_list.clear()
        for layer in QgsProject.instance().mapLayers().values():
            if not isinstance(layer, QgsVectorLayer):
                continue
            if layer.name().startswith(tr("Gebiedsdag")):
                continue
            item = QListWidgetItem(layer.name())
            item.setData(ROLE, layer.id())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = layer.id() in remembered or layer.id() in ticked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.measure_list.addItem(item)
        area = QgsProject.instance().mapLayer(area_id) if area_id else None
        if area is not None:
            self.area_combo.setLayer(area)

    def measure_layers(self) -> list[QgsVectorLayer]:
        """The ticked measure layers."""
        project = QgsProject.instance()
        layers = []
        for i in range(self.measure_list.count()):
            item = self.measure_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                layer = project.mapLayer(item.data(ROLE))
                if layer is not None:
                    layers.append(layer)
        return layers

    def set_measure_layers(self, layers: list[QgsVectorLayer]) -> None:
        """Tick exactly these layers (used by tests and scripts)."""
        ids = {layer.id() for layer in layers}
        for i in range(self.measure_list.count()):
            item = self.measure_list.item(i)
            on = item.data(ROLE) in ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # -- running ------------------------------------------------------------------------------

    @property
    def result(self):
        """The last finished run (None before the first)."""
        return self.presenter.result

    def start_run(self) -> PlannerTask | None:
        """Read the chosen layers and run planner in a QgsTask."""
        layers = self.measure_layers()
        area = self.area_combo.currentLayer()
        if not layers or area is None:
            self.status.setText(tr("Kies minstens één maatregellaag en een gebiedsindeling."))
            return None
        set_project_setting("maatregellagen", ",".join(layer.id() for layer in layers))
        set_project_setting("gebiedslaag", area.id())
        self.clear_year_filter()
        self._layers = {layer.name(): layer for layer in layers}
        self.status.setText(tr("Lagen lezen..."))
        measures = [layer_data(layer) for layer in layers]
        areas = [layer_data(area)]
        self.task = PlannerTask(measures, areas, self.run_done)
        self.task.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(tr("Bezig met doorrekenen..."))
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def cancel_run(self) -> None:
        """Ask the running task to stop."""
        if self.task is not None:
            self.task.cancel()

    def run_done(self, result, error: str | None, detail: str | None = None) -> None:
        """Show a finished run (called in the main thread)."""
        self.last_detail = detail
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.task = None
        self.status.setText(self.presenter.finish(result, error))
        if result is None:
            self.progress.setValue(0)
            if error:
                log.warning(error + (f"\n{detail}" if detail else ""))
            return
        self.progress.setValue(100)
        self._watch_edits()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(tr("Alle jaren"), ALL_YEARS)
        for year in self.presenter.years():
            self.year_combo.addItem(str(year), year)
        self.year_combo.blockSignals(False)
        self.fill_lists()

    # -- lists --------------------------------------------------------------------------------

    def current_year(self) -> int:
        """The chosen year, or -1 for all years."""
        value = self.year_combo.currentData()
        return ALL_YEARS if value is None else int(value)

    def fill_lists(self) -> None:
        """Fill the most-stacked table and the overlaps tree for the chosen year."""
        if self.result is None:
            return
        self.presenter.set_year(self.current_year())
        rows = self.presenter.stacked_rows()
        self.stacked_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row.cells):
                item = QTableWidgetItem(value)
                item.setData(ROLE, row.code)
                item.setToolTip(row.tooltip)
                self.stacked_table.setItem(r, c, item)
        self._fill_decisions()
        groups = self.presenter.group_rows()
        self.group_table.setRowCount(len(groups))
        for r, group_row in enumerate(groups):
            for c, value in enumerate(group_row.cells):
                item = QTableWidgetItem(value)
                item.setData(ROLE, (group_row.level, group_row.code))
                item.setToolTip(group_row.tooltip)
                self.group_table.setItem(r, c, item)
        self.overlap_tree.clear()
        from .decisions_layer import recorded_decisions

        self.presenter.set_decisions(recorded_decisions(QgsProject.instance()))
        for group in self.presenter.verdict_groups():
            top_item = QTreeWidgetItem([group.label, "", ""])
            self.overlap_tree.addTopLevelItem(top_item)
            for pair in group.pairs:
                child = QTreeWidgetItem(list(pair.cells))
                child.setToolTip(0, pair.tooltip)
                child.setData(0, ROLE, pair.pair)
                top_item.addChild(child)

    # -- decisions ----------------------------------------------------------------------------

    def _fill_decisions(self) -> None:
        if self.decision_combo.count():
            return
        try:
            from planner import DECISIONS
        except ImportError:  # the dependencies are missing: the panel says so elsewhere
            return
        for decision in DECISIONS:
            self.decision_combo.addItem(decision.replace("_", " "), decision)

    def record_decision(self, *args) -> bool:
        """Record the chosen decision for the selected overlap in the project's besluiten layer."""
        from .decisions_layer import LAYER_NAME
        from .decisions_layer import record_decision as record

        self._fill_decisions()
        item = self.overlap_tree.currentItem()
        pair = item.data(0, ROLE) if item is not None else None
        if not pair:
            self.status.setText(tr("Kies eerst een overlapping in de lijst."))
            return False
        try:
            record(
                QgsProject.instance(),
                item.text(1),
                pair[0],
                pair[1],
                self.decision_combo.currentData(),
            )
        except ValueError as exc:
            self.status.setText(str(exc))
            return False
        self.fill_lists()
        self.status.setText(
            tr(
                "Besluit {} vastgelegd in de laag {}.",
                self.decision_combo.currentText(),
                LAYER_NAME,
            )
        )
        return True

    # -- map ----------------------------------------------------------------------------------

    def _feature_of(self, measure_id: str) -> tuple[QgsVectorLayer, int] | None:
        found = self.presenter.feature_of(measure_id)
        layer = self._layers.get(found[0]) if found else None
        return (layer, found[1]) if layer is not None else None

    def zoom_to_pair(self, item: QTreeWidgetItem, column: int = 0) -> None:
        """Zoom to a pair and select both measures in their layers."""
        found = [
            (self._layers[name], fid)
            for name, fid in self.presenter.features_of_pair(item.data(0, ROLE))
            if name in self._layers
        ]
        if not found:
            return
        for layer in {id(layer): layer for layer, _ in found}.values():
            layer.removeSelection()
        extent = null_rectangle()
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        for layer, fid in found:
            layer.select(fid)
            feature = layer.getFeature(fid)
            if feature.hasGeometry() and canvas is not None:
                transform = QgsCoordinateTransform(
                    layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance()
                )
                extent.combineExtentWith(
                    transform.transformBoundingBox(feature.geometry().boundingBox())
                )
        if canvas is not None and not extent.isEmpty():
            extent.scale(1.6)
            canvas.setExtent(extent)
            canvas.refresh()

    def zoom_to_area(self, row: int, column: int = 0) -> None:
        """Zoom to the area of a most-stacked row."""
        item = self.stacked_table.item(row, 0)
        bounds = self.presenter.area_bounds(item.data(ROLE)) if item is not None else None
        self._zoom_to_bounds(bounds)

    def zoom_to_group(self, row: int, column: int = 0) -> None:
        """Zoom to the area of a samenhang group."""
        item = self.group_table.item(row, 0)
        found = item.data(ROLE) if item is not None else None
        bounds = self.presenter.area_bounds(found[1], found[0]) if found else None
        self._zoom_to_bounds(bounds)

    def _zoom_to_bounds(self, bounds) -> None:
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if bounds is None or canvas is None:
            return
        transform = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem(AREA_CRS),
            canvas.mapSettings().destinationCrs(),
            QgsProject.instance(),
        )
        canvas.setExtent(transform.transformBoundingBox(QgsRectangle(*bounds)))
        canvas.refresh()

    def apply_year(self, *args) -> None:
        """Limit the lists and the measure layers on the map to the chosen year."""
        self.fill_lists()
        if self.result is None:
            return
        shown = self.presenter.shown_features()
        if shown is None:
            self.clear_year_filter()
            return
        for name, layer in self._layers.items():
            if layer.isEditable():
                continue
            original = self._filters.setdefault(layer.id(), layer.subsetString())
            expression = id_filter(layer, shown.get(name, []))
            if expression is None:
                continue
            layer.setSubsetString(f"({original}) AND {expression}" if original else expression)
            layer.triggerRepaint()

    def clear_year_filter(self) -> None:
        """Give the measure layers back their own filters."""
        project = QgsProject.instance()
        for layer_id, original in self._filters.items():
            layer = project.mapLayer(layer_id)
            if layer is not None and not layer.isEditable():
                layer.setSubsetString(original)
                layer.triggerRepaint()
        self._filters.clear()

    # -- live checks --------------------------------------------------------------------------

    def _watch_edits(self) -> None:
        self._unwatch_edits()
        for layer in self._layers.values():
            layer.featureAdded.connect(self._edited_feature(layer))
            layer.geometryChanged.connect(self._edited_geometry(layer))
            layer.attributeValueChanged.connect(self._edited_attribute(layer))
            layer.featureDeleted.connect(self._deleted_feature(layer))
            self._connected.append(layer)

    def _unwatch_edits(self) -> None:
        for layer in self._connected:
            for signal in (
                layer.featureAdded,
                layer.geometryChanged,
                layer.attributeValueChanged,
                layer.featureDeleted,
            ):
                try:
                    signal.disconnect()
                except (TypeError, RuntimeError):
                    pass
        self._connected = []

    def _edited_feature(self, layer):
        return lambda fid: self.check_feature(layer, fid)

    def _edited_geometry(self, layer):
        return lambda fid, geometry: self.check_feature(layer, fid)

    def _edited_attribute(self, layer):
        return lambda fid, index, value: self.check_feature(layer, fid)

    def _deleted_feature(self, layer):
        return lambda fid: self.forget_feature(layer, fid)

    def what_if(self, months: int) -> bool:
        """Show what changes if the selected measure moved ``months``; the layer stays as it is."""
        layer = self.iface.activeLayer() if self.iface is not None else None
        chosen = None
        if isinstance(layer, QgsVectorLayer) and layer.selectedFeatureCount():
            chosen = self.presenter.measure_at(layer.name(), layer.selectedFeatureIds()[0])
        if chosen is None:
            for name, candidate in self._layers.items():
                if candidate.selectedFeatureCount():
                    chosen = self.presenter.measure_at(name, candidate.selectedFeatureIds()[0])
                    break
        if chosen is None:
            self._show_live([LiveLine(tr("Selecteer eerst een maatregel op de kaart."))])
            return False
        self._show_live(self.presenter.what_if_shift(chosen, months).lines)
        self.tabs.setCurrentIndex(2)
        return True

    def _show_live(self, lines: list[LiveLine]) -> None:
        self.live_list.clear()
        for line in lines:
            item = QListWidgetItem(line.text)
            if line.tooltip:
                item.setToolTip(line.tooltip)
            self.live_list.addItem(item)

    def check_feature(self, layer: QgsVectorLayer, fid: int):
        """Check an edited feature live and show the rules it now triggers; returns the pairs."""
        if not self.presenter.watching:
            return None
        feature = layer.getFeature(fid)
        frame = feature_frame(layer, [feature]) if feature.isValid() else None
        check = self.presenter.check_edit(frame, layer_source(layer), layer.name(), fid)
        self._show_live(check.lines)
        self.tabs.setCurrentWidget(self.live_list)
        return check.pairs

    def forget_feature(self, layer: QgsVectorLayer, fid: int) -> None:
        """Drop a deleted feature from the live index."""
        lines = self.presenter.forget_feature(layer.name(), fid)
        if lines:
            self._show_live(lines)

    def close_down(self) -> None:
        """Disconnect from the project and layers (on unload)."""
        self.cancel_run()
        self._unwatch_edits()
        self.clear_year_filter()
        project = QgsProject.instance()
        for signal in (project.layersAdded, project.layersRemoved, project.readProject):
            try:
                signal.disconnect(self.refresh_layers)
            except (TypeError, RuntimeError):
                pass
