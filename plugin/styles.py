"""The shipped QGIS styles (``styles/*.qml``), applied to result layers."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsVectorLayer

from .compat import moved

__all__ = ["styles_dir", "style_for", "apply_style", "make_temporal"]


def styles_dir() -> Path:
    """The folder with the .qml files: ``styles/`` in the plugin (or the repository)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "styles", here.parent / "styles"):
        if candidate.is_dir():
            return candidate
    return here / "styles"


def style_for(kind: str, layer: QgsVectorLayer) -> Path:
    """The style file for a result kind: ``maatregelen``, ``overlappingen`` or ``stapeling``."""
    if kind == "maatregelen":
        shape = {
            moved("Qgis.GeometryType.Point", "QgsWkbTypes.GeometryType.PointGeometry"): "punt",
            moved("Qgis.GeometryType.Line", "QgsWkbTypes.GeometryType.LineGeometry"): "lijn",
        }.get(layer.geometryType(), "vlak")
        return styles_dir() / f"maatregelen_{shape}.qml"
    return styles_dir() / f"{kind}.qml"


def apply_style(layer: QgsVectorLayer, kind: str) -> bool:
    """Load the shipped style for ``kind`` into ``layer``; True when it loaded."""
    path = style_for(kind, layer)
    if not path.exists():
        return False
    _message, ok = layer.loadNamedStyle(str(path))
    if ok:
        layer.triggerRepaint()
    if kind == "stapeling":
        make_temporal(layer, "periode_van", "periode_tot")
    return bool(ok)


def make_temporal(layer: QgsVectorLayer, start: str, end: str) -> bool:
    """Let QGIS's temporal controller show a layer per period (a choropleth per year)."""
    names = layer.fields().names()
    if start not in names or end not in names:
        return False
    props = layer.temporalProperties()
    props.setMode(
        moved(
            "Qgis.VectorTemporalMode.FeatureDateTimeStartAndEndFromFields",
            "QgsVectorLayerTemporalProperties.TemporalMode.ModeFeatureDateTimeStartAndEndFromFields",
        )
    )
    props.setStartField(start)
    props.setEndField(end)
    props.setIsActive(True)
    return True
