"""``gebiedsplanner vergelijk``: compare two runs and write the differences, whole or not at all.

The output folder is claimed before anything is read (:func:`planner.output_folder.
claim_output_folder`): a folder that holds anything Gebiedsplanner did not make stops the
comparison, and so does an output folder inside one of the two runs (it would make that run's
folder one that a later run may no longer replace). The tables go into ``gebiedsplanner.gpkg``
and CSV files, the report into ``vergelijking.html`` and ``vergelijking.pdf``, the record into
``vergelijking.json``.
"""

from __future__ import annotations

from pathlib import Path

from planner._version import __version__
from planner.compare import DEFAULT_TOLERANCE_M, Comparison, compare_runs
from planner.errors import InputError
from planner.output import OutputFolder
from planner.output_folder import claim_output_folder

__all__ = ["write_comparison", "COMPARISON_RECORD", "comparison_tables"]

#: The record of a comparison in its output folder.
COMPARISON_RECORD = "vergelijking.json"


def comparison_tables(comparison: Comparison) -> list[tuple]:
    """The tables of a comparison as written: (frame, layer, CSV file, how the CSV has geometry).

    Parameters
    ----------
    comparison : Comparison
        The comparison.

    Returns
    -------
    list of tuple
        ``(frame, layer, csv, xy)`` in the order they are written.
    """
    tables = [
        (comparison.measures, "maatregelen_verschil", "maatregelen_verschil.csv", "point"),
        (comparison.fields, "veldwijzigingen", "veldwijzigingen.csv", None),
        (comparison.overlaps, "overlappingen_verschil", "overlappingen_verschil.csv", "xy"),
        (comparison.flags, "vlaggen_verschil", "vlaggen_verschil.csv", None),
    ]
    for level, table in comparison.groups.items():
        name = f"samenhang_verschil_{level}"
        tables.append((table, name, f"{name}.csv", "point"))
    for level, table in comparison.stacking.items():
        name = f"stapeling_verschil_{level}"
        tables.append((table, name, f"{name}.csv", None))
    for level, table in comparison.areas.items():
        name = f"gebieden_verschil_{level}"
        tables.append((table, name, f"{name}.csv", None))
    return tables


def _record(comparison: Comparison) -> dict:
    def side(run) -> dict:
        return {
            "map": str(run.path),
            "gegevensdatum": run.data_date.isoformat(),
            "gebiedsplanner": run.record["versies"]["gebiedsplanner"],
        }

    return {
        "oud": side(comparison.old),
        "nieuw": side(comparison.new),
        "tolerantie_m": comparison.tolerance,
        "aantallen": comparison.counts(),
        "waarschuwingen": comparison.warnings,
        "versies": {"gebiedsplanner": __version__},
    }


def _check_not_inside(out: Path, runs: tuple[Path, ...]) -> None:
    target = out.expanduser().resolve()
    for run in runs:
        folder = run.expanduser().resolve()
        if folder in target.parents:
            raise InputError(
                f"De uitvoermap {out} ligt in de run {run}: kies met --out een map buiten beide "
                "runs; er is niets gelezen of geschreven."
            )


def write_comparison(
    old: str | Path,
    new: str | Path,
    out: str | Path,
    *,
    tolerance: float = DEFAULT_TOLERANCE_M,
    reports: bool = True,
    title: str | None = None,
) -> Comparison:
    """Compare two runs and write the tables, the report and ``vergelijking.json`` to ``out``.

    Parameters
    ----------
    old, new : path-like
        The output folders of the two runs (``gebiedsplanner run --out``): OUD and NIEUW.
    out : path-like
        The comparison's output folder; replaced as a whole when the new output is complete,
        and only when it holds nothing but an earlier output of Gebiedsplanner.
    tolerance : float
        Metres a measure may shift before it counts as moved (:func:`planner.compare_runs`).
    reports : bool
        Also ``vergelijking.html`` and ``vergelijking.pdf``.
    title : str, optional
        Programme name in the report's title.

    Returns
    -------
    Comparison
        The differences.

    Raises
    ------
    InputError
        The output folder may not be written, or a run folder cannot be used.
    """
    old_path, new_path, out_path = Path(old), Path(new), Path(out)
    _check_not_inside(out_path, (old_path, new_path))
    claim = claim_output_folder(out_path, [old_path, new_path])
    try:
        comparison = compare_runs(old_path, new_path, tolerance=tolerance)
        folder = OutputFolder(claim)
    except BaseException:
        claim.release()
        raise
    try:
        for frame, layer, csv, xy in comparison_tables(comparison):
            folder.add(frame, layer, csv, xy)
        folder.finish_tables()
        if reports:
            from planner.report.comparison_report import write_comparison_report

            write_comparison_report(comparison, folder.tmp, title=title)
        folder.commit(_record(comparison), record=COMPARISON_RECORD)
    except BaseException:
        folder.discard()
        raise
    return comparison
