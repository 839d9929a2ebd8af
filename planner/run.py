"""The whole flow: read, place in areas, find overlaps, compute stacking, (write)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from planner.areas import Areas, read_areas
from planner.errors import DataProblems, OptionError
from planner.heap_trim import trim_heap
from planner.integration import find_groups
from planner.mapping import FieldMapping
from planner.options import RunOptions
from planner.output import OutputFolder
from planner.output_folder import claim_output_folder
from planner.overlaps import find_overlaps
from planner.placing import place_and_account
from planner.postgis import is_postgis
from planner.read import MeasureSet, read_measures
from planner.rerun import rerun_record
from planner.result import RunResult
from planner.rules import RuleSet, load_rules
from planner.run_record import run_record
from planner.schema import DEFAULT_CRS, layers_dir
from planner.stacking import stacking_by_area

__all__ = ["run", "check", "RunOptions", "RunResult", "sample_inputs"]

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


def run(
    measures: str | Path | Iterable[str | Path] | None = None,
    areas: str | Path | Iterable[str | Path] | None = None,
    options: RunOptions | None = None,
    *,
    progress: Progress | None = None,
    **changes: object,
) -> RunResult:
    """Run the whole analysis, and write the output folder when ``options.out`` is given.

    Parameters
    ----------
    measures : path, PostGIS address, LayerRef, or a list of them, optional
        Measure layers; the shipped sample programme when not given (and then also the sample's
        areas, key figures and need indicator, unless given).
    areas : path or list of paths, optional
        Area layers (partitions).
    options : RunOptions, optional
        How to read, analyse and write (:class:`planner.options.RunOptions`).
    progress : callable, optional
        Called as ``progress(step, done, total)``; it may raise
        :class:`~planner.errors.Cancelled` to stop the run (nothing is written then).
    **changes
        Single options over ``options``, by name: ``run(out="uitvoer", period="month")``.

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
    opts = RunOptions.with_changes(options, **changes)
    if measures is None:
        sample = sample_inputs()
        measures = sample["measures"]
        areas = areas if areas is not None else sample["areas"]
        opts = RunOptions.with_changes(
            opts,
            indicators=opts.indicators if opts.indicators is not None else sample["indicators"],
            need=opts.need if opts.need is not None else sample["need"],
        )
    if areas is None:
        raise OptionError("Geef de gebieden op (--areas) bij eigen maatregelen.")
    if opts.out and is_postgis(opts.out) and opts.reports:
        raise OptionError(
            "Rapporten, kaarten en boekjes komen in een map: gebruik bij --out postgresql://... "
            "ook --tables-only (of schrijf naar een map)."
        )
    claim = None
    if opts.out and not is_postgis(opts.out):
        # before anything is read: a folder that is not ours stops the run here
        inputs = _input_files(
            measures, areas, opts.rules, opts.indicators, opts.decisions, opts.scenario
        )
        claim = claim_output_folder(opts.out, inputs)
    try:
        return _run(measures, areas, opts, progress, claim)
    finally:
        if claim is not None:
            claim.release()


def _input_files(*given: object) -> list[Path]:
    """The files among the inputs (not database addresses or rule sets in memory)."""
    files = []
    for item in given:
        items = item if isinstance(item, list | tuple) else [item]
        for one in items:
            path = getattr(one, "path", one)
            if isinstance(path, str | Path) and not is_postgis(path) and Path(path).exists():
                files.append(Path(path))
    return files


