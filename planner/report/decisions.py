"""The decisions of an area: the pairs to combine, to put in order or to spread, numbered.

One numbering serves the booklet's map, its list and the area's decisions table
(``gebiedsdag/<code>-<naam>-besluiten.csv``): decision 7 is the same pair everywhere.
Decisions are numbered per verdict (combineren, volgorde, spreiden), then by the moment the
two measures meet, then by name. The run's ``besluiten_sjabloon.csv`` takes its ``boekje`` and
``nummer`` from :func:`booklet_numbers`, which orders and numbers the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from planner.areas import Partition, locate_points
from planner.report.filenames import area_file_names
from planner.report.labels import number_ranges, period_nl
from planner.report.tables import ReportData, nl
from planner.row_order import stable_order

__all__ = [
    "DECISION_VERDICTS",
    "area_decisions",
    "booklet_numbers",
    "decision_points",
    "write_decisions_csv",
    "stacked_and_blind",
    "number_ranges",
]

#: The verdicts that ask a decision of the gebiedsdag, in the booklet's order.
DECISION_VERDICTS = ("combineren", "volgorde", "spreiden")


def area_decisions(data: ReportData, position: int) -> pd.DataFrame:
    """The numbered decisions of the area at ``position`` (the pairs that meet there).

    Returns
    -------
    pandas.DataFrame
        The overlap rows with a verdict in :data:`DECISION_VERDICTS` and a column ``nummer``
        (1, 2, ...), in number order.
    """
    pairs = data.overlaps_of(position)
    part = _in_number_order(pd.DataFrame(pairs[pairs["verdict"].isin(DECISION_VERDICTS)]))
    part = part.reset_index(drop=True)
    part.insert(0, "nummer", np.arange(1, len(part) + 1))
    return part


NUMBER_ORDER = ("_v", "moment", "naam_a", "naam_b", "measure_a", "measure_b")


def _in_number_order(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs in the order of the booklets' numbers (within one area).

    The same sort as :func:`booklet_numbers` (for the decisions template), so the two number
    the pairs alike.
    """
    part = pairs.assign(_v=_verdict_order(pairs))
    return part.iloc[stable_order(part, list(NUMBER_ORDER))].drop(columns="_v")


def _verdict_order(pairs: pd.DataFrame) -> np.ndarray:
    """Each pair's verdict's place in :data:`DECISION_VERDICTS`; other verdicts after them.

    Arrow finds the verdicts: a Python object per pair would cost seconds and a gigabyte for
    millions of pairs.

    Examples
    --------
    >>> _verdict_order(pd.DataFrame({"verdict": ["spreiden", "combineren", None, "x"]})).tolist()
    [2, 0, 3, 3]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.index_in(
        pa.array(pairs["verdict"], pa.large_string(), from_pandas=True),
        value_set=pa.array(DECISION_VERDICTS, pa.large_string()),
    )
    return pc.fill_null(found, len(DECISION_VERDICTS)).to_numpy(zero_copy_only=False)


def booklet_numbers(
    overlaps: pd.DataFrame, part: Partition, stems: Sequence[str] | None = None
) -> pd.DataFrame:
    """Where each open decision is in the booklets: the area's file stem and its number there.

    The same pairs, the same areas and the same order as :func:`area_decisions` (which the
    booklets and ``<code>-<naam>-besluiten.csv`` use), without preparing the whole report:
    pairs decided (``besluit_status`` ``besloten``) are no open work and get no number.

    Parameters
    ----------
    overlaps : geopandas.GeoDataFrame
        The run's overlaps (with their decisions, when there are any).
    part : Partition
        The level the booklets are per.
    stems : sequence of str, optional
        The areas' booklet file stems, in the order of ``part.areas``, when the caller has
        them already (:func:`planner.report.filenames.area_file_names`).

    Returns
    -------
    pandas.DataFrame
        Indexed as ``overlaps``, one row per pair that has a number: ``boekje`` (the area's
        file stem, ``gebiedsdag/<boekje>.pdf``) and ``nummer`` (1, 2, ... within the area).
    """
    wanted = overlaps["verdict"].isin(DECISION_VERDICTS).to_numpy().copy()
    if "besluit_status" in overlaps.columns:
        wanted &= (overlaps["besluit_status"] != "besloten").to_numpy()
    area = locate_points(np.asarray(overlaps.geometry.array)[wanted], part)
    inside = np.flatnonzero(wanted)[area >= 0]
    # only the sort keys, sorted once: per area (in the areas' order), in number order there
    keys = overlaps[list(NUMBER_ORDER[1:]) + ["verdict"]].iloc[inside]
    keys = keys.assign(_area=area[area >= 0], _v=_verdict_order(keys))
    order = stable_order(keys, ["_area", *NUMBER_ORDER])
    in_area = area[area >= 0][order]
    if stems is None:
        stems = area_file_names(part.areas).stems
    # the number within the area: the position after the area's first row, plus one
    starts = np.r_[True, in_area[1:] != in_area[:-1]] if len(in_area) else np.zeros(0, bool)
    first = np.maximum.accumulate(np.where(starts, np.arange(len(in_area)), 0))
    return pd.DataFrame(
        {
            "boekje": np.asarray(stems, dtype=object)[in_area],
            "nummer": np.arange(len(in_area)) - first + 1,
        },
        index=keys.index[order],
    )


def decision_points(decisions: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Where the first ``limit`` decisions sit on the map: ``nummer``, ``verdict``, ``x``, ``y``.

    Decisions without a place (found through a shared area) are left out: they are in the
    list, not on the map.
    """
    part = decisions.head(limit)
    if "gebiedsniveau" in part.columns:
        part = part[~part["gebiedsniveau"].astype(bool)]
    geoms = np.asarray(part.geometry.array) if len(part) else np.empty(0, object)
    ok = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms) if len(part) else np.zeros(0, bool)
    part, geoms = part[ok], geoms[ok]
    return pd.DataFrame(
        {
            "nummer": part["nummer"].to_numpy(),
            "verdict": part["verdict"].to_numpy(),
            "x": shapely.get_x(geoms) if len(geoms) else np.empty(0),
            "y": shapely.get_y(geoms) if len(geoms) else np.empty(0),
        }
    )


