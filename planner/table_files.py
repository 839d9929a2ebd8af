"""The output's table files: the GeoPackage's name and options, feature-by-feature writing.

The Arrow path (:mod:`planner.layer_writer`) and the feature-by-feature path here write the
same layers and CSV values.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.arrow_support import arrow_with_gdal
from planner.distinct import all_text, text_or_none

__all__ = [
    "GPKG_NAME",
    "arrow_writing",
    "free_names",
    "new_file_options",
    "write_csv_pandas",
    "write_layer_by_feature",
]

GPKG_NAME = "gebiedsplanner.gpkg"


def free_names(columns: Iterable, reserved: tuple[str, ...] = ("fid",)) -> dict:
    """New names for columns that a table format reserves: ``fid`` becomes ``bron_fid``.

    A name already taken gets ``_2`` appended until it is free.

    Examples
    --------
    >>> free_names(["fid", "bron_fid", "naam"])
    {'fid': 'bron_fid_2'}
    """
    taken = {str(c) for c in columns}
    renames = {}
    for c in columns:
        if str(c).lower() in reserved:
            name = f"bron_{c}"
            while name in taken:
                name = f"{name}_2"
            renames[c] = name
            taken.add(name)
    return renames


def new_file_options(path: Path) -> dict:
    """What a writer passes when it makes the GeoPackage: version 1.3.

    Not GDAL 3.7+'s 1.4: QGIS on GDAL 3.6 (Debian 12) warns on 1.4 files, and nothing written
    here needs 1.4.

    Parameters
    ----------
    path : pathlib.Path
        The GeoPackage.

    Returns
    -------
    dict
        ``dataset_options`` for a new file; nothing when it exists (a layer is added).
    """
    return {} if path.exists() else {"dataset_options": {"VERSION": "1.3"}}


def arrow_writing() -> bool:
    """Whether the GeoPackage is written through Arrow: GDAL 3.8 or newer and pyarrow installed.

    Through Arrow a million features and their spatial index take seconds instead of half a
    minute. Debian 12's GDAL 3.6 (and so QGIS 3.22 there) writes feature by feature;
    ``GEBIEDSPLANNER_ARROW=0`` does so everywhere.

    Returns
    -------
    bool
        True when :mod:`planner.layer_writer` can be used.
    """
    return arrow_with_gdal((3, 8, 0))


def write_layer_by_feature(frame: pd.DataFrame, path: Path, layer: str) -> None:
    """Write one table as a GeoPackage layer feature by feature.

    For GDAL before 3.8 (QGIS on Debian 12) or without pyarrow.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (a GeoDataFrame for a layer with geometry).
    path : pathlib.Path
        The GeoPackage; made when it does not exist.
    layer : str
        The layer's name.
    """
    import pyogrio

    # GeoPackage reserves 'fid' for its own feature ids: the source's fid keeps its meaning
    # under another name.
    renames = free_names(frame.columns)
    if renames:
        frame = frame.rename(columns=renames)

    kwargs: dict = {}
    if isinstance(frame, gpd.GeoDataFrame):
        types = shapely.get_type_id(np.asarray(frame.geometry.array))
        if len(np.unique(types[types >= 0])) > 1:
            kwargs["geometry_type"] = "Unknown"
        frame = _for_gpkg(frame)
    else:
        frame = pd.DataFrame(frame)
    kwargs.update(new_file_options(path))
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", **kwargs)


def _for_gpkg(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Object columns with mixed types become text; GDAL wants one type per column."""
    out = frame.copy()
    for col in out.columns:
        if col == out.geometry.name or out[col].dtype != object:
            continue
        if not all_text(out[col]):
            out[col] = text_or_none(out[col])
    return out


def write_csv_pandas(table: pd.DataFrame, path: Path) -> None:
    """Write a table as CSV with pandas, as pyarrow's writer would (where pyarrow is missing).

    Parameters
    ----------
    table : pandas.DataFrame
        The table, geometry already turned into columns.
    path : pathlib.Path
        The file.
    """
    table = table.copy()
    for col in table.columns:
        if table[col].dtype.kind == "M":
            table[col] = pd.Series(table[col]).dt.strftime("%Y-%m-%d")
        elif table[col].dtype.kind == "b":
            table[col] = table[col].map({True: "true", False: "false"})
    table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
