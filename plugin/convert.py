"""QGIS layers to planner's in-memory layers, and planner's tables back to QGIS features."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFields,
    QgsGeometry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from .compat import make_field, moved

__all__ = [
    "layer_source",
    "layer_frame",
    "layer_ref",
    "layer_data",
    "with_crs",
    "feature_frame",
    "fields_for",
    "features_for",
    "wkb_type_for",
]


def layer_source(layer: QgsVectorLayer) -> str:
    """Where a layer's features come from, as the planner names it in reasons: file or name."""
    uri = layer.dataProvider().dataSourceUri() if layer.dataProvider() else ""
    path = uri.split("|")[0]
    if layer.providerType() == "ogr" and path:
        return path
    return layer.name()


def _value(value: object) -> object:
    """A QGIS attribute value as a plain Python value (NULL -> None, dates -> ISO text)."""
    if value is None or isinstance(value, QVariant):
        return None
    if isinstance(value, QDateTime):
        return value.toString("yyyy-MM-ddTHH:mm:ss") if value.isValid() else None
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd") if value.isValid() else None
    if isinstance(value, QTime):
        return value.toString("HH:mm:ss") if value.isValid() else None
    return value


def layer_crs(layer: QgsVectorLayer) -> str | None:
    """A layer's CRS as text pyproj reads (authority code, else WKT), or None."""
    crs = layer.crs()
    if not crs.isValid():
        return None
    return crs.authid() or crs.toWkt()


def feature_frame(
    layer: QgsVectorLayer, features: Iterable[QgsFeature], crs: str | None | bool = True
) -> gpd.GeoDataFrame:
    """Features of a layer as a GeoDataFrame, with their feature ids in ``_fid``.

    ``crs=False`` leaves the CRS off: pyproj objects must not cross threads, so a frame that a
    background task will use gets its CRS there (:func:`with_crs`).
    """
    names = layer.fields().names()
    rows, geoms, fids = [], [], []
    for feature in features:
        fids.append(int(feature.id()))
        rows.append([_value(v) for v in feature.attributes()])
        geometry = feature.geometry()
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            geoms.append(None)
        else:
            geoms.append(bytes(geometry.asWkb()))
    frame = pd.DataFrame(rows, columns=names) if rows else pd.DataFrame(columns=names)
    ids = np.asarray(fids, dtype=np.int64)
    for key in layer.primaryKeyAttributes():
        # A GeoPackage's fid column is the feature id itself: keep it once, as _fid.
        name = names[key]
        if name.lower() == "fid" and (frame[name].to_numpy() == ids).all():
            frame = frame.drop(columns=[name])
    frame.insert(0, "_fid", ids)
    shapes = np.array([None if g is None else shapely.from_wkb(g) for g in geoms], dtype=object)
    if crs is True:
        crs = layer_crs(layer)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(shapes), crs=crs or None)


def layer_frame(
    layer: QgsVectorLayer,
    is_cancelled: Callable[[], bool] | None = None,
    request: QgsFeatureRequest | None = None,
    crs: bool = True,
) -> gpd.GeoDataFrame:
    """All features of a layer (any provider) as a GeoDataFrame with ``_fid``.

    Parameters
    ----------
    layer : QgsVectorLayer
        The layer; its subset string, if any, applies.
    is_cancelled : callable, optional
        Checked every 1,000 features; reading stops when it returns True.
    request : QgsFeatureRequest, optional
        Which features.

    Returns
    -------
    geopandas.GeoDataFrame
        The features in the layer's CRS.
    """
    features = []
    for k, feature in enumerate(layer.getFeatures(request or QgsFeatureRequest())):
        if is_cancelled and k % 1000 == 0 and is_cancelled():
            break
        features.append(QgsFeature(feature))
    return feature_frame(layer, features, crs=crs)


