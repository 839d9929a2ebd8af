"""The tables behind a gebiedsdag atlas: one row per area, and its measures and pairs.

The QGIS plugin lays these out as an atlas (one page per area); the tables and the timeline
pictures are made here, so the plugin only converts and draws. matplotlib is imported when the
first timeline is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.result import RunResult

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from planner.report.integration import all_groups
from planner.report.tables import euro, nl, report_data

__all__ = ["atlas_tables", "ATLAS_TIMELINE_ROWS"]

#: Measures on an atlas page's timeline (the rest are in the page's table).
ATLAS_TIMELINE_ROWS = 30


def _period(frame: pd.DataFrame) -> pd.Series:
    start, end = frame["start"].fillna(""), frame["eind"].fillna("")
    return start.where((start == end) | (end == ""), start + " t/m " + end)


def atlas_tables(
    result: RunResult,
    folder: str | Path,
    level: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, gpd.GeoDataFrame]:
    """Areas with their figures and timeline picture, and the measures and pairs per area.

    Parameters
    ----------
    result : planner.RunResult
        A run.
    folder : str or pathlib.Path
        Where the timeline pictures go (one PNG per area, ``tijdlijn_001.png``, ...); made
        when missing.
    level : str, optional
        The partition level; the finest by default.
    progress : callable, optional
        Called as ``progress(done, total)`` after each area's timeline.

    Returns
    -------
    tuple
        ``gebieden`` (polygons: code, naam, figures, ``tijdlijn`` path), ``maatregelen`` (one
        row per measure and area, ``gebied_code``) and ``overlappingen`` (points,
        ``gebied_code`` of the area where the pair meets; ``gebiedsniveau`` marks pairs from
        rules on a shared area, which have no place of their own). ``n_samenhanggroepen``
        counts the area's integration groups (``samenhang_<niveau>``).

    Raises
    ------
    planner.OptionError
        ``level`` is not one of the run's partition levels.
    """
    from planner.report.maps import draw_timeline

    data = report_data(result, level)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    areas = data.areas.reset_index(drop=True)
    membership = result.membership
    mem = membership.loc[membership["niveau"] == data.level]
    budgets = data.measures["budget"].to_numpy(dtype=float)
    rows, measure_rows = [], []
    stacking = data.stacking
    groups = all_groups(result.groups, result.areas.get(data.level))
    groups_per_area = (
        np.bincount(
            groups["_gebied"].to_numpy(np.int64)[groups["_gebied"].to_numpy(np.int64) >= 0],
            minlength=len(areas),
        )
        if len(groups)
        else np.zeros(len(areas), np.int64)
    )
    for pos in range(len(areas)):
        area = areas.iloc[pos]
        measures = data.measures_of(pos)
        pairs = data.overlaps_of(pos)
        share = mem.loc[mem["gebied"] == pos]
        budget = float(np.nansum(budgets[share["m"].to_numpy()] * share["aandeel"].to_numpy()))
        own = stacking.loc[stacking["code"] == area["code"]]
        peak = own.sort_values(["hinderlast", "periode"], ascending=[False, True]).head(1)
        flagged = own.loc[own["stapeling"].astype(bool), "periode"].astype(str).tolist()
        ids = set(measures["id"])
        touching = data.overlaps[
            data.overlaps["measure_a"].isin(ids) | data.overlaps["measure_b"].isin(ids)
        ]
        picture = folder / f"{data.file_names[pos]}-tijdlijn.png"
        more = max(0, len(measures) - ATLAS_TIMELINE_ROWS)
        draw_timeline(
            measures.head(ATLAS_TIMELINE_ROWS),
            touching,
            picture,
            title=f"Tijdlijn {area['naam']}" + (f" (eerste {ATLAS_TIMELINE_ROWS})" if more else ""),
            years=data.years,
            dpi=150,
        )
        rows.append(
            {
                "code": str(area["code"]),
                "naam": str(area["naam"]),
                "inwoners": float(area["inwoners"]) if pd.notna(area["inwoners"]) else None,
                "n_maatregelen": len(measures),
                "n_overlappingen": len(pairs),
                "n_combineren": int((pairs["verdict"] == "combineren").sum()),
                "n_volgorde": int((pairs["verdict"] == "volgorde").sum()),
                "n_spreiden": int((pairs["verdict"] == "spreiden").sum()),
                "n_samenhang": int((pairs["verdict"] == "samenhang").sum()),
                "n_samenhanggroepen": int(groups_per_area[pos]),
                "budget": round(budget),
                "budget_tekst": euro(budget),
                "piek": str(peak["periode"].iloc[0]) if len(peak) else "",
                "piek_hinderlast": float(peak["hinderlast"].iloc[0]) if len(peak) else 0.0,
                "piek_hinderlast_tekst": nl(float(peak["hinderlast"].iloc[0]), 1)
                if len(peak)
                else "0",
                "stapeling_in": ", ".join(flagged) if flagged else "geen",
                "tijdlijn": str(picture),
                "geometry": area.geometry,
            }
        )
        part = measures.assign(periode=_period(measures), gebied_code=str(area["code"]))
        measure_rows.append(
            part[["gebied_code", "naam", "domein", "thema", "eigenaar", "periode", "budget"]]
        )
        if progress:
            progress(pos + 1, len(areas))
    coverage = gpd.GeoDataFrame(rows, geometry="geometry", crs=areas.crs)
    measures_table = (
        pd.concat(measure_rows, ignore_index=True)
        if measure_rows
        else pd.DataFrame(columns=["gebied_code", "naam"])
    )
    pairs = data.overlaps.loc[data.pair_area >= 0].copy()
    pairs["gebied_code"] = areas["code"].to_numpy()[data.pair_area[data.pair_area >= 0]]
    pairs = pairs[
        [
            "gebied_code",
            "verdict",
            "rule",
            "naam_a",
            "naam_b",
            "periode_a",
            "periode_b",
            "uitleg",
            "gebiedsniveau",
            "geometry",
        ]
    ]
    return coverage, measures_table, gpd.GeoDataFrame(pairs, geometry="geometry", crs=areas.crs)
