"""Overlaps and integration groups of two runs compared, with why each changed.

Overlaps are matched by rule and the two ids (in either order), groups by rule, area code and
period. The reason of a new or ended overlap points at the measures that changed
(:func:`measure_reasons`), or at the rules when those differ.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from planner.compare_measures import CHANGED, GONE, NEW, shown
from planner.run_folder import RunFolder
from planner.texts import number_nl

__all__ = ["compare_groups", "compare_overlaps", "measure_reasons"]


def _pair_keys(frame: pd.DataFrame) -> pd.Series:
    """Rule and both ids, the ids in sorted order: the same pair whichever side it is on."""
    a = frame["measure_a"].astype(str).to_numpy(object)
    b = frame["measure_b"].astype(str).to_numpy(object)
    low, high = np.where(a <= b, a, b), np.where(a <= b, b, a)
    return pd.Series(
        frame["rule"].astype(str).to_numpy(object) + "\x1f" + low + "\x1f" + high, index=frame.index
    )


def _shared_text(start: object, end: object) -> str | None:
    if pd.isna(start) or pd.isna(end):
        return None
    return f"{pd.Timestamp(start):%Y-%m-%d} t/m {pd.Timestamp(end):%Y-%m-%d}"


def measure_reasons(measures: pd.DataFrame) -> dict[str, str]:
    """Per changed measure a short reason an overlap can give: ``'OR-0003 is nieuw'``.

    Parameters
    ----------
    measures : pandas.DataFrame
        ``maatregelen_verschil`` (:func:`planner.compare_measures.compare_measures`).

    Returns
    -------
    dict of str to str
        Per measure id the reason.
    """
    reasons = {}
    for row in measures.itertuples(index=False):
        if row.wijziging == NEW:
            reasons[row.id] = f"{row.id} is nieuw"
        elif row.wijziging == GONE:
            reasons[row.id] = f"{row.id} staat niet meer in het programma"
        else:
            reasons[row.id] = f"{row.id}: {row.uitleg}"
    return reasons


def _why(a: str, b: str, reasons: dict[str, str], rules_changed: bool) -> str:
    said = [reasons[m] for m in dict.fromkeys((a, b)) if m in reasons]
    if said:
        return "; ".join(said)
    if rules_changed:
        return "de maatregelen zijn niet gewijzigd; de regels wel"
    return "de maatregelen zijn niet gewijzigd (andere gebieden of opties?)"


def compare_overlaps(
    old: RunFolder, new: RunFolder, tolerance: float, reasons: dict[str, str], rules_changed: bool
) -> gpd.GeoDataFrame:
    """``overlappingen_verschil``: the overlaps that are new, gone or changed, and why.

    Parameters
    ----------
    old, new : RunFolder
        The two runs.
    tolerance : float
        The change in distance (metres) that counts.
    reasons : dict of str to str
        From :func:`measure_reasons`.
    rules_changed : bool
        Whether the two runs had other rules (said when no measure explains a change).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per changed overlap: new first, then gone, then changed.
    """
    a, b = old.overlaps.reset_index(drop=True), new.overlaps.reset_index(drop=True)
    a = a.assign(_key=_pair_keys(a)).drop_duplicates("_key")
    b = b.assign(_key=_pair_keys(b)).drop_duplicates("_key")
    for frame in (a, b):
        for column in ("distance_m", "gedeeld_van", "gedeeld_tot", "naam_a", "naam_b", "uitleg"):
            if column not in frame.columns:
                frame[column] = None
    rows = []
    in_a, in_b = set(a["_key"]), set(b["_key"])
    for frame, kind, wanted in ((b, NEW, in_b - in_a), (a, GONE, in_a - in_b)):
        for row in frame[frame["_key"].isin(wanted)].itertuples(index=False):
            distance = pd.to_numeric(row.distance_m, errors="coerce")
            shared = _shared_text(row.gedeeld_van, row.gedeeld_tot)
            rows.append(
                {
                    "wijziging": kind,
                    "rule": row.rule,
                    "verdict": row.verdict,
                    "measure_a": row.measure_a,
                    "measure_b": row.measure_b,
                    "naam_a": row.naam_a,
                    "naam_b": row.naam_b,
                    "afstand_oud": distance if kind == GONE else np.nan,
                    "afstand_nieuw": distance if kind == NEW else np.nan,
                    "gedeeld_oud": shared if kind == GONE else None,
                    "gedeeld_nieuw": shared if kind == NEW else None,
                    "wat": "nieuwe overlapping" if kind == NEW else "overlapping bestaat niet meer",
                    "waarom": _why(row.measure_a, row.measure_b, reasons, rules_changed),
                    "uitleg": row.uitleg,
                    "geometry": row.geometry,
                }
            )
    both = a.merge(b, on="_key", suffixes=("_oud", "_nieuw"))
    for row in both.itertuples(index=False):
        d_old = pd.to_numeric(row.distance_m_oud, errors="coerce")
        d_new = pd.to_numeric(row.distance_m_nieuw, errors="coerce")
        s_old = _shared_text(row.gedeeld_van_oud, row.gedeeld_tot_oud)
        s_new = _shared_text(row.gedeeld_van_nieuw, row.gedeeld_tot_nieuw)
        what = []
        if row.verdict_oud != row.verdict_nieuw:
            what.append(f"oordeel {row.verdict_oud} → {row.verdict_nieuw}")
        if not (pd.isna(d_old) and pd.isna(d_new)) and not abs(d_new - d_old) <= tolerance:
            what.append(f"afstand {number_nl(d_old, 0)} m → {number_nl(d_new, 0)} m")
        if s_old != s_new:
            what.append(f"gedeelde periode {shown(s_old)} → {shown(s_new)}")
        if not what:
            continue
        rows.append(
            {
                "wijziging": CHANGED,
                "rule": row.rule_nieuw,
                "verdict": row.verdict_nieuw,
                "measure_a": row.measure_a_nieuw,
                "measure_b": row.measure_b_nieuw,
                "naam_a": row.naam_a_nieuw,
                "naam_b": row.naam_b_nieuw,
                "afstand_oud": d_old,
                "afstand_nieuw": d_new,
                "gedeeld_oud": s_old,
                "gedeeld_nieuw": s_new,
                "wat": "; ".join(what),
                "waarom": _why(row.measure_a_nieuw, row.measure_b_nieuw, reasons, rules_changed),
                "uitleg": row.uitleg_nieuw,
                "geometry": row.geometry_nieuw,
            }
        )
    columns = [
        "wijziging", "rule", "verdict", "measure_a", "measure_b", "naam_a", "naam_b",
        "afstand_oud", "afstand_nieuw", "gedeeld_oud", "gedeeld_nieuw", "wat", "waarom",
        "uitleg", "geometry",
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    order = {NEW: 0, GONE: 1, CHANGED: 2}
    table = table.sort_values(
        ["wijziging", "rule", "measure_a", "measure_b"],
        key=lambda s: s.map(order) if s.name == "wijziging" else s.astype(str),
    ).reset_index(drop=True)
    for column in ("afstand_oud", "afstand_nieuw"):
        table[column] = pd.to_numeric(table[column], errors="coerce")
    return gpd.GeoDataFrame(table, geometry="geometry", crs=new.overlaps.crs or old.overlaps.crs)


def _members(text: object) -> set[str]:
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return set()
    return {part.strip() for part in str(text).split(";") if part.strip()}


def compare_groups(
    level: str,
    a: gpd.GeoDataFrame,
    b: gpd.GeoDataFrame,
    reasons: dict[str, str],
    rules_changed: bool,
) -> gpd.GeoDataFrame:
    """``samenhang_verschil_<niveau>``: the integration groups new, gone or changed.

    Parameters
    ----------
    level : str
        The level of the two tables.
    a, b : geopandas.GeoDataFrame
        The groups of OUD and of NIEUW at that level.
    reasons : dict of str to str
        From :func:`measure_reasons`.
    rules_changed : bool
        Whether the two runs had other rules.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per group that changed, with what changed and why.
    """
    key = ["regel", "code", "periode"]
    a, b = a.reset_index(drop=True).copy(), b.reset_index(drop=True).copy()
    for frame in (a, b):
        frame["periode"] = frame["periode"].astype(str)
        for column in ("oordeel", "naam", "maatregelen_a", "maatregelen_b", "n_a", "n_b"):
            if column not in frame.columns:
                frame[column] = None
    merged = a.merge(b, on=key, how="outer", suffixes=("_oud", "_nieuw"), indicator=True)
    rows = []
    for row in merged.to_dict("records"):
        old = _members(row["maatregelen_a_oud"]) | _members(row["maatregelen_b_oud"])
        new = _members(row["maatregelen_a_nieuw"]) | _members(row["maatregelen_b_nieuw"])
        kind = {"right_only": NEW, "left_only": GONE}.get(row["_merge"], CHANGED)
        if kind == CHANGED and old == new:
            continue
        added, dropped = sorted(new - old), sorted(old - new)
        touched = [reasons[m] for m in sorted(old | new) if m in reasons]
        why = (
            "; ".join(touched)
            if touched
            else (
                "de regels zijn gewijzigd"
                if rules_changed
                else "de maatregelen zijn niet gewijzigd"
            )
        )
        side = "_oud" if kind == GONE else "_nieuw"
        rows.append(
            {
                "niveau": level,
                "regel": row["regel"],
                "oordeel": row[f"oordeel{side}"],
                "code": row["code"],
                "naam": row[f"naam{side}"],
                "periode": row["periode"],
                "wijziging": kind,
                "n_oud": len(old),
                "n_nieuw": len(new),
                "maatregelen_erbij": "; ".join(added),
                "maatregelen_eraf": "; ".join(dropped),
                "waarom": why,
                "geometry": row[f"geometry{side}"],
            }
        )
    columns = [
        "niveau", "regel", "oordeel", "code", "naam", "periode", "wijziging", "n_oud", "n_nieuw",
        "maatregelen_erbij", "maatregelen_eraf", "waarom", "geometry",
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns).sort_values(key).reset_index(drop=True)
    return gpd.GeoDataFrame(table, geometry="geometry", crs=b.crs or a.crs)
