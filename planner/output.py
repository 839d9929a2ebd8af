"""Writing the output folder: whole or not at all.

Everything is written into a temporary folder next to the target and then renamed into place,
so a run that stops halfway leaves the previous output as it was and no half file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.distinct import all_text, text_or_none
from planner.errors import InputError
from planner.sources import arrow_with_gdal
from planner.sources import pyarrow_installed as _has_pyarrow

if TYPE_CHECKING:
    from planner.run import RunResult

__all__ = [
    "write_outputs",
    "OutputFolder",
    "write_csv",
    "free_names",
    "arrow_writing",
    "GPKG_NAME",
]

GPKG_NAME = "gebiedsplanner.gpkg"


def write_csv(frame: pd.DataFrame, path: Path, *, geometry: str | None = None) -> None:
    """Write a table as UTF-8 CSV that is byte-identical for the same input.

    Written by pyarrow's CSV writer (on all cores) where pyarrow is installed, else by pandas;
    both give the same values: text quoted, dates as ``YYYY-MM-DD``, numbers in full.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; a GeoDataFrame's geometry is written as ``x``/``y`` (``geometry="xy"``: of a
        point; ``geometry="point"``: of a point on the geometry, for lines and polygons) or left
        out (``None``). A spreadsheet cannot use a polygon's WKT; the GeoPackage has the shapes.
    path : pathlib.Path
        The file.
    geometry : {"xy", "point", None}
        How to write the geometry.
    """
    if _has_pyarrow():
        from planner.layer_writer import table_to_arrow, write_csv_from_arrow

        xy = geometry if isinstance(frame, gpd.GeoDataFrame) else None
        write_csv_from_arrow(table_to_arrow(frame, "", path.name, xy), path)
        return
    table = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    if geometry and isinstance(frame, gpd.GeoDataFrame):
        geoms = np.asarray(frame.geometry.array)
        if geometry == "point":
            geoms = shapely.point_on_surface(geoms)
        table["x"] = np.round(shapely.get_x(geoms), 2)
        table["y"] = np.round(shapely.get_y(geoms), 2)
    for col in table.columns:
        if pd.api.types.is_datetime64_any_dtype(table[col]):
            table[col] = table[col].to_numpy().astype("datetime64[D]")
    _write_csv_pandas(table, path)


def _write_csv_pandas(table: pd.DataFrame, path: Path) -> None:
    table = table.copy()
    for col in table.columns:
        if table[col].dtype.kind == "M":
            table[col] = pd.Series(table[col]).dt.strftime("%Y-%m-%d")
        elif table[col].dtype.kind == "b":
            table[col] = table[col].map({True: "true", False: "false"})
    table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _for_gpkg(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Object columns with mixed types become text; GDAL wants one type per column."""
    out = frame.copy()
    for col in out.columns:
        if col == out.geometry.name or out[col].dtype != object:
            continue
        if not all_text(out[col]):
            out[col] = text_or_none(out[col])
    return out


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


def _write_layer(frame: pd.DataFrame, path: Path, layer: str) -> None:
    """Feature by feature, for GDAL before 3.8 (QGIS on Debian 12) or without pyarrow."""
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


