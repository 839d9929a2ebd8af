"""The output tables through Arrow: a GeoPackage layer and its CSV twin from one Arrow table.

Each table of the output folder is turned into one Arrow table once; GDAL writes the layer
from it (``pyogrio.write_arrow``) and pyarrow the CSV. That can happen in this process or in a
second one (:class:`LayerWriter` with ``background=True``), which writes the measures while the
rules run and the pairs while the stacking is computed: at a million measures writing is about
a third of the run, and it no longer waits for the analysis, nor the analysis for it. The
second process gets each table as an Arrow IPC file in the (temporary) output folder and runs
the very same :func:`write_job`, so where a table is written never changes what is written.

Needs GDAL 3.8 or newer and pyarrow (:func:`planner.table_files.arrow_writing`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

from planner.distinct import text_or_none
from planner.errors import InputError, environment_error
from planner.heap_trim import trim_heap
from planner.table_files import GPKG_NAME, free_names, new_file_options

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["LayerWriter", "table_to_arrow", "write_job", "write_csv_from_arrow"]

META_KEY = b"gebiedsplanner"
# pyogrio's rule for GeoPackage (no mixed single and multi types): a layer of exactly one
# geometry type and its multi type is written as the multi type.
_MULTI = {
    0: (4, shapely.multipoints),
    1: (5, shapely.multilinestrings),
    3: (6, shapely.multipolygons),
}
#: Rows per record batch: the unit in which tables are handed over, read and written; fewer
#: where rows are large (an area's detailed shape on every row), so that a batch holds about
#: :data:`_BATCH_BYTES` at most.
_BATCH = 100_000
_BATCH_BYTES = 64_000_000


def _rows_in(size: float, row_bytes: float) -> int:
    """Rows of ``row_bytes`` each that fit in ``size`` bytes: at least 1, at most :data:`_BATCH`.

    Examples
    --------
    >>> _rows_in(64_000_000, 300), _rows_in(64_000_000, 6_000), _rows_in(10, 1e9)
    (100000, 10666, 1)
    """
    return max(1, min(_BATCH, int(size / max(row_bytes, 1.0))))


def _batch_rows(table: pa.Table) -> int:
    """Rows per record batch for ``table`` (see :data:`_BATCH`), as decoded for writing."""
    import pyarrow as pa

    rows = max(table.num_rows, 1)
    row_bytes = 0.0
    for column in table.columns:
        if pa.types.is_dictionary(column.type) and column.num_chunks:
            values = column.chunk(0).dictionary
            row_bytes += values.nbytes / max(len(values), 1)  # what a decoded row holds
        else:
            row_bytes += column.nbytes / rows
    return _rows_in(_BATCH_BYTES, row_bytes)


def _plain_schema(schema: pa.Schema) -> pa.Schema:
    """The schema with each dictionary column as the values it holds (as written)."""
    import pyarrow as pa

    fields = [
        field.with_type(field.type.value_type) if pa.types.is_dictionary(field.type) else field
        for field in schema
    ]
    return pa.schema(fields, metadata=schema.metadata)


def _plain(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch with its dictionary columns decoded (the shapes of :func:`_wkb_column`)."""
    import pyarrow as pa

    if not any(pa.types.is_dictionary(field.type) for field in batch.schema):
        return batch
    columns = [
        column.dictionary_decode() if pa.types.is_dictionary(column.type) else column
        for column in batch.columns
    ]
    return pa.RecordBatch.from_arrays(columns, schema=_plain_schema(batch.schema))


_TYPE_NAMES = {
    0: "Point",
    1: "LineString",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
    7: "GeometryCollection",
}


