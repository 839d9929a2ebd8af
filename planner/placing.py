"""Placing the measures in the areas, with every measure accounted for (used or rejected)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from planner.areas import Areas, place_measures
from planner.read import MeasureSet
from planner.texts import say

__all__ = ["place_and_account"]


def place_and_account(mset: MeasureSet, areas: Areas) -> tuple[MeasureSet, pd.DataFrame]:
    """Place measures in areas; reject those that cannot be placed, note those outside.

    A measure whose ``gebiedscode`` no partition has is rejected (and counted so in its
    source's figures); a measure outside every area of a level gets a note naming the levels.

    Parameters
    ----------
    mset : MeasureSet
        The measures as read.
    areas : Areas
        The partitions.

    Returns
    -------
    tuple of (MeasureSet, pandas.DataFrame)
        The measures with the rejections and notes of placing, and where each lies
        (:func:`planner.areas.place_measures`).
    """
    table = mset.measures
    membership, problems = place_measures(table, areas)
    unknown = np.array(problems["code_onbekend"], dtype=np.int64)
    rejected, notes = mset.rejected, mset.notes
    if len(unknown):
        rows = table.iloc[unknown]
        extra = pd.DataFrame(
            {
                "bron": rows["bron"].to_numpy(),
                "laag": rows["laag"].to_numpy(),
                "fid": rows["bron_fid"].to_numpy(),
                "id": rows["id"].to_numpy(),
                "veld": "gebiedscode",
                "reden": [say("gebiedscode_onbekend", waarde=c) for c in rows["gebiedscode"]],
            }
        )
        rejected = pd.concat([rejected, extra], ignore_index=True)
        for rep in mset.sources:
            n = int(((rows["bron"] == rep["bron"]) & (rows["laag"] == rep["laag"])).sum())
            rep["gebruikt"] -= n
            rep["afgewezen"] += n
        keep = np.ones(len(table), bool)
        keep[unknown] = False
        table = table.loc[keep].reset_index(drop=True)
        membership, problems = place_measures(table, areas)
    outside = problems["buiten"]
    if outside:
        pos = np.fromiter(outside, dtype=np.int64)
        text = [say("buiten_gebieden", niveau=", ".join(outside[p])) for p in pos]
        rows = table.iloc[pos]
        notes = pd.concat(
            [
                notes,
                pd.DataFrame(
                    {
                        "bron": rows["bron"].to_numpy(),
                        "laag": rows["laag"].to_numpy(),
                        "fid": rows["bron_fid"].to_numpy(),
                        "id": rows["id"].to_numpy(),
                        "veld": "geometrie",
                        "melding": text,
                    }
                ),
            ],
            ignore_index=True,
        )
        current = table["opmerkingen"].astype(object).to_numpy().copy()
        for p, t in zip(pos, text, strict=True):
            current[p] = f"{current[p]}; {t}" if isinstance(current[p], str) and current[p] else t
        table = table.copy()
        table["opmerkingen"] = current
    table = gpd.GeoDataFrame(table, geometry="geometry", crs=mset.measures.crs)
    return MeasureSet(table, rejected, notes, mset.sources), membership
