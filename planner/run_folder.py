"""Reading a finished run back: the output folder of ``gebiedsplanner run`` as tables.

A run folder holds ``run.json`` (what was read, the options, the rules) and
``gebiedsplanner.gpkg`` (``maatregelen``, ``overlappingen``, ``stapeling_<niveau>``,
``samenhang_<niveau>`` where the run made integration groups, ``afgewezen``). This is what
``gebiedsplanner vergelijk`` compares; the CSV files are the same tables for spreadsheets and
are not read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from planner.errors import InputError
from planner.table_files import GPKG_NAME

__all__ = ["RunFolder", "read_run_folder", "read_record", "MEASURE_COLUMNS", "PAIR_KEY_COLUMNS"]

#: The columns of ``maatregelen`` a comparison needs (a run writes them all).
MEASURE_COLUMNS = ("id", "naam", "domein", "start", "eind", "periode_van", "periode_tot", "laag")

#: The columns of ``overlappingen`` that say which pair and rule a row is.
PAIR_KEY_COLUMNS = ("measure_a", "measure_b", "rule", "verdict")

_STACKING_KEY = ("code", "periode")
_GROUP_KEY = ("regel", "code", "periode")


@dataclass
class RunFolder:
    """The tables and record of one run, as read from its output folder.

    Attributes
    ----------
    path : pathlib.Path
        The folder.
    record : dict
        ``run.json``.
    measures : geopandas.GeoDataFrame
        ``maatregelen``, indexed by nothing; ids are unique.
    overlaps : geopandas.GeoDataFrame
        ``overlappingen``.
    stacking : dict of str to geopandas.GeoDataFrame
        ``stapeling_<niveau>`` per level.
    groups : dict of str to geopandas.GeoDataFrame
        ``samenhang_<niveau>`` per level (empty when the run made no groups).
    """

    path: Path
    record: dict
    measures: gpd.GeoDataFrame
    overlaps: gpd.GeoDataFrame
    stacking: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    groups: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)

    @property
    def crs(self) -> str | None:
        """The working CRS of the run (``opties.crs``)."""
        return (self.record.get("opties") or {}).get("crs")

    @property
    def period(self) -> str | None:
        """The stacking period of the run (``year``, ``quarter``, ``month``)."""
        return (self.record.get("opties") or {}).get("periode")

    @property
    def data_date(self) -> dt.date:
        """The date of the data: ``opties.gegevensdatum``, else the day ``run.json`` was written."""
        given = (self.record.get("opties") or {}).get("gegevensdatum")
        try:
            return dt.date.fromisoformat(str(given))
        except ValueError:
            stamp = (self.path / "run.json").stat().st_mtime
            return dt.date.fromtimestamp(stamp)


def read_record(folder: Path) -> dict:
    """``run.json`` of the run in ``folder``; an InputError when it is no run folder."""
    path = folder / "run.json"
    if not folder.is_dir():
        what = "bestaat niet" if not folder.exists() else "is geen map"
        raise InputError(f"{folder} {what}: geef de uitvoermap van een eerdere gebiedsplanner run.")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{folder} is geen uitvoermap van gebiedsplanner run: run.json ontbreekt (vergelijk "
            "leest de map die run met --out schreef)."
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path} is niet te lezen: {exc}.") from exc
    if not isinstance(record, dict) or "gebiedsplanner" not in (record.get("versies") or {}):
        raise InputError(
            f"{path} is geen verslag van gebiedsplanner run (het veld versies.gebiedsplanner "
            "ontbreekt)."
        )
    return record


def _read_layer(gpkg: Path, layer: str) -> gpd.GeoDataFrame:
    import pyogrio

    try:
        frame = pyogrio.read_dataframe(gpkg, layer=layer, fid_as_index=True)
    except Exception as exc:  # pyogrio's errors differ per version; the sentence is ours
        raise InputError(f"{gpkg}, laag {layer}, is niet te lezen: {exc}.") from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame)))
    return frame


def _require(frame: pd.DataFrame, columns: tuple[str, ...], gpkg: Path, layer: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{gpkg}, laag {layer}: de kolom(men) {', '.join(missing)} ontbreken; is dit een "
            "uitvoer van een andere versie van Gebiedsplanner of met de hand bewerkt? Maak "
            "beide versies opnieuw met dezelfde gebiedsplanner run."
        )


def _check_unique_ids(measures: pd.DataFrame, gpkg: Path) -> None:
    ids = measures["id"]
    if ids.isna().any():
        fid = ids.index[ids.isna()][0]
        raise InputError(f"{gpkg}, laag maatregelen, fid {fid}: veld id is leeg.")
    repeated = ids.duplicated(keep=False)
    if repeated.any():
        first = ids[repeated].iloc[0]
        fids = ", ".join(str(f) for f in ids.index[ids == first][:5])
        raise InputError(
            f"{gpkg}, laag maatregelen: id {first!r} komt meer dan eens voor (fid {fids}): een "
            "maatregel moet één id hebben om de versies te kunnen vergelijken."
        )


def read_run_folder(folder: str | Path) -> RunFolder:
    """Read the output folder of a run back as tables.

    Parameters
    ----------
    folder : path-like
        A folder written by ``gebiedsplanner run --out`` (or :func:`planner.run` with ``out``).

    Returns
    -------
    RunFolder
        The record and the tables.

    Raises
    ------
    InputError
        The folder is not a run's output, a layer is missing or unreadable, a column a
        comparison needs is missing, or an id is empty or repeats; the sentence names the file,
        layer, feature and field.
    """
    path = Path(folder).expanduser()
    record = read_record(path)
    gpkg = path / GPKG_NAME
    if not gpkg.is_file():
        raise InputError(
            f"{path} is geen volledige uitvoer van gebiedsplanner run: {GPKG_NAME} ontbreekt."
        )
    import pyogrio

    try:
        names = [str(n) for n, _ in pyogrio.list_layers(gpkg)]
    except Exception as exc:  # an unreadable GeoPackage
        raise InputError(f"{gpkg} is niet te lezen: {exc}.") from exc
    for needed in ("maatregelen", "overlappingen"):
        if needed not in names:
            raise InputError(f"{gpkg}: de laag {needed} ontbreekt.")
    measures = _read_layer(gpkg, "maatregelen")
    _require(measures, MEASURE_COLUMNS, gpkg, "maatregelen")
    _check_unique_ids(measures, gpkg)
    overlaps = _read_layer(gpkg, "overlappingen")
    _require(overlaps, PAIR_KEY_COLUMNS, gpkg, "overlappingen")
    stacking, groups = {}, {}
    for name in names:
        if name.startswith("stapeling_"):
            stacking[name.removeprefix("stapeling_")] = table = _read_layer(gpkg, name)
            _require(table, _STACKING_KEY, gpkg, name)
        elif name.startswith("samenhang_"):
            groups[name.removeprefix("samenhang_")] = table = _read_layer(gpkg, name)
            _require(table, _GROUP_KEY, gpkg, name)
    return RunFolder(path, record, measures, overlaps, stacking, groups)
