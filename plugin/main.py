"""The plugin object: load, check dependencies, register the provider and the panel, unload."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .compat import message_level
from .dependencies import install_hint, missing_packages, proj_conflict
from .translate import install_translator, remove_translators, tr

ICON = Path(__file__).resolve().parent / "icon.png"
MENU = "Gebiedsplanner"


class GebiedsplannerPlugin:
    """Gebiedsplanner in QGIS: Processing algorithms and the programme panel."""

    def __init__(self, iface):
        self.iface = iface
        self.ready = False
        self.provider = None
        self.panel = None
        self.action = None
        self._teardown = None

    def initProcessing(self):  # noqa: N802 - QGIS's name
        """Register the Processing provider (also called by QGIS without a GUI)."""
        if self.provider is not None or missing_packages():
            return
        from .processing.provider import GebiedsplannerProvider

        self.provider = GebiedsplannerProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 - QGIS's name
        """Check the Python packages; stay loaded without tools when they are missing."""
        install_translator()
        from .qgis_plugin_tools.tools.custom_logging import setup_loggers

        bar = self.iface.messageBar() if self.iface is not None else None
        self._teardown = setup_loggers(
            __package__, "planner", message_log_name="Gebiedsplanner", message_bar=bar
        )
        missing = missing_packages()
        if missing:
            if bar is not None:
                bar.pushMessage(
                    "Gebiedsplanner",
                    install_hint(missing),
                    level=message_level("Warning"),
                    duration=0,
                )
            return
        self.ready = True
        self._check_proj(bar)
        self.initProcessing()
        self.action = QAction(
            QIcon(str(ICON)), tr("Gebiedsplanner-paneel"), self.iface.mainWindow()
        )
        self.action.setCheckable(True)
        self.action.toggled.connect(self.show_panel)
        self.iface.addToolBarIcon(self.action)
        self.iface.addPluginToMenu(MENU, self.action)

    def _check_proj(self, bar) -> None:
        import pyproj
        from qgis.core import QgsProjUtils

        qgis_proj = f"{QgsProjUtils.projVersionMajor()}.{QgsProjUtils.projVersionMinor()}"
        warning = proj_conflict(pyproj.proj_version_str, qgis_proj)
        if warning and bar is not None:
            bar.pushMessage("Gebiedsplanner", warning, level=message_level("Warning"), duration=0)

    def show_panel(self, visible: bool = True):
        """Show (or hide) the programme panel, creating it the first time."""
        if self.panel is None:
            from .panel import ProgrammePanel

            self.panel = ProgrammePanel(self.iface)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
            self.panel.visibilityChanged.connect(self._panel_visibility)
        self.panel.setVisible(visible)
        return self.panel

    def _panel_visibility(self, visible: bool) -> None:
        if self.action is not None and self.action.isChecked() != visible:
            self.action.setChecked(visible)

    def unload(self):
        """Remove everything the plugin added to QGIS."""
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.panel is not None:
            self.panel.close_down()
            self.iface.removeDockWidget(self.panel)
            self.panel.deleteLater()
            self.panel = None
        if self.action is not None:
            self.iface.removePluginMenu(MENU, self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action = None
        if self._teardown is not None:
            self._teardown()
            self._teardown = None
        remove_translators()
        self.ready = False