def _run(measures, areas, opts: RunOptions, progress: Progress | None, claim) -> RunResult:
    ruleset = opts.rules if isinstance(opts.rules, RuleSet) else load_rules(opts.rules)
    out, reports = opts.out, opts.reports
    area_rules = sum(1 for r in ruleset.rules if r.same_area)
    pair_rules = sum(1 for r in ruleset.rules if not r.same_area or r.keep_pairs or opts.area_pairs)
    written = 0 if not out else 1 if is_postgis(out) else 2  # writing (and putting in place)
    total = 5 + area_rules + pair_rules + written + (3 if out and reports else 0)
    step = _Steps(progress, total)

    step("maatregelen lezen")
    mset = read_measures(
        measures, layers=opts.layers, mapping=opts.mapping, crs=opts.crs, input_crs=opts.input_crs
    )
    step("gebieden lezen")
    area_set = read_areas(
        areas,
        layers=opts.area_layers,
        crs=opts.crs,
        input_crs=opts.input_crs,
        indicators=opts.indicators,
    )
    if opts.scenario is not None:
        from planner.scenario import apply_scenario, read_scenario

        changes = read_scenario(opts.scenario)
        mset = apply_scenario(mset, changes)
        scenario_said = [c.describe() for c in changes]
    else:
        scenario_said = None
    decisions = None
    if opts.decisions is not None:
        from planner.decisions import read_decisions

        decisions = read_decisions(opts.decisions)  # a mistake stops the run before analysing
    step("maatregelen in gebieden plaatsen")
    mset, membership = place_and_account(mset, area_set)
    if opts.strict and len(mset.rejected):
        raise DataProblems(
            f"{len(mset.rejected)} van {mset.n_read} maatregelen afgewezen (--strict): "
            + "; ".join(
                f"{r.bron} {r.laag} fid {r.fid} ({r.veld}): {r.reden}"
                for r in mset.rejected.head(3).itertuples()
            )
            + (" ..." if len(mset.rejected) > 3 else "")
        )
    folder = None
    if claim is not None:
        behind = opts.write_behind and len(mset.measures) >= _write_behind_from()
        folder = OutputFolder(claim, background=behind)
    try:
        result, skipped = _analyse(
            mset, area_set, membership, ruleset, step, folder, opts, decisions
        )
        result.report = run_record(result, skipped, opts, step.timings)
        result.report["herhaling"] = rerun_record(measures, areas, opts)
        if scenario_said is not None:
            result.report["scenario"] = {
                "bestand": str(opts.scenario),
                "wijzigingen": scenario_said,
            }
        if out and is_postgis(out):
            step("uitvoer schrijven")
            from planner.postgis_write import write_results

            extra = {name: table for name, table, _ in _cycle_tables(result, opts)}
            result.report["uitvoer"] = write_results(result, str(out), extra=extra)
            result.report["tijden_s"] = step.timings
        elif folder is not None:
            step("uitvoer schrijven")
            folder.add_rest(result.stacking, result.measures.rejected)
            _add_cycle_tables(folder, result, opts)
            folder.finish_tables()
            if reports:
                from planner.report import write_reports

                write_reports(result, folder.tmp, progress=step, **(opts.report_options or {}))
            step("uitvoer vastleggen")  # the last moment a stop keeps the previous output
            folder.commit(result.report)
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


def _cycle_tables(
    result: RunResult, opts: RunOptions, in_parts: int | None = None
) -> list[tuple[str, object, str]]:
    """The planning cycle's tables, as (layer or table name, table, file name).

    ``besluiten`` (with ``--besluiten``: every decision with its status), always
    ``besluiten_sjabloon`` (the open work to decide, numbered as in the booklets) and
    ``voortgang_afspraken`` where measures have an ``afspraak``. A folder gets the template as
    a CSV only (it is filled in by hand), made in parts of ``in_parts`` pairs when given; a
    PostGIS schema gets all of them as tables.
    """
    from planner.decisions import TEMPLATE_NAME, apply_decisions

    outcome = result.decisions or apply_decisions(
        result.overlaps, result.measures.measures, None, groups=result.groups
    )
    tables: list[tuple[str, object, str]] = []
    if result.decisions is not None:
        tables.append(("besluiten", outcome.decisions, "besluiten.csv"))
    tables.append(("besluiten_sjabloon", _template(result, outcome, opts, in_parts), TEMPLATE_NAME))
    progress = _progress(result, opts)
    if progress is not None:
        tables.append(("voortgang_afspraken", progress, "voortgang_afspraken.csv"))
    return tables


def _add_cycle_tables(folder: OutputFolder, result: RunResult, opts: RunOptions) -> None:
    from planner.output import CSV_SLICE, write_csv_parts

    for name, table, file_name in _cycle_tables(result, opts, in_parts=CSV_SLICE):
        if name == "besluiten_sjabloon":
            write_csv_parts(table, folder.tmp / file_name)  # type: ignore[arg-type]
        else:
            folder.add(table, name, file_name)


