"""Opening files and layers: GeoPackage, GeoJSON, Shapefile, CSV (WKT or x/y columns).

Files are only ever read. A file that cannot be used raises :class:`~planner.errors.InputError`
with one sentence that names the file (and layer).
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.arrow_support import arrow_with_gdal
from planner.errors import InputError
from planner.layer_ref import LayerRef
from planner.texts import number_nl, say
from planner.threads import elementwise

__all__ = [
    "LayerRef",
    "list_layers",
    "read_layer",
    "coordinate_problems",
    "non_finite",
    "COORDINATE_LIMIT",
]

log = logging.getLogger(__name__)

WKT_COLUMNS = ("wkt", "geometry", "geometrie", "geom", "the_geom", "wkt_geom", "geometry_wkt")
#: Coordinates further than this from the origin are no place on Earth in any CRS (metres or
#: feet; degrees have their own range).
COORDINATE_LIMIT = 1e9
#: :func:`coordinate_problems` codes.
COORDINATES_OK, NOT_FINITE, TOO_LARGE, OUTSIDE_DEGREES = 0, 1, 2, 3
XY_COLUMNS = (
    ("x", "y"),
    ("lon", "lat"),
    ("lng", "lat"),
    ("longitude", "latitude"),
    ("rd_x", "rd_y"),
    ("x_coord", "y_coord"),
    ("xcoord", "ycoord"),
)


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
    try:
        is_dir = path.is_dir()
        if not is_dir:
            path.stat()
    except PermissionError as exc:
        # a folder on the way that the user may not enter (Path.exists says False or raises)
        raise InputError(say("geen_toegang", pad=path)) from exc
    except OSError:
        raise InputError(f"Het bestand {path} bestaat niet.") from None
    if is_dir and path.suffix.lower() != ".gdb":
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


def read_layer(
    ref: LayerRef,
    input_crs: str | None = None,
    choose: Callable[[list[str]], list[str]] | None = None,
) -> gpd.GeoDataFrame:
    """Read one layer as it is, with its feature ids in column ``_fid``.

    Parameters
    ----------
    ref : LayerRef
        The file and layer.
    input_crs : str, optional
        The CRS to assume for a layer that has none (CSV files, Shapefiles without .prj).
    choose : callable, optional
        Given the layer's column names, the ones to read; the others are left unread where the
        format allows (GDAL's formats; a CSV file and features in memory are read whole).
        ``attrs["kolommen"]`` then holds all the layer's column names.

    Returns
    -------
    geopandas.GeoDataFrame
        The features; geometry may be missing (None) for features without location.
        ``attrs["waarschuwingen"]`` lists what the reader noticed about the layer as a whole
        (a column that a CSV file has twice).

    Raises
    ------
    planner.errors.InputError
        The file cannot be read, or it has geometry but no CRS and ``input_crs`` is not given.
    """
    if ref.frame is not None:
        frame = _from_memory(ref.frame)
    else:
        frame = _read_csv(ref, input_crs) if _is_csv(ref.path) else _read_ogr(ref, choose)
    warnings = list(frame.attrs.get("waarschuwingen", []))
    names = frame.attrs.get("kolommen")
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
    frame.attrs["waarschuwingen"] = warnings
    frame.attrs["kolommen"] = names or [c for c in frame.columns if c not in ("_fid", "geometry")]
    return frame


def _check_crs_fits(frame: gpd.GeoDataFrame, ref: LayerRef) -> None:
    """Stop when the declared CRS clearly does not fit the coordinates (degrees vs metres)."""
    if frame.crs is None:
        return
    geoms = np.asarray(frame.geometry.array)
    present = geoms[~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)]
    if not len(present):
        return
    crs = frame.crs
    # Features with impossible coordinates (NaN, 1e300) are rejected one by one when the layer
    # is validated; they say nothing about the layer's CRS.
    bounds = shapely.bounds(present)
    problems = coordinate_problems(bounds, geographic=False)
    usable = bounds[problems == COORDINATES_OK]
    if not len(usable):
        return
    outside = coordinate_problems(usable, geographic=True) == OUTSIDE_DEGREES
    x0, y0 = usable[:, 0].min(), usable[:, 1].min()
    x1, y1 = usable[:, 2].max(), usable[:, 3].max()
    in_degree_range = not outside.any()
    # In a layer in degrees a few features beyond the range of degrees are rejected one by one;
    # when most of them are, the coordinates are metres.
    if crs.is_geographic and outside.mean() > 0.5:
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


def coordinate_problems(bounds: np.ndarray, *, geographic: bool) -> np.ndarray:
    """What is wrong with each geometry's coordinates, from its bounds (``shapely.bounds``).

    Parameters
    ----------
    bounds : numpy.ndarray
        ``(n, 4)`` bounds; rows of NaN (missing or empty geometry) count as fine.
    geographic : bool
        Whether the coordinates are degrees (longitude -180..180, latitude -90..90).

    Returns
    -------
    numpy.ndarray
        Per geometry :data:`COORDINATES_OK`, :data:`NOT_FINITE` (NaN or infinite),
        :data:`TOO_LARGE` (beyond :data:`COORDINATE_LIMIT`) or :data:`OUTSIDE_DEGREES`.
        A NaN after a geometry's first coordinate does not show in its bounds: see
        :func:`non_finite`.

    Examples
    --------
    >>> import shapely
    >>> points = shapely.points([1.0, np.inf, 1e300, 200.0], [2.0, 2.0, 2.0, 2.0])
    >>> coordinate_problems(shapely.bounds(points), geographic=True).tolist()
    [0, 1, 2, 3]
    """
    bounds = np.asarray(bounds, dtype=float).reshape(-1, 4)
    codes = np.zeros(len(bounds), dtype=np.int8)
    with np.errstate(invalid="ignore"):
        within = np.abs(bounds) <= COORDINATE_LIMIT
    # NaN and infinity are not within; only the other rows, missing geometry among them, are
    # looked at again
    fine = _all_four(within)
    rest = np.flatnonzero(~fine)
    if len(rest):
        other = bounds[rest]
        missing = _all_four(np.isnan(other))
        finite = _all_four(np.isfinite(other))
        codes[rest[~missing & ~finite]] = NOT_FINITE
        codes[rest[finite]] = TOO_LARGE
    if geographic:
        x0, y0, x1, y1 = bounds.T
        with np.errstate(invalid="ignore"):
            outside = fine & ((x0 < -180) | (x1 > 180) | (y0 < -90) | (y1 > 90))
        codes[outside] = OUTSIDE_DEGREES
    return codes


def _all_four(answers: np.ndarray) -> np.ndarray:
    """Whether all four answers of each row are true: a row of four booleans read as one number.

    Examples
    --------
    >>> _all_four(np.array([[True] * 4, [True, True, False, True]])).tolist()
    [True, False]
    """
    return np.ascontiguousarray(answers, dtype=bool).view(np.uint32).ravel() == 0x01010101


def non_finite(geoms: np.ndarray) -> np.ndarray:
    """Whether each geometry has a NaN or infinite coordinate anywhere (x or y).

    Vectorised over the coordinates; meant for the few geometries GEOS calls invalid (a
    non-finite coordinate makes a geometry invalid, and ``make_valid`` fails on it).

    Examples
    --------
    >>> import shapely
    >>> lines = shapely.from_wkt(["LINESTRING (0 0, 1 1)", "LINESTRING (0 0, 1 1)"])
    >>> lines[1] = shapely.linestrings([[0, 0], [np.nan, 1]])
    >>> non_finite(lines).tolist()
    [False, True]
    """
    geoms = np.asarray(geoms, dtype=object)
    out = np.zeros(len(geoms), bool)
    if len(geoms):
        coords, index = shapely.get_coordinates(geoms, return_index=True)
        out[index[~np.isfinite(coords).all(axis=1)]] = True
    return out


def coordinate_reasons(codes: np.ndarray, bounds: np.ndarray, crs_name: str) -> np.ndarray:
    """The Dutch reason for each geometry whose :func:`coordinate_problems` code is not OK.

    Returns
    -------
    numpy.ndarray
        Object array: the reason, or None where the coordinates are fine.
    """
    out = np.full(len(codes), None, dtype=object)
    limit = number_nl(COORDINATE_LIMIT)
    texts = {
        NOT_FINITE: say("coordinaten_niet_eindig"),
        OUTSIDE_DEGREES: say("coordinaten_buiten_graden", crs=crs_name),
    }
    for code, text in texts.items():
        out[codes == code] = say("coordinaten_onbruikbaar", detail=text)
    for k in np.flatnonzero(codes == TOO_LARGE):
        furthest = float(bounds[k][np.argmax(np.abs(bounds[k]))])
        out[k] = say(
            "coordinaten_onbruikbaar",
            detail=say("coordinaten_te_groot", waarde=f"{furthest:.3g}", grens=limit),
        )
    return out


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


def _read_ogr(
    ref: LayerRef, choose: Callable[[list[str]], list[str]] | None = None
) -> gpd.GeoDataFrame:
    import pyogrio

    kwargs: dict = {"layer": ref.layer} if ref.layer else {}
    names = None
    if choose is not None:
        try:
            names = [str(c) for c in pyogrio.read_info(ref.path, **kwargs)["fields"]]
            kwargs["columns"] = choose(names)
        except Exception:  # noqa: BLE001 - an unreadable file is reported by the read below
            names = None
    if ref.path.suffix.lower() == ".shp" and not ref.path.with_suffix(".cpg").exists():
        # Without a .cpg GDAL guesses ISO-8859-1; Dutch exports are cp1252 or UTF-8.
        kwargs["encoding"] = _guess_dbf_encoding(ref.path.with_suffix(".dbf"))
    written_nan, features, collections = False, 0, 0
    if ref.path.suffix.lower() in GEOJSON_SUFFIXES:
        features, collections, written_nan = _scan_geojson(ref.path)
    try:
        frame = None
        # GDAL hands a point with a NaN coordinate to Arrow as an empty point: such a file is
        # read feature by feature, so the feature is rejected for its coordinates.
        if arrow_reading() and not written_nan:
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
    if features > len(frame) or collections > 1:
        _account_geojson(ref, len(frame))
    frame.index.name = None
    frame.insert(0, "_fid", np.asarray(frame.index, dtype=np.int64))
    frame = frame.reset_index(drop=True)
    if names is not None:
        frame.attrs["kolommen"] = names
    return frame


GEOJSON_SUFFIXES = {".geojson", ".json"}


def _scan_geojson(path: Path, chunk: int = 1 << 26) -> tuple[int, int, bool]:
    """Count a GeoJSON file's Feature and FeatureCollection values, and look for NaN.

    One pass over the bytes (about a second for 250 MB, against half a minute for GDAL to read
    them), in chunks. The counts are upper bounds: a property whose value is "Feature" counts
    too, which only makes :func:`_account_geojson` look closer.
    """
    tokens = (b'"Feature"', b'"FeatureCollection"')
    counts, written_nan = [0, 0], False
    keep = len(tokens[1]) - 1  # a token cut in two by the chunks is in the tail
    tail = b""
    try:
        with path.open("rb") as handle:
            while block := handle.read(chunk):
                data = tail + block
                for k, token in enumerate(tokens):
                    # a token wholly inside the tail was counted with the chunk before
                    counts[k] += data.count(token) - tail.count(token)
                written_nan = written_nan or b"NaN" in data or b"Infinity" in data
                tail = data[-keep:]
    except OSError:
        return 0, 0, False  # GDAL says what is wrong with the file
    return counts[0], counts[1], written_nan


def _account_geojson(ref: LayerRef, read: int) -> None:
    """Refuse a GeoJSON file of which GDAL read fewer features than it holds.

    GDAL does not read the features of a FeatureCollection inside the ``features`` list: GDAL
    3.12 skips it without a word, GDAL 3.6 reads it as one empty feature. Its features would be
    neither used nor rejected.
    """
    import json

    try:
        data = json.loads(ref.path.read_bytes())
    except (OSError, ValueError):
        return  # GDAL read it; the count was only an upper bound
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        return
    items = data["features"]
    for k, item in enumerate(items):
        if isinstance(item, dict) and item.get("type") == "FeatureCollection":
            inner = item.get("features")
            n = len(inner) if isinstance(inner, list) else 0
            objects = "1 object" if n == 1 else f"{n} objecten"
            raise InputError(
                f"{ref}: object {k + 1} van de lijst features is zelf een FeatureCollection "
                f"(met {objects}); GeoJSON kent geen geneste collecties en die objecten "
                "zouden niet gelezen worden. Zet ze direct in de lijst features van het bestand "
                "en lees opnieuw in."
            )
    features = sum(1 for item in items if isinstance(item, dict) and item.get("type") == "Feature")
    if features > read:
        raise InputError(
            f"{ref} heeft {features} objecten (Feature), maar er zijn er maar {read} te lezen; "
            "controleer het bestand met ogrinfo en lees opnieuw in."
        )


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
            # GEOS parses outside the GIL: chunks on all cores
            geoms = elementwise(
                shapely.from_wkb, table[geom_name].to_numpy(zero_copy_only=False), chunk=100_000
            )
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
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"Het CSV-bestand {path} is niet te lezen: {_reason(exc)}") from exc
    frame = frame.replace({"": None})
    warnings = _duplicate_columns(text, sep, list(frame.columns), path)
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
                bad,
                say("geometrie_kapot", detail="WKT niet te lezen"),
                np.array(None, dtype=object),
            )
    elif xy := next(
        ((lower[x], lower[y]) for x, y in XY_COLUMNS if x in lower and y in lower), None
    ):
        x_text, y_text = frame.pop(xy[0]), frame.pop(xy[1])
        xs = pd.to_numeric(x_text.str.replace(",", "."), errors="coerce")
        ys = pd.to_numeric(y_text.str.replace(",", "."), errors="coerce")
        pts = shapely.points(xs.to_numpy(), ys.to_numpy())
        # 'nan' is read as a number (NaN): the feature is rejected for it when it is validated
        written_nan = x_text.str.strip().str.lower().isin(["nan", "-nan", "+nan"]) | (
            y_text.str.strip().str.lower().isin(["nan", "-nan", "+nan"])
        )
        unreadable = (
            (x_text.notna() & xs.isna()) | (y_text.notna() & ys.isna())
        ).to_numpy() & ~written_nan.to_numpy()
        pts[(x_text.isna() | y_text.isna()).to_numpy() | unreadable] = None
        if unreadable.any():
            xv, yv = x_text.to_numpy(), y_text.to_numpy()
            reasons = np.full(len(frame), None, dtype=object)
            rows = np.flatnonzero(unreadable)
            reasons[rows] = [
                say("coordinaten_onbruikbaar", detail=say("xy_onleesbaar", x=xv[k], y=yv[k]))
                for k in rows
            ]
            frame["_geometrie_fout"] = reasons
        geometry = gpd.GeoSeries(pts, index=frame.index)
    frame.insert(0, "_fid", np.arange(1, len(frame) + 1, dtype=np.int64))
    frame = gpd.GeoDataFrame(frame, geometry=geometry, crs=input_crs)
    frame.attrs["waarschuwingen"] = warnings
    return frame


def _duplicate_columns(text: str, sep: str, columns: list[str], path: Path) -> list[str]:
    """Warn for every column a CSV header has more than once (names compared case-blind).

    pandas renames a second ``naam`` to ``naam.1``, and the schema takes the first ``Naam`` of
    ``Naam`` and ``naam``: the other one would become an internal column without a word.
    """
    header = next(csv.reader(io.StringIO(text), delimiter=sep), [])
    if len(header) != len(columns):
        return []
    seen: dict[str, int] = {}
    out = []
    for k, name in enumerate(header):
        first = seen.setdefault(name.strip().casefold(), k)
        if first != k:
            out.append(
                say(
                    "kolom_dubbel",
                    bron=str(path),
                    kolom=header[first],
                    nummer=k + 1,
                    eerste=first + 1,
                )
            )
    for warning in out:
        log.warning(warning)
    return out
