"""Reading measures: field mapping, validation, repair and reprojection.

Every feature read ends up in exactly one of two tables: the measures (possibly with notes on
what was repaired) or the rejected list (with file, layer, feature id, field and reason).
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.amounts import parse_amount
from planner.arrow_support import pyarrow_installed
from planner.distinct import all_text, per_value
from planner.errors import InputError, ValueParseError
from planner.mapping import ALIASES, FieldMapping
from planner.periods import DAY, MONTH, YEAR, parse_series
from planner.schema import DEFAULT_CRS, Schema, load_schema
from planner.sources import (
    COORDINATES_OK,
    NOT_FINITE,
    LayerRef,
    coordinate_problems,
    coordinate_reasons,
    list_layers,
    non_finite,
    read_layer,
)
from planner.texts import number_nl, say
from planner.threads import elementwise

__all__ = [
    "MeasureSet",
    "read_measures",
    "measures_from_frame",
    "normalise_measures",
    "internal_into_public",
    "DEFAULT_CRS",
]

log = logging.getLogger(__name__)

#: The largest budget taken as it is (10 billion euro); above it, or below zero, a budget is
#: left empty with a note.
BUDGET_MAX = 1e10
REJECT_COLUMNS = ["bron", "laag", "fid", "id", "veld", "reden"]
NOTE_COLUMNS = ["bron", "laag", "fid", "id", "veld", "melding"]
# Computed columns that every measures table carries after the schema fields.
COMPUTED = [
    "periode_van",
    "periode_tot",
    "res_van",
    "res_tot",
    "bron",
    "laag",
    "bron_fid",
    "opmerkingen",
]


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
    choose = None
    if fields is not None:
        wanted = set(fields)

        def choose(names: list[str]) -> list[str]:
            picked = _pick_columns(pd.DataFrame(columns=names), mapping, schema)
            return [col for name, col in picked.items() if name in wanted]

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


def _assemble(parts, rejected, notes, reports, crs) -> MeasureSet:
    """Join the layers' measures and reject later duplicates of an id."""
    measures = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=crs)
    rejected_df = _concat(rejected, REJECT_COLUMNS)
    dup = measures["id"].duplicated(keep="first").to_numpy()
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
    return MeasureSet(
        measures, rejected_df.reset_index(drop=True), _concat(notes, NOTE_COLUMNS), reports
    )


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(frames, ignore_index=True)[columns]