def _template(result: RunResult, outcome, opts: RunOptions, in_parts: int | None = None):
    """``besluiten_sjabloon.csv``: numbered as in the booklets of the run's report level.

    Whole; or, with ``in_parts``, a generator of its parts of that many pairs (for the CSV).
    """
    from planner.decisions import decision_template, template_parts
    from planner.report.decisions import booklet_numbers
    from planner.report.filenames import area_file_names

    level = (opts.report_options or {}).get("per") or result.areas.levels[0]
    part = result.areas.get(level)
    stems = area_file_names(part.areas).stems
    numbers = booklet_numbers(outcome.overlaps, part, stems)
    by_code = dict(zip(part.areas["code"].astype(str), stems, strict=True))
    if in_parts:
        return template_parts(
            outcome, result.measures.measures, numbers, (level, by_code), rows=in_parts
        )
    return decision_template(outcome, result.measures.measures, numbers, booklets=(level, by_code))


def _progress(result: RunResult, opts: RunOptions):
    """Progress per agreement (``voortgang_afspraken``), None where no measure has an afspraak.

    The totals per agreement go into the run record (``afspraken``).
    """
    import datetime as dt

    from planner.agreements import ALL_PARTIES, progress_by_agreement

    data_date = (opts.report_options or {}).get("data_date") or dt.date.today()
    table = progress_by_agreement(
        result.measures.measures, result.areas, result.membership, data_date
    )
    if not len(table):
        return None
    total = table[table["partij"] == ALL_PARTIES].groupby("afspraak")
    result.report["afspraken"] = {
        str(name): {
            "acties": int(group["n_acties"].sum()),
            "gereed": int(group["n_gereed"].sum()),
            "te_laat": int(group["n_te_laat"].sum()),
        }
        for name, group in total
    }
    return table


def _analyse(
    mset, area_set, membership, ruleset, step, folder, opts: RunOptions, decisions=None
) -> tuple[RunResult, list[str]]:
    """Overlaps and stacking (and the rules skipped); each table goes to ``folder`` when ready."""
    if folder is not None:
        folder.add_measures(mset.measures)
    skipped: list[str] = []
    if opts.engine == "dask":
        from planner.partitioned import find_overlaps_dask

        overlaps = find_overlaps_dask(
            mset,
            ruleset,
            areas=area_set,
            membership=membership,
            scheduler=opts.scheduler,
            progress=lambda name: step(f"regel {name}"),
            skipped=skipped,
            area_pairs=opts.area_pairs,
        )
    else:
        overlaps = find_overlaps(
            mset,
            ruleset,
            areas=area_set,
            membership=membership,
            progress=lambda name: step(f"regel {name}"),
            skipped=skipped,
            area_pairs=opts.area_pairs,
        )
    groups = find_groups(
        mset,
        ruleset,
        area_set,
        period=opts.period,
        membership=membership,
        progress=lambda name: step(f"samenhang {name}"),
        skipped=skipped,
    )
    skipped[:] = list(dict.fromkeys(skipped))  # a rule with its pairs kept is named once
    outcome = None
    if decisions is not None:
        from planner.decisions import apply_decisions

        outcome = apply_decisions(overlaps, mset.measures, decisions, groups=groups)
        overlaps, groups = outcome.overlaps, outcome.groups
    if folder is not None:
        folder.add_overlaps(overlaps)
        folder.add_groups(groups)
    step("stapeling per gebied")
    stacking = stacking_by_area(
        mset,
        area_set,
        overlaps=overlaps,
        rules=ruleset,
        period=opts.period,
        need=opts.need,
        membership=membership,
        groups=groups,
    )
    result = RunResult(
        mset,
        area_set,
        ruleset,
        overlaps,
        stacking,
        membership=membership,
        groups=groups,
        decisions=outcome,
    )
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
    mset, _ = place_and_account(mset, area_set)
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
        trim_heap()  # what the step before freed goes back to the system
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
