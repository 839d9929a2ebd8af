"""Gebiedsplanner for QGIS: a thin shell over the planner library.

The built plugin (``make plugin-zip``) carries the planner library and its layer definitions in
``libs/``; that folder goes on ``sys.path`` first, so the plugin always runs the planner it was
built with.
"""

import sys
from pathlib import Path

LIBS = Path(__file__).resolve().parent / "libs"


def use_bundled_planner() -> None:
    """Put the bundled planner library first on the import path (once)."""
    if LIBS.is_dir() and str(LIBS) not in sys.path:
        sys.path.insert(0, str(LIBS))


def classFactory(iface):  # noqa: N802 - the name QGIS looks for
    """Return the plugin object for QGIS."""
    use_bundled_planner()
    from .main import GebiedsplannerPlugin

    return GebiedsplannerPlugin(iface)
