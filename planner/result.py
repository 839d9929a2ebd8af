"""What a run produced: the tables every later step (writing, reports, the plugin) takes."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from planner.areas import Areas
from planner.decisions import DecisionOutcome
from planner.read import MeasureSet
from planner.rules import RuleSet

__all__ = ["RunResult"]


@dataclass
class RunResult:
    """Everything a run produced.

    Attributes
    ----------
    measures : MeasureSet
        Measures used, rejected and noted (placement problems included).
    areas : Areas
        The partitions.
    rules : RuleSet
        The rules applied.
    overlaps : geopandas.GeoDataFrame
        One row per pair and distance rule (and per pair of a same-area rule whose pairs are
        kept: ``--samenhang-paren``).
    stacking : dict of str to geopandas.GeoDataFrame
        Per level, one row per area and period.
    membership : pandas.DataFrame
        Where the measures lie: measure position ``m``, ``niveau``, area position ``gebied``
        and ``aandeel`` (the share of the measure in that area).
    report : dict
        What run.json holds.
    groups : dict of str to geopandas.GeoDataFrame
        Integration as groups: per level that a same-area rule uses, one row per area, period
        and rule (:func:`planner.integration.find_groups`); written as ``samenhang_<niveau>``.
    decisions : planner.decisions.DecisionOutcome, optional
        With ``--besluiten``: the decisions and what became of them.
    """

    measures: MeasureSet
    areas: Areas
    rules: RuleSet
    overlaps: gpd.GeoDataFrame
    stacking: dict[str, gpd.GeoDataFrame]
    membership: pd.DataFrame
    report: dict = field(default_factory=dict)
    groups: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    decisions: DecisionOutcome | None = None
