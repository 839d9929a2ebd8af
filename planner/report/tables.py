"""What the reports show, as plain tables: per area, per verdict, the story in figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from planner.areas import locate_points
from planner.report.filenames import AreaFileNames, area_file_names
from planner.report.filenames import slug as _slug
from planner.report.labels import MONTHS
from planner.schema import DOMAINS, VERDICTS

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["ReportData", "report_data", "slug"]


def slug(text: str) -> str:
    """A file-name-safe version of a name ('gebied' when nothing is left).

    Not unique: per-area files are named by :func:`~planner.report.filenames.area_file_names`.

    Examples
    --------
    >>> slug("Waarder- en Veerpolder")
    'waarder-en-veerpolder'
    >>> slug("Café 't Hoekje / Zuid")
    'cafe-t-hoekje-zuid'
    """
    return _slug(str(text)) or "gebied"


@dataclass
class ReportData:
    """Tables shared by the report, the maps, the booklets and the web map.

    Attributes
    ----------
    level : str
        The partition level the reports are per (``--per``).
    areas : geopandas.GeoDataFrame
        That level's areas (``code``, ``naam``, ``inwoners``, ...).
    measures : geopandas.GeoDataFrame
        All measures used.
    members : pandas.DataFrame
        ``m`` (measure position) and ``gebied`` (area position) on that level.
    pair_area : numpy.ndarray
        For each overlap row, the position of the area where the pair meets (-1: none).
    stacking : geopandas.GeoDataFrame
        The stacking table of that level.
    years : tuple of int
        First and last year of the programme.
    file_names : AreaFileNames
        The file stem of each area (:func:`~planner.report.filenames.area_file_names`), for
        every per-area file.
    decided : geopandas.GeoDataFrame, optional
        With ``--besluiten``: the overlaps decided (``besluit_status`` ``besloten``), kept out
        of ``overlaps`` (the open work), with ``decided_area`` where each meets.
    """

    level: str
    areas: gpd.GeoDataFrame
    measures: gpd.GeoDataFrame
    members: pd.DataFrame
    overlaps: gpd.GeoDataFrame
    pair_area: np.ndarray
    stacking: gpd.GeoDataFrame
    years: tuple[int, int]
    file_names: AreaFileNames
    decided: gpd.GeoDataFrame | None = None
    decided_area: np.ndarray | None = None

    def measures_of(self, position: int) -> gpd.GeoDataFrame:
        """The measures in the area at ``position``, by start then name."""
        rows = self.members.loc[self.members["gebied"] == position, "m"].unique()
        part = self.measures.iloc[np.sort(rows)]
        return part.sort_values(["periode_van", "naam", "id"], kind="stable")

    def overlaps_of(self, position: int) -> gpd.GeoDataFrame:
        """The overlaps that meet in the area at ``position``."""
        return self.overlaps.loc[self.pair_area == position]

    def area_name(self, position: int) -> str:
        """``naam (code)`` of the area at ``position``."""
        row = self.areas.iloc[position]
        return f"{row['naam']} ({row['code']})"


def report_data(result: RunResult, level: str | None = None) -> ReportData:
    """Prepare the shared tables of a run for the reports.

    Parameters
    ----------
    result : RunResult
        What :func:`planner.run` returned.
    level : str, optional
        The level the reports are per; the finest level when not given.

    Returns
    -------
    ReportData
        The tables.
    """
    level = level or result.areas.levels[0]
    part = result.areas.get(level)
    measures = result.measures.measures
    members = result.membership.loc[result.membership["niveau"] == level, ["m", "gebied"]]
    overlaps = result.overlaps.copy()
    # Pairs from rules on a shared area have no place of their own: maps count them, not draw.
    area_rules = {r.name for r in result.rules.rules if r.same_area}
    overlaps["gebiedsniveau"] = overlaps["rule"].isin(area_rules).to_numpy()
    pair_area = locate_points(np.asarray(overlaps.geometry.array), part)
    decided = decided_area = None
    if "besluit_status" in overlaps.columns:
        # decided pairs are no longer open work: counted apart, listed briefly
        done = (overlaps["besluit_status"] == "besloten").to_numpy()
        decided, decided_area = overlaps[done], pair_area[done]
        overlaps, pair_area = overlaps[~done], pair_area[~done]
    years = (
        int(pd.Timestamp(measures["periode_van"].min()).year),
        int(pd.Timestamp(measures["periode_tot"].max()).year),
    )
    return ReportData(
        level,
        part.areas,
        measures,
        members,
        overlaps,
        pair_area,
        result.stacking[level],
        years,
        area_file_names(part.areas),
        decided,
        decided_area,
    )


def story(result, data: ReportData) -> dict:
    """The figures of the report's first page.

    Returns
    -------
    dict
        ``per_domein`` and ``per_eigenaar`` (measure counts and budget), ``per_oordeel``,
        ``gestapeld`` (most stacked area-periods), ``uit_balans`` (areas where need and effort
        are out of balance) and the counts of read / used / rejected.
    """
    m = data.measures
    budget = pd.to_numeric(m["budget"], errors="coerce")
    per_domain = (
        pd.DataFrame({"domein": m["domein"], "budget": budget})
        .groupby("domein")
        .agg(aantal=("domein", "size"), budget=("budget", "sum"))
        .reindex(list(DOMAINS), fill_value=0)
        .reset_index()
    )
    owner = m["eigenaar"].fillna("onbekend")
    per_owner = (
        pd.DataFrame({"eigenaar": owner, "budget": budget})
        .groupby("eigenaar")
        .agg(aantal=("eigenaar", "size"), budget=("budget", "sum"))
        .sort_values(["aantal", "eigenaar"], ascending=[False, True])
        .reset_index()
    )
    per_verdict = {v: int((data.overlaps["verdict"] == v).sum()) for v in VERDICTS}
    stacked = data.stacking[data.stacking["stapeling"]]
    stacked = stacked.sort_values(["hinderlast", "code"], ascending=[False, True]).head(12)
    balance = data.stacking[
        data.stacking["kwadrant"].isin(["blinde_vlek", "stapeling_zonder_opgave"])
    ]
    out_of_balance = (
        balance.groupby(["code", "naam", "kwadrant"])["periode"]
        .agg(lambda p: ", ".join(sorted(p)))
        .reset_index()
        .sort_values(["kwadrant", "code"])
    )
    counts = result.report["aantallen"]
    return {
        "per_domein": per_domain,
        "per_eigenaar": per_owner,
        "per_oordeel": per_verdict,
        "gestapeld": stacked,
        "uit_balans": out_of_balance,
        "aantallen": counts,
    }


def heat_table(data: ReportData, column: str = "hinderlast") -> pd.DataFrame:
    """Areas down, periods across, ``column`` in the cells."""
    table = data.stacking.pivot_table(
        index=["code", "naam"], columns="periode", values=column, aggfunc="sum", fill_value=0
    )
    return table.sort_index(level="code")


def nl(value, decimals: int | None = None) -> str:
    """A number in Dutch notation, '–' for missing; whole numbers never get decimals.

    Examples
    --------
    >>> nl(1155.0, 1), nl(12.46, 1), nl(None)
    ('1.155', '12,5', '–')
    """
    from planner.texts import number_nl

    if value is None or (isinstance(value, float) and value != value):
        return "–"
    value = float(value)
    if decimals and round(value, decimals).is_integer():
        decimals = 0
    return number_nl(value, decimals)


def euro(value) -> str:
    """An amount in euros, '–' for missing or zero-unknown."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return "€ " + nl(round(float(value)), 0)


def date_nl(value) -> str:
    """A date in Dutch: 22 november 2026."""
    value = pd.Timestamp(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
