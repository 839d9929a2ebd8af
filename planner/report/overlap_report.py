"""The overlap report for the programme team: ``rapport.html`` and ``rapport.pdf``.

Both are rendered from one :class:`~planner.report.document.Document`, so they hold the same
content; the PDF repeats table headers on every page and numbers the pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner._version import __version__
from planner.report.document import (
    Cell,
    Column,
    Document,
    Figures,
    Heading,
    Paragraph,
    Run,
    Table,
)
from planner.report.integration import report_section
from planner.report.palette import DOMAIN_COLOURS, LOAD_RAMP, VERDICT_COLOURS
from planner.report.render_html import to_html
from planner.report.render_pdf import to_pdf
from planner.report.tables import ReportData, date_nl, euro, heat_table, nl, story
from planner.schema import VERDICTS
from planner.texts import DOMAIN_LABELS, QUADRANT_LABEL, TEXT, VERDICT_MEANING

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["overlap_report", "write_overlap_report", "pair_rows", "PAIR_COLUMNS_NL"]

PAIR_COLUMNS_NL = [
    Column("Maatregel A", 2.3),
    Column("Maatregel B", 2.3),
    Column("Afstand", 0.95, "right"),
    Column("Uitleg", 2.8),
    Column("Actie", 1.6),
]


def _measure_cell(name, period, owner) -> Cell:
    owner = owner if isinstance(owner, str) and owner else "eigenaar onbekend"
    return Cell([[Run(str(name), "b")], [Run(f"{period} · {owner}", "small")]])


def pair_rows(pairs: pd.DataFrame) -> list[list[Cell]]:
    """Table rows for pairs: both measures (what, when, who), distance, explanation, action."""
    rows = []
    for row in pairs.itertuples():
        distance = (
            "zelfde gebied" if row.distance_m != row.distance_m else (f"{nl(row.distance_m, 0)} m")
        )
        rows.append(
            [
                _measure_cell(row.naam_a, row.periode_a, row.eigenaar_a),
                _measure_cell(row.naam_b, row.periode_b, row.eigenaar_b),
                Cell.of(distance),
                Cell.of(row.uitleg),
                Cell.of(row.actie),
            ]
        )
    return rows


def _story_blocks(result, data: ReportData, facts: dict) -> list:
    counts = facts["aantallen"]
    blocks = [
        Figures(
            [
                (nl(counts["gebruikt"]), "maatregelen"),
                (nl(len(data.overlaps)), "paren met een oordeel"),
                (nl(sum(len(t) for t in result.groups.values())), "samenhanggroepen"),
                (nl(int(data.stacking["stapeling"].sum())), f"gestapelde {data.level}-perioden"),
                (nl(counts["afgewezen"]), "afgewezen bij inlezen"),
            ]
        ),
        Heading("Maatregelen per domein en partner"),
        Table(
            [
                Column("Domein", 3),
                Column("Maatregelen", 1, "right"),
                Column("Budget", 1.4, "right"),
            ],
            [
                [
                    Cell.of(DOMAIN_LABELS[r.domein], swatch=DOMAIN_COLOURS[r.domein]),
                    Cell.of(nl(r.aantal)),
                    Cell.of(euro(r.budget)),
                ]
                for r in facts["per_domein"].itertuples()
            ],
        ),
        Table(
            [
                Column("Eigenaar", 3),
                Column("Maatregelen", 1, "right"),
                Column("Budget", 1.4, "right"),
            ],
            [
                [Cell.of(r.eigenaar), Cell.of(nl(r.aantal)), Cell.of(euro(r.budget))]
                for r in facts["per_eigenaar"].itertuples()
            ],
        ),
        Heading("Overlappingen per oordeel"),
        Table(
            [Column("Oordeel", 1.3), Column("Paren", 0.7, "right"), Column("Wat het betekent", 5)],
            [
                [
                    Cell.of(v.capitalize(), "b", swatch=VERDICT_COLOURS[v]),
                    Cell.of(nl(n)),
                    Cell.of(VERDICT_MEANING[v]),
                ]
                for v, n in facts["per_oordeel"].items()
            ],
        ),
        Heading("Meest gestapelde gebieden en jaren"),
    ]
    stacked = facts["gestapeld"]
    if len(stacked):
        blocks.append(
            Table(
                [
                    Column(data.level.capitalize(), 2),
                    Column("Periode", 0.8),
                    Column("Hinderlast", 1.15, "right"),
                    Column("Maatregelen", 1.3, "right"),
                    Column("Waarom", 4.2),
                ],
                [
                    [
                        Cell.of(f"{r.naam} ({r.code})"),
                        Cell.of(r.periode),
                        Cell.of(nl(r.hinderlast, 1)),
                        Cell.of(nl(r.n_maatregelen)),
                        Cell.of(r.reden),
                    ]
                    for r in stacked.itertuples()
                ],
            )
        )
    else:
        blocks.append(Paragraph.of("Geen gebied komt boven de drempels van de regels."))
    blocks.append(Heading("Opgave en inzet uit balans"))
    need = result.report["opties"].get("behoefte")
    if not need:
        blocks.append(
            Paragraph.of(
                "Geen behoeftecijfer opgegeven (--need): de balans tussen "
                "opgave en inzet is niet bepaald."
            )
        )
    else:
        blocks.append(
            Paragraph.of(
                f"Opgave gemeten met {need} (een minteken: lager is meer opgave); inzet als "
                "maatregelen per 1.000 inwoners, per periode vergeleken met de andere gebieden.",
                small=True,
            )
        )
        balance = facts["uit_balans"]
        blocks.append(
            Table(
                [Column(data.level.capitalize(), 2), Column("Situatie", 3), Column("Perioden", 3)],
                [
                    [
                        Cell.of(f"{r.naam} ({r.code})"),
                        Cell.of(QUADRANT_LABEL[r.kwadrant]),
                        Cell.of(r.periode),
                    ]
                    for r in balance.itertuples()
                ],
            )
            if len(balance)
            else Paragraph.of("Geen gebieden uit balans.")
        )
    return blocks


def _heat_blocks(result, data: ReportData) -> list:
    threshold = result.rules.thresholds(data.level)[0]["hinderlast_max"]
    breaks = np.array([0.25, 0.5, 0.75, 1.0]) * threshold
    heat = heat_table(data)
    columns = [Column(data.level.capitalize(), 2.6)] + [
        Column(str(p), 1, "right") for p in heat.columns
    ]
    rows = []
    for (_, name), values in heat.iterrows():
        cells = [Cell.of(name)]
        for value in values:
            k = int(np.searchsorted(breaks, value, side="right"))
            cells.append(Cell.of(nl(value, 0), background=LOAD_RAMP[k], light_text=k >= 2))
        rows.append(cells)
    return [
        Heading(f"Stapeling per {data.level} en periode (hinderlast)", new_page=True),
        Paragraph.of(
            "Hinderlast: de som van de hinder van alle lopende maatregelen (geen 0, "
            "laag 1, midden 2, hoog 3), naar hun aandeel in het gebied. Kleur: licht "
            f"is weinig, donker is boven de drempel van {nl(threshold)}.",
            small=True,
        ),
        Table(columns, rows, compact=True),
    ]


def _pair_blocks(data: ReportData) -> list:
    pairs = pd.DataFrame(data.overlaps.drop(columns="geometry")).assign(_area=data.pair_area)
    codes = data.areas["code"].to_numpy()
    blocks = []
    for verdict in VERDICTS:
        part = pairs[pairs["verdict"] == verdict]
        if not len(part):
            continue
        blocks += [
            Heading(
                f"{verdict.capitalize()}: {nl(len(part))} paren",
                new_page=True,
                swatch=VERDICT_COLOURS[verdict],
            ),
            Paragraph.of(VERDICT_MEANING[verdict]),
        ]
        order = sorted(part["_area"].unique(), key=lambda a: codes[a] if a >= 0 else "~")
        for area in order:
            rows = part[part["_area"] == area].sort_values(
                ["naam_a", "naam_b", "measure_a", "measure_b"]
            )
            name = data.area_name(int(area)) if area >= 0 else "Buiten de gebieden"
            label = "paar" if len(rows) == 1 else "paren"
            blocks += [
                Heading(f"{name} · {len(rows)} {label}", level=3),
                Table(PAIR_COLUMNS_NL, pair_rows(rows)),
            ]
    return blocks


def overlap_report(
    result: RunResult, data: ReportData, *, title: str, data_date: dt.date
) -> Document:
    """The overlap report as a document.

    Parameters
    ----------
    result : RunResult
        The run.
    data : ReportData
        Shared report tables (:func:`planner.report.tables.report_data`).
    title : str
        Programme or municipality name.
    data_date : datetime.date
        The date of the data, printed on every page.

    Returns
    -------
    Document
        The report.
    """
    facts = story(result, data)
    doc = Document(
        title=f"Overlaprapport {title}",
        footer=f"Gebiedsplanner {__version__} · {title} · gegevens van {date_nl(data_date)} · "
        "bron gebieden: CBS, Kadaster",
    )
    doc.add(
        Heading(f"Overlaprapport {title}", level=1),
        Paragraph.of(
            f"Waar maatregelen zich stapelen en waar fysiek en sociaal samenkomen, "
            f"{data.years[0]}–{data.years[1]}, per {data.level}. Gegevens van "
            f"{date_nl(data_date)}."
        ),
    )
    doc.add(*_story_blocks(result, data, facts))
    doc.add(*_heat_blocks(result, data))
    doc.add(*_pair_blocks(data))
    doc.add(*report_section(result, data.level))
    doc.add(
        Heading("Over dit rapport", new_page=True),
        Paragraph.of(
            f"Gemaakt met Gebiedsplanner {__version__}. Regels: "
            f"{Path(result.rules.source).name}. {TEXT['verdeling']} "
            f"{TEXT['tijdvergelijking']}",
            small=True,
        ),
        Paragraph.of(
            f"Gelezen: {nl(facts['aantallen']['gelezen'])} maatregelen, gebruikt "
            f"{nl(facts['aantallen']['gebruikt'])}, afgewezen "
            f"{nl(facts['aantallen']['afgewezen'])} (zie run.json en afgewezen.csv). "
            "Bron gebieden: CBS, Kadaster (CC BY 4.0).",
            small=True,
        ),
    )
    return doc


def write_overlap_report(
    result: RunResult, data: ReportData, folder: Path, *, title: str, data_date: dt.date
) -> list[Path]:
    """Write ``rapport.html`` and ``rapport.pdf`` into ``folder``.

    Returns
    -------
    list of pathlib.Path
        The two files.
    """
    doc = overlap_report(result, data, title=title, data_date=data_date)
    html_path = folder / "rapport.html"
    html_path.write_text(to_html(doc, folder), encoding="utf-8")
    return [html_path, to_pdf(doc, folder / "rapport.pdf")]