def _cell(value: object) -> object:
    """A cell as text, or as itself where it is a date or a number; None where it is empty."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float):
        if value != value:
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)
    if isinstance(value, (np.floating, np.integer)):
        return _cell(value.item())
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "isoformat"):
        return value
    return str(value).strip() or None


def _number_text(value: float) -> str:
    """A number as text: whole numbers without ``.0``.

    Examples
    --------
    >>> _number_text(2500.0), _number_text(12.5), _number_text(float("inf"))
    ('2500', '12.5', 'inf')
    """
    if math.isfinite(value) and value == math.trunc(value) and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _text(values: pd.Series) -> pd.Series:
    """Cells as stripped text (dates stay dates), None where empty: :func:`_cell` per cell.

    Text, whole-number and date columns take whole-column paths (a national programme has
    millions of cells); other columns go cell by cell.
    """
    dtype = values.dtype
    stripped = _stripped_arrow(values) if all_text(values) else None
    if stripped is not None:
        out = stripped
    elif all_text(values):
        # Python's own strip (the same whitespace as _cell), once per distinct value
        out = per_value(values.to_numpy(dtype=object), lambda u: u.strip() or None)
    elif dtype.kind in "iu" and isinstance(dtype, np.dtype):
        out = values.to_numpy().astype(str).astype(object)
    elif dtype.kind == "f" and isinstance(dtype, np.dtype):
        out = per_value(values.to_numpy(), _number_text)
    elif dtype.kind == "M":
        out = values.to_numpy(dtype=object, copy=True)
        out[values.isna().to_numpy()] = None
    else:
        out = np.array([_cell(v) for v in values.to_numpy(dtype=object)] + [None], object)[:-1]
    return pd.Series(out, index=values.index, dtype=object)


def _stripped_arrow(values: pd.Series) -> np.ndarray | None:
    """Text cells stripped, None where empty, as :func:`_text`; Arrow finds the few to strip.

    Only cells whose first or last character is whitespace (Python's ``str.isspace``, the
    same as ``str.strip``), or that are empty, go through Python; a column of a million
    distinct ids is not factorised. None where pyarrow is missing or the column is no plain
    text.

    Examples
    --------
    >>> _stripped_arrow(pd.Series([" a ", "b", "", None, "é\u00a0"], dtype=object)).tolist()
    ['a', 'b', None, None, 'é']
    """
    if not pyarrow_installed():
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        text = pa.array(values)  # Arrow-backed text as it is, without a copy
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)):
            return None
        first = pc.utf8_slice_codeunits(text, 0, 1)
        last = pc.utf8_slice_codeunits(text, -1, 2**31 - 1)
        ends = set(pc.unique(first).to_pylist()) | set(pc.unique(last).to_pylist())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    blank = pa.array([c for c in ends if c is not None and (c == "" or c.isspace())], text.type)
    to_strip = pc.fill_null(pc.or_(pc.is_in(first, blank), pc.is_in(last, blank)), False)
    out = text.to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(to_strip.to_numpy(zero_copy_only=False))
    if len(rows):
        out[rows] = np.array([u.strip() or None for u in out[rows]] + [None], object)[:-1]
    return out


def _pick_columns(frame: pd.DataFrame, mapping: FieldMapping, schema: Schema) -> dict[str, str]:
    by_fold: dict[str, str] = {}
    for col in frame.columns:
        if col not in ("_fid", "geometry"):
            by_fold.setdefault(col.casefold(), col)
    picked: dict[str, str] = {}
    for name in schema.fields:
        if name in mapping.fields:
            col = by_fold.get(mapping.fields[name].casefold())
            if col is not None:
                picked[name] = col
            continue
        for candidate in (name, *ALIASES.get(name, ())):
            col = by_fold.get(candidate.casefold())
            if col is not None and col not in picked.values():
                picked[name] = col
                break
    return picked


def internal_into_public(picked: dict[str, str], schema: Schema) -> dict[str, str]:
    """The public fields that a column holding an internal schema field feeds.

    A column named as an internal field (``contact``, ``budget``, ...) or one of its usual
    names (``bedrag``, ``kosten``) holds what residents must not see; mapped onto a public field
    (``omschrijving = "contact"``) it would appear on the web map. Columns outside the schema are
    not counted: naming them is what a mapping is for.

    Parameters
    ----------
    picked : dict
        Schema field -> the column it is read from.
    schema : Schema
        The measure schema with its public flags.

    Returns
    -------
    dict
        Public field -> internal column, in schema order.

    Examples
    --------
    >>> internal_into_public({"naam": "titel", "omschrijving": "Contact"}, load_schema())
    {'omschrijving': 'Contact'}
    """
    internal = {
        alias.casefold(): name
        for name, spec in schema.fields.items()
        if not spec.public
        for alias in (name, *ALIASES.get(name, ()))
    }
    return {
        name: col
        for name, col in picked.items()
        if schema.fields[name].public and col.casefold() in internal
    }


def normalise_measures(
    raw: gpd.GeoDataFrame,
    ref: LayerRef,
    mapping: FieldMapping,
    *,
    crs: str = DEFAULT_CRS,
    schema: Schema | None = None,
    required: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """Validate and normalise one layer as read by :func:`planner.sources.read_layer`.

    ``required`` names the fields whose absence rejects a feature (the schema's required fields
    by default; ``start`` always). Without ``naam`` required the id stands in for a missing name.

    Returns
    -------
    tuple
        ``(measures, rejected, notes, report)``: the usable rows (a DataFrame with a
        ``geometry`` column in ``crs``), the rejected rows, the notes and the layer's report.
    """
    schema = schema or load_schema()
    n = len(raw)
    bron, laag = ref.where, ref.layer or ""
    picked = _pick_columns(raw, mapping, schema)
    leaks = internal_into_public(picked, schema)
    fid = raw["_fid"].to_numpy()
    reasons: list[tuple[np.ndarray, str, pd.Series]] = []  # (mask, field, text)
    note_rows: list[tuple[np.ndarray, str, pd.Series]] = []

    @functools.cache
    def column(name: str) -> pd.Series:
        if name in picked:
            values = _text(raw[picked[name]])
        else:
            values = pd.Series([None] * n, index=raw.index, dtype=object)
        if name in mapping.defaults:
            values = values.where(values.notna(), mapping.defaults[name])
        return values

    def reject(mask: np.ndarray, veld: str, text) -> None:
        if mask.any():
            reasons.append((mask, veld, _texts(mask, text, raw.index)))

    def note(mask: np.ndarray, veld: str, text) -> None:
        if mask.any():
            note_rows.append((mask, veld, _texts(mask, text, raw.index)))

    ids = column("id")
    missing_id = ids.isna().to_numpy()
    if missing_id.any():
        generated = pd.Series(None, index=raw.index, dtype=object)
        generated[missing_id] = np.char.add(f"{ref.name}-", fid[missing_id].astype(str)).astype(
            object
        )
        ids = ids.where(~missing_id, generated)

    out = pd.DataFrame(index=raw.index)
    out["id"] = ids
    required = set(schema.required_fields if required is None else required) | {"start"}
    naam = column("naam")
    if "naam" in required:
        reject(naam.isna().to_numpy(), "naam", say("naam_leeg"))
    else:
        naam = naam.where(naam.notna(), ids)
    out["naam"] = naam

    domein = _coded(column("domein"), "domein", schema, mapping)
    allowed = schema.fields["domein"].allowed
    bad = (domein.notna() & ~domein.isin(allowed)).to_numpy()
    domain_values = domein.to_numpy()

    def unknown_domain(k: int) -> str:
        return say("domein_onbekend", waarde=domain_values[k], toegestaan=", ".join(allowed))

    if "domein" in required:
        reject(domein.isna().to_numpy(), "domein", say("domein_leeg"))
        reject(bad, "domein", unknown_domain)
    else:
        note(bad, "domein", unknown_domain)
        domein = domein.where(~bad, None)
    out["domein"] = domein

    thema = _coded(column("thema"), "thema", schema, mapping)
    thema = per_value(thema, lambda v: v if v in schema.themes else v.replace(" ", "_"))
    unknown_theme = (thema.notna() & ~thema.isin(list(schema.themes))).to_numpy()
    out["thema"] = thema
    out["eigenaar"] = column("eigenaar")

    start = parse_series(column("start"))
    eind_raw = column("eind")
    eind = parse_series(eind_raw)
    start_values = column("start")
    reject((start_values.isna()).to_numpy(), "start", say("start_leeg"))
    for name, parsed, values in (("start", start, start_values), ("eind", eind, eind_raw)):
        bad = parsed["error"].notna().to_numpy()
        raw_values, errors = values.to_numpy(), parsed["error"].to_numpy()
        reject(
            bad,
            name,
            lambda k, nm=name, rv=raw_values, er=errors: say(
                "datum_onleesbaar", veld=nm, waarde=rv[k], detail=er[k]
            ),
        )
    no_end = eind["res"].to_numpy() < 0
    last = np.where(no_end, start["last"].to_numpy(), eind["last"].to_numpy())
    last_res = np.where(no_end, start["res"].to_numpy(), eind["res"].to_numpy())
    first = start["first"].to_numpy()
    ok_dates = (start["res"].to_numpy() >= 0) & ~eind["error"].notna().to_numpy()
    backwards = ok_dates & (last < first)
    end_values, start_texts = eind_raw.to_numpy(), start_values.to_numpy()
    reject(
        backwards,
        "eind",
        lambda k: say("eind_voor_start", eind=end_values[k], start=start_texts[k]),
    )
    out["start"] = _labels(first, start["res"].to_numpy())
    out["eind"] = _labels(last, last_res)

    for name in ("status", "zekerheid"):
        values = _coded(column(name), name, schema, mapping)
        allowed_values = schema.fields[name].allowed
        bad = (values.notna() & ~values.isin(allowed_values)).to_numpy()
        coded = values.to_numpy()
        note(
            bad,
            name,
            lambda k, nm=name, al=allowed_values, cv=coded: say(
                "keuze_onbekend", veld=nm, waarde=cv[k], toegestaan=", ".join(al)
            ),
        )
        out[name] = values.where(~bad, None)

    out["budget"], budget_notes = _budget(column("budget"), raw.index)
    for mask, text in budget_notes:
        note(mask, "budget", text)

    default_hinder = per_value(thema, schema.default_nuisance, empty=schema.default_nuisance(None))
    hinder = _coded(column("hinder"), "hinder", schema, mapping)
    bad_hinder = (hinder.notna() & ~hinder.isin(schema.fields["hinder"].allowed)).to_numpy()
    given, defaults = hinder.to_numpy(), default_hinder.to_numpy()
    note(
        bad_hinder, "hinder", lambda k: say("hinder_onbekend", waarde=given[k], hinder=defaults[k])
    )
    hinder = hinder.where(hinder.notna() & ~bad_hinder, default_hinder)
    themes, nuisance = thema.to_numpy(), hinder.to_numpy()
    note(
        unknown_theme & column("hinder").isna().to_numpy(),
        "thema",
        lambda k: say("thema_onbekend", waarde=themes[k], hinder=nuisance[k]),
    )
    out["hinder"] = hinder
    out["omschrijving"] = column("omschrijving")
    out["contact"] = column("contact")
    out["gebiedscode"] = column("gebiedscode")

    geometry, geo_rejects, geo_notes = _geometry(raw, crs)
    for mask, text in geo_rejects:
        reject(mask, "geometrie", text)
    for mask, text in geo_notes:
        note(mask, "geometrie", text)
    no_place = geometry.isna().to_numpy() & out["gebiedscode"].isna().to_numpy()
    already = geometry.isna().to_numpy() & np.logical_or.reduce(
        [m for m, _ in geo_rejects] or [np.zeros(n, bool)]
    )
    reject(no_place & ~already, "geometrie", say("geen_locatie"))

    out["periode_van"] = first
    out["periode_tot"] = last
    out["res_van"] = start["res"].to_numpy()
    out["res_tot"] = last_res.astype("int8")
    out["bron"] = bron
    out["laag"] = laag
    out["bron_fid"] = fid

    used_cols = set(picked.values()) | {"_fid", "geometry", "_geometrie_fout"}
    # Names are compared case-blind: a GeoPackage cannot hold 'Naam' next to 'naam'.
    taken = {str(c).casefold() for c in [*out.columns, *COMPUTED, "geometry"]}
    for col in raw.columns:
        if col not in used_cols:
            name, k = col, 1
            while name.casefold() in taken:
                k += 1
                name = f"bron_{col}" if k == 2 else f"bron_{col}_{k}"
            taken.add(name.casefold())
            out[name] = raw[col].to_numpy()

    rejected_mask = np.zeros(n, bool)
    for mask, _, _ in reasons:
        rejected_mask |= mask
    rej = _gather(reasons, raw.index, fid, ids, bron, laag, "reden")
    rej = (
        rej.groupby("_row", sort=True)
        .agg(
            {
                "bron": "first",
                "laag": "first",
                "fid": "first",
                "id": "first",
                "veld": "first",
                "reden": "; ".join,
            }
        )
        .reset_index(drop=True)
        if len(rej)
        else rej.drop(columns="_row")
    )
    nts = _gather(note_rows, raw.index, fid, ids, bron, laag, "melding")
    nts = nts[~rejected_mask[nts["_row"].to_numpy()]] if len(nts) else nts
    note_text = (
        nts.groupby("_row")["melding"].agg("; ".join) if len(nts) else pd.Series(dtype=object)
    )
    out["opmerkingen"] = pd.Series(note_text, index=raw.index).reindex(raw.index)
    out["geometry"] = geometry
    keep = ~rejected_mask
    report = {
        "bron": bron,
        "laag": laag,
        "crs": raw.crs.to_string() if raw.crs is not None else None,
        "waarschuwingen": [
            *raw.attrs.get("waarschuwingen", []),
            *_crs_warnings(raw, crs, ref),
            *[say("intern_publiek", bron=str(ref), veld=f, kolom=c) for f, c in leaks.items()],
        ],
        "kolommen": picked,
        "intern_naar_publiek": leaks,
        "gelezen": int(n),
        "gebruikt": int(keep.sum()),
        "afgewezen": int(rejected_mask.sum()),
    }
    return (
        out.loc[keep].reset_index(drop=True),
        rej,
        nts.drop(columns="_row", errors="ignore"),
        report,
    )


def _texts(mask: np.ndarray, text, index: pd.Index) -> pd.Series:
    """Reasons for the flagged rows only: a fixed text, a Series, or a function of the row."""
    out = np.full(len(index), None, dtype=object)
    rows = np.flatnonzero(mask)
    if callable(text):
        out[rows] = [text(k) for k in rows]
    elif isinstance(text, pd.Series):
        out[rows] = text.to_numpy()[rows]
    else:
        out[rows] = text
    return pd.Series(out, index=index, dtype=object)


def _gather(items, index, fid, ids, bron, laag, label):
    frames = []
    pos = np.arange(len(index))
    for mask, veld, text in items:
        frames.append(
            pd.DataFrame(
                {
                    "_row": pos[mask],
                    "bron": bron,
                    "laag": laag,
                    "fid": fid[mask],
                    "id": ids.to_numpy()[mask],
                    "veld": veld,
                    label: text.to_numpy()[mask],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["_row", "bron", "laag", "fid", "id", "veld", label])
    return pd.concat(frames, ignore_index=True).sort_values("_row", kind="stable")


def _coded(values: pd.Series, name: str, schema: Schema, mapping: FieldMapping) -> pd.Series:
    """Case-fold a coded field and apply the schema's and the user's value maps."""
    table = {**schema.value_maps.get(name, {}), **mapping.values.get(name, {})}

    def code(v: object) -> str:
        folded = str(v).casefold()
        return table.get(folded, folded)

    return per_value(values, code)


def _labels(days: np.ndarray, res: np.ndarray) -> np.ndarray:
    """Each day as written at its resolution (``2026``, ``2026-03``, ``2026-03-15``), per value.

    A programme has a few thousand distinct (day, resolution) pairs in a million rows, so each
    label is made once.
    """
    days = days.astype("datetime64[D]")
    valid = ~np.isnat(days) & np.isin(res, (YEAR, MONTH, DAY))
    out = np.full(len(days), None, dtype=object)
    key = days[valid].astype(np.int64) * 3 + np.asarray(res)[valid]
    codes, distinct = pd.factorize(key)
    units: dict[int, Any] = {YEAR: "Y", MONTH: "M", DAY: "D"}
    labels = np.array(
        [
            np.datetime_as_string(np.datetime64(int(k) // 3, "D"), unit=units[int(k) % 3])
            for k in distinct
        ]
        + [None],
        dtype=object,
    )
    out[valid] = labels[codes]
    return out


def _budget(values: pd.Series, index: pd.Index):
    """Amounts, read once per distinct value, with notes for text that had to be interpreted."""

    def read(value: object) -> tuple[float, bool, bool]:
        try:
            number, interpreted = parse_amount(value)
        except ValueParseError:
            return np.nan, False, True
        # A plain number written as text ("2500") needs no note; only real interpretation does.
        plain = isinstance(value, str) and _is_plain_number(value)
        if number is None:
            return np.nan, False, False
        return number, interpreted and not plain, False

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = [read(u) for u in uniques] + [(np.nan, False, False)]
    numbers = np.array([t[0] for t in table], dtype=float)[codes]
    interpreted = np.array([t[1] for t in table], dtype=bool)[codes]
    errors = np.array([t[2] for t in table], dtype=bool)[codes]
    raw = values.to_numpy()
    # A negative budget or one beyond any municipal measure (1e20, a typing error) would
    # swamp the stacking's sums: it is left empty, and the note keeps the value.
    implausible = (numbers < 0) | (numbers > BUDGET_MAX)
    numbers[implausible] = np.nan
    interpreted &= ~implausible
    notes = [
        (interpreted, lambda k: say("budget_gelezen", waarde=raw[k], getal=f"{numbers[k]:.2f}")),
        (errors, lambda k: say("budget_onleesbaar", waarde=raw[k])),
        (
            implausible,
            lambda k: say("budget_onaannemelijk", waarde=raw[k], grens=number_nl(BUDGET_MAX)),
        ),
    ]
    return pd.Series(numbers, index=index, dtype=float), notes


def _is_plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _geometry(raw: gpd.GeoDataFrame, crs: str):
    """Drop Z/M, repair invalid geometry, reproject; say what was rejected and repaired."""
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


def _crs_warnings(raw: gpd.GeoDataFrame, crs: str, ref: LayerRef) -> list[str]:
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
