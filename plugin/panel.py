"""The programme panel: pick layers, run in the background, read the results, check edits live."""

from __future__ import annotations

import logging

import pandas as pd
from qgis.core import (
    QgsApplication,
    QgsCoordinateTransform,
    QgsMapLayerProxyModel,
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

from .compat import null_rectangle
from .convert import feature_frame, layer_data, layer_source
from .qgis_plugin_tools.tools.settings import get_project_setting, set_project_setting
from .task import PlannerTask
from .translate import tr

__all__ = ["ProgrammePanel"]

log = logging.getLogger(__name__)
ROLE = Qt.ItemDataRole.UserRole
ALL_YEARS = -1


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
        self.result = None
        self.live = None
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
        self.area_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
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
        self.tabs.addTab(self.overlap_tree, tr("Overlappingen"))
        self.live_list = QListWidget()
        self.live_list.setWordWrap(True)
        self.tabs.addTab(self.live_list, tr("Controle bij bewerken"))
        box.addWidget(self.tabs, 1)
        self.setWidget(body)

        self.run_button.clicked.connect(self.start_run)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.year_combo.currentIndexChanged.connect(self.apply_year)
        self.overlap_tree.itemClicked.connect(self.zoom_to_pair)
        self.stacked_table.cellClicked.connect(self.zoom_to_area)
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
        if result is None:
            self.progress.setValue(0)
            self.status.setText(error or tr("Afgebroken."))
            if error:
                log.warning(error + (f"\n{detail}" if detail else ""))
            return
        self.progress.setValue(100)
        self.result = result
        ms = result.measures
        self.status.setText(
            tr(
                "{} maatregelen gebruikt, {} afgewezen; {} overlappingen.",
                len(ms.measures),
                len(ms.rejected),
                len(result.overlaps),
            )
        )
        from planner import LiveIndex

        self.live = LiveIndex(ms, result.rules, result.areas)
        self._watch_edits()
        years = sorted(
            {int(y) for y in pd.to_datetime(ms.measures["periode_van"]).dt.year.dropna()}
            | {int(y) for y in pd.to_datetime(ms.measures["periode_tot"]).dt.year.dropna()}
        )
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(tr("Alle jaren"), ALL_YEARS)
        for year in range(years[0], years[-1] + 1) if years else []:
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
        from planner import most_stacked, verdict_label

        year = self.current_year()
        level = self.result.areas.levels[0]
        stacking = self.result.stacking[level]
        if year != ALL_YEARS:
            stacking = stacking.loc[stacking["periode"].astype(str).str.startswith(str(year))]
        top = most_stacked(stacking, n=15)
        self.stacked_table.setRowCount(len(top))
        for r, row in enumerate(top.itertuples()):
            values = [
                str(row.naam),
                str(row.periode),
                str(row.n_maatregelen),
                f"{row.hinderlast:.1f}",
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ROLE, str(row.code))
                item.setToolTip(
                    tr(
                        "{} ({}): {} maatregelen, hinderlast {:.1f}",
                        row.naam,
                        row.code,
                        row.n_maatregelen,
                        row.hinderlast,
                    )
                )
                self.stacked_table.setItem(r, c, item)

        pairs = self._pairs_in_year(year)
        self.overlap_tree.clear()
        for verdict, group in pairs.groupby("verdict", sort=True):
            top_item = QTreeWidgetItem([f"{verdict_label(verdict)} ({len(group)})", "", ""])
            self.overlap_tree.addTopLevelItem(top_item)
            for row in group.head(500).itertuples():
                distance = "" if pd.isna(row.distance_m) else f"{row.distance_m:.0f} m"
                child = QTreeWidgetItem([f"{row.naam_a} — {row.naam_b}", row.rule, distance])
                child.setToolTip(0, row.uitleg)
                child.setData(0, ROLE, (row.measure_a, row.measure_b))
                top_item.addChild(child)

    def _pairs_in_year(self, year: int) -> pd.DataFrame:
        pairs = self.result.overlaps
        if year == ALL_YEARS:
            return pairs
        measures = self.result.measures.measures.set_index("id")
        first = pd.to_datetime(measures["periode_van"]).dt.year
        last = pd.to_datetime(measures["periode_tot"]).dt.year
        active = set(measures.index[(first <= year) & (last >= year)])
        keep = pairs["measure_a"].isin(active) & pairs["measure_b"].isin(active)
        return pairs.loc[keep.to_numpy()]

    # -- map ----------------------------------------------------------------------------------

    def _feature_of(self, measure_id: str) -> tuple[QgsVectorLayer, int] | None:
        rows = self.result.measures.measures
        hit = rows.loc[rows["id"] == measure_id]
        if hit.empty:
            return None
        layer = self._layers.get(str(hit["laag"].iloc[0]))
        return (layer, int(hit["bron_fid"].iloc[0])) if layer is not None else None

    def zoom_to_pair(self, item: QTreeWidgetItem, column: int = 0) -> None:
        """Zoom to a pair and select both measures in their layers."""
        pair = item.data(0, ROLE)
        if not pair or self.result is None:
            return
        found = [self._feature_of(measure_id) for measure_id in pair]
        found = [f for f in found if f is not None]
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
        area = self.area_combo.currentLayer()
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if item is None or area is None or canvas is None or self.result is None:
            return
        level = self.result.areas.levels[0]
        part = self.result.areas.get(level).areas
        hit = part.loc[part["code"] == item.data(ROLE)]
        if hit.empty:
            return
        x0, y0, x1, y1 = hit.geometry.iloc[0].bounds
        rect = QgsRectangle(x0, y0, x1, y1)
        from qgis.core import QgsCoordinateReferenceSystem

        transform = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:28992"),
            canvas.mapSettings().destinationCrs(),
            QgsProject.instance(),
        )
        canvas.setExtent(transform.transformBoundingBox(rect))
        canvas.refresh()

    def apply_year(self, *args) -> None:
        """Limit the lists and the measure layers on the map to the chosen year."""
        self.fill_lists()
        if self.result is None:
            return
        year = self.current_year()
        if year == ALL_YEARS:
            self.clear_year_filter()
            return
        rows = self.result.measures.measures
        first = pd.to_datetime(rows["periode_van"]).dt.year
        last = pd.to_datetime(rows["periode_tot"]).dt.year
        active = rows.loc[(first <= year) & (last >= year)]
        for name, layer in self._layers.items():
            if layer.isEditable():
                continue
            original = self._filters.setdefault(layer.id(), layer.subsetString())
            fids = active.loc[active["laag"] == name, "bron_fid"].astype(int).tolist()
            expression = id_filter(layer, fids)
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

    def _measure_of(self, layer: QgsVectorLayer, fid: int):
        """The edited feature, validated as a run validates it."""
        from planner import LayerRef, PlannerError, read_measures

        feature = layer.getFeature(fid)
        if not feature.isValid():
            return None, None
        frame = feature_frame(layer, [feature])
        try:
            ms = read_measures(LayerRef.in_memory(frame, layer_source(layer), layer.name()))
        except PlannerError as exc:
            return None, str(exc)
        if len(ms.rejected):
            return None, str(ms.rejected["reden"].iloc[0])
        return ms.measures, None

    def check_feature(self, layer: QgsVectorLayer, fid: int) -> pd.DataFrame | None:
        """Update the live index with an edited feature and show the rules it now triggers."""
        if self.live is None:
            return None
        measures, problem = self._measure_of(layer, fid)
        self.live_list.clear()
        self.tabs.setCurrentWidget(self.live_list)
        if measures is None:
            self.live_list.addItem(
                tr("{} fid {}: wordt afgewezen: {}", layer.name(), fid, problem or "")
            )
            return None
        self.live.update(measures)
        measure_id = measures["id"].iloc[0]
        pairs = self.live.check(measure_id)
        name = measures["naam"].iloc[0]
        if pairs.empty:
            self.live_list.addItem(tr("{}: geen overlappingen.", name))
            return pairs
        self.live_list.addItem(tr("{}: {} overlappingen", name, len(pairs)))
        for row in pairs.itertuples():
            other = row.naam_b if row.measure_a == measure_id else row.naam_a
            distance = "" if pd.isna(row.distance_m) else f", {row.distance_m:.0f} m"
            item = QListWidgetItem(f"{row.rule} ({row.verdict}): {other}{distance}")
            item.setToolTip(row.uitleg)
            self.live_list.addItem(item)
        return pairs

    def forget_feature(self, layer: QgsVectorLayer, fid: int) -> None:
        """Drop a deleted feature from the live index."""
        if self.live is None or self.result is None:
            return
        rows = self.result.measures.measures
        hit = rows.loc[(rows["laag"] == layer.name()) & (rows["bron_fid"] == fid), "id"]
        for measure_id in hit:
            self.live.delete(measure_id)
        self.live_list.clear()
        self.live_list.addItem(tr("{} fid {} verwijderd.", layer.name(), fid))

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
