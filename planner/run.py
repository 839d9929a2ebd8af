"""The whole flow: read, place in areas, find overlaps, compute stacking, (write)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from planner.areas import Areas, place_measures, read_areas
from planner.errors import DataProblems, OptionError, check_choice
from planner.mapping import FieldMapping
from planner.overlaps import find_overlaps
from planner.postgis import is_postgis
from planner.read import DEFAULT_CRS, MeasureSet, read_measures
from planner.rules import RuleSet, load_rules
from planner.schema import VERDICTS, layers_dir
from planner.stacking import stacking_by_area
from planner.texts import TEXT, say

__all__ = ["run", "check", "RunResult", "sample_inputs"]

log = logging.getLogger(__name__)

#: From this many measures ``run(..., write_behind=True)`` writes in a second process: below it,
#: starting that process costs more than the writing it takes over
#: (``GEBIEDSPLANNER_WRITE_BEHIND_FROM`` sets it).
WRITE_BEHIND_FROM = 50_000

Progress = Callable[[str, int, int], None]


def sample_inputs() -> dict:
    """The shipped sample: Haarlem's wijken with key figures and a programme of measures.

    Returns
    -------
    dict
        Keyword arguments for :func:`run`.
    """
    folder = layers_dir()
    return {
        "measures": [folder / "voorbeeldprogramma.gpkg"],
        "areas": [folder / "haarlem_wijken_2024.gpkg"],
        "indicators": folder / "haarlem_kerncijfers_2024.csv",
        "need": "-INK_INW_X1000",
    }


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
        One row per pair and rule.
    stacking : dict of str to geopandas.GeoDataFrame
        Per level, one row per area and period.
    report : dict
        What run.json holds.
    """

    measures: MeasureSet
    areas: Areas
    rules: RuleSet
    overlaps: gpd.GeoDataFrame
    stacking: dict[str, gpd.GeoDataFrame]
    report: dict = field(default_factory=dict)
    membership: pd.DataFrame | None = None


