"""``gebiedsplanner wat-als``: the programme with and without a scenario, and what changes.

Two runs of the same inputs and options, the second with the scenario applied
(:mod:`planner.scenario`), and their comparison (:func:`planner.compare_runs`), in one folder::

    DIR/basis/        the run as it is (tables)
    DIR/scenario/     the run with the scenario (tables)
    DIR/vergelijking/ what the scenario changes: the tables and vergelijking.html/.pdf

Each of the three is written whole or not at all, with the output folder's usual safety; the
folder DIR itself may hold nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from planner.compare import Comparison
from planner.comparison_output import write_comparison
from planner.errors import InputError
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
    reports: bool = True,
    title: str | None = None,
) -> Comparison:
    """Run the programme as it is and with ``scenario``, and compare the two.

    Parameters
    ----------
    measures, areas
        As for :func:`planner.run` (the shipped sample when ``measures`` is None).
    scenario : path-like
        The scenario file (:func:`planner.scenario.read_scenario`).
    out : path-like
        The folder for ``basis/``, ``scenario/`` and ``vergelijking/``.
    options : RunOptions, optional
        The options of both runs (``out``, ``reports`` and ``scenario`` are set here).
    reports : bool
        The comparison's report (``vergelijking.html``/``.pdf``).
    title : str, optional
        Programme name in the report.

    Returns
    -------
    Comparison
        What the scenario changes.
    """
    out = Path(out)
    _check_folder(out)
    from planner.scenario import read_scenario

    read_scenario(scenario)  # a mistake stops here, before two runs
    base = RunOptions.with_changes(options, reports=False, scenario=None)
    run(measures, areas, RunOptions.with_changes(base, out=out / "basis"))
    run(measures, areas, RunOptions.with_changes(base, out=out / "scenario", scenario=scenario))
    return write_comparison(
        out / "basis", out / "scenario", out / "vergelijking", reports=reports, title=title
    )
