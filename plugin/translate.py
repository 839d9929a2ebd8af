"""Translation: Dutch source strings, English from ``i18n/gebiedsplanner_en.qm``."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from .qgis_plugin_tools.tools.i18n import setup_translation
from .qgis_plugin_tools.tools.i18n import tr as _tr

__all__ = ["tr", "install_translator", "CONTEXT"]

CONTEXT = "Gebiedsplanner"
_TRANSLATORS: list[QTranslator] = []


def tr(text: str, *args: object) -> str:
    """The interface text in the user's language, ``{}`` filled with ``args``."""
    return _tr(text, *args, context=CONTEXT)


def install_translator() -> str | None:
    """Load the .qm for QGIS's locale, if there is one; returns its path."""
    _locale, path = setup_translation()
    if path:
        translator = QTranslator()
        if translator.load(path):
            QCoreApplication.installTranslator(translator)
            _TRANSLATORS.append(translator)
            return path
    return None


def remove_translators() -> None:
    """Unload the plugin's translators (on unload)."""
    while _TRANSLATORS:
        QCoreApplication.removeTranslator(_TRANSLATORS.pop())