def run(
    measures: str | Path | Iterable[str | Path] | None = None,
    areas: str | Path | Iterable[str | Path] | None = None,
    *,
    rules: str | Path | RuleSet | None = None,
    out: str | Path | None = None,
    layers: list[str] | None = None,
    area_layers: list[str] | None = None,
    mapping: FieldMapping | None = None,
    crs: str = DEFAULT_CRS,
    input_crs: str | None = None,
    indicators: str | Path | None = None,
    need: str | None = None,
    period: str = "year",
    progress: Progress | None = None,
    reports: bool = True,
    report_options: dict | None = None,
    strict: bool = False,
    engine: str = "single",
    scheduler: str | None = None,
    write_behind: bool = False,
) -> RunResult:
    """Run the whole analysis, and write the output folder when ``out`` is given.

    Parameters
    ----------
    measures : path, PostGIS address, LayerRef, or a list of them, optional
        Measure layers; the shipped sample programme when not given (and then also the sample's
        areas, key figures and need indicator, unless given).
    areas : path or list of paths, optional
        Area layers (partitions).
    rules : path or RuleSet, optional
        The rules file; the shipped default rule set when not given.
    out : path or str, optional
        Output folder, written whole or not at all; or a PostGIS address
        (``postgresql://...?schema=naam``, tables only), replaced in one transaction.
    layers, area_layers : list of str, optional
        Only these layers of multi-layer measure and area files.
    mapping : FieldMapping, optional
        Field mapping for the measure layers.
    crs : str
        The working CRS (EPSG:28992 by default).
    input_crs : str, optional
        The CRS of inputs that declare none.
    indicators : path, optional
        CSV of figures per area, joined by code.
    need : str, optional
        Area column that measures need (``-COLUMN``: lower means more need).
    period : {"year", "quarter", "month"}
        The stacking period.
    progress : callable, optional
        Called as ``progress(step, done, total)``.
    reports : bool
        With ``out``: also write the overlap report, maps, booklets and web map (False: the
        tables only).
    report_options : dict, optional
        Keyword arguments for :func:`planner.report.write_reports` (``per``, ``publiek``,
        ``contact``, ``title``, ``data_date``).
    strict : bool
        Stop with :class:`~planner.errors.DataProblems` (exit code 1), before anything is
        written, when any feature is rejected.
    engine : {"single", "dask"}
        Where the overlaps are found: on this machine, or on spatial partitions on a dask
        cluster (:mod:`planner.partitioned`); the answers are the same.
    scheduler : str, optional
        With ``engine="dask"``: a dask.distributed scheduler (``tcp://host:8786``); a local
        cluster when not given.
    write_behind : bool
        With an output folder, and from :data:`WRITE_BEHIND_FROM` measures: write the tables in
        a second Python process while the analysis goes on (the command line does; inside QGIS
        there is no Python executable to start).

    Returns
    -------
    RunResult
        The tables and the report.

    Examples
    --------
    >>> result = run()
    >>> sorted(result.overlaps["verdict"].unique())
    ['combineren', 'samenhang', 'spreiden', 'volgorde']
    """
    if measures is None:
        sample = sample_inputs()
        measures = sample["measures"]
        areas = areas if areas is not None else sample["areas"]
        indicators = indicators if indicators is not None else sample["indicators"]
        need = need if need is not None else sample["need"]
    if areas is None:
        raise OptionError("Geef de gebieden op (--areas) bij eigen maatregelen.")
    if out and is_postgis(out) and reports:
        raise OptionError(
            "Rapporten, kaarten en boekjes komen in een map: gebruik bij --out postgresql://... "
            "ook --tables-only (of schrijf naar een map)."
        )
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    total = 5 + len(ruleset.rules) + (1 if out else 0) + (3 if out and reports else 0)
    step = _Steps(progress, total)

    step("maatregelen lezen")
    mset = read_measures(measures, layers=layers, mapping=mapping, crs=crs, input_crs=input_crs)
    step("gebieden lezen")
    area_set = read_areas(
        areas, layers=area_layers, crs=crs, input_crs=input_crs, indicators=indicators
    )
    step("maatregelen in gebieden plaatsen")
    mset, membership = _place(mset, area_set)
    if strict and len(mset.rejected):
        raise DataProblems(
            f"{len(mset.rejected)} van {mset.n_read} maatregelen afgewezen (--strict): "
            + "; ".join(
                f"{r.bron} {r.laag} fid {r.fid} ({r.veld}): {r.reden}"
                for r in mset.rejected.head(3).itertuples()
            )
            + (" ..." if len(mset.rejected) > 3 else "")
        )
    check_choice("--engine", engine, ("single", "dask"))
    folder = None
    if out and not is_postgis(out):
        from planner.output import OutputFolder

        behind = write_behind and len(mset.measures) >= _write_behind_from()
        folder = OutputFolder(out, background=behind)
    try:
        how = {"engine": engine, "scheduler": scheduler, "period": period, "need": need}
        result, skipped = _analyse(mset, area_set, membership, ruleset, step, folder, how)
        result.report = _report(
            result,
            membership,
            skipped,
            period,
            need,
            crs,
            indicators,
            step.timings,
        )
        if out and is_postgis(out):
            step("uitvoer schrijven")
            from planner.postgis import write_results

            result.report["uitvoer"] = write_results(result, str(out))
            result.report["tijden_s"] = step.timings
        elif folder is not None:
            step("uitvoer schrijven")
            folder.add_rest(result)
            folder.commit(
                result,
                reports=report_options or {} if reports else None,
                progress=step if reports else None,
            )
            result.report["tijden_s"] = step.timings
    except BaseException:
        if folder is not None:
            folder.discard()
        raise
    step.done()
    return result


def _write_behind_from() -> int:
    import os

    wanted = os.environ.get("GEBIEDSPLANNER_WRITE_BEHIND_FROM", "")
    return int(wanted) if wanted.isdigit() else WRITE_BEHIND_FROM