def write_decisions_csv(decisions: pd.DataFrame, path: Path) -> Path:
    """Write all of an area's decisions, numbered as in its booklet, with a column to fill in."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "nummer",
            "oordeel",
            "maatregel_a",
            "id_a",
            "wanneer_a",
            "eigenaar_a",
            "maatregel_b",
            "id_b",
            "wanneer_b",
            "eigenaar_b",
            "afstand_m",
            "uitleg",
            "actie",
            "besluit",
        ]
    )
    for r in decisions.itertuples():
        distance = "" if r.distance_m != r.distance_m else str(round(float(r.distance_m)))
        writer.writerow(
            [
                r.nummer,
                r.verdict,
                r.naam_a,
                r.measure_a,
                period_nl(r.periode_a),
                r.eigenaar_a if isinstance(r.eigenaar_a, str) else "",
                r.naam_b,
                r.measure_b,
                period_nl(r.periode_b),
                r.eigenaar_b if isinstance(r.eigenaar_b, str) else "",
                distance,
                r.uitleg,
                r.actie,
                "",
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def stacked_and_blind(data: ReportData, code: str) -> str | None:
    """Why an area can be stacked and a blinde vlek at once, in words; None when it is not both.

    Stacking counts the nuisance of all works together (absolute); the balance weighs the
    effort per 1,000 inhabitants against the area's need, relative to the other areas.
    """
    own = data.stacking[data.stacking["code"] == code]
    both = own[own["stapeling"].astype(bool) & (own["kwadrant"] == "blinde_vlek")]
    if not len(both):
        return None
    periods = ", ".join(str(p) for p in both["periode"])
    per = data.stacking.groupby("periode")["per_1000_inwoners"].median()
    row = both.iloc[0]
    return (
        f"Gestapeld én een blinde vlek in {periods}: dat kan tegelijk waar zijn. Stapeling telt "
        f"de hinder van alle werken samen (hinderlast {nl(row['hinderlast'], 1)} in "
        f"{row['periode']}), ongeacht hoeveel mensen er wonen. De balans weegt de inzet per "
        f"1.000 inwoners ({nl(row['per_1000_inwoners'], 1)}; de middelste {data.level} "
        f"{nl(per.get(row['periode']), 1)}) tegen de opgave: veel werk met hinder, maar weinig "
        "inzet voor zoveel opgave en inwoners."
    )
