"""The short Dutch texts the command line prints: after a run, and after a check."""

from __future__ import annotations

from pathlib import Path

from planner._version import __version__
from planner.postgis import is_postgis, parse_uri
from planner.result import RunResult
from planner.stacking import most_stacked
from planner.texts import VERDICT_LABEL, number_nl

__all__ = ["summary"]


def summary(result: RunResult, out: str | Path) -> str:
    """The short Dutch summary printed after a run.

    Parameters
    ----------
    result : RunResult
        The run.
    out : path or str
        Where its output went (a folder or a PostGIS address).

    Returns
    -------
    str
        The lines, without a final newline.
    """
    counts = result.report["aantallen"]
    layers = len(result.measures.sources)
    where = (
        f"schema {parse_uri(str(out)).schema or 'gebiedsplanner'} van {parse_uri(str(out)).shown}"
        if is_postgis(out)
        else f"{out}/"
    )
    lines = [
        f"Gebiedsplanner {__version__}: uitvoer in {where}",
        f"Maatregelen: {number_nl(counts['gelezen'])} gelezen uit {layers} "
        f"{'laag' if layers == 1 else 'lagen'}, {number_nl(counts['gebruikt'])} gebruikt, "
        f"{number_nl(counts['afgewezen'])} afgewezen"
        + (" (redenen in run.json en afgewezen.csv)" if counts["afgewezen"] else "")
        + ".",
    ]
    files = result.report.get("uitvoer", [])
    if "rapport.pdf" in files:
        booklets = sum(1 for f in files if f.startswith("gebiedsdag/") and "atlas" not in f)
        lines.append(
            f"Rapporten: rapport.html en rapport.pdf, {booklets} gebiedsdagboekjes "
            "en atlas.pdf in gebiedsdag/, kaarten per gebied in kaarten/, kaart.html "
            "voor bewoners."
        )
    if counts["met_opmerking"]:
        lines.append(
            f"  {number_nl(counts['met_opmerking'])} maatregelen met een opmerking "
            "(hersteld, aangevuld of buiten de gebieden; zie kolom opmerkingen)."
        )
    per = result.report["overlappingen"]["per_oordeel"]
    lines.append(
        f"Overlappingen: {number_nl(result.report['overlappingen']['totaal'])} paren: "
        + ", ".join(f"{VERDICT_LABEL[v].lower()} {number_nl(n)}" for v, n in per.items())
        + "."
    )
    groups = result.report.get("samenhang", {})
    if groups:
        per_level = ", ".join(
            f"samenhang_{level} {number_nl(n)}" for level, n in groups["per_niveau"].items()
        )
        lines.append(
            f"Samenhang: {number_nl(groups['groepen'])} groepen (per gebied, periode en regel: "
            f"wie met wie om tafel moet){': ' + per_level if per_level else ''}."
        )
    for skipped in result.report.get("overgeslagen_regels", []):
        lines.append(f"  Let op: {skipped}.")
    for source in result.measures.sources:
        for warning in source.get("waarschuwingen", []):
            lines.append(f"  Let op: {warning}.")
    # the areas' warnings and those of the reports (file names), as in run.json
    for warning in result.report.get("invoer", {}).get("waarschuwingen", result.areas.warnings):
        lines.append(f"  Let op: {warning}.")
    level = result.areas.levels[0]
    top = most_stacked(result.stacking[level], 10)
    unit = {"year": "jaar", "quarter": "kwartaal", "month": "maand"}[
        result.report["opties"]["periode"]
    ]
    lines.append(f"Meest gestapelde gebieden ({level}, zwaarste {unit}):")
    for k, row in top.iterrows():
        why = row["reden"] or (
            f"hinderlast {number_nl(round(float(row['hinderlast']), 1))}, "
            f"{row['n_maatregelen']} maatregelen (onder de drempels)"
        )
        lines.append(f"  {k + 1:2d}. {row['naam']} ({row['code']}), {row['periode']}: {why}")
    return "\n".join(lines)
