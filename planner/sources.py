"""Opening files and layers: GeoPackage, GeoJSON, Shapefile, CSV (WKT or x/y columns).

Files are only ever read. A file that cannot be used raises :class:`~planner.errors.InputError`
with one sentence that names the file (and layer).
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.errors import InputError
from planner.texts import number_nl

__all__ = ["LayerRef", "list_layers", "read_layer"]

log = logging.getLogger(__name__)

WKT_COLUMNS = ("wkt", "geometry", "geometrie", "geom", "the_geom", "wkt_geom", "geometry_wkt")
XY_COLUMNS = (
    ("x", "y"),
    ("lon", "lat"),
    ("lng", "lat"),
    ("longitude", "latitude"),
    ("rd_x", "rd_y"),
    ("x_coord", "y_coord"),
    ("xcoord", "ycoord"),
)


@dataclass(frozen=True)
class LayerRef:
    """One layer of one file, or features already in memory (``frame``, e.g. from QGIS).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> frame = gpd.GeoDataFrame({"naam": ["a"]}, geometry=[shapely.Point(0, 0)], crs=28992)
    >>> ref = LayerRef.in_memory(frame, "programma.gpkg", "werken")
    >>> str(ref), list(read_layer(ref).columns)
    ('programma.gpkg (laag werken)', ['_fid', 'naam', 'geometry'])
    """

    path: Path
    layer: str | None = None
    frame: gpd.GeoDataFrame | None = field(default=None, compare=False, hash=False, repr=False)
    label: str | None = None

    @property
    def where(self) -> str:
        """The source as the user named it: the file path, or a database address."""
        return self.label or str(self.path)

    @classmethod
    def in_memory(cls, frame: gpd.GeoDataFrame, source: str, layer: str | None = None) -> LayerRef:
        """Features that are already read (a QGIS layer, a database query).

        Parameters
        ----------
        frame : geopandas.GeoDataFrame
            The features; a ``_fid`` column holds their feature ids (else 1, 2, 3, ...).
        source : str
            Where they come from, as the user knows it (file, database table).
        layer : str, optional
            The layer name.

        Returns
        -------
        LayerRef
            A reference that :func:`read_layer` answers from memory.
        """
        return cls(Path(source), layer, frame, source)

    def __str__(self) -> str:
        return self.where + (f" (laag {self.layer})" if self.layer else "")

    @property
    def name(self) -> str:
        """A short name: the layer name, else the file name without extension."""
        return self.layer or self.path.stem


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() in {".csv", ".txt", ".tsv"}


def list_layers(path: str | Path | LayerRef, only: list[str] | None = None) -> list[LayerRef]:
    """List the layers of a file (all of them for a GeoPackage, or those in ``only``).

    Parameters
    ----------
    path : path-like or LayerRef
        The file (a LayerRef is returned as it is).
    only : list of str, optional
        Layer names to keep; a name that is not in the file is an error.

    Returns
    -------
    list of LayerRef
        The layers, in the file's order.
    """
    if isinstance(path, LayerRef):
        return [path]
    from planner.postgis import is_postgis

    if is_postgis(path):
        from planner.postgis import read_table

        return [read_table(str(path))]
    path = Path(path)
    if not path.exists():
        raise InputError(f"Het bestand {path} bestaat niet.")
    if path.is_dir() and path.suffix.lower() != ".gdb":
        raise InputError(f"{path} is een map, geen bestand met lagen.")
    if _is_csv(path):
        return [LayerRef(path)]
    import pyogrio

    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputError(f"Het bestand {path} is niet te lezen: {_reason(exc)}") from exc
    if not names:
        raise InputError(f"Het bestand {path} bevat geen lagen.")
    if only:
        missing = [n for n in only if n not in names]
        if missing:
            raise InputError(
                f"Het bestand {path} heeft geen laag {missing[0]!r}; wel: {', '.join(names)}."
            )
        names = [n for n in names if n in only]
    if len(names) == 1 and path.suffix.lower() != ".gpkg":
        return [LayerRef(path)]
    return [LayerRef(path, n) for n in names]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if text.endswith(".") else text + "."


def read_layer(ref: LayerRef, input_crs: str | None = None) -> gpd.GeoDataFrame:
    """Read one layer as it is, with its feature ids in column ``_fid``.

    Parameters
    ----------
    ref : LayerRef
        The file and layer.
    input_crs : str, optional
        The CRS to assume for a layer that has none (CSV files, Shapefiles without .prj).

    Returns
    -------
    geopandas.GeoDataFrame
        The features; geometry may be missing (None) for features without location.

    Raises
    ------
    planner.errors.InputError
        The file cannot be read, or it has geometry but no CRS and ``input_crs`` is not given.
    """
    if ref.frame is not None:
        frame = _from_memory(ref.frame)
    else:
        frame = _read_csv(ref, input_crs) if _is_csv(ref.path) else _read_ogr(ref)
    if _undefined(frame.crs):
        frame = frame.set_crs(None, allow_override=True)
    _check_crs_fits(frame, ref)
    if frame.crs is None and frame.geometry.notna().any():
        if not input_crs:
            raise InputError(
                f"{ref} heeft geen coördinatenstelsel (CRS); geef het op met --input-crs, "
                "bijvoorbeeld --input-crs EPSG:28992."
            )
        frame = frame.set_crs(input_crs, allow_override=True)
    elif frame.crs is None and input_crs:
        frame = frame.set_crs(input_crs, allow_override=True)
    return frame


def _check_crs_fits(frame: gpd.GeoDataFrame, ref: LayerRef) -> None:
    """Stop when the declared CRS clearly does not fit the coordinates (degrees vs metres)."""
    if frame.crs is None:
        return
    geoms = np.asarray(frame.geometry.array)
    present = geoms[~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)]
    if not len(present):
        return
    x0, y0, x1, y1 = shapely.total_bounds(present)
    in_degree_range = -180 <= x0 and x1 <= 180 and -90 <= y0 and y1 <= 90
    crs = frame.crs
    if crs.is_geographic and not in_degree_range:
        raise InputError(
            f"{ref} zegt {crs.to_string()} (lengte- en breedtegraden), maar de coördinaten "
            f"lopen tot {number_nl(round(x1))}, {number_nl(round(y1))}: dat zijn meters. "
            "Geef de laag het juiste "
            "coördinatenstelsel (bijvoorbeeld EPSG:28992) en lees opnieuw in."
        )
    if crs.is_projected and in_degree_range:
        # Degrees in a projected layer: read as longitude/latitude, the coordinates fall in
        # the very area the CRS is made for (RD New: 3.2-7.3 E, 50.7-53.6 N).
        area = crs.area_of_use
        if area is not None and (
            area.west <= x0 and x1 <= area.east and area.south <= y0 and y1 <= area.north
        ):
            raise InputError(
                f"{ref} zegt {crs.to_string()} (meters), maar de coördinaten liggen tussen "
                f"{number_nl(round(x0, 2), 2)} en {number_nl(round(y1, 2), 2)}: dat lijken "
                "lengte- en breedtegraden. Geef de laag het juiste coördinatenstelsel "
                "(bijvoorbeeld EPSG:4326) en lees opnieuw in."
            )


def _undefined(crs) -> bool:
    """True for the placeholder CRS of a layer that has none.

    A GeoPackage without a CRS uses the reserved SRS ids 0 and -1; GDAL before 3.7 reads them
    as "Undefined geographic SRS" and "Undefined SRS" (a LOCAL_CS), newer GDAL as no CRS.
    """
    if crs is None or crs.to_epsg() is not None:
        return False
    return (crs.name or "").lower().startswith("undefined")


def _from_memory(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.reset_index(drop=True).copy()
    if frame.geometry.name != "geometry":
        frame = frame.rename_geometry("geometry")
    if "_fid" not in frame.columns:
        frame.insert(0, "_fid", np.arange(1, len(frame) + 1, dtype=np.int64))
    return frame


def _read_ogr(ref: LayerRef) -> gpd.GeoDataFrame:
    import pyogrio

    kwargs: dict = {"layer": ref.layer} if ref.layer else {}
    if ref.path.suffix.lower() == ".shp" and not ref.path.with_suffix(".cpg").exists():
        # Without a .cpg GDAL guesses ISO-8859-1; Dutch exports are cp1252 or UTF-8.
        kwargs["encoding"] = _guess_dbf_encoding(ref.path.with_suffix(".dbf"))
    try:
        frame = None
        if arrow_reading():
            try:
                frame = _read_arrow(ref.path, kwargs)
            except Exception:  # noqa: BLE001 - what Arrow cannot read, GDAL reads below
                log.debug("%s: niet via Arrow gelezen", ref, exc_info=True)
        if frame is None:
            frame = pyogrio.read_dataframe(ref.path, fid_as_index=True, **kwargs)
    except Exception as exc:  # GDAL errors come in several types
        raise InputError(f"{ref} is niet te lezen: {_reason(exc)}") from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(
            frame, geometry=gpd.GeoSeries([None] * len(frame), index=frame.index)
        )
    frame.index.name = None
    frame.insert(0, "_fid", np.asarray(frame.index, dtype=np.int64))
    return frame.reset_index(drop=True)


def arrow_reading() -> bool:
    """Whether layers are read through Arrow: GDAL 3.6 or newer and pyarrow installed.

    Reading a million features through Arrow takes about a quarter of the time of reading them
    feature by feature; ``GEBIEDSPLANNER_ARROW=0`` turns it off.

    Returns
    -------
    bool
        True when :func:`pyogrio.read_arrow` can be used.
    """
    return arrow_with_gdal((3, 6, 0))


def arrow_with_gdal(version: tuple[int, int, int]) -> bool:
    """Whether GDAL's Arrow interface may be used.

    That is: GDAL ``version`` or newer, pyarrow installed and ``GEBIEDSPLANNER_ARROW`` not ``0``.

    Parameters
    ----------
    version : tuple of int
        The oldest GDAL with what is needed (3.6 reads, 3.8 writes).

    Returns
    -------
    bool
        True when it may be used.
    """
    import os

    import pyogrio

    return (
        os.environ.get("GEBIEDSPLANNER_ARROW", "1") != "0"
        and pyogrio.__gdal_version__ >= version
        and pyarrow_installed()
    )


def pyarrow_installed() -> bool:
    """Whether pyarrow can be imported (without importing it).

    Returns
    -------
    bool
        True when it is installed.
    """
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def _read_arrow(path: Path, kwargs: dict) -> gpd.GeoDataFrame | None:
    """One layer through Arrow, as :func:`pyogrio.read_dataframe` would give it.

    None for a layer with curved geometries: Arrow hands them over as they are stored, and only
    the feature-by-feature reader turns them into lines as GEOS needs them. pyogrio refuses
    some layers (booleans before GDAL 3.8.3): the caller then reads feature by feature.
    """
    import pyarrow as pa
    import pyogrio

    meta, table = pyogrio.read_arrow(path, return_fids=True, **kwargs)
    fid_name = meta["fid_column"] or "OGC_FID"
    geom_name = meta["geometry_name"] or "wkb_geometry"
    fids = table[fid_name].to_numpy()
    geoms = None
    if geom_name in table.column_names:
        try:
            geoms = shapely.from_wkb(table[geom_name].to_numpy(zero_copy_only=False))
        except shapely.errors.GEOSException:
            return None
        geoms = _without_m(geoms)
    attrs = table.drop_columns([c for c in (fid_name, geom_name) if c in table.column_names])
    # dates as datetime64 without a time zone, as the feature-by-feature reader gives them
    for k, column in enumerate(attrs.schema):
        if pa.types.is_date(column.type) or (
            pa.types.is_timestamp(column.type) and column.type.tz is not None
        ):
            attrs = attrs.set_column(k, column.name, attrs.column(k).cast(pa.timestamp("ms")))
    frame = attrs.to_pandas()
    frame.index = pd.Index(fids)
    if geoms is None:
        return frame
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=meta["crs"])


def _without_m(geoms: np.ndarray) -> np.ndarray:
    """Drop M values, as GDAL's feature-by-feature reader does (only GEOS 3.12+ keeps M).

    The answers never depend on the reader.
    """
    if shapely.geos_version < (3, 12, 0):
        return geoms
    with_m = np.flatnonzero(shapely.has_m(geoms))
    if len(with_m):
        geoms = geoms.copy()
        m = geoms[with_m]
        z = shapely.has_z(m)
        m[z] = shapely.from_wkb(shapely.to_wkb(m[z], output_dimension=3, flavor="iso"))
        m[~z] = shapely.force_2d(m[~z])
        geoms[with_m] = m
    return geoms


def _guess_dbf_encoding(dbf: Path) -> str:
    try:
        data = dbf.read_bytes()
    except OSError:
        return "cp1252"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _read_csv(ref: LayerRef, input_crs: str | None) -> gpd.GeoDataFrame:
    path = ref.path
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Het bestand {path} is niet te lezen: {exc.strerror}.") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        raise InputError(f"Het bestand {path} is leeg.")
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    import io

    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"Het CSV-bestand {path} is niet te lezen: {_reason(exc)}") from exc
    frame = frame.replace({"": None})
    lower = {c.lower(): c for c in frame.columns}
    geometry = gpd.GeoSeries([None] * len(frame), index=frame.index)
    if wkt_col := next((lower[c] for c in WKT_COLUMNS if c in lower), None):
        values = frame.pop(wkt_col)
        geometry = gpd.GeoSeries(
            shapely.from_wkt(values.to_numpy(), on_invalid="ignore"), index=frame.index
        )
        bad = values.notna() & geometry.isna()
        if bad.any():
            # Unreadable WKT is kept as text so the feature is rejected with its reason later.
            frame["_geometrie_fout"] = np.where(
                bad, "WKT niet te lezen", np.array(None, dtype=object)
            )
    elif xy := next(
        ((lower[x], lower[y]) for x, y in XY_COLUMNS if x in lower and y in lower), None
    ):
        xs = pd.to_numeric(frame.pop(xy[0]).str.replace(",", "."), errors="coerce")
        ys = pd.to_numeric(frame.pop(xy[1]).str.replace(",", "."), errors="coerce")
        pts = shapely.points(xs.to_numpy(), ys.to_numpy())
        pts[xs.isna().to_numpy() | ys.isna().to_numpy()] = None
        geometry = gpd.GeoSeries(pts, index=frame.index)
    frame.insert(0, "_fid", np.arange(1, len(frame) + 1, dtype=np.int64))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=input_crs)
