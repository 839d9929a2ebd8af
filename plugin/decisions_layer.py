"""The project's besluiten layer: the panel records a decision for the selected overlap in it.

The layer is the one named ``besluiten`` in the project (a GeoPackage layer, a PostGIS table,
a CSV), with the columns of a besluitenlijst (``regel``, ``maatregel_a``, ``maatregel_b``,
``besluit``, ``toelichting``, ``datum``, ``door``); when the project has none, a memory layer
of that name is made (save it with *Exporteren* to keep it). ``run --besluiten`` reads it.
"""

from __future__ import annotations

import datetime as dt

from qgis.core import QgsFeature, QgsProject, QgsVectorLayer

from .compat import make_field

__all__ = ["LAYER_NAME", "FIELDS", "decisions_layer", "record_decision"]

LAYER_NAME = "besluiten"
FIELDS = ("regel", "maatregel_a", "maatregel_b", "besluit", "toelichting", "datum", "door")


def decisions_layer(project: QgsProject) -> tuple[QgsVectorLayer, bool]:
    """The project's ``besluiten`` layer, made as a memory layer when there is none.

    Returns
    -------
    tuple of (QgsVectorLayer, bool)
        The layer, and whether it was made now.
    """
    for layer in project.mapLayersByName(LAYER_NAME):
        if isinstance(layer, QgsVectorLayer) and layer.isValid():
            return layer, False
    layer = QgsVectorLayer("None", LAYER_NAME, "memory")
    layer.dataProvider().addAttributes([make_field(name, "text") for name in FIELDS])
    layer.updateFields()
    project.addMapLayer(layer)
    return layer, True


def record_decision(
    project: QgsProject,
    rule: str,
    measure_a: str,
    measure_b: str,
    decision: str,
    *,
    by: str = "",
    note: str = "",
    day: dt.date | None = None,
) -> QgsVectorLayer:
    """Add one decision about an overlap to the project's besluiten layer.

    Raises
    ------
    ValueError
        The decision is not one of ``planner.DECISIONS``, or the layer lacks a column.
    """
    from planner import DECISIONS

    if decision not in DECISIONS:
        raise ValueError(f"{decision!r} is geen besluit; toegestaan: {', '.join(DECISIONS)}.")
    layer, _ = decisions_layer(project)
    names = layer.fields().names()
    missing = [name for name in FIELDS if name not in names]
    if missing:
        raise ValueError(
            f"De laag {LAYER_NAME} mist de kolom(men) {', '.join(missing)}: gebruik "
            "besluiten_sjabloon.csv of laat de laag door het paneel maken."
        )
    values = {
        "regel": rule,
        "maatregel_a": measure_a,
        "maatregel_b": measure_b,
        "besluit": decision,
        "toelichting": note,
        "datum": (day or dt.date.today()).isoformat(),
        "door": by,
    }
    feature = QgsFeature(layer.fields())
    for name, value in values.items():
        feature.setAttribute(name, value)
    if layer.isEditable():
        layer.addFeature(feature)
    elif not layer.dataProvider().addFeatures([feature])[0]:
        raise ValueError(f"De laag {LAYER_NAME} kan niet worden bijgeschreven.")
    layer.triggerRepaint()
    return layer


def recorded_decisions(project: QgsProject) -> list[tuple[str, str, str, str]]:
    """The decisions about overlaps in the project's besluiten layer, oldest first.

    Returns
    -------
    list of (regel, maatregel_a, maatregel_b, besluit)
        Empty when the project has no besluiten layer or it lacks one of these columns.
    """
    found: list[tuple[str, str, str, str]] = []
    for layer in project.mapLayersByName(LAYER_NAME):
        if not (isinstance(layer, QgsVectorLayer) and layer.isValid()):
            continue
        names = layer.fields().names()
        if any(name not in names for name in FIELDS[:4]):
            continue
        for feature in layer.getFeatures():
            values = [feature[name] for name in FIELDS[:4]]
            # an empty cell is None or QGIS's NULL, both false
            found.append(tuple(str(v) if v else "" for v in values))  # type: ignore[arg-type]
    return found
