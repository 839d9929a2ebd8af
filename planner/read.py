"""Reading measures: every layer of every source, validated (:mod:`planner.normalise`) and joined.

Every feature read ends up in exactly one of two tables: the measures (possibly with notes on
what was repaired) or the rejected list (with file, layer, feature id, field and reason).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from planner.arrow_support import text_as_arrow
from planner.errors import InputError
from planner.mapping import FieldMapping
from planner.normalise import NOTE_COLUMNS, REJECT_COLUMNS, normalise_measures, pick_columns
from planner.schema import DEFAULT_CRS, Schema, load_schema
from planner.sources import (
    LayerRef,
    list_layers,
    read_layer,
)
from planner.texts import say

__all__ = [
    "MeasureSet",
    "read_measures",
    "measures_from_frame",
]

log = logging.getLogger(__name__)


@dataclass
class MeasureSet:
    """Measures as read, with what was rejected and noted.

    Attributes
    ----------
    measures : geopandas.GeoDataFrame
        One row per usable measure: the schema fields, ``periode_van``/``periode_tot`` (first and
        last day), ``res_van``/``res_tot`` (0 day, 1 month, 2 year), ``bron``, ``laag``,
        ``bron_fid``, ``opmerkingen`` and every other column of the input (internal).
    rejected : pandas.DataFrame
        One row per rejected feature: ``bron``, ``laag``, ``fid``, ``id``, ``veld``, ``reden``.
    notes : pandas.DataFrame
        One row per note on a used feature: ``bron``, ``laag``, ``fid``, ``id``, ``veld``,
        ``melding``.
    sources : list of dict
        Per layer: file, layer, CRS, columns used, and counts read / used / rejected.
    """

    measures: gpd.GeoDataFrame
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECT_COLUMNS))
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOTE_COLUMNS))
    sources: list[dict] = field(default_factory=list)

    @property
    def n_read(self) -> int:
        """Features read over all layers."""
        return len(self.measures) + len(self.rejected)


def read_measures(
    sources: str | Path | Iterable[str | Path],
    *,
    layers: list[str] | None = None,
    mapping: FieldMapping | None = None,
    crs: str = DEFAULT_CRS,
    input_crs: str | None = None,
    schema: Schema | None = None,
    required: Iterable[str] | None = None,
    fields: Iterable[str] | None = None,
) -> MeasureSet:
    """Read measure layers and bring them onto the measure schema.

    Parameters
    ----------
    sources : path, LayerRef or a list of them
        GeoPackage (every layer is read unless ``layers`` is given), GeoJSON, Shapefile or CSV
        (WKT column or x/y columns; geometry-less rows need a ``gebiedscode``).
    layers : list of str, optional
        Only these layers of multi-layer files.
    mapping : FieldMapping, optional
        Column names, defaults and value codes for data that does not use the schema's names.
    crs : str
        The working CRS; all geometry is reprojected to it. EPSG:28992 (RD New) by default.
    input_crs : str, optional
        The CRS of inputs that declare none (CSV, Shapefile without .prj).
    schema : Schema, optional
        The measure schema; the shipped one by default.
    required : list of str, optional
        Fields without which a feature is rejected; the schema's required fields by default.
        The quick single-rule mode needs only ``start``.
    fields : list of str, optional
        Read only the columns of these schema fields (and the geometry); the others stay
        unread where the format allows and are then empty in the result. The quick
        single-rule mode reads ``id``, ``start`` and ``eind``.

    Returns
    -------
    MeasureSet
        Measures, rejected features and notes.

    Raises
    ------
    planner.errors.InputError
        A file or layer cannot be used at all.

    Examples
    --------
    >>> from planner.schema import layers_dir
    >>> ms = read_measures(layers_dir() / "voorbeeldprogramma.gpkg")
    >>> ms.n_read == len(ms.measures) + len(ms.rejected)
    True
    """
    schema = schema or load_schema()
    mapping = (mapping or FieldMapping()).check(schema)
    paths = [sources] if isinstance(sources, (str, Path, LayerRef)) else list(sources)
    if not paths:
        raise InputError("Geen maatregelen opgegeven: noem minstens één bestand.")
    refs = [ref for p in paths for ref in list_layers(p, layers if layers else None)]
    parts, rejected, notes, reports = [], [], [], []
    found_columns: set[str] = set()
    choose = None if fields is None else functools.partial(_chosen, set(fields), mapping, schema)
    for ref in refs:
        raw = read_layer(ref, input_crs, choose)
        found_columns |= {str(c).casefold() for c in (*raw.columns, *raw.attrs["kolommen"])}
        part, rej, nts, report = normalise_measures(
            raw, ref, mapping, crs=crs, schema=schema, required=required
        )
        parts.append(part)
        rejected.append(rej)
        notes.append(nts)
        reports.append(report)
    missing = [
        (name, col) for name, col in mapping.fields.items() if col.casefold() not in found_columns
    ]
    if missing:
        name, col = missing[0]
        raise InputError(
            f"{mapping.where('fields', name)}: kolom {col!r} komt in geen enkele invoerlaag voor."
        )
    if not any(r["gelezen"] for r in reports):
        names = ", ".join(str(ref) for ref in refs)
        raise InputError(f"Geen enkele maatregel gevonden: {names} bevat geen objecten.")
    return _assemble(parts, rejected, notes, reports, crs)


def measures_from_frame(
    frame: gpd.GeoDataFrame,
    *,
    name: str = "invoer",
    mapping: FieldMapping | None = None,
    crs: str = DEFAULT_CRS,
    schema: Schema | None = None,
) -> MeasureSet:
    """Validate measures that are already in memory (a GeoDataFrame, e.g. from QGIS).

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Features with schema fields (or columns that ``mapping`` maps); a ``_fid`` column is
        used as feature id when present, else 1, 2, 3, ...
    name : str
        Name for the source in reasons and generated ids (``<name>-<fid>``).
    mapping : FieldMapping, optional
        Column names, defaults and value codes.
    crs : str
        The working CRS.
    schema : Schema, optional
        The measure schema.

    Returns
    -------
    MeasureSet
        As :func:`read_measures`.
    """
    schema = schema or load_schema()
    mapping = (mapping or FieldMapping()).check(schema)
    raw = frame.reset_index(drop=True).copy()
    if "_fid" not in raw.columns:
        raw.insert(0, "_fid", np.arange(1, len(raw) + 1, dtype=np.int64))
    if raw.geometry.name != "geometry":
        raw = raw.rename_geometry("geometry")
    part, rej, nts, report = normalise_measures(
        raw, LayerRef(Path(name)), mapping, crs=crs, schema=schema
    )
    return _assemble([part], [rej], [nts], [report], crs)


def _chosen(wanted: set[str], mapping: FieldMapping, schema: Schema, names: list[str]) -> list[str]:
    """The columns of a layer (``names``) that hold the ``wanted`` schema fields."""
    picked = pick_columns(pd.DataFrame(columns=names), mapping, schema)
    return [col for name, col in picked.items() if name in wanted]


def _assemble(parts, rejected, notes, reports, crs) -> MeasureSet:
    """Join the layers' measures and reject later duplicates of an id."""
    # the joined frame is new: no second copy of its columns (a million measures: 0.3-0.6 s)
    joined = pd.concat(parts, ignore_index=True)
    measures = gpd.GeoDataFrame(joined, geometry="geometry", crs=crs, copy=False)
    rejected_df = _concat(rejected, REJECT_COLUMNS)
    dup = _later_duplicates(measures["id"])
    if dup.any():
        first_src = measures.drop_duplicates("id").set_index("id")
        rows = measures.loc[dup]
        origin = first_src.loc[rows["id"], ["bron", "laag", "bron_fid"]]
        reasons = [
            say(
                "id_dubbel",
                waarde=i,
                eerste=" ".join(
                    x for x in ("eerst in", b, f"laag {lg}" if lg else "", f"fid {f}") if x
                ),
            )
            for i, b, lg, f in zip(
                rows["id"], origin["bron"], origin["laag"], origin["bron_fid"], strict=True
            )
        ]
        rejected_df = pd.concat(
            [
                rejected_df,
                pd.DataFrame(
                    {
                        "bron": rows["bron"].to_numpy(),
                        "laag": rows["laag"].to_numpy(),
                        "fid": rows["bron_fid"].to_numpy(),
                        "id": rows["id"].to_numpy(),
                        "veld": "id",
                        "reden": reasons,
                    }
                ),
            ],
            ignore_index=True,
        )
        for rep in reports:
            n = int(((rows["bron"] == rep["bron"]) & (rows["laag"] == rep["laag"])).sum())
            rep["gebruikt"] -= n
            rep["afgewezen"] += n
        measures = measures.loc[~dup].reset_index(drop=True)
    # checked and joined: the text is kept as Arrow text from here on (less memory, and the
    # writer takes it as it is)
    text_as_arrow(measures)
    return MeasureSet(
        measures, rejected_df.reset_index(drop=True), _concat(notes, NOTE_COLUMNS), reports
    )


def _later_duplicates(values: pd.Series) -> np.ndarray:
    """Which cells repeat a value of an earlier cell (missing cells count as one value).

    As ``Series.duplicated(keep="first")``, from one factorisation: its codes count up in the
    order values first appear, so a cell is a first one exactly when its code is higher than
    every code before it. For a million ids about half the time of ``duplicated``.

    Parameters
    ----------
    values : pandas.Series
        The cells.

    Returns
    -------
    numpy.ndarray
        Boolean, True for every cell after the first of its value.

    Examples
    --------
    >>> _later_duplicates(pd.Series(["a", "b", "a", None, "c", None, "b"])).tolist()
    [False, False, True, False, False, True, True]
    """
    codes, _ = pd.factorize(values, use_na_sentinel=False)
    codes = np.asarray(codes, dtype=np.int64)
    highest_before = np.maximum.accumulate(np.r_[-1, codes[:-1]]) if len(codes) else codes
    return codes <= highest_before


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(frames, ignore_index=True)[columns]
