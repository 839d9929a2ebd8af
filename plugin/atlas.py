"""Make the gebiedsdag atlas: tables and timelines, layers in the project, a layout, a PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
from qgis.core import QgsProject, QgsVectorLayer

from .layout import add_to_project, build_atlas_layout, export_atlas
from .styles import apply_style
from .translate import tr

__all__ = ["make_atlas"]


def _write_gpkg(path: Path, tables: dict) -> None:
    for name, frame in tables.items():
        frame = frame.copy()
        for col in frame.columns:
            if frame[col].dtype == object and col != "geometry":
                frame[col] = frame[col].astype("string")
        if "geometry" in frame.columns:
            frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
        else:
            import pyogrio

            pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")


def make_atlas(result, pdf: Path, project: QgsProject, *, level=None, progress=None) -> dict:
    """Write the atlas PDF of a run and add its layout and layers to ``project``.

    Beside ``pdf`` comes a folder ``<name>_bestanden`` with ``gebiedsdag.gpkg`` (the areas with
    their figures, the measures and the pairs per area) and the timeline pictures, so that the
    layout keeps working when the project is saved and opened again.

    Parameters
    ----------
    result : planner.RunResult
        The run.
    pdf : pathlib.Path
        The PDF to write (whole or not at all).
    project : QgsProject
        Where the layout and its layers go.
    level : str, optional
        The partition level; the finest by default.
    progress : callable, optional
        ``progress(fraction, text)``.

    Returns
    -------
    dict
        ``pdf``, ``layout`` (its name), ``pages`` (areas) and ``folder``.
    """
    from planner import atlas_tables

    pdf = Path(pdf).resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    folder = pdf.parent / f"{pdf.stem}_bestanden"
    step = progress or (lambda fraction, text: None)
    step(0.0, tr("Tijdlijnen tekenen"))
    coverage, measures, pairs = atlas_tables(
        result,
        folder / "tijdlijnen",
        level,
        progress=lambda done, total: step(0.6 * done / total, tr("Tijdlijnen tekenen")),
    )
    gpkg = folder / "gebiedsdag.gpkg"
    if gpkg.exists():
        # Layers of an earlier atlas may still be open in the project.
        for layer in list(project.mapLayers().values()):
            if str(gpkg) in layer.source():
                project.removeMapLayer(layer.id())
        gpkg.unlink()
    # Pairs from rules on a shared area have no place of their own: tables list them, the map
    # draws only the points where two measures really meet (as the report maps do).
    points = pairs.loc[~pairs["gebiedsniveau"].astype(bool)].drop(columns="gebiedsniveau")
    table = pd.DataFrame(pairs.drop(columns=["gebiedsniveau", "geometry"]))
    _write_gpkg(
        gpkg,
        {
            "gebieden": coverage,
            "maatregelen": measures,
            "overlappingen": table,
            "ontmoetingspunten": points,
        },
    )
    name = tr("Gebiedsdag {}", pdf.stem)
    layers = {}
    for part in ("gebieden", "maatregelen", "overlappingen", "ontmoetingspunten"):
        layer = QgsVectorLayer(f"{gpkg}|layername={part}", f"{name}: {part}", "ogr")
        if not layer.isValid():
            raise RuntimeError(tr("{} is niet te openen (laag {}).", gpkg, part))
        layers[part] = layer
    apply_style(layers["ontmoetingspunten"], "overlappingen")
    apply_style(layers["gebieden"], "gebieden")
    root = project.layerTreeRoot()
    group = root.findGroup(name) or root.insertGroup(0, name)
    group.removeAllChildren()
    for layer in layers.values():
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    step(0.65, tr("Atlas opmaken"))
    layout = build_atlas_layout(
        project, name, layers["gebieden"], layers["maatregelen"], layers["overlappingen"]
    )
    handle, tmp = tempfile.mkstemp(prefix=f".{pdf.stem}.", suffix=".pdf", dir=pdf.parent)
    os.close(handle)
    try:
        export_atlas(layout, Path(tmp))
        os.replace(tmp, pdf)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    add_to_project(project, layout)
    step(1.0, tr("Atlas klaar"))
    return {"pdf": str(pdf), "layout": name, "pages": len(coverage), "folder": str(folder)}
