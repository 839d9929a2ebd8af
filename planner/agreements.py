"""Progress on wijkcontracten, wijkakkoorden and other agreements (``afspraak``).

Measures may belong to an agreement (schema field ``afspraak``) and be done by a party other
than their owner (``partij``). Per agreement, area and party: the actions by status, the share
done (``gereed``) against the share due by the data date (their end has passed), and the
overdue actions (end passed, not done).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from planner.areas import Areas

__all__ = ["progress_by_agreement", "PROGRESS_COLUMNS", "ALL_PARTIES"]

#: The row of an agreement and area that counts every party.
ALL_PARTIES = "alle partijen"

_STATUSES = ("idee", "gepland", "voorbereiding", "uitvoering", "gereed")

PROGRESS_COLUMNS = [
    "afspraak",
    "niveau",
    "code",
    "naam",
    "partij",
    "n_acties",
    *(f"n_{s}" for s in _STATUSES),
    "n_zonder_status",
    "aandeel_gereed",
    "n_verwacht",
    "aandeel_verwacht",
    "n_te_laat",
    "te_laat",
]


def _party(measures: pd.DataFrame) -> pd.Series:
    party = measures["partij"] if "partij" in measures.columns else pd.Series(None, measures.index)
    owner = measures["eigenaar"].astype(object).where(measures["eigenaar"].notna(), "onbekend")
    return party.astype(object).where(party.notna(), owner)


def progress_by_agreement(
    measures: pd.DataFrame,
    areas: Areas,
    membership: pd.DataFrame,
    data_date: dt.date,
    *,
    level: str | None = None,
) -> pd.DataFrame:
    """Per agreement, area and party: actions by status, share done and due, overdue.

    Parameters
    ----------
    measures : geopandas.GeoDataFrame
        The run's measures (``afspraak``, ``partij``, ``eigenaar``, ``status``,
        ``periode_tot``).
    areas : Areas
        The partitions.
    membership : pandas.DataFrame
        Where the measures lie (``m``, ``niveau``, ``gebied``), as :func:`planner.run` keeps it.
    data_date : datetime.date
        The date of the data: an action is due when its end lies before it.
    level : str, optional
        The partition level; the finest by default.

    Returns
    -------
    pandas.DataFrame
        :data:`PROGRESS_COLUMNS`, one row per agreement, area and party plus one per agreement
        and area for all parties (:data:`ALL_PARTIES`); empty when no measure has an agreement.
        A measure in no area of the level counts under code ``None`` (*buiten de gebieden*).
    """
    if "afspraak" not in measures.columns or measures["afspraak"].isna().all():
        return pd.DataFrame(columns=PROGRESS_COLUMNS)
    level = level or areas.levels[0]
    part = areas.get(level).areas
    table = pd.DataFrame(
        {
            "m": np.arange(len(measures)),
            "id": measures["id"].to_numpy(object),
            "afspraak": measures["afspraak"].to_numpy(object),
            "status": measures["status"].to_numpy(object),
            "partij": _party(measures).to_numpy(object),
            "eind": pd.to_datetime(measures["periode_tot"]).to_numpy(),
        }
    )
    table = table[pd.notna(table["afspraak"])]
    mine = membership[membership["niveau"] == level][["m", "gebied"]].drop_duplicates()
    table = table.merge(mine, on="m", how="left")
    codes = part["code"].to_numpy(object)
    names = part["naam"].to_numpy(object)
    located = table["gebied"].notna().to_numpy()
    position = table["gebied"].fillna(-1).to_numpy(np.int64)
    table["code"] = np.where(located, codes[np.maximum(position, 0)], None)
    table["naam"] = np.where(located, names[np.maximum(position, 0)], "buiten de gebieden")
    day = np.datetime64(data_date, "D")
    table["verwacht"] = table["eind"].to_numpy("datetime64[D]") < day
    table["gereed"] = (table["status"] == "gereed").to_numpy()
    table["te_laat"] = table["verwacht"] & ~table["gereed"]
    everyone = table.assign(partij=ALL_PARTIES)
    rows = []
    for (agreement, code, party), group in pd.concat([everyone, table]).groupby(
        ["afspraak", "code", "partij"], dropna=False, sort=True
    ):
        n = len(group)
        counts = {f"n_{s}": int((group["status"] == s).sum()) for s in _STATUSES}
        late = group[group["te_laat"]].sort_values("id")
        rows.append(
            {
                "afspraak": agreement,
                "niveau": level,
                "code": None if pd.isna(code) else code,
                "naam": group["naam"].iloc[0],
                "partij": party,
                "n_acties": n,
                **counts,
                "n_zonder_status": int(group["status"].isna().sum()),
                "aandeel_gereed": round(counts["n_gereed"] / n, 3),
                "n_verwacht": int(group["verwacht"].sum()),
                "aandeel_verwacht": round(float(group["verwacht"].mean()), 3),
                "n_te_laat": len(late),
                "te_laat": "; ".join(late["id"]),
            }
        )
    out = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    # all parties first within each agreement and area
    out["_alle"] = out["partij"] != ALL_PARTIES
    out = out.sort_values(["afspraak", "code", "_alle", "partij"], na_position="last")
    return out.drop(columns="_alle").reset_index(drop=True)