def _analyse(
    mset, area_set, membership, ruleset, step, folder, how: dict
) -> tuple[RunResult, list[str]]:
    """Overlaps and stacking (and the rules skipped); each table goes to ``folder`` when ready."""
    if folder is not None:
        folder.add_measures(mset.measures)
    skipped: list[str] = []
    if how["engine"] == "dask":
        from planner.partitioned import find_overlaps_dask

        overlaps = find_overlaps_dask(
            mset,
            ruleset,
            areas=area_set,
            membership=membership,
            scheduler=how["scheduler"],
            progress=lambda name: step(f"regel {name}"),
            skipped=skipped,
        )
    else:
        overlaps = find_overlaps(
            mset,
            ruleset,
            areas=area_set,
            membership=membership,
            progress=lambda name: step(f"regel {name}"),
            skipped=skipped,
        )
    if folder is not None:
        folder.add_overlaps(overlaps)
    step("stapeling per gebied")
    stacking = stacking_by_area(
        mset,
        area_set,
        overlaps=overlaps,
        rules=ruleset,
        period=how["period"],
        need=how["need"],
        membership=membership,
    )
    result = RunResult(mset, area_set, ruleset, overlaps, stacking, membership=membership)
    return result, skipped


def check(
    measures: str | Path | Iterable[str | Path] | None = None,
    areas: str | Path | Iterable[str | Path] | None = None,
    *,
    rules: str | Path | None = None,
    layers: list[str] | None = None,
    area_layers: list[str] | None = None,
    mapping: FieldMapping | None = None,
    crs: str = DEFAULT_CRS,
    input_crs: str | None = None,
) -> tuple[MeasureSet, Areas, RuleSet]:
    """Read and check everything a run would use, without analysing or writing anything.

    Parameters
    ----------
    measures, areas, rules, layers, area_layers, mapping, crs, input_crs
        As for :func:`run`; without measures the shipped sample is checked.

    Returns
    -------
    tuple of (MeasureSet, Areas, RuleSet)
        The measures as they would be used (placement problems included), the areas and
        the rules.
    """
    if measures is None:
        sample = sample_inputs()
        measures, areas = sample["measures"], areas if areas is not None else sample["areas"]
    if areas is None:
        raise OptionError("Geef de gebieden op (--areas) bij eigen maatregelen.")
    ruleset = load_rules(rules)
    mset = read_measures(measures, layers=layers, mapping=mapping, crs=crs, input_crs=input_crs)
    area_set = read_areas(areas, layers=area_layers, crs=crs, input_crs=input_crs)
    mset, _ = _place(mset, area_set)
    return mset, area_set, ruleset


class _Steps:
    """Times each step and reports progress."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.count = progress, total, 0
        self.timings: dict[str, float] = {}
        self.current: str | None = None
        self.started = time.perf_counter()

    def __call__(self, name: str) -> None:
        self._close()
        self.current, self.started = name, time.perf_counter()
        if self.progress:
            self.progress(name, self.count, self.total)
        self.count += 1

    def _close(self) -> None:
        if self.current is not None:
            self.timings[self.current] = round(time.perf_counter() - self.started, 3)

    def done(self) -> None:
        self._close()
        self.current = None
        if self.progress:
            self.progress("klaar", self.total, self.total)


def _place(mset: MeasureSet, areas: Areas) -> tuple[MeasureSet, pd.DataFrame]:
    """Place measures in areas; reject those that cannot be placed, note those outside."""
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


def _report(result: RunResult, membership, skipped, period, need, crs, indicators, timings) -> dict:
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
        "opties": {"crs": crs, "periode": period, "behoefte": need},
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
        "stapeling": {
            level: {
                "rijen": int(len(t)),
                "gestapeld": int(t["stapeling"].sum()),
                "integratie": int(t["integratie"].sum()),
            }
            for level, t in result.stacking.items()
        },
        "verdeling": TEXT["verdeling"],
        "tijdvergelijking": TEXT["tijdvergelijking"],
        "versies": _versions(),
        "tijden_s": timings,
    }
