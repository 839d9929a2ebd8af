"""The options of a run: one object, checked when it is made."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import OptionError, check_choice
from planner.mapping import FieldMapping
from planner.rules import RuleSet
from planner.schema import DEFAULT_CRS

__all__ = ["RunOptions", "PERIODS", "ENGINES"]

PERIODS = ("year", "quarter", "month")
ENGINES = ("single", "dask")
REPORT_OPTIONS = (
    "per",
    "publiek",
    "contact",
    "title",
    "data_date",
    "achtergrond",
    "achtergrond_bron",
    "jaar",
)


@dataclass(frozen=True)
class RunOptions:
    """How a run reads, analyses and writes; every option has a sensible default.

    Parameters
    ----------
    rules : path or RuleSet, optional
        The rules file; the shipped default rule set when not given.
    out : path or str, optional
        Output folder, written whole or not at all (only a folder Gebiedsplanner made, or an
        empty one, is replaced); or a PostGIS address (``postgresql://...?schema=naam``, tables
        only), replaced in one transaction.
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
    reports : bool
        With ``out``: also write the overlap report, maps, booklets and web map (False: the
        tables only).
    report_options : dict, optional
        For :func:`planner.report.write_reports`: ``per``, ``publiek``, ``contact``, ``title``,
        ``data_date``.
    strict : bool
        Stop with :class:`~planner.errors.DataProblems` (exit code 1), before anything is
        written, when any feature is rejected.
    engine : {"single", "dask"}
        Where the overlaps are found: on this machine, or on spatial partitions on a dask
        cluster (:mod:`planner.partitioned`); the answers are the same.
    scheduler : str, optional
        With ``engine="dask"``: a dask.distributed scheduler (``tcp://host:8786``); a local
        cluster when not given.
    area_pairs : bool
        Also write the pairs of same-area rules in ``overlappingen`` (``--samenhang-paren``),
        as before they became groups; the groups (``samenhang_<niveau>``) are written always.
    write_behind : bool
        With an output folder, and from :data:`planner.run.WRITE_BEHIND_FROM` measures: write
        the tables in a second Python process while the analysis goes on (the command line
        does; inside QGIS there is no Python executable to start).
    decisions : path or PostGIS address, optional
        The besluitenlijst (``--besluiten``, :func:`planner.decisions.read_decisions`): every
        overlap gets its decision and status, and the decisions are listed as ``besluiten``.
    scenario : path, optional
        A scenario file (``--scenario``, :func:`planner.scenario.read_scenario`): its changes
        are applied to the measures before the analysis; the inputs stay as they are.

    Examples
    --------
    >>> RunOptions(period="week")
    Traceback (most recent call last):
    ...
    planner.errors.OptionError: --period: 'week' is niet toegestaan; kies uit: year, quarter, month.
    >>> RunOptions.with_changes(None, pariod="year")
    Traceback (most recent call last):
    ...
    planner.errors.OptionError: onbekende optie 'pariod'; bekend zijn: rules, out, layers, ...
    """

    rules: str | Path | RuleSet | None = None
    out: str | Path | None = None
    layers: list[str] | None = None
    area_layers: list[str] | None = None
    mapping: FieldMapping | None = None
    crs: str = DEFAULT_CRS
    input_crs: str | None = None
    indicators: str | Path | None = None
    need: str | None = None
    period: str = "year"
    reports: bool = True
    report_options: dict = field(default_factory=dict)
    strict: bool = False
    engine: str = "single"
    scheduler: str | None = None
    write_behind: bool = False
    decisions: str | Path | None = None
    scenario: str | Path | None = None
    area_pairs: bool = False

    def __post_init__(self) -> None:
        check_choice("--period", self.period, PERIODS)
        check_choice("--engine", self.engine, ENGINES)
        unknown = sorted(set(self.report_options or {}) - set(REPORT_OPTIONS))
        if unknown:
            raise OptionError(
                f"onbekende rapportoptie {unknown[0]!r}; bekend zijn: {', '.join(REPORT_OPTIONS)}."
            )

    @classmethod
    def with_changes(cls, base: RunOptions | None, **changes: object) -> RunOptions:
        """``base`` (or the defaults) with ``changes``; an unknown name is an OptionError.

        Parameters
        ----------
        base : RunOptions, optional
            The options to start from.
        **changes
            Option names and their new values.

        Returns
        -------
        RunOptions
            The new options.
        """
        names = [f.name for f in dataclasses.fields(cls)]
        for name in changes:
            if name not in names:
                shown = ", ".join(names[:3])
                raise OptionError(f"onbekende optie {name!r}; bekend zijn: {shown}, ...")
        return dataclasses.replace(base or cls(), **changes)  # type: ignore[arg-type]
