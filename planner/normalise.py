"""Validation: one layer as read brought onto the measure schema, every feature used or rejected.

Columns are picked by name, alias or the user's mapping; codes are folded and mapped; periods,
budgets and geometry are read once per distinct value where they can be. What cannot be used
is rejected with its field and reason, what was repaired gets a note.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd

from planner.arrow_support import repeated_text
from planner.cells import column_text
from planner.field_values import budgets, coded_values, day_labels, per_value_text
from planner.geometry_repair import crs_warnings, repair_geometry
from planner.mapping import ALIASES, FieldMapping
from planner.periods import parse_series
from planner.schema import DEFAULT_CRS, Schema, load_schema
from planner.sources import LayerRef
from planner.texts import say
from planner.threads import beside

__all__ = [
    "normalise_measures",
    "internal_into_public",
    "pick_columns",
    "REJECT_COLUMNS",
    "NOTE_COLUMNS",
    "COMPUTED",
]

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
    picked = pick_columns(raw, mapping, schema)
    leaks = internal_into_public(picked, schema)
    # the geometry's checks and repairs are GEOS work: on a core of their own while the text
    # columns are read here
    geometry_job = beside(repair_geometry, raw, crs)
    warnings_job = beside(crs_warnings, raw, crs, ref)
    fid = raw["_fid"].to_numpy()
    reasons: list[tuple[np.ndarray, str, pd.Series]] = []  # (mask, field, text)
    note_rows: list[tuple[np.ndarray, str, pd.Series]] = []

    @functools.cache
    def column(name: str) -> pd.Series:
        if name in picked:
            values = column_text(raw[picked[name]])
        else:
            values = pd.Series(np.full(n, None, dtype=object), index=raw.index, dtype=object)
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
        naam = _filled(naam, naam.notna().to_numpy(), ids)
    out["naam"] = naam

    domein = coded_values(column("domein"), "domein", schema, mapping)
    allowed = schema.fields["domein"].allowed
    bad = (domein.notna() & ~domein.isin(allowed)).to_numpy()
    domain_value = _cell_of(domein)

    def unknown_domain(k: int) -> str:
        return say("domein_onbekend", waarde=domain_value(k), toegestaan=", ".join(allowed))

    if "domein" in required:
        reject(domein.isna().to_numpy(), "domein", say("domein_leeg"))
        reject(bad, "domein", unknown_domain)
    else:
        note(bad, "domein", unknown_domain)
        domein = _emptied(domein, bad)
    out["domein"] = domein

    thema = coded_values(column("thema"), "thema", schema, mapping)
    thema = per_value_text(thema, lambda v: v if v in schema.themes else v.replace(" ", "_"))
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
        if not bad.any():
            continue
        # the cells as Python objects only where a message needs them
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
    if backwards.any():
        end_values, start_texts = eind_raw.to_numpy(), start_values.to_numpy()
        reject(
            backwards,
            "eind",
            lambda k: say("eind_voor_start", eind=end_values[k], start=start_texts[k]),
        )
    out["start"] = day_labels(first, start["res"].to_numpy())
    out["eind"] = day_labels(last, last_res)

    for name in ("status", "zekerheid"):
        values = coded_values(column(name), name, schema, mapping)
        allowed_values = schema.fields[name].allowed
        bad = (values.notna() & ~values.isin(allowed_values)).to_numpy()
        coded = _cell_of(values)
        note(
            bad,
            name,
            lambda k, nm=name, al=allowed_values, cv=coded: say(
                "keuze_onbekend", veld=nm, waarde=cv(k), toegestaan=", ".join(al)
            ),
        )
        out[name] = _emptied(values, bad)

    out["budget"], budget_notes = budgets(column("budget"), raw.index)
    for mask, text in budget_notes:
        note(mask, "budget", text)

    default_hinder = per_value_text(
        thema, schema.default_nuisance, empty=schema.default_nuisance(None)
    )
    hinder = coded_values(column("hinder"), "hinder", schema, mapping)
    bad_hinder = (hinder.notna() & ~hinder.isin(schema.fields["hinder"].allowed)).to_numpy()
    given, defaults = _cell_of(hinder), _cell_of(default_hinder)
    note(
        bad_hinder, "hinder", lambda k: say("hinder_onbekend", waarde=given(k), hinder=defaults(k))
    )
    hinder = _filled(hinder, hinder.notna().to_numpy() & ~bad_hinder, default_hinder)
    themes, nuisance = _cell_of(thema), _cell_of(hinder)
    note(
        unknown_theme & column("hinder").isna().to_numpy(),
        "thema",
        lambda k: say("thema_onbekend", waarde=themes(k), hinder=nuisance(k)),
    )
    out["hinder"] = hinder
    out["omschrijving"] = column("omschrijving")
    out["locatie"] = column("locatie")
    out["contact"] = column("contact")
    out["gebiedscode"] = column("gebiedscode")
    # the wijkcontract or wijkakkoord a measure belongs to, and who does it when not the owner
    out["afspraak"] = column("afspraak")
    out["partij"] = column("partij")

    geometry, geo_rejects, geo_notes = geometry_job.result()
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
    # one text for every row, picked as Arrow text (pandas would make a million Python strings)
    out["bron"] = repeated_text(bron, n)
    out["laag"] = repeated_text(laag, n)
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
            *warnings_job.result(),
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


def pick_columns(frame: pd.DataFrame, mapping: FieldMapping, schema: Schema) -> dict[str, str]:
    """The column each schema field is read from: the user's mapping, else its name or an alias.

    Parameters
    ----------
    frame : pandas.DataFrame
        The layer (only its column names are used), names compared case-insensitively.
    mapping : FieldMapping
        The user's field mapping; a mapped field is read from its column only.
    schema : Schema
        The measure schema.

    Returns
    -------
    dict
        Schema field -> column, for the fields found.
    """
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


def _cell_of(values: pd.Series) -> Callable[[int], object]:
    """Row k's cell as a Python object; the column is turned into objects when first asked.

    Messages need the cells of the few rows they name; most layers need none.
    """
    cells = functools.cache(values.to_numpy)
    return lambda k: cells()[k]


def _filled(values: pd.Series, keep: np.ndarray, other: pd.Series) -> pd.Series:
    """``values`` where ``keep``, else ``other``; ``other`` itself when nothing is kept.

    A column the layer does not have (a name, a nuisance) is all ``other``: taken as it is,
    not cell by cell.
    """
    if not keep.any():
        return other.copy()
    return values.where(keep, other)


def _emptied(values: pd.Series, rows: np.ndarray) -> pd.Series:
    """``values`` with ``rows`` emptied; a column left with nothing in it as Python objects.

    A column with no value left is written as it always was (as the reader left an empty
    column): not as Arrow text.
    """
    emptied = values.where(~rows, None)
    if emptied.dtype != object and rows.any() and emptied.isna().all():
        return pd.Series(np.full(len(values), None, dtype=object), index=values.index)
    return emptied


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
