"""Geometry as the reader repairs it.

Z/M dropped, impossible coordinates rejected, invalid shapes made valid in their own dimension,
everything reprojected to the working CRS.
"""

from __future__ import annotations

import logging
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.errors import InputError
from planner.sources import (
    COORDINATES_OK,
    NOT_FINITE,
    LayerRef,
    coordinate_problems,
    coordinate_reasons,
    non_finite,
)
from planner.texts import say
from planner.threads import elementwise

__all__ = ["repair_geometry", "crs_warnings"]

log = logging.getLogger(__name__)


def repair_geometry(
    raw: gpd.GeoDataFrame, crs: str
) -> tuple[gpd.GeoSeries, list[tuple[np.ndarray, Any]], list[tuple[np.ndarray, Any]]]:
    """Drop Z/M, repair invalid geometry, reproject; say what was rejected and repaired.

    Parameters
    ----------
    raw : geopandas.GeoDataFrame
        One layer as read, in its own CRS (``_geometrie_fout`` holds the reader's reasons).
    crs : str
        The working CRS.

    Returns
    -------
    tuple
        The geometry in ``crs`` (None where rejected), the rejections and the notes, each as
        ``(mask, text)`` pairs: a fixed text, a Series, or a function of the row number.

    Raises
    ------
    planner.errors.InputError
        The layer cannot be reprojected to ``crs`` at all.
    """
    geoms = np.asarray(raw.geometry.array, dtype=object).copy()
    n = len(geoms)
    rejects: list[tuple[np.ndarray, Any]] = []
    notes: list[tuple[np.ndarray, Any]] = []
    if "_geometrie_fout" in raw.columns:
        # the reader's reason (unreadable WKT or x/y); such rows have no geometry
        given = raw["_geometrie_fout"]
        rejects.append((given.notna().to_numpy(), given))
    present = ~shapely.is_missing(geoms)
    empty = present & shapely.is_empty(geoms)
    geoms[empty] = None
    present &= ~empty
    zm = present & (shapely.has_z(geoms) | _has_m(geoms))
    if zm.any():
        geoms[zm] = shapely.force_2d(geoms[zm])
        notes.append((zm, say("geometrie_zm")))
    # Impossible coordinates (NaN, infinite, 1e300) are rejected before GEOS repairs or
    # reprojects anything: make_valid fails on them and stopped the whole run.
    bounds = shapely.bounds(geoms)
    codes = coordinate_problems(bounds, geographic=bool(raw.crs and raw.crs.is_geographic))
    invalid = present & ~elementwise(shapely.is_valid, geoms, chunk=100_000)
    hidden = np.flatnonzero(invalid & (codes == COORDINATES_OK))
    codes[hidden[non_finite(geoms[hidden])]] = NOT_FINITE
    impossible = present & (codes != COORDINATES_OK)
    if impossible.any():
        crs_name = raw.crs.to_string() if raw.crs is not None else ""
        rejects.append((impossible, pd.Series(coordinate_reasons(codes, bounds, crs_name))))
        geoms[impossible] = None
        present &= ~impossible
        invalid &= ~impossible
    if invalid.any():
        reason = shapely.is_valid_reason(geoms[invalid])
        repaired = shapely.make_valid(geoms[invalid])
        dims = shapely.get_dimensions(geoms[invalid])
        repaired = _keep_dimension(repaired, dims)
        broken = shapely.is_empty(repaired) | shapely.is_missing(repaired)
        detail = np.full(n, "", dtype=object)
        detail[invalid] = reason
        broken_mask = np.zeros(n, bool)
        broken_mask[np.flatnonzero(invalid)[broken]] = True
        fixed_mask = invalid & ~broken_mask
        geoms[invalid] = repaired
        geoms[broken_mask] = None
        rejects.append(
            (
                broken_mask,
                lambda k: say("geometrie_kapot", detail=detail[k]),
            )
        )
        notes.append(
            (
                fixed_mask,
                lambda k: say("geometrie_hersteld", detail=detail[k]),
            )
        )
    series = gpd.GeoSeries(geoms, index=raw.index, crs=raw.crs)
    if raw.crs is not None and series.notna().any():
        try:
            series = series.to_crs(crs)
        except Exception as exc:  # pyproj raises several types for impossible transforms
            raise InputError(f"De geometrie is niet om te rekenen naar {crs}: {exc}") from exc
        after = coordinate_problems(shapely.bounds(np.asarray(series.array)), geographic=False)
        lost = series.notna().to_numpy() & (after != COORDINATES_OK)
        if lost.any():
            rejects.append(
                (lost, say("geometrie_kapot", detail=f"coördinaten niet om te rekenen naar {crs}"))
            )
            series[lost] = None
    return series.set_crs(crs, allow_override=True), rejects, notes


def crs_warnings(raw: gpd.GeoDataFrame, crs: str, ref: LayerRef) -> list[str]:
    """Warn when a layer lies outside the area where the working CRS is meant to be used."""
    geoms = np.asarray(raw.geometry.array)
    present = geoms[~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)]
    if raw.crs is None or len(present) == 0:
        return []
    from pyproj import CRS

    area = CRS.from_user_input(crs).area_of_use
    if area is None:
        return []
    from pyproj import Transformer

    # the layer's bounding box, its edges densified, in degrees: one small transform instead
    # of every vertex of a million features
    x0, y0, x1, y1 = shapely.total_bounds(present)
    try:
        lon0, lat0, lon1, lat1 = Transformer.from_crs(
            raw.crs, "EPSG:4326", always_xy=True
        ).transform_bounds(x0, y0, x1, y1, densify_pts=21)
    except Exception:  # pyproj raises several types for impossible transforms
        return []
    if not np.isfinite([lon0, lat0, lon1, lat1]).all():
        return []
    if lon1 < area.west or lon0 > area.east or lat1 < area.south or lat0 > area.north:
        text = (
            f"{ref} ligt buiten het gebied van {crs} ({area.name}); afstanden in meters kloppen "
            "daar niet: geef een passend --crs op"
        )
        log.warning(text)
        return [text]
    return []


def _has_m(geoms: np.ndarray) -> np.ndarray:
    # shapely.has_m needs GEOS 3.12; older GEOS (Debian 12 has 3.11) cannot hold M values,
    # so nothing read there has them.
    has_m = getattr(shapely, "has_m", None)
    if has_m is None or shapely.geos_version < (3, 12, 0):
        return np.zeros(len(geoms), bool)
    return has_m(geoms)


def _keep_dimension(repaired: np.ndarray, dims: np.ndarray) -> np.ndarray:
    """After make_valid keep only the parts of the original dimension (a polygon stays areal)."""
    out = repaired.copy()
    for i, (geom, dim) in enumerate(zip(repaired, dims, strict=True)):
        if geom is None or shapely.get_type_id(geom) != 7:  # not a GeometryCollection
            continue
        parts = [p for p in shapely.get_parts(geom) if shapely.get_dimensions(p) == dim]
        out[i] = shapely.union_all(parts) if parts else shapely.Point()
    return out
