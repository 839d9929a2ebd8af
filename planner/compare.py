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

from planner.compare_areas import STACKING_FIGURES, area_changes, compare_stacking, flag_changes
from planner.compare_measures import CHANGED, GONE, MEASURE_FIELDS, NEW, compare_measures
from planner.compare_pairs import compare_groups, compare_overlaps, measure_reasons
from planner.errors import InputError, OptionError
from planner.run_folder import RunFolder, read_run_folder
from planner.table_files import GPKG_NAME as GPKG_LAYERS

__all__ = [
    "Comparison",
    "compare_runs",
    "DEFAULT_TOLERANCE_M",
    "MEASURE_FIELDS",
    "STACKING_FIGURES",
]

#: A measure counts as moved when its shape lies more than this many metres from the old one.
DEFAULT_TOLERANCE_M = 1.0


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
    reasons = measure_reasons(measures)
    overlaps = compare_overlaps(old, new, tolerance, reasons, rules_changed)
    groups = {
        level: compare_groups(level, old.groups[level], new.groups[level], reasons, rules_changed)
        for level in new.groups
        if level in old.groups
    }
    stacking = {
        level: compare_stacking(level, old.stacking[level], new.stacking[level])
        for level in new.stacking
        if level in old.stacking
    }
    flags = flag_changes(stacking)
    areas = {
        level: area_changes(level, table, measures, old.measures, overlaps, flags)
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
