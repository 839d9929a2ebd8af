"""What changed between two versions of a programme: two run folders compared.

Measures are matched by ``id`` (a run keeps ids unique over all its layers: a later duplicate
is rejected, so the id also says in which layer a measure lives); overlaps by rule and the two
ids; integration groups by rule, area code and period; stacking by area code and period. Every
difference is a row in one of the tables of :class:`Comparison`, with a Dutch explanation; the
reasons of new and ended overlaps point at the measures that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.compare_measures import (
    CHANGED,
    GONE,
    MEASURE_FIELDS,
    NEW,
    compare_measures,
    shown,
)
from planner.errors import InputError, OptionError
from planner.run_folder import RunFolder, read_run_folder
from planner.table_files import GPKG_NAME as GPKG_LAYERS
from planner.texts import number_nl

__all__ = [
    "Comparison",
    "compare_runs",
    "DEFAULT_TOLERANCE_M",
    "MEASURE_FIELDS",
    "STACKING_FIGURES",
]

#: A measure counts as moved when its shape lies more than this many metres from the old one.
DEFAULT_TOLERANCE_M = 1.0

#: The stacking figures shown old, new and as the difference.
STACKING_FIGURES = (
    "n_maatregelen",
    "n_hoge_hinder",
    "hinderlast",
    "budget",
    "n_combineren",
    "n_volgorde",
    "n_spreiden",
    "n_samenhang",
)

_FLAGS = ("stapeling", "integratie")


@dataclass
class Comparison:
    """The differences between two runs: OUD (``old``) and NIEUW (``new``).

    Attributes
    ----------
    old, new : RunFolder
        The two runs.
    tolerance : float
        Metres a shape may shift before the measure counts as moved.
    measures : geopandas.GeoDataFrame
        ``maatregelen_verschil``: one row per measure that is new, gone or changed; the shape
        of NIEUW (of OUD for a measure that is gone).
    fields : pandas.DataFrame
        ``veldwijzigingen``: one row per changed measure and field, old and new value.
    overlaps : geopandas.GeoDataFrame
        ``overlappingen_verschil``: overlaps new, gone or changed, and why.
    groups : dict of str to geopandas.GeoDataFrame
        ``samenhang_verschil_<niveau>``: integration groups new, gone or changed.
    stacking : dict of str to geopandas.GeoDataFrame
        ``stapeling_verschil_<niveau>``: per area and period the figures old, new and the
        difference (every area and period of either run).
    flags : pandas.DataFrame
        ``vlaggen_verschil``: stacking and integration flags that appeared or went.
    areas : dict of str to geopandas.GeoDataFrame
        ``gebieden_verschil_<niveau>``: per area how much changed, most first.
    warnings : list of str
        What the reader should know (other rules, other areas).
    """

    old: RunFolder
    new: RunFolder
    tolerance: float
    measures: gpd.GeoDataFrame
    fields: pd.DataFrame
    overlaps: gpd.GeoDataFrame
    groups: dict[str, gpd.GeoDataFrame]
    stacking: dict[str, gpd.GeoDataFrame]
    flags: pd.DataFrame
    areas: dict[str, gpd.GeoDataFrame]
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict:
        """The numbers of differences, as ``vergelijking.json`` and the summary give them.

        Returns
        -------
        dict
            Per table the count per kind of change.
        """

        def by_kind(frame: pd.DataFrame, column: str = "wijziging") -> dict[str, int]:
            return {k: int(n) for k, n in frame[column].value_counts().sort_index().items()}

        return {
            "maatregelen": {NEW: 0, GONE: 0, CHANGED: 0, **by_kind(self.measures)},
            "velden": {k: int(n) for k, n in self.fields["veld"].value_counts().items()},
            "overlappingen": {NEW: 0, GONE: 0, CHANGED: 0, **by_kind(self.overlaps)},
            "samenhang": {lv: by_kind(t) for lv, t in self.groups.items()},
            "vlaggen": {"verschenen": 0, "verdwenen": 0, **by_kind(self.flags)},
            "stapeling_gewijzigd": {
                lv: int(t["gewijzigd"].sum()) for lv, t in self.stacking.items()
            },
        }


# --- overlaps -----------------------------------------------------------------------------


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


def _measure_reasons(measures: pd.DataFrame) -> dict[str, str]:
    """Per changed measure a short reason an overlap can give: ``'OR-0003 is nieuw'``."""
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


def _compare_overlaps(
    old: RunFolder, new: RunFolder, tolerance: float, reasons: dict[str, str], rules_changed: bool
) -> gpd.GeoDataFrame:
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


# --- integration groups -------------------------------------------------------------------


def _members(text: object) -> set[str]:
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return set()
    return {part.strip() for part in str(text).split(";") if part.strip()}


def _compare_groups(
    level: str,
    a: gpd.GeoDataFrame,
    b: gpd.GeoDataFrame,
    reasons: dict[str, str],
    rules_changed: bool,
) -> gpd.GeoDataFrame:
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


# --- stacking and flags -------------------------------------------------------------------


def _compare_stacking(level: str, a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    key = ["code", "periode"]
    shapes = {**_shapes(a), **_shapes(b)}
    crs = getattr(b, "crs", None) or getattr(a, "crs", None)
    a, b = pd.DataFrame(a).copy(), pd.DataFrame(b).copy()
    for frame in (a, b):
        frame["periode"] = frame["periode"].astype(str)
        for column in (*STACKING_FIGURES, *_FLAGS, "naam", "reden"):
            if column not in frame.columns:
                frame[column] = None
    keep = [*key, "naam", *STACKING_FIGURES, *_FLAGS, "reden"]
    merged = a[keep].merge(b[keep], on=key, how="outer", suffixes=("_oud", "_nieuw"))
    out = pd.DataFrame(
        {
            "niveau": level,
            "code": merged["code"],
            "naam": merged["naam_nieuw"].where(merged["naam_nieuw"].notna(), merged["naam_oud"]),
            "periode": merged["periode"],
        }
    )
    changed = np.zeros(len(merged), bool)
    for column in STACKING_FIGURES:
        x = pd.to_numeric(merged[f"{column}_oud"], errors="coerce").fillna(0.0)
        y = pd.to_numeric(merged[f"{column}_nieuw"], errors="coerce").fillna(0.0)
        digits = 2 if column == "budget" else 3
        diff = (y - x).round(digits)
        out[f"{column}_oud"], out[f"{column}_nieuw"], out[f"{column}_verschil"] = x, y, diff
        changed |= diff.to_numpy() != 0
    for flag in _FLAGS:
        x = merged[f"{flag}_oud"].fillna(False).astype(bool)
        y = merged[f"{flag}_nieuw"].fillna(False).astype(bool)
        out[f"{flag}_oud"], out[f"{flag}_nieuw"] = x, y
        changed |= (x != y).to_numpy()
    out["reden_oud"], out["reden_nieuw"] = merged["reden_oud"], merged["reden_nieuw"]
    out["gewijzigd"] = changed
    out["geometry"] = [shapes.get(code) for code in out["code"]]
    out = out.sort_values(key).reset_index(drop=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=crs)


def _shapes(frame: gpd.GeoDataFrame) -> dict:
    if not isinstance(frame, gpd.GeoDataFrame) or "geometry" not in frame:
        return {}
    first = frame.drop_duplicates("code")
    return dict(zip(first["code"], first.geometry, strict=True))


def _flags(stacking: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    rows = []
    for level, table in stacking.items():
        for flag in _FLAGS:
            old, new = table[f"{flag}_oud"], table[f"{flag}_nieuw"]
            for kind, mask, reason in (
                ("verschenen", ~old & new, "reden_nieuw"),
                ("verdwenen", old & ~new, "reden_oud"),
            ):
                for row in table[mask].itertuples(index=False):
                    rows.append(
                        {
                            "niveau": level,
                            "code": row.code,
                            "naam": row.naam,
                            "periode": row.periode,
                            "vlag": flag,
                            "wijziging": kind,
                            "reden": getattr(row, reason) or None,
                            "hinderlast_oud": row.hinderlast_oud,
                            "hinderlast_nieuw": row.hinderlast_nieuw,
                        }
                    )
    columns = ["niveau", "code", "naam", "periode", "vlag", "wijziging", "reden",
               "hinderlast_oud", "hinderlast_nieuw"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


# --- per area -----------------------------------------------------------------------------


def _area_changes(
    level: str,
    stacking: gpd.GeoDataFrame,
    measures: gpd.GeoDataFrame,
    old_measures: gpd.GeoDataFrame,
    overlaps: gpd.GeoDataFrame,
    flags: pd.DataFrame,
) -> gpd.GeoDataFrame:
    """Per area of ``level``: how many measures, overlaps and flags changed; most first."""
    areas = stacking.drop_duplicates("code")[["code", "naam", "geometry"]].reset_index(drop=True)
    codes = areas["code"].to_numpy(object)
    tree = shapely.STRtree(np.asarray(areas.geometry.array, dtype=object))

    def hits(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        rows = np.flatnonzero(valid)
        if not len(rows):
            return np.empty(0, np.int64), np.empty(0, np.int64)
        i, j = tree.query(geoms[rows], predicate="intersects")
        return rows[i], j

    # a moved measure counts where it was and where it is
    old_shape = dict(zip(old_measures["id"], old_measures.geometry, strict=True))
    ids = list(measures["id"])
    kinds = list(measures["wijziging"])
    geoms = list(measures.geometry)
    for mid, kind in zip(measures["id"], measures["wijziging"], strict=True):
        if kind == CHANGED:
            ids.append(mid)
            kinds.append(kind)
            geoms.append(old_shape.get(mid))
    i, j = hits(np.asarray(geoms, dtype=object))
    pairs = pd.DataFrame(
        {
            "id": np.asarray(ids, object)[i],
            "wijziging": np.asarray(kinds, object)[i],
            "code": codes[j],
        }
    )
    if "gebiedscode" in old_measures.columns:
        by_code = old_measures.set_index("id")["gebiedscode"].to_dict()
        extra = [
            (m, k, by_code.get(m))
            for m, k in zip(measures["id"], measures["wijziging"], strict=True)
        ]
        pairs = pd.concat([pairs, pd.DataFrame(extra, columns=["id", "wijziging", "code"])])
    pairs = pairs[pairs["code"].isin(set(codes))].drop_duplicates(["id", "code"])
    table = areas.copy()
    table.insert(0, "niveau", level)
    for kind in (NEW, GONE, CHANGED):
        counted = pairs[pairs["wijziging"] == kind]["code"].value_counts()
        table[f"maatregelen_{kind}"] = table["code"].map(counted).fillna(0).astype(np.int64)
    oi, oj = hits(np.asarray(overlaps.geometry.array, dtype=object))
    counted = pd.Series(codes[oj]).value_counts()
    table["overlappingen_gewijzigd"] = table["code"].map(counted).fillna(0).astype(np.int64)
    mine = flags[flags["niveau"] == level]
    for kind in ("verschenen", "verdwenen"):
        counted = mine[mine["wijziging"] == kind]["code"].value_counts()
        table[f"vlaggen_{kind}"] = table["code"].map(counted).fillna(0).astype(np.int64)
    load = stacking.assign(d=stacking["hinderlast_verschil"].abs()).groupby("code")["d"].sum()
    table["hinderlast_verschil_totaal"] = table["code"].map(load).fillna(0.0).round(3)
    count_columns = [
        c for c in table.columns if c.startswith(("maatregelen_", "overlappingen_", "vlaggen_"))
    ]
    table["wijzigingen"] = table[count_columns].sum(axis=1).astype(np.int64)
    table = table.sort_values(
        ["wijzigingen", "hinderlast_verschil_totaal", "code"], ascending=[False, False, True]
    ).reset_index(drop=True)
    columns = [c for c in table.columns if c != "geometry"] + ["geometry"]
    return gpd.GeoDataFrame(table[columns], geometry="geometry", crs=stacking.crs)


# --- the comparison -----------------------------------------------------------------------


def _check_comparable(old: RunFolder, new: RunFolder) -> None:
    """Two runs compare only in one CRS and with one stacking period; else one sentence."""
    for what, key, option, label in (
        ("crs", "crs", "--crs", "een ander coördinatenstelsel"),
        ("period", "periode", "--period", "een andere periode van de stapeling"),
    ):
        a, b = getattr(old, what), getattr(new, what)
        if a != b:
            raise InputError(
                f"OUD ({old.path / 'run.json'}) en NIEUW ({new.path / 'run.json'}) hebben "
                f"{label} (opties.{key}: {a} en {b}): maak beide opnieuw met dezelfde {option}; "
                "er is niets vergeleken."
            )
    a, b = old.measures.crs, new.measures.crs
    if a is not None and b is not None and not a.equals(b):
        raise InputError(
            f"De maatregelen in {old.path / GPKG_LAYERS} en {new.path / GPKG_LAYERS} (laag "
            f"maatregelen) hebben een ander coördinatenstelsel ({a.to_string()} en "
            f"{b.to_string()}): maak beide opnieuw met dezelfde --crs; er is niets vergeleken."
        )


def _warnings(old: RunFolder, new: RunFolder) -> list[str]:
    said = []
    if old.record.get("regels") != new.record.get("regels"):
        said.append(
            "de regels verschillen tussen OUD en NIEUW: een overlapping kan ook daardoor nieuw "
            "of vervallen zijn"
        )
    areas_of = [
        [
            (g.get("niveau"), g.get("aantal"))
            for g in (r.record.get("invoer") or {}).get("gebieden", [])
        ]
        for r in (old, new)
    ]
    if areas_of[0] != areas_of[1]:
        said.append("de gebiedsindelingen verschillen tussen OUD en NIEUW")
    for kind, label in (("stacking", "stapeling"), ("groups", "samenhang")):
        a, b = getattr(old, kind), getattr(new, kind)
        for level in sorted(set(a) ^ set(b)):
            where = "OUD" if level in a else "NIEUW"
            said.append(f"{label}_{level} staat alleen in {where}: dat niveau is niet vergeleken")
    return said


def compare_runs(
    old: str | Path | RunFolder,
    new: str | Path | RunFolder,
    *,
    tolerance: float = DEFAULT_TOLERANCE_M,
) -> Comparison:
    """Compare two runs of a programme: what is new, gone or changed in NIEUW since OUD.

    Parameters
    ----------
    old, new : path-like or RunFolder
        The output folders of two runs (``gebiedsplanner run --out``), with the same CRS and
        stacking period.
    tolerance : float
        Metres a measure's shape may shift (Hausdorff distance) before it counts as moved;
        also the change in an overlap's distance that counts.

    Returns
    -------
    Comparison
        The tables of differences.

    Raises
    ------
    InputError
        A folder is not a run's output, or the two differ in CRS or stacking period.
    OptionError
        The tolerance is negative or not a number.
    """
    if not (isinstance(tolerance, int | float) and np.isfinite(tolerance) and tolerance >= 0):
        raise OptionError(f"--tolerantie {tolerance!r}: geef een afstand van 0 of meer meter.")
    old = old if isinstance(old, RunFolder) else read_run_folder(old)
    new = new if isinstance(new, RunFolder) else read_run_folder(new)
    _check_comparable(old, new)
    warnings = _warnings(old, new)
    rules_changed = old.record.get("regels") != new.record.get("regels")
    measures, fields = compare_measures(old, new, tolerance)
    reasons = _measure_reasons(measures)
    overlaps = _compare_overlaps(old, new, tolerance, reasons, rules_changed)
    groups = {
        level: _compare_groups(level, old.groups[level], new.groups[level], reasons, rules_changed)
        for level in new.groups
        if level in old.groups
    }
    stacking = {
        level: _compare_stacking(level, old.stacking[level], new.stacking[level])
        for level in new.stacking
        if level in old.stacking
    }
    flags = _flags(stacking)
    areas = {
        level: _area_changes(level, table, measures, old.measures, overlaps, flags)
        for level, table in stacking.items()
    }
    return Comparison(
        old,
        new,
        float(tolerance),
        measures,
        fields,
        overlaps,
        groups,
        stacking,
        flags,
        areas,
        warnings,
    )
