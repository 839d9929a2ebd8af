"""What changed in the measures between two runs: new, gone, and changed field by field.

Part of ``gebiedsplanner vergelijk`` (:func:`planner.compare.compare_runs`): measures are
matched by ``id``; a shape counts as moved beyond a tolerance in metres (the Hausdorff
distance), a period as shifted when its first or last day moved.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.run_folder import RunFolder
from planner.texts import number_nl

__all__ = ["compare_measures", "MEASURE_FIELDS", "NEW", "GONE", "CHANGED", "shown", "period_text"]

#: The fields compared besides the shape and the period, in the order the tables show them.
MEASURE_FIELDS = (
    "naam",
    "domein",
    "thema",
    "eigenaar",
    "status",
    "zekerheid",
    "budget",
    "hinder",
    "omschrijving",
    "gebiedscode",
    "afspraak",
    "partij",
    "laag",
)

#: What a difference is called in the tables' ``wijziging`` column.
NEW, GONE, CHANGED = "nieuw", "vervallen", "gewijzigd"


# --- values -------------------------------------------------------------------------------


def _text(values: pd.Series) -> pd.Series:
    """Text as compared: trimmed, empty as missing."""
    out = values.astype(object).where(values.notna(), None)
    out = out.map(lambda v: None if v is None else (str(v).strip() or None))
    return out


def _same(a: pd.Series, b: pd.Series) -> np.ndarray:
    both_missing = a.isna().to_numpy() & b.isna().to_numpy()
    equal = (a.to_numpy(object) == b.to_numpy(object)) & a.notna().to_numpy() & b.notna().to_numpy()
    return both_missing | equal


def shown(value: object) -> str:
    """A value as the tables say it: ``leeg`` for missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "leeg"
    return str(value)


def _euro(value: float) -> str:
    return "leeg" if pd.isna(value) else f"€ {number_nl(round(float(value)), 0)}"


def period_text(start: object, end: object) -> str:
    """``start`` or ``start t/m end``, as the overlaps table writes a period."""
    start, end = shown(start), shown(end)
    return start if end in (start, "leeg") else f"{start} t/m {end}"


def _days(later: pd.Series, earlier: pd.Series) -> np.ndarray:
    a = pd.to_datetime(later).to_numpy("datetime64[D]")
    b = pd.to_datetime(earlier).to_numpy("datetime64[D]")
    return (a - b).astype("timedelta64[D]").astype(np.int64)


def _shift_text(days: int) -> str:
    word = "later" if days > 0 else "eerder"
    return f"{number_nl(abs(days))} dagen {word}"


def _distances(old: gpd.GeoSeries, new: gpd.GeoSeries) -> np.ndarray:
    """How far the new shape lies from the old (Hausdorff); inf where one of them is missing."""
    a, b = np.asarray(old.array, dtype=object), np.asarray(new.array, dtype=object)
    missing_a, missing_b = (
        shapely.is_missing(a) | shapely.is_empty(a),
        shapely.is_missing(b) | shapely.is_empty(b),
    )
    out = np.zeros(len(a))
    both = ~missing_a & ~missing_b
    if both.any():
        out[both] = shapely.hausdorff_distance(a[both], b[both])
    out[missing_a != missing_b] = np.inf
    return out


# --- measures -----------------------------------------------------------------------------


def _measure_table(run: RunFolder) -> gpd.GeoDataFrame:
    frame = run.measures.reset_index(drop=True)
    for column in MEASURE_FIELDS:
        if column not in frame.columns:
            frame[column] = None
    return frame


