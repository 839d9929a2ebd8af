"""The few places where QGIS 3.22 (Qt5) and newer QGIS (3.3x, 4.x on Qt6) differ.

Nothing here reads a name that moved or went at import: QGIS 4 (PyQt6) has no ``QVariant.Type``
and no enums of QGIS 3 that moved to ``Qgis.*``. Each is looked up when it is first used, the new
place first and the old one as the fall-back, so one plugin runs on QGIS 3.22 to 4.x.
"""

from __future__ import annotations

from functools import cache

from qgis.core import Qgis, QgsField, QgsRectangle

__all__ = ["QGIS_INT", "make_field", "message_level", "moved", "null_rectangle"]

QGIS_INT = Qgis.QGIS_VERSION_INT

# Field types: QVariant.Type until 3.36; QMetaType.Type from 3.38 (QVariant.Type is gone in Qt6).
_NEW_FIELD_API = 33800
_FIELD_TYPES = {
    # kind: (QMetaType.Type member, QVariant member)
    "int": ("LongLong", "LongLong"),
    "float": ("Double", "Double"),
    "bool": ("Bool", "Bool"),
    "datetime": ("QDateTime", "DateTime"),
    "date": ("QDate", "Date"),
    "text": ("QString", "String"),
}


@cache
def moved(new: str, *old: str) -> object:
    """The QGIS name at the dotted path ``new``, else at the first of ``old`` that exists.

    Paths start at a name in ``qgis.core`` (``"Qgis.WkbType.Point"``). The new path is tried
    first, so a QGIS that has the ``Qgis.*`` enum of 3.30+ gets it, and QGIS 4, which has dropped
    the old names, never needs them.

    Raises
    ------
    AttributeError
        None of the paths exists in the running QGIS (names the paths and the version).
    """
    import qgis.core

    for path in (new, *old):
        value: object = qgis.core
        for part in path.split("."):
            value = getattr(value, part, _MISSING)
            if value is _MISSING:
                break
        else:
            return value
    raise AttributeError(f"QGIS {Qgis.QGIS_VERSION} has none of {', '.join((new, *old))}")


_MISSING = object()


def field_type(kind: str) -> object:
    """The QGIS field type for a kind: ``QMetaType.Type`` from QGIS 3.38, ``QVariant`` before."""
    new, old = _FIELD_TYPES[kind]
    if QGIS_INT >= _NEW_FIELD_API:
        from qgis.PyQt.QtCore import QMetaType

        return getattr(QMetaType.Type, new)
    from qgis.PyQt.QtCore import QVariant

    return getattr(QVariant, old)


def make_field(name: str, kind: str) -> QgsField:
    """A QgsField of one of the kinds ``int, float, bool, datetime, date, text``."""
    return QgsField(name, field_type(kind))


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
