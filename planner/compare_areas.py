"""Two runs per area: stacking figures old and new, flags that came or went, what changed.

The stacking tables are matched by area code and period; :func:`area_changes` counts per area
the measures, overlaps and flags that changed, so a reader finds the areas to look at first.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.compare_measures import CHANGED, GONE, NEW

__all__ = ["STACKING_FIGURES", "area_changes", "compare_stacking", "flag_changes"]


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


def compare_stacking(level: str, a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``stapeling_verschil_<niveau>``: per area and period the figures old, new and the change.

    Parameters
    ----------
    level : str
        The level of the two tables.
    a, b : geopandas.GeoDataFrame
        The stacking of OUD and of NIEUW at that level.

    Returns
    -------
    geopandas.GeoDataFrame
        Every area and period of either run, :data:`STACKING_FIGURES` as ``_oud``, ``_nieuw``
        and ``_verschil``, the flags old and new, and ``gewijzigd``.
    """
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


def flag_changes(stacking: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """``vlaggen_verschil``: the stacking and integration flags that appeared or went.

    Parameters
    ----------
    stacking : dict of str to geopandas.GeoDataFrame
        Per level the table of :func:`compare_stacking`.

    Returns
    -------
    pandas.DataFrame
        One row per area, period and flag that changed, with its reason.
    """
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


def area_changes(
    level: str,
    stacking: gpd.GeoDataFrame,
    measures: gpd.GeoDataFrame,
    old_measures: gpd.GeoDataFrame,
    overlaps: gpd.GeoDataFrame,
    flags: pd.DataFrame,
) -> gpd.GeoDataFrame:
    """``gebieden_verschil_<niveau>``: per area how many measures, overlaps and flags changed.

    Parameters
    ----------
    level : str
        The level.
    stacking : geopandas.GeoDataFrame
        That level's table of :func:`compare_stacking` (its areas and shapes).
    measures : geopandas.GeoDataFrame
        ``maatregelen_verschil``; a moved measure counts where it was and where it is.
    old_measures : geopandas.GeoDataFrame
        The measures of OUD.
    overlaps : geopandas.GeoDataFrame
        ``overlappingen_verschil``.
    flags : pandas.DataFrame
        From :func:`flag_changes`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per area, the most changes first.
    """
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
