"""Writing the output folder: whole or not at all.

Everything is written into a temporary folder next to the target and then renamed into place,
so a run that stops halfway leaves the previous output as it was and no half file.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.arrow_support import pyarrow_installed
from planner.layer_writer import table_to_arrow, write_csv_from_arrow
from planner.output_folder import MARKER, Claim, claim_output_folder
from planner.table_files import (
    GPKG_NAME,
    arrow_writing,
    free_names,
    write_csv_pandas,
    write_layer_by_feature,
)

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = [
    "write_outputs",
    "OutputFolder",
    "write_csv",
    "write_csv_parts",
    "write_pairs_csv",
    "free_names",
    "arrow_writing",
    "GPKG_NAME",
]


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
    if pyarrow_installed():
        if isinstance(frame, gpd.GeoDataFrame):
            write_csv_from_arrow(table_to_arrow(frame, "", path.name, geometry), path)
        else:
            # a slice of rows at a time: a table of millions of rows is never held twice, as
            # a frame and as Arrow
            write_csv_parts([frame], path)
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
    write_csv_pandas(table, path)


def write_csv_parts(parts: Iterable[pd.DataFrame], path: Path) -> None:
    """Write consecutive parts of one table (without geometry) as one CSV, as :func:`write_csv`.

    Each part is made when the one before it is written, so a table of millions of rows made
    in parts (the decisions template, :func:`planner.decisions.template_parts`) is never held
    whole. The file has the bytes :func:`write_csv` writes for the parts put together.

    Parameters
    ----------
    parts : iterable of pandas.DataFrame
        At least one part; all with the same columns and column types.
    path : pathlib.Path
        The file.
    """
    if pyarrow_installed():
        write_csv_from_arrow(
            (
                table_to_arrow(piece, "", path.name, None)
                for part in parts
                for piece in _row_slices(part)
            ),
            path,
        )
        return
    write_csv(pd.concat(list(parts), ignore_index=True), path)


#: Rows per slice of a table written as CSV without geometry (see :func:`write_csv`).
CSV_SLICE = 100_000


def _row_slices(frame: pd.DataFrame) -> Iterator[pd.DataFrame]:
    """The frame in slices of :data:`CSV_SLICE` rows (at least one slice, for the header)."""
    rows = CSV_SLICE
    yield frame.iloc[:rows]
    for start in range(rows, len(frame), rows):
        yield frame.iloc[start : start + rows]


def write_pairs_csv(pairs: pd.DataFrame, path: Path) -> None:
    """Write the pairs of ``gebiedsplanner overlaps`` as one CSV file, whole or not at all.

    Parameters
    ----------
    pairs : geopandas.GeoDataFrame
        The pairs (:func:`planner.find_overlaps`); their meeting point as ``x``/``y``.
    path : pathlib.Path
        The file; an existing file is replaced only when the new one is complete.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write_csv(pairs, tmp, geometry="xy")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


class OutputFolder:
    """A run's output folder while it is written: a temporary folder renamed into place whole.

    The tables are added as they are ready; with ``background=True`` (and Arrow writing) a
    second process writes them while the analysis goes on (:mod:`planner.layer_writer`).

    Parameters
    ----------
    out : path-like or Claim
        The folder, or the run's claim on it (:func:`planner.output_folder.claim_output_folder`);
        replaced as a whole by :meth:`commit`, and only when it holds nothing but an earlier
        output.
    background : bool
        Write the tables in a second process.
    inputs : iterable of path-like
        With a path as ``out``: the run's input files, none of which may lie inside it.
    """

    def __init__(
        self, out: str | Path | Claim, *, background: bool = False, inputs: Iterable = ()
    ) -> None:
        self.claim = out if isinstance(out, Claim) else claim_output_folder(out, inputs)
        self.out = self.claim.out
        try:
            self.tmp = self.claim.new_folder()
        except BaseException:
            self.claim.release()
            raise
        self.writer = None
        self._tables_done = False
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
            write_layer_by_feature(frame, self.tmp / GPKG_NAME, layer)
            write_csv(frame, self.tmp / csv, geometry=xy)

    def add_measures(self, measures: pd.DataFrame) -> None:
        """The measures as read, with their validation notes."""
        self.add(measures, "maatregelen", "maatregelen.csv", "point")

    def add_overlaps(self, overlaps: pd.DataFrame) -> None:
        """The pairs, one row per pair and rule.

        Their CSV is written at the end by this process, beside the second one's GeoPackage.
        """
        self.add(overlaps, "overlappingen", "overlappingen.csv", "xy", csv_at_finish=True)

    def add_groups(self, groups: dict[str, pd.DataFrame]) -> None:
        """Integration as groups: ``samenhang_<niveau>``, with the area's shape (CSV: a point)."""
        for level, table in groups.items():
            self.add(table, f"samenhang_{level}", f"samenhang_{level}.csv", "point")

    def add_rest(self, stacking: dict[str, pd.DataFrame], rejected: pd.DataFrame) -> None:
        """The stacking per level and the rejected features."""
        for level, table in stacking.items():
            self.add(table, f"stapeling_{level}", f"stapeling_{level}.csv")
        self.add(rejected, "afgewezen", "afgewezen.csv")

    def finish_tables(self) -> None:
        """Wait until every table added is written (by the second process, where one writes)."""
        try:
            if self.writer is not None and not self._tables_done:
                self.writer.finish()
            self._tables_done = True
        except BaseException:
            self.discard()
            raise

    def commit(self, report: dict, record: str = "run.json") -> list[str]:
        """Write ``run.json`` and put the folder in place, whole.

        Parameters
        ----------
        report : dict
            What ``run.json`` holds; it gets the list of files (``uitvoer``).
        record : str
            The record's file name (``vergelijking.json`` for a comparison).

        Returns
        -------
        list of str
            The files written, relative to the folder.
        """
        try:
            self.finish_tables()
            files = sorted(
                str(p.relative_to(self.tmp))
                for p in self.tmp.rglob("*")
                if p.is_file() and p.name != MARKER
            )
            report["uitvoer"] = files
            (self.tmp / record).write_text(
                json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n",
                encoding="utf-8",
            )
            self.claim.replace(self.tmp, files + [record])
        except BaseException:
            self.discard()
            raise
        return files + [record]

    def discard(self) -> None:
        """Throw away what was written; the previous output stays as it was."""
        try:
            if self.writer is not None:
                self.writer.discard()
            shutil.rmtree(self.tmp, ignore_errors=True)
        finally:
            self.claim.release()


def write_outputs(result: RunResult, out: str | Path) -> list[str]:
    """Write the tables and ``run.json`` of a run into an output folder, all at once.

    The reports are written by :func:`planner.run` (``reports=True``), which also claims the
    folder before reading.

    Parameters
    ----------
    result : RunResult
        What :func:`planner.run` returned.
    out : path-like
        The folder; replaced as a whole when the new output is complete, and only when it holds
        nothing but an earlier output (:func:`planner.output_folder.claim_output_folder`).

    Returns
    -------
    list of str
        The files written, relative to ``out``.
    """
    folder = OutputFolder(out)
    try:
        folder.add_measures(result.measures.measures)
        folder.add_overlaps(result.overlaps)
        folder.add_groups(result.groups)
        folder.add_rest(result.stacking, result.measures.rejected)
    except BaseException:
        folder.discard()
        raise
    return folder.commit(result.report)
