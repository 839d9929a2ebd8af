"""The plugin object: load, check dependencies, unload."""

from __future__ import annotations

from plugin.dependencies import install_hint, missing_packages


class GebiedsplannerPlugin:
    """Gebiedsplanner in QGIS (skeleton: dependency check only)."""

    def __init__(self, iface):
        self.iface = iface
        self.ready = False

    def initGui(self):  # noqa: N802 - QGIS's name
        """Check the Python packages; stay loaded without tools when they are missing."""
        missing = missing_packages()
        if missing:
            from qgis.core import Qgis

            self.iface.messageBar().pushMessage(
                "Gebiedsplanner", install_hint(missing), level=Qgis.Warning, duration=0
            )
            return
        self.ready = True

    def unload(self):
        """Nothing to remove yet."""
        self.ready = False
