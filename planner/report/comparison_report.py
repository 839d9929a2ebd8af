"""The comparison report: ``vergelijking.html`` and ``vergelijking.pdf``.

Short, for the programme team before a gebiedsdag: what changed since the data of the old
version, the five areas that changed most and the new decisions that are needed. The full lists
stay in the tables (``maatregelen_verschil``, ``overlappingen_verschil``, ...). Both files are
rendered from one :class:`~planner.report.document.Document`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from planner._version import __version__
from planner.report.document import Cell, Column, Document, Figures, Heading, Paragraph, Run, Table
from planner.report.render_html import to_html
from planner.report.render_pdf import to_pdf
from planner.report.tables import date_nl, nl
from planner.texts import verdict_label

if TYPE_CHECKING:
    from planner.compare import Comparison

__all__ = ["comparison_report", "write_comparison_report", "DECISION_VERDICTS"]

#: The verdicts whose new overlaps ask the team for a decision (integration is asked per group).
DECISION_VERDICTS = ("combineren", "volgorde", "spreiden")

#: At most this many rows per list in the report; the tables hold them all.
LIST_LIMIT = 15

_KIND = {"nieuw": "nieuw", "vervallen": "vervallen", "gewijzigd": "gewijzigd"}


def _more(shown: int, total: int, table: str) -> list:
    if total <= shown:
        return []
    return [Paragraph.of(f"En {nl(total - shown)} meer: zie {table}.", small=True)]


def _areas_blocks(comparison: Comparison) -> list:
    if not comparison.areas:
        return [Paragraph.of("De gebiedsindelingen van OUD en NIEUW hebben geen niveau gemeen.")]
    level = next(iter(comparison.areas))
    table = comparison.areas[level]
    top = table[table["wijzigingen"] > 0].head(5)
    blocks: list = [Heading(f"De vijf gebieden die het meest veranderden (per {level})")]
    if top.empty:
        return [*blocks, Paragraph.of(f"In geen enkel gebied (per {level}) is iets veranderd.")]
    rows = []
    for row in top.itertuples(index=False):
        measures = [
            f"{nl(n)} {kind}"
            for n, kind in (
                (row.maatregelen_nieuw, "nieuw"),
                (row.maatregelen_vervallen, "vervallen"),
                (row.maatregelen_gewijzigd, "gewijzigd"),
            )
            if n
        ]
        other = [f"{nl(row.overlappingen_gewijzigd)} paren anders"]
        if row.vlaggen_verschenen:
            other.append(f"{nl(row.vlaggen_verschenen)} vlag(gen) verschenen")
        if row.vlaggen_verdwenen:
            other.append(f"{nl(row.vlaggen_verdwenen)} vlag(gen) verdwenen")
        rows.append(
            [
                Cell([[Run(str(row.naam), "b")], [Run(str(row.code), "small")]]),
                Cell.of(", ".join(measures) or "–"),
                Cell.of(", ".join(other)),
                Cell.of(nl(row.hinderlast_verschil_totaal, 1)),
            ]
        )
    columns = [
        Column("Gebied", 1.6),
        Column("Maatregelen", 2.0),
        Column("Overlappingen en vlaggen", 2.0),
        Column("Hinderlast anders", 1.0, "right"),
    ]
    blocks.append(Table(columns, rows, compact=True))
    blocks.append(
        Paragraph.of(
            "Maatregelen: nieuw, vervallen en gewijzigd (een verplaatste maatregel telt "
            "waar hij lag en waar hij nu ligt); hinderlast anders is de som over de perioden "
            f"van het verschil in hinderlast. Alle gebieden: gebieden_verschil_{level}.csv.",
            small=True,
        )
    )
    return blocks


def _decision_blocks(comparison: Comparison) -> list:
    pairs = comparison.overlaps
    new = pairs[(pairs["wijziging"] == "nieuw") & pairs["verdict"].isin(DECISION_VERDICTS)]
    groups = pd.concat(
        [g[g["wijziging"] == "nieuw"] for g in comparison.groups.values()] or [pd.DataFrame()]
    )
    flags = comparison.flags[comparison.flags["wijziging"] == "verschenen"]
    blocks: list = [Heading("Nieuwe besluiten nodig")]
    total = len(new) + len(groups) + len(flags)
    if not total:
        return [*blocks, Paragraph.of("Geen: er is geen nieuwe overlapping of stapeling.")]
    blocks.append(
        Paragraph.of(
            f"{nl(len(new))} nieuwe overlapping(en) om te combineren, te ordenen of te spreiden, "
            f"{nl(len(groups))} nieuwe samenhanggroep(en) en {nl(len(flags))} nieuwe "
            "stapeling- of integratievlag(gen)."
        )
    )
    rows = []
    for row in new.head(LIST_LIMIT).itertuples(index=False):
        rows.append(
            [
                Cell.of(verdict_label(row.verdict), "b"),
                Cell([[Run(str(row.naam_a))], [Run(f"en {row.naam_b}")]]),
                Cell.of(row.waarom),
            ]
        )
    for row in groups.head(max(0, LIST_LIMIT - len(rows))).itertuples(index=False):
        rows.append(
            [
                Cell.of("Samenhang", "b"),
                Cell.of(f"{row.naam} ({row.code}), {row.periode}: {row.regel}"),
                Cell.of(row.waarom),
            ]
        )
    for row in flags.head(max(0, LIST_LIMIT - len(rows))).itertuples(index=False):
        what = "Stapeling" if row.vlag == "stapeling" else "Integratie"
        rows.append(
            [
                Cell.of(what, "b"),
                Cell.of(f"{row.naam} ({row.code}), {row.periode}"),
                Cell.of(row.reden or "–"),
            ]
        )
    columns = [Column("Besluit over", 1.1), Column("Wat", 3.0), Column("Waarom nieuw", 3.2)]
    blocks.append(Table(columns, rows, compact=True))
    blocks += _more(len(rows), total, "overlappingen_verschil.csv en vlaggen_verschil.csv")
    return blocks


def _measure_blocks(comparison: Comparison) -> list:
    table = comparison.measures
    if table.empty:
        return [
            Heading("Maatregelen"),
            Paragraph.of("Geen maatregel is nieuw, vervallen of gewijzigd."),
        ]
    rows = [
        [
            Cell([[Run(str(row.naam), "b")], [Run(f"{row.id} · {row.laag}", "small")]]),
            Cell.of(_KIND[row.wijziging]),
            Cell.of(row.uitleg),
        ]
        for row in table.head(LIST_LIMIT).itertuples(index=False)
    ]
    columns = [Column("Maatregel", 2.6), Column("Wijziging", 1.0), Column("Wat", 3.6)]
    return [
        Heading("Maatregelen"),
        Table(columns, rows, compact=True),
        *_more(len(rows), len(table), "maatregelen_verschil.csv en veldwijzigingen.csv"),
    ]


def comparison_report(comparison: Comparison, *, title: str | None = None) -> Document:
    """The comparison report as a document.

    Parameters
    ----------
    comparison : Comparison
        What :func:`planner.compare_runs` returned.
    title : str, optional
        Programme name for the title; by default none.

    Returns
    -------
    Document
        The report.
    """
    old, new = comparison.old, comparison.new
    counts = comparison.counts()
    since = date_nl(old.data_date)
    name = f" {title}" if title else ""
    doc = Document(
        title=f"Vergelijking{name}: wat is er veranderd sinds {since}",
        footer=f"Gebiedsplanner {__version__} · vergelijking van {old.path.name} "
        f"({date_nl(old.data_date)}) met {new.path.name} ({date_nl(new.data_date)})",
    )
    m, o, f = counts["maatregelen"], counts["overlappingen"], counts["vlaggen"]
    doc.add(
        Heading(f"Wat is er veranderd sinds {since}", level=1),
        Paragraph.of(
            f"De versie van {date_nl(new.data_date)} ({new.path.name}) vergeleken met die van "
            f"{since} ({old.path.name}). Maatregelen zijn gekoppeld op hun id; een maatregel telt "
            f"als verplaatst vanaf {nl(comparison.tolerance)} m."
        ),
        Figures(
            [
                (nl(m["nieuw"]), "maatregelen nieuw"),
                (nl(m["vervallen"]), "maatregelen vervallen"),
                (nl(m["gewijzigd"]), "maatregelen gewijzigd"),
                (nl(o["nieuw"]), "overlappingen nieuw"),
                (nl(o["vervallen"]), "overlappingen vervallen"),
                (nl(f["verschenen"]), "vlaggen verschenen"),
            ]
        ),
    )
    for warning in comparison.warnings:
        doc.add(Paragraph([Run("Let op: ", "b"), Run(warning + ".")]))
    doc.add(*_areas_blocks(comparison))
    doc.add(*_decision_blocks(comparison))
    doc.add(*_measure_blocks(comparison))
    doc.add(
        Heading("Over deze vergelijking"),
        Paragraph.of(
            f"Gemaakt met Gebiedsplanner {__version__} uit run.json en gebiedsplanner.gpkg van "
            f"beide versies. Overlappingen zijn gekoppeld op regel en de ids van beide "
            "maatregelen, samenhanggroepen op regel, gebied en periode, de stapeling op gebied "
            "en periode. Gewijzigde velden per maatregel: veldwijzigingen.csv.",
            small=True,
        ),
    )
    return doc


def write_comparison_report(
    comparison: Comparison, folder: Path, *, title: str | None = None
) -> list[Path]:
    """Write ``vergelijking.html`` and ``vergelijking.pdf`` into ``folder``.

    Parameters
    ----------
    comparison : Comparison
        The comparison.
    folder : pathlib.Path
        The folder to write into.
    title : str, optional
        Programme name for the title.

    Returns
    -------
    list of pathlib.Path
        The two files.
    """
    doc = comparison_report(comparison, title=title)
    html_path = folder / "vergelijking.html"
    html_path.write_text(to_html(doc, folder), encoding="utf-8")
    return [html_path, to_pdf(doc, folder / "vergelijking.pdf")]