def table_to_arrow(frame: pd.DataFrame, layer: str, csv: str, xy: str | None) -> pa.Table:
    """One output table as an Arrow table, with what is needed to write it in its metadata.

    Text columns (also a column that mixes text with other values: ``str`` of each) become
    Arrow text, dates stay timestamps, the geometry becomes WKB.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; a GeoDataFrame's geometry becomes the layer's geometry.
    layer : str
        The GeoPackage layer.
    csv : str
        The CSV file's name.
    xy : {"xy", "point", None}
        What the CSV gets of the geometry (see :func:`planner.output.write_csv`).

    Returns
    -------
    pyarrow.Table
        The table; its schema metadata says where and how it is written.
    """
    import geopandas as gpd
    import pandas as pd
    import pyarrow as pa

    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    columns: dict[str, pa.Array] = {}
    meta: dict = {"layer": layer, "csv": csv, "xy": xy, "geometry": geometry}
    for col in frame.columns:
        values = frame[col]
        name = str(col)
        if col == geometry:
            columns[name], meta["geometry_type"] = _wkb_column(np.asarray(frame.geometry.array))
        elif geometry is None and name == "geometry":
            continue  # a frame that lost its geometry: nothing to write of it
        elif values.dtype.kind == "M":
            columns[name] = pa.array(values, from_pandas=True)
        elif values.dtype == object or isinstance(
            values.dtype, (pd.StringDtype, pd.CategoricalDtype)
        ):
            columns[name] = _arrow_text(
                values.astype(object) if values.dtype == "category" else values
            )
        else:
            columns[name] = pa.array(values, from_pandas=True)  # NaN: missing
    if geometry is not None:
        crs = frame.crs
        epsg = crs.to_epsg() if crs is not None else None
        meta["crs"] = f"EPSG:{epsg}" if epsg else (crs.to_wkt("WKT1_GDAL") if crs else None)
    table = pa.table(columns) if columns else pa.table({})
    return table.replace_schema_metadata({META_KEY: json.dumps(meta).encode()})


def _wkb_column(geoms: np.ndarray) -> tuple[pa.Array, str]:
    """The geometry column as WKB, and the layer's geometry type.

    A table that repeats its shapes (the stacking: each area once per period, its shape the
    same object in every row) gets each shape's WKB once, as an Arrow dictionary the rows point
    into; the record batches are decoded one at a time where they are written
    (:func:`_batches`). So no GEOS copy, Python bytes object or WKB is made per row here: that
    is what keeps a partition with detailed borders (hundreds of points per buurt) over many
    periods from needing gigabytes.
    """
    import pyarrow as pa

    sample = geoms[:_SAMPLE]
    if len(sample) < _SAMPLE or len({id(g) for g in sample}) * 2 > len(sample):
        shapes, type_name = _layer_geometries(geoms)
        return pa.array(shapely.to_wkb(shapes), pa.binary()), type_name
    ids = np.fromiter(map(id, geoms), dtype=np.int64, count=len(geoms))
    _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    shapes, type_name = _layer_geometries(geoms[first])
    wkb = pa.array(shapely.to_wkb(shapes), pa.binary())
    rows = pa.array(inverse.astype(np.int32), pa.int32())
    return pa.DictionaryArray.from_arrays(rows, wkb), type_name


#: Rows looked at to tell whether a table repeats its shapes (:func:`_wkb_column`).
_SAMPLE = 1_000