def compare_measures(
    old: RunFolder, new: RunFolder, tolerance: float
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The measures new, gone and changed (one row each), and the changed fields (one row each).

    Parameters
    ----------
    old, new : RunFolder
        The two runs.
    tolerance : float
        Metres a shape may shift before the measure counts as moved.

    Returns
    -------
    tuple of (geopandas.GeoDataFrame, pandas.DataFrame)
        ``maatregelen_verschil`` and ``veldwijzigingen``.
    """
    a, b = _measure_table(old), _measure_table(new)
    ids_a, ids_b = set(a["id"]), set(b["id"])
    crs = b.crs or a.crs
    both = a.merge(b, on="id", suffixes=("_oud", "_nieuw"), sort=True)
    rows: list[dict] = []
    changes: list[dict] = []
    geo_old = gpd.GeoSeries(both["geometry_oud"], crs=a.crs)
    geo_new = gpd.GeoSeries(both["geometry_nieuw"], crs=b.crs)
    moved = _distances(geo_old, geo_new)
    start_shift = _days(both["periode_van_nieuw"], both["periode_van_oud"])
    end_shift = _days(both["periode_tot_nieuw"], both["periode_tot_oud"])
    same = {}
    for column in MEASURE_FIELDS:
        if column == "budget":
            x = pd.to_numeric(both[f"{column}_oud"], errors="coerce")
            y = pd.to_numeric(both[f"{column}_nieuw"], errors="coerce")
            same[column] = ((x - y).abs() < 0.005).to_numpy() | (x.isna() & y.isna()).to_numpy()
        else:
            same[column] = _same(_text(both[f"{column}_oud"]), _text(both[f"{column}_nieuw"]))
    new_missing = shapely.is_missing(np.asarray(geo_new.array, dtype=object))
    for k, values in enumerate(both.to_dict("records")):
        found = _field_changes(
            values, moved[k], new_missing[k], int(start_shift[k]), int(end_shift[k]),
            {c: bool(same[c][k]) for c in MEASURE_FIELDS}, tolerance,
        )  # fmt: skip
        if not found:
            continue
        changes.extend(
            {"id": values["id"], "naam": values["naam_nieuw"], "veld": veld, "oud": oud,
             "nieuw": nieuw, "verschil": verschil}
            for veld, oud, nieuw, verschil, _ in found
        )  # fmt: skip
        changed, said = [f[0] for f in found], [f[4] for f in found]
        rows.append(
            _measure_row(values, "_nieuw", CHANGED, changed, said, moved[k], start_shift[k])
            | {
                "periode_oud": period_text(values["start_oud"], values["eind_oud"]),
                "status_oud": values["status_oud"],
                "budget_oud": values["budget_oud"],
                "eigenaar_oud": values["eigenaar_oud"],
                "hinder_oud": values["hinder_oud"],
            }
        )
    for frame, kind, wanted in ((b, NEW, ids_b - ids_a), (a, GONE, ids_a - ids_b)):
        sentence = "nieuw in deze versie" if kind == NEW else "staat niet meer in het programma"
        for record in frame[frame["id"].isin(wanted)].to_dict("records"):
            values = {f"{k}_x": v for k, v in record.items()} | {"id": record["id"]}
            row = _measure_row(values, "_x", kind, [], [sentence], np.nan, np.nan)
            if kind == GONE:
                for column in ("status", "budget", "eigenaar", "hinder", "periode"):
                    row[f"{column}_oud"] = row[f"{column}_nieuw"]
                    row[f"{column}_nieuw"] = None
            rows.append(row)
    columns = [
        "id", "wijziging", "velden", "naam", "laag", "domein", "thema", "eigenaar",
        "verplaatst_m", "verschoven_dagen", "periode_oud", "periode_nieuw", "status_oud",
        "status_nieuw", "budget_oud", "budget_nieuw", "eigenaar_oud", "eigenaar_nieuw",
        "hinder_oud", "hinder_nieuw", "uitleg", "geometry",
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    order = {NEW: 0, GONE: 1, CHANGED: 2}
    table = table.sort_values(
        ["wijziging", "id"], key=lambda s: s.map(order) if s.name == "wijziging" else s
    ).reset_index(drop=True)
    for column in ("budget_oud", "budget_nieuw", "verplaatst_m"):
        table[column] = pd.to_numeric(table[column], errors="coerce")
    table["verschoven_dagen"] = pd.array(table["verschoven_dagen"], dtype="Int64")
    measures = gpd.GeoDataFrame(table, geometry="geometry", crs=crs)
    fields = pd.DataFrame(changes, columns=["id", "naam", "veld", "oud", "nieuw", "verschil"])
    return measures, fields


def _field_changes(
    values: dict,
    moved: float,
    new_missing: bool,
    start_shift: int,
    end_shift: int,
    same: dict[str, bool],
    tolerance: float,
) -> list[tuple[str, str | None, str | None, str, str]]:
    """What changed in one measure: (field, old, new, difference, Dutch sentence) per field."""
    found: list[tuple[str, str | None, str | None, str, str]] = []
    if moved > tolerance:
        if np.isinf(moved):
            text = "heeft geen geometrie meer" if new_missing else "heeft nu een geometrie"
            found.append(("geometrie", None, None, text, text))
        else:
            metres = f"{number_nl(moved, 0)} m"
            found.append(("geometrie", None, None, metres, f"verplaatst over {metres}"))
    if start_shift or end_shift:
        p_old = period_text(values["start_oud"], values["eind_oud"])
        p_new = period_text(values["start_nieuw"], values["eind_nieuw"])
        shift = _shift_text(start_shift) if start_shift else f"eind {_shift_text(end_shift)}"
        found.append(("periode", p_old, p_new, shift, f"periode {p_old} → {p_new} ({shift})"))
    for column in MEASURE_FIELDS:
        if same[column]:
            continue
        oud, nieuw = values[f"{column}_oud"], values[f"{column}_nieuw"]
        if column == "budget":
            x, y = pd.to_numeric(oud, errors="coerce"), pd.to_numeric(nieuw, errors="coerce")
            sign = "+" if y >= x else "-"
            diff = "" if pd.isna(x) or pd.isna(y) else f"{sign}{_euro(abs(y - x))}"
            found.append((column, _euro(x), _euro(y), diff, f"budget {_euro(x)} → {_euro(y)}"))
        else:
            o, n = _text(pd.Series([oud]))[0], _text(pd.Series([nieuw]))[0]
            found.append((column, o, n, "", f"{column} {shown(o)} → {shown(n)}"))
    return found


def _measure_row(
    values: dict, side: str, kind: str, changed: list[str], said: list[str], moved, shift
) -> dict:
    def get(column: str) -> object:
        return values.get(f"{column}{side}")

    return {
        "id": values["id"],
        "wijziging": kind,
        "velden": ", ".join(changed),
        "naam": get("naam"),
        "laag": get("laag"),
        "domein": get("domein"),
        "thema": get("thema"),
        "eigenaar": get("eigenaar"),
        "verplaatst_m": None if not np.isfinite(moved) else round(float(moved), 2),
        "verschoven_dagen": None if pd.isna(shift) else int(shift),
        "periode_oud": None,
        "periode_nieuw": period_text(get("start"), get("eind")),
        "status_oud": None,
        "status_nieuw": get("status"),
        "budget_oud": None,
        "budget_nieuw": get("budget"),
        "eigenaar_oud": None,
        "eigenaar_nieuw": get("eigenaar"),
        "hinder_oud": None,
        "hinder_nieuw": get("hinder"),
        "uitleg": "; ".join(said),
        "geometry": get("geometry"),
    }