class OutputFolder:
    """A run's output folder while it is written: a temporary folder renamed into place whole.

    The tables are added as they are ready; with ``background=True`` (and Arrow writing) a
    second process writes them while the analysis goes on (:mod:`planner.layer_writer`).

    Parameters
    ----------
    out : path-like
        The folder; replaced as a whole by :meth:`commit`.
    background : bool
        Write the tables in a second process.
    """

    def __init__(self, out: str | Path, *, background: bool = False) -> None:
        self.out = Path(out).resolve()
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            _remove_abandoned(self.out)
            self.tmp = Path(
                tempfile.mkdtemp(
                    prefix=f".{self.out.name}.{os.getpid()}.", suffix=".tmp", dir=self.out.parent
                )
            )
        except OSError as exc:
            raise InputError(
                f"De uitvoermap {self.out} kan niet worden gemaakt: {exc.strerror}."
            ) from exc
        self.writer = None
        try:
            if arrow_writing():
                from planner.layer_writer import LayerWriter

                self.writer = LayerWriter(self.tmp, background=background)
        except BaseException:
            self.discard()
            raise

    def add(
        self, frame: pd.DataFrame, layer: str, csv: str, xy: str | None = None, **how: bool
    ) -> None:
        """Write a table as GeoPackage layer ``layer`` and as CSV file ``csv``.

        The parameters are those of :meth:`planner.layer_writer.LayerWriter.add`; ``how`` (when
        to write the CSV) only matters where a second process writes.
        """
        if self.writer is not None:
            self.writer.add(frame, layer, csv, xy, **how)
        else:
            _write_layer(frame, self.tmp / GPKG_NAME, layer)
            write_csv(frame, self.tmp / csv, geometry=xy)

    def add_measures(self, measures: pd.DataFrame) -> None:
        """The measures as read, with their validation notes."""
        self.add(measures, "maatregelen", "maatregelen.csv", "point")

    def add_overlaps(self, overlaps: pd.DataFrame) -> None:
        """The pairs, one row per pair and rule.

        Their CSV is written at the end by this process, beside the second one's GeoPackage.
        """
        self.add(overlaps, "overlappingen", "overlappingen.csv", "xy", csv_at_finish=True)

    def add_rest(self, result: RunResult) -> None:
        """The stacking per level and the rejected features."""
        for level, table in result.stacking.items():
            self.add(table, f"stapeling_{level}", f"stapeling_{level}.csv")
        self.add(result.measures.rejected, "afgewezen", "afgewezen.csv")

    def commit(
        self,
        result: RunResult,
        *,
        reports: dict | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> list[str]:
        """Finish the tables, write the reports and run.json, and put the folder in place.

        Parameters
        ----------
        result : RunResult
            The run (its report gets the list of files).
        reports : dict, optional
            Also write the reports (:func:`planner.report.write_reports`) with these options.
        progress : callable, optional
            Called with each report step's name.

        Returns
        -------
        list of str
            The files written, relative to the folder.
        """
        try:
            if self.writer is not None:
                self.writer.finish()
            if reports is not None:
                from planner.report import write_reports

                write_reports(result, self.tmp, progress=progress, **reports)
            files = sorted(str(p.relative_to(self.tmp)) for p in self.tmp.rglob("*") if p.is_file())
            result.report["uitvoer"] = files
            (self.tmp / "run.json").write_text(
                json.dumps(result.report, ensure_ascii=False, indent=2, default=str) + "\n",
                encoding="utf-8",
            )
            _swap(self.tmp, self.out)
        except BaseException:
            self.discard()
            raise
        return files + ["run.json"]

    def discard(self) -> None:
        """Throw away what was written; the previous output stays as it was."""
        if self.writer is not None:
            self.writer.discard()
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_outputs(
    result: RunResult,
    out: str | Path,
    *,
    reports: dict | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Write the output folder of a run, all at once.

    Parameters
    ----------
    result : RunResult
        What :func:`planner.run` returned.
    out : path-like
        The folder; replaced as a whole when the new output is complete.
    reports, progress
        As for :meth:`OutputFolder.commit`.

    Returns
    -------
    list of str
        The files written, relative to ``out``.
    """
    folder = OutputFolder(out)
    try:
        _write_all(result, folder)
    except BaseException:
        folder.discard()
        raise
    return folder.commit(result, reports=reports, progress=progress)


def _write_all(result: RunResult, folder: OutputFolder) -> None:
    folder.add_measures(result.measures.measures)
    folder.add_overlaps(result.overlaps)
    folder.add_rest(result)


def _remove_abandoned(out: Path) -> None:
    """Remove temporary folders of earlier runs whose process is gone (killed hard)."""
    for leftover in out.parent.glob(f".{out.name}.*"):
        parts = leftover.name[len(out.name) + 2 :].split(".")
        pid = parts[0].replace("old-", "")
        if not pid.isdigit() or not leftover.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(leftover, ignore_errors=True)
        except PermissionError:
            continue


def _swap(tmp: Path, out: Path) -> None:
    """Put the finished folder in place of the old one with renames only."""
    old = None
    if out.exists():
        if not out.is_dir():
            raise InputError(f"De uitvoer {out} bestaat al en is geen map.")
        old = out.with_name(f".{out.name}.old-{os.getpid()}.tmp")
        os.rename(out, old)
    try:
        os.rename(tmp, out)
    except OSError:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