def layer_ref(layer: QgsVectorLayer, is_cancelled: Callable[[], bool] | None = None):
    """A QGIS layer as a planner source (:class:`planner.LayerRef` in memory)."""
    from planner import LayerRef

    return LayerRef.in_memory(layer_frame(layer, is_cancelled), layer_source(layer), layer.name())


def layer_data(layer: QgsVectorLayer) -> dict:
    """A layer's features without a CRS object, for a background task (see :func:`with_crs`)."""
    return {
        "frame": layer_frame(layer, crs=False),
        "crs": layer_crs(layer),
        "source": layer_source(layer),
        "name": layer.name(),
    }


def with_crs(data: dict):
    """The planner source for :func:`layer_data`, made in the thread that will use it."""
    from planner import LayerRef

    frame = (
        data["frame"].set_crs(data["crs"], allow_override=True) if data["crs"] else data["frame"]
    )
    return LayerRef.in_memory(frame, data["source"], data["name"])


def _kind(series: pd.Series) -> str:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    return "text"


def fields_for(frame: pd.DataFrame, extra: dict[str, str] | None = None) -> QgsFields:
    """QGIS fields for a planner table (geometry and internal columns left out)."""
    fields = QgsFields()
    for name in frame.columns:
        if name == frame_geometry_name(frame) or name.startswith("_"):
            continue
        fields.append(make_field(name, _kind(frame[name])))
    for name, kind in (extra or {}).items():
        fields.append(make_field(name, kind))
    return fields


def frame_geometry_name(frame: pd.DataFrame) -> str | None:
    """The geometry column of a (Geo)DataFrame, if any."""
    return frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None


def _qgis_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, (pd.Timestamp, np.datetime64, dt.datetime, dt.date)):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return None
        return QDateTime(QDate(stamp.year, stamp.month, stamp.day), QTime(stamp.hour, stamp.minute))
    if value is pd.NaT:
        return None
    return value


def features_for(frame: pd.DataFrame, fields: QgsFields) -> list[QgsFeature]:
    """QGIS features for the rows of a planner table, with the given fields."""
    geom_name = frame_geometry_name(frame)
    geoms = (
        shapely.to_wkb(np.asarray(frame.geometry.array), include_srid=False)
        if geom_name
        else [None] * len(frame)
    )
    columns = [frame[name].to_numpy(dtype=object) for name in fields.names() if name in frame]
    features = []
    for k in range(len(frame)):
        feature = QgsFeature(fields)
        feature.setAttributes([_qgis_value(col[k]) for col in columns])
        if geoms[k] is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(bytes(geoms[k]))
            if geometry.type() != moved(
                "Qgis.GeometryType.Point", "QgsWkbTypes.GeometryType.PointGeometry"
            ):
                geometry.convertToMultiType()
            feature.setGeometry(geometry)
        features.append(feature)
    return features


def wkb_type_for(frame: pd.DataFrame):
    """The QGIS geometry type for a table: its one type made multi, else no geometry."""
    if frame_geometry_name(frame) is None:
        return moved("Qgis.WkbType.NoGeometry", "QgsWkbTypes.Type.NoGeometry")
    types = set(shapely.get_type_id(np.asarray(frame.geometry.array)).tolist()) - {-1}
    dims = {0 if t in (0, 4) else 1 if t in (1, 2, 5) else 2 for t in types}
    if dims == {0}:
        return (
            moved("Qgis.WkbType.Point", "QgsWkbTypes.Type.Point")
            if types == {0}
            else moved("Qgis.WkbType.MultiPoint", "QgsWkbTypes.Type.MultiPoint")
        )
    if dims == {1}:
        return moved("Qgis.WkbType.MultiLineString", "QgsWkbTypes.Type.MultiLineString")
    if dims == {2}:
        return moved("Qgis.WkbType.MultiPolygon", "QgsWkbTypes.Type.MultiPolygon")
    return (
        moved("Qgis.WkbType.GeometryCollection", "QgsWkbTypes.Type.GeometryCollection")
        if dims
        else moved("Qgis.WkbType.Point", "QgsWkbTypes.Type.Point")
    )