def _arrow_text(values: pd.Series) -> pa.Array:
    """A text column as Arrow text: missing values empty, anything else as ``str(v)``.

    Arrow-backed text passes without a copy; only a column that mixes text with other values
    is converted value by value.
    """
    import pyarrow as pa

    try:
        return pa.array(values, pa.large_string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pa.array(text_or_none(values), pa.large_string())


def _layer_geometries(geoms: np.ndarray) -> tuple[np.ndarray, str]:
    """The geometries as the layer stores them, and the layer's geometry type."""
    types = shapely.get_type_id(geoms)
    present = np.unique(types[types >= 0])
    if len(present) == 2 and present[0] in _MULTI and _MULTI[present[0]][0] == present[1]:
        single = types == present[0]
        geoms = geoms.copy()
        geoms[single] = _MULTI[present[0]][1](np.atleast_2d(geoms[single]), axis=0)
        present = present[1:]
    if len(present) != 1 or present[0] not in _TYPE_NAMES:
        return geoms, "Unknown"
    solid = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    z = " Z" if shapely.has_z(geoms[solid]).any() else ""
    return geoms, _TYPE_NAMES[int(present[0])] + z


def write_job(table: pa.Table | Path, folder: Path, *, csv: bool = True) -> None:
    """Write one table: its layer into ``gebiedsplanner.gpkg`` and its CSV, both in ``folder``.

    Parameters
    ----------
    table : pyarrow.Table or pathlib.Path
        From :func:`table_to_arrow`, or the Arrow IPC file :class:`LayerWriter` handed it over
        in; a file is read a record batch at a time, so the writing never holds all of it.
    folder : pathlib.Path
        The output folder.
    csv : bool
        Also write the CSV (else another process writes it).
    """
    import pyarrow as pa
    import pyogrio

    schema = _schema(table)
    meta = _meta(schema)
    path = folder / GPKG_NAME
    renames = free_names(schema.names)
    layer_schema = pa.schema(
        [field.with_name(renames.get(field.name, field.name)) for field in schema],
        metadata=schema.metadata,
    )
    layer_batches = (
        pa.RecordBatch.from_arrays(batch.columns, schema=layer_schema) for batch in _batches(table)
    )
    kwargs: dict = new_file_options(path)
    if meta["geometry"] is not None:
        kwargs.update(
            geometry_name=meta["geometry"], geometry_type=meta["geometry_type"], crs=meta["crs"]
        )
    layer = pa.RecordBatchReader.from_batches(layer_schema, layer_batches)
    pyogrio.write_arrow(layer, path, layer=meta["layer"], driver="GPKG", **kwargs)
    if csv:
        write_csv_from_arrow(table, folder / meta["csv"])


def _schema(table: pa.Table | Path) -> pa.Schema:
    """The schema of a table, or of the table in an IPC file (read from its footer).

    As the batches of :func:`_batches` have it: dictionary columns as their values.
    """
    import pyarrow as pa

    if isinstance(table, pa.Table):
        return _plain_schema(table.schema)
    with pa.OSFile(str(table)) as source:
        return _plain_schema(pa.ipc.open_file(source).schema)


def _batches(table: pa.Table | Path) -> Iterator[pa.RecordBatch]:
    """The table's record batches, :func:`_batch_rows` each (from a file: as written).

    A file is read a batch at a time into memory of its own (not mapped), so what was written
    is let go batch by batch. Dictionary columns come decoded (:func:`_plain`).
    """
    import pyarrow as pa

    if isinstance(table, pa.Table):
        for batch in table.to_batches(max_chunksize=_batch_rows(table)):
            yield _plain(batch)
        return
    with pa.OSFile(str(table)) as source:
        reader = pa.ipc.open_file(source)
        for k in range(reader.num_record_batches):
            yield _plain(reader.get_batch(k))


def _meta(schema: pa.Schema) -> dict:
    """Where and how a table from :func:`table_to_arrow` is written."""
    return json.loads(schema.metadata[META_KEY])


def write_csv_from_arrow(table: pa.Table | Path | Iterable[pa.Table], path: Path) -> None:
    """The CSV of a table from :func:`table_to_arrow` (see :func:`planner.output.write_csv`).

    The WKB geometry is not written itself; the table's ``xy`` says whether the CSV gets
    ``x``/``y`` of it (a point), of a point on it, or nothing. The rows are written a record
    batch at a time: a million shapes as GEOS objects would double the memory needed.

    Parameters
    ----------
    table : pyarrow.Table, pathlib.Path or iterable of pyarrow.Table
        The table; or the Arrow IPC file it was handed over in (read a batch at a time); or its
        consecutive parts (each from :func:`table_to_arrow`, with the same columns), made one at
        a time as the file is written.
    path : pathlib.Path
        The CSV file.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if isinstance(table, pa.Table | Path):
        parts: Iterable[pa.Table | Path] = [table]
    else:
        parts = table
    schema = None
    writer = None
    try:
        for part in parts:
            if schema is None:
                schema = _schema(part)
                meta = _meta(schema)
            for batch in _batches(part):
                if not batch.num_rows:
                    # pyarrow < 23 writes the previous rows again after an empty record batch
                    # (apache/arrow#36889), and a rule without pairs can leave one
                    continue
                rows = _csv_columns(batch, meta)
                if writer is None:
                    options = pacsv.WriteOptions(quoting_style="needed")
                    writer = pacsv.CSVWriter(str(path), rows.schema, write_options=options)
                writer.write_table(rows)
        if writer is None and schema is not None:  # no rows: the header alone
            empty = _csv_columns(pa.RecordBatch.from_pylist([], schema=schema), meta)
            pacsv.write_csv(empty, path, pacsv.WriteOptions(quoting_style="needed"))
    finally:
        if writer is not None:
            writer.close()


def _csv_columns(batch: pa.RecordBatch, meta: dict) -> pa.Table:
    """One record batch as the CSV has it: dates as days, x/y for the geometry."""
    import pyarrow as pa
    import pyarrow.compute as pc

    geometry, xy = meta["geometry"], meta["xy"]
    columns = {}
    for name in batch.schema.names:
        values = batch.column(name)
        if name == geometry:
            continue
        if pa.types.is_timestamp(values.type):
            values = pc.cast(pc.floor_temporal(values, unit="day"), pa.date32())
        columns[name] = values
    if xy and geometry is not None:
        geoms = shapely.from_wkb(batch.column(geometry).to_numpy(zero_copy_only=False))
        if xy == "point":
            geoms = shapely.point_on_surface(geoms)
        x, y = shapely.get_x(geoms), shapely.get_y(geoms)
        columns["x"] = pa.array(np.round(x, 2), pa.float64(), from_pandas=True)
        columns["y"] = pa.array(np.round(y, 2), pa.float64(), from_pandas=True)
    return pa.table(columns) if columns else pa.table({})


class LayerWriter:
    """Writes the output tables in order, in this process or in a second one.

    Parameters
    ----------
    folder : pathlib.Path
        The (temporary) output folder.
    background : bool
        Write in a second process while this one goes on; :meth:`finish` waits for it. The
        process is started fresh (``spawn``), not forked from a process with GDAL's and Arrow's
        threads running.
    """

    def __init__(self, folder: Path, *, background: bool) -> None:
        self.folder = folder
        self.jobs = 0
        self.process = None
        self.csv_at_finish: list[Path] = []  # hand-over files whose CSV this process writes
        if background:
            import multiprocessing

            context = multiprocessing.get_context("spawn")
            self.connection, theirs = context.Pipe()
            self.process = context.Process(
                target=_second_process, args=(str(folder), theirs), name="gebiedsplanner-schrijver"
            )
            self.process.start()
            theirs.close()

    def add(
        self,
        frame: pd.DataFrame,
        layer: str,
        csv: str,
        xy: str | None = None,
        *,
        csv_at_finish: bool = False,
    ) -> None:
        """Write a table (now, or queued for the second process).

        Parameters
        ----------
        frame : pandas.DataFrame
            The table.
        layer : str
            Its GeoPackage layer.
        csv : str
            Its CSV file's name.
        xy : {"xy", "point", None}
            What the CSV gets of the geometry.
        csv_at_finish : bool
            With a second process: this process writes the CSV in :meth:`finish`, while the
            second one may still be writing the GeoPackage (for the last big table, when this
            process would otherwise only wait).
        """
        table = table_to_arrow(frame, layer, csv, xy)
        if self.process is None:
            write_job(table, self.folder)
            return
        import pyarrow as pa

        self.jobs += 1
        job = self.folder / f".taak-{self.jobs}.arrow"
        with pa.OSFile(str(job), "wb") as sink, pa.ipc.new_file(sink, table.schema) as ipc:
            ipc.write_table(table, max_chunksize=_batch_rows(table))
        del table  # nothing of it is held: the CSV at finish is read back from the file
        if csv_at_finish:
            self.csv_at_finish.append(job)
        self._send((self.jobs, not csv_at_finish))

    def _send(self, message: int | str | tuple[int, bool]) -> None:
        try:
            self.connection.send(message)
        except (BrokenPipeError, ConnectionResetError):
            self._failed()

    def finish(self) -> None:
        """Wait until everything is written; an error of the second process is raised here."""
        if self.process is None:
            return
        self._send("klaar")
        for job in self.csv_at_finish:
            write_csv_from_arrow(job, self.folder / _meta(_schema(job))["csv"])
        self.process.join()
        if self.process.exitcode != 0:
            self._failed()
        for job in self.csv_at_finish:  # the second process left them for these CSVs
            job.unlink()
        self.csv_at_finish.clear()
        self.connection.close()

    def discard(self) -> None:
        """Stop the second process without waiting for its work (the folder is thrown away)."""
        if self.process is not None and self.process.exitcode is None:
            self.process.kill()
            self.process.join()

    def _failed(self) -> None:
        reason = None
        try:
            if self.connection.poll(1):
                reason = self.connection.recv()
        except (EOFError, OSError):
            pass
        self.discard()
        # the second process's error comes as text: a full disk is said as such
        full = environment_error(RuntimeError(reason or ""), written=self.folder)
        if full is not None:
            raise full
        raise InputError(
            f"Het schrijven van de uitvoer in {self.folder} is mislukt: "
            + (
                reason
                or f"het schrijfproces stopte met code {getattr(self.process, 'exitcode', None)}"
            )
        )


def _second_process(folder: str, connection) -> None:
    """The second process: write each job it is sent, in order, until ``klaar``."""
    import logging
    import signal

    # Ctrl-C is the first process's to handle: it throws the folder away and stops this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    while True:
        try:
            message = connection.recv()
        except EOFError:
            sys.exit(3)  # the first process went away without saying klaar: nothing to finish
        if message == "klaar":
            return
        number, with_csv = message
        job = Path(folder) / f".taak-{number}.arrow"
        try:
            write_job(job, Path(folder), csv=with_csv)
        except Exception as exc:  # reported by the first process, which owns the run
            connection.send(f"{type(exc).__name__}: {exc}")
            sys.exit(1)
        finally:
            if with_csv:  # else the first process still reads it for the CSV, and removes it
                job.unlink(missing_ok=True)
        trim_heap()  # GDAL's and Arrow's freed buffers back to the system before the next
