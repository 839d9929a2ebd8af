"""The record of a run (``run.json``): what was read, used and rejected, and how."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd

from planner.options import RunOptions
from planner.result import RunResult
from planner.schema import VERDICTS
from planner.texts import TEXT

__all__ = ["run_record"]


def _versions() -> dict[str, str]:
    import platform

    import pyogrio
    import shapely

    from planner._version import __version__

    return {
        "gebiedsplanner": __version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "geopandas": gpd.__version__,
        "shapely": shapely.__version__,
        "geos": ".".join(map(str, shapely.geos_version)),
        "pyogrio": pyogrio.__version__,
        "gdal": pyogrio.__gdal_version_string__,
    }


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {
            k: (
                None
                if (isinstance(v, float) and np.isnan(v))
                else (int(v) if isinstance(v, np.integer) else v)
            )
            for k, v in row.items()
        }
        for row in frame.astype(object).where(frame.notna(), None).to_dict("records")
    ]


def run_record(
    result: RunResult,
    skipped: list[str],
    options: RunOptions,
    timings: dict[str, float],
) -> dict:
    """What ``run.json`` holds: inputs, counts, every rejection and note, rules, versions, times.

    Parameters
    ----------
    result : RunResult
        The run's tables.
    skipped : list of str
        The rules that were skipped, each with the reason.
    options : RunOptions
        The run's options.
    timings : dict
        Seconds per step.

    Returns
    -------
    dict
        The record, ready for JSON.
    """
    period, need, crs, indicators = options.period, options.need, options.crs, options.indicators
    mset, overlaps = result.measures, result.overlaps
    n_used, n_rej = len(mset.measures), len(mset.rejected)
    by_verdict = {v: int((overlaps["verdict"] == v).sum()) for v in VERDICTS}
    by_rule = {r.name: int((overlaps["rule"] == r.name).sum()) for r in result.rules.rules}
    return {
        "invoer": {
            "maatregelen": mset.sources,
            "gebieden": [
                {
                    "niveau": p.level,
                    "bron": p.source,
                    "aantal": len(p.areas),
                    "inwoners": float(pd.to_numeric(p.areas["inwoners"], errors="coerce").sum()),
                    **(
                        {"nesting": result.areas.nesting[p.level]}
                        if p.level in result.areas.nesting
                        else {}
                    ),
                }
                for p in result.areas.partitions
            ],
            "indicatoren": str(indicators) if indicators else None,
            # a copy: the reports add theirs (file names) to the run's, not to the areas'
            "waarschuwingen": list(result.areas.warnings),
        },
        "opties": {
            "crs": crs,
            "periode": period,
            "behoefte": need,
            # the date the data describe: `vergelijk` says "changed since" this date
            "gegevensdatum": str(
                (options.report_options or {}).get("data_date") or dt.date.today()
            ),
        },
        "aantallen": {
            "gelezen": n_used + n_rej,
            "gebruikt": n_used,
            "afgewezen": n_rej,
            "met_opmerking": int(mset.measures["opmerkingen"].notna().sum()),
            "zonder_geometrie": int(mset.measures.geometry.isna().sum()),
        },
        "afgewezen": _records(mset.rejected),
        "meldingen": _records(mset.notes),
        "regels": result.rules.as_dict(),
        "overgeslagen_regels": skipped,
        "overlappingen": {
            "per_oordeel": by_verdict,
            "per_regel": by_rule,
            "totaal": int(len(overlaps)),
        },
        "samenhang": {
            "groepen": int(sum(len(t) for t in result.groups.values())),
            "per_niveau": {level: int(len(t)) for level, t in result.groups.items()},
            "per_regel": {
                r.name: int(sum((t["regel"] == r.name).sum() for t in result.groups.values()))
                for r in result.rules.rules
                if r.same_area
            },
            "paren_bewaard": bool(options.area_pairs),
        },
        "stapeling": {
            level: {
                "rijen": int(len(t)),
                "gestapeld": int(t["stapeling"].sum()),
                "integratie": int(t["integratie"].sum()),
            }
            for level, t in result.stacking.items()
        },
        **(
            {
                "besluiten": {
                    **result.decisions.counts(),
                    "waarschuwingen": result.decisions.warnings,
                }
            }
            if result.decisions is not None
            else {}
        ),
        "verdeling": TEXT["verdeling"],
        "tijdvergelijking": TEXT["tijdvergelijking"],
        "versies": _versions(),
        "tijden_s": timings,
    }
