"""``gebiedsplanner wat-als``: the programme with and without a scenario, and what changes.

Two runs of the same inputs and options, the second with the scenario applied
(:mod:`planner.scenario`), and their comparison (:func:`planner.compare_runs`), in one folder::

    DIR/basis/        the run as it is (tables)
    DIR/scenario/     the run with the scenario (tables)
    DIR/vergelijking/ what the scenario changes: the tables and vergelijking.html/.pdf

Or against a run that is already there (``base``, ``gebiedsplanner wat-als BASIS``): its
inputs and options come from its ``run.json`` (:mod:`planner.rerun`), only the scenario is run
and compared with ``BASIS`` itself, which is read and never written; ``DIR/basis`` is not
made. Each part is written whole or not at all, with the output folder's usual safety; the
folder DIR itself may hold nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from planner.compare import Comparison
from planner.comparison_output import write_comparison
from planner.errors import InputError, OptionError
from planner.options import RunOptions
from planner.run import run

__all__ = ["what_if", "WHAT_IF_PARTS"]

#: The folders ``wat-als`` writes into its output folder.
WHAT_IF_PARTS = ("basis", "scenario", "vergelijking")


def _check_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"De uitvoer {out} bestaat al en is geen map: kies met --out een map.")
    if out.is_dir():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in WHAT_IF_PARTS)
        if foreign:
            raise InputError(
                f"De uitvoermap {out} bevat meer dan een eerdere wat-als ({', '.join(foreign[:3])}"
                "): kies met --out een nieuwe of lege map; er is niets gelezen of geschreven."
            )


def what_if(
    measures: str | Path | Iterable[str | Path] | None,
    areas: str | Path | Iterable[str | Path] | None,
    scenario: str | Path,
    out: str | Path,
    options: RunOptions | None = None,
    *,
    base: str | Path | None = None,
    reports: bool = True,
    title: str | None = None,
) -> Comparison:
    """Run the programme with ``scenario`` and compare it with the programme as it is.

    Parameters
    ----------
    measures, areas
        As for :func:`planner.run` (the shipped sample when ``measures`` is None); not with
        ``base``.
    scenario : path-like
        The scenario file (:func:`planner.scenario.read_scenario`).
    out : path-like
        The folder for ``basis/`` (not with ``base``), ``scenario/`` and ``vergelijking/``.
    options : RunOptions, optional
        The options of both runs (``out``, ``reports`` and ``scenario`` are set here); not
        with ``base``, whose own options are used.
    base : path-like, optional
        An output folder of ``gebiedsplanner run``: the scenario is applied to its inputs, run
        with its options, and compared with it. Its inputs must be as they were then.
    reports : bool
        The comparison's report (``vergelijking.html``/``.pdf``).
    title : str, optional
        Programme name in the report.

    Returns
    -------
    Comparison
        What the scenario changes.

    Raises
    ------
    InputError
        ``out`` holds something else; the scenario is wrong; ``base`` is no run folder, or its
        inputs are gone or changed.
    """
    out = Path(out)
    _check_folder(out)
    from planner.scenario import read_scenario

    if base is not None:
        if measures is not None or areas is not None or options is not None:
            raise OptionError(
                "wat-als met een basisrun neemt de invoer en opties van die run: geef geen "
                "--measures, --areas of andere invoeropties."
            )
        from planner.rerun import rerun_inputs

        measures, areas, options = rerun_inputs(base)
    read_scenario(scenario)  # a mistake stops here, before any run
    plain = RunOptions.with_changes(options, reports=False, scenario=None)
    if base is None:
        base = out / "basis"
        run(measures, areas, RunOptions.with_changes(plain, out=base))
    run(measures, areas, RunOptions.with_changes(plain, out=out / "scenario", scenario=scenario))
    return write_comparison(
        base, out / "scenario", out / "vergelijking", reports=reports, title=title
    )
