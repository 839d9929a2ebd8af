"""The few places where QGIS 3.22 (Qt5) and newer QGIS (3.3x, 4.x on Qt6) differ."""

from __future__ import annotations

from qgis.core import Qgis, QgsField, QgsRectangle
from qgis.PyQt.QtCore import QMetaType, QVariant

__all__ = ["QGIS_INT", "make_field", "message_level", "null_rectangle"]

QGIS_INT = Qgis.QGIS_VERSION_INT

# Field types: QVariant.Type until 3.36; QMetaType.Type afterwards (QVariant.Type is gone in Qt6).
_NEW_FIELD_API = QGIS_INT >= 33800
_TYPES = {
    "int": (QVariant.LongLong, getattr(QMetaType.Type, "LongLong", None)),
    "float": (QVariant.Double, getattr(QMetaType.Type, "Double", None)),
    "bool": (QVariant.Bool, getattr(QMetaType.Type, "Bool", None)),
    "datetime": (QVariant.DateTime, getattr(QMetaType.Type, "QDateTime", None)),
    "date": (QVariant.Date, getattr(QMetaType.Type, "QDate", None)),
    "text": (QVariant.String, getattr(QMetaType.Type, "QString", None)),
}


def make_field(name: str, kind: str) -> QgsField:
    """A QgsField of one of the kinds ``int, float, bool, datetime, date, text``."""
    old, new = _TYPES[kind]
    return QgsField(name, new if _NEW_FIELD_API and new is not None else old)


def message_level(name: str):
    """``Qgis.MessageLevel`` member by name (``Info``, ``Warning``, ``Critical``, ``Success``)."""
    return getattr(Qgis.MessageLevel, name)


def null_rectangle() -> QgsRectangle:
    """A null rectangle: the first ``combineExtentWith`` makes it that extent.

    ``setMinimal()`` is deprecated from QGIS 3.34, where ``setNull()`` replaces it; 3.22 has
    only ``setMinimal()``.
    """
    rect = QgsRectangle()
    if QGIS_INT >= 33400:
        rect.setNull()
    else:
        rect.setMinimal()
    return rect
