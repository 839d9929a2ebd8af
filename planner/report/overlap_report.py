"""The overlap report for the programme team: ``rapport.html`` and ``rapport.pdf``.

Both are rendered from one :class:`~planner.report.document.Document`, so they hold the same
content; the PDF repeats table headers on every page and numbers the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner._version import __version__
from planner.report.agreement_report import agreement_blocks, agreement_progress
from planner.report.decisions import DECISION_VERDICTS, stacked_and_blind
from planner.report.document import (
    Cell,
    Column,
    Contents,
    Document,
    Figures,
    Heading,
    Paragraph,
    Run,
    Table,
)
from planner.report.integration import report_section
from planner.report.labels import period_nl
from planner.report.palette import DOMAIN_COLOURS, LOAD_RAMP, VERDICT_COLOURS, needs_light_text
from planner.report.render_html import to_html
from planner.report.render_pdf import to_pdf
from planner.report.tables import ReportData, date_nl, euro, heat_table, nl, story
from planner.texts import DOMAIN_LABELS, QUADRANT_LABEL, TEXT, VERDICT_MEANING, verdict_label

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = [
    "overlap_report",
    "write_overlap_report",
    "pair_rows",
    "decided_blocks",
    "PAIR_COLUMNS_NL",
    "ReportCaps",
    "PAGE_BUDGET",
]

PAIR_COLUMNS_NL = [
    Column("Maatregel A", 2.3),
    Column("Maatregel B", 2.3),
    Column("Afstand", 0.95, "right"),
    Column("Uitleg", 2.8),
    Column("Actie", 1.6),
]


def _measure_cell(name, period, owner) -> Cell:
    owner = owner if isinstance(owner, str) and owner else "eigenaar onbekend"
    return Cell([[Run(str(name), "b")], [Run(f"{period_nl(period)} · {owner}", "small")]])


def pair_rows(pairs: pd.DataFrame) -> list[list[Cell]]:
    """Table rows for pairs: both measures (what, when, who), distance, explanation, action."""
    rows = []
    for row in pairs.itertuples():
        distance = (
            "zelfde gebied" if row.distance_m != row.distance_m else (f"{nl(row.distance_m, 0)} m")
        )
        explanation = Cell.of(row.uitleg)
        if getattr(row, "besluit_status", None) == "herzien":
            # decided before, open again: a measure changed since
            explanation.lines.append(
                [Run(f"Herzien: eerder {row.besluit}; {row.herzien_omdat}", "b")]
            )
        rows.append(
            [
                _measure_cell(row.naam_a, row.periode_a, row.eigenaar_a),
                _measure_cell(row.naam_b, row.periode_b, row.eigenaar_b),
                Cell.of(distance),
                explanation,
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
        for code in dict.fromkeys(facts["gestapeld"]["code"]):
            why = stacked_and_blind(data, code)
            if why:
                name = data.areas.loc[data.areas["code"] == code, "naam"].iloc[0]
                blocks.append(Paragraph([Run(f"{name}: ", "b"), Run(why)], small=True))
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
            colour = LOAD_RAMP[k]
            cells.append(
                Cell.of(nl(value, 0), background=colour, light_text=needs_light_text(colour))
            )
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


#: At most this many decided pairs are listed; besluiten.csv and overlappingen.csv hold all.
DECIDED_LIMIT = 30


def decided_blocks(decided: pd.DataFrame | None, limit: int = DECIDED_LIMIT) -> list:
    """The decided pairs, counted apart and listed briefly (none without ``--besluiten``)."""
    if decided is None or not len(decided):
        return []
    rows = [
        [
            Cell([[Run(str(r.naam_a))], [Run(f"en {r.naam_b}", "small")]]),
            Cell.of(r.besluit, "b"),
            Cell.of(" · ".join(str(v) for v in (r.besluit_datum, r.besluit_door) if v) or "–"),
        ]
        for r in decided.sort_values(["naam_a", "naam_b"]).head(limit).itertuples()
    ]
    more = len(decided) - len(rows)
    return [
        Heading(
            f"Besloten: {nl(len(decided))} {'paar' if len(decided) == 1 else 'paren'}",
            new_page=True,
        ),
        Paragraph.of(
            "Over deze paren is besloten (besluitenlijst); ze staan niet meer bij het open werk. "
            "Een paar waarvan een maatregel sindsdien veranderde staat weer open, als herzien."
        ),
        Table([Column("Paar", 3.0), Column("Besluit", 1.4), Column("Datum · door", 1.6)], rows),
        *(
            [Paragraph.of(f"En {nl(more)} meer: zie besluiten.csv.", small=True)]
            if more > 0
            else []
        ),
    ]


def reopened_blocks(overlaps: pd.DataFrame, limit: int = DECIDED_LIMIT) -> list:
    """The pairs decided before and open again because a measure changed since (herzien).

    They are decisions to take again: listed together, whatever their area's place in the
    lists per verdict.
    """
    if "besluit_status" not in overlaps.columns:
        return []
    part = pd.DataFrame(overlaps[overlaps["besluit_status"] == "herzien"])
    if not len(part):
        return []
    shown = part.sort_values(["naam_a", "naam_b", "measure_a", "measure_b"]).head(limit)
    label = "paar" if len(part) == 1 else "paren"
    return [
        Heading(f"Weer open: {nl(len(part))} {label} herzien"),
        Paragraph.of(
            "Over deze paren was besloten, maar een van de maatregelen veranderde sindsdien: het "
            "besluit moet opnieuw genomen worden.",
            small=True,
        ),
        Table(PAIR_COLUMNS_NL, pair_rows(shown)),
        *(
            [Paragraph.of(f"En {nl(len(part) - len(shown))} meer: zie besluiten.csv.", small=True)]
            if len(part) > len(shown)
            else []
        ),
    ]


@dataclass(frozen=True)
class ReportCaps:
    """How much of each list the report prints; the rest is counted, with a pointer."""

    areas: int = 6
    rows: int = 5
    integration: int = 12

    def smaller(self) -> ReportCaps:
        """Caps for another try when the report came out over :data:`PAGE_BUDGET` pages."""
        return ReportCaps(
            areas=max(2, self.areas - 2),
            rows=max(2, self.rows - 1),
            integration=max(3, self.integration // 2),
        )


#: Pages the report may have at most (A4).
PAGE_BUDGET = 40


def _grouped(pairs: pd.DataFrame, data: ReportData) -> list[tuple[int, pd.DataFrame]]:
    """Pairs per area where they meet, the area with the most first."""
    codes = data.areas["code"].to_numpy()
    groups = [(int(a), part) for a, part in pairs.groupby("_area", sort=False)]
    return sorted(groups, key=lambda g: (-len(g[1]), codes[g[0]] if g[0] >= 0 else "~"))


def _rest_line(rest: list[tuple[int, pd.DataFrame]], data: ReportData, what: str) -> Paragraph:
    names = ", ".join(
        f"{data.areas['naam'].iloc[a] if a >= 0 else 'buiten de gebieden'} {len(part)}"
        for a, part in rest
    )
    n = sum(len(part) for _, part in rest)
    return Paragraph.of(
        f"Nog {nl(n)} {what} in {len(rest)} andere {data.level}en ({names}): de volledige "
        "lijst staat in overlappingen.csv en in de laag overlappingen van gebiedsplanner.gpkg; "
        f"per {data.level} in gebiedsdag/<code>-<naam>-besluiten.csv.",
        small=True,
    )


def _pair_blocks(data: ReportData, caps: ReportCaps) -> list:
    """The decisions per verdict, grouped by area: the largest areas first, the rest counted."""
    pairs = pd.DataFrame(data.overlaps.drop(columns="geometry")).assign(_area=data.pair_area)
    blocks: list = [Heading("Besluiten per oordeel en gebied", new_page=True)]
    blocks.append(
        Paragraph.of(
            f"Per oordeel de {data.level}en met de meeste paren; per {data.level} de eerste "
            f"{caps.rows} paren (op moment en naam). Wat hier niet staat, is geteld en staat in "
            "de tabellen.",
            small=True,
        )
    )
    for verdict in DECISION_VERDICTS:
        part = pairs[pairs["verdict"] == verdict]
        if not len(part):
            continue
        blocks += [
            Heading(
                f"{verdict_label(verdict)}: {nl(len(part))} paren",
                swatch=VERDICT_COLOURS[verdict],
            ),
            Paragraph.of(VERDICT_MEANING[verdict], small=True),
        ]
        groups = _grouped(part, data)
        for area, rows in groups[: caps.areas]:
            rows = rows.sort_values(["moment", "naam_a", "naam_b", "measure_a", "measure_b"])
            name = data.area_name(area) if area >= 0 else "Buiten de gebieden"
            label = "paar" if len(rows) == 1 else "paren"
            blocks += [
                Heading(f"{name} · {nl(len(rows))} {label}", level=3),
                Table(PAIR_COLUMNS_NL, pair_rows(rows.head(caps.rows))),
            ]
            if len(rows) > caps.rows:
                blocks.append(
                    Paragraph.of(
                        f"En nog {nl(len(rows) - caps.rows)} {label} in {name}: zie het "
                        "gebiedsdagboekje en de besluitentabel van dit gebied.",
                        small=True,
                    )
                )
        if len(groups) > caps.areas:
            blocks.append(_rest_line(groups[caps.areas :], data, "paren"))
    return blocks


def _samenhang_blocks(data: ReportData, caps: ReportCaps) -> list:
    """Integration per area: the samenhang pairs (the one place the report renders them)."""
    pairs = pd.DataFrame(data.overlaps.drop(columns="geometry")).assign(_area=data.pair_area)
    part = pairs[pairs["verdict"] == "samenhang"]
    blocks: list = [
        Heading(f"Samenhang als paren per {data.level}: {nl(len(part))}", new_page=True),
        Paragraph.of(VERDICT_MEANING["samenhang"], small=True),
    ]
    if not len(part):
        return [*blocks, Paragraph.of("Geen samenhang volgens de regels.")]
    groups = _grouped(part, data)
    rows = []
    for area, rows_ in groups:
        owners = sorted({o for o in pd.concat([rows_["eigenaar_a"], rows_["eigenaar_b"]]).dropna()})
        rows.append(
            [
                Cell.of(data.area_name(area) if area >= 0 else "Buiten de gebieden"),
                Cell.of(nl(len(rows_))),
                Cell.of(nl(pd.concat([rows_["measure_a"], rows_["measure_b"]]).nunique())),
                Cell.of(
                    ", ".join(owners[:8])
                    + (f" en {len(owners) - 8} meer" if len(owners) > 8 else "")
                ),
            ]
        )
    blocks.append(
        Table(
            [
                Column(data.level.capitalize(), 2),
                Column("Paren", 0.7, "right"),
                Column("Maatregelen", 0.9, "right"),
                Column("Teams die elkaar treffen", 4),
            ],
            rows[: caps.integration * 3],
        )
    )
    if len(rows) > caps.integration * 3:
        blocks.append(_rest_line(groups[caps.integration * 3 :], data, "samenhang-paren"))
    return blocks


def overlap_report(
    result: RunResult,
    data: ReportData,
    *,
    title: str,
    data_date: dt.date,
    caps: ReportCaps | None = None,
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
    caps : ReportCaps, optional
        How many areas and rows the lists show.

    Returns
    -------
    Document
        The report.
    """
    caps = caps or ReportCaps()
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
    doc.add(Contents())
    doc.add(*_story_blocks(result, data, facts))
    doc.add(*_pair_blocks(data, caps))
    doc.add(*report_section(result, data.level, limit=caps.integration))
    if (data.overlaps["verdict"] == "samenhang").any():  # distance rules, or --samenhang-paren
        doc.add(*_samenhang_blocks(data, caps))
    doc.add(*decided_blocks(data.decided))
    doc.add(*reopened_blocks(data.overlaps))
    doc.add(*agreement_blocks(agreement_progress(result, data.level, data_date), data_date))
    doc.add(*_heat_blocks(result, data))
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
    from pypdf import PdfReader

    caps = ReportCaps()
    for _ in range(5):
        doc = overlap_report(result, data, title=title, data_date=data_date, caps=caps)
        pdf = to_pdf(doc, folder / "rapport.pdf")
        if len(PdfReader(str(pdf)).pages) <= PAGE_BUDGET:
            break
        caps = caps.smaller()
    html_path = folder / "rapport.html"
    html_path.write_text(to_html(doc, folder), encoding="utf-8")
    return [html_path, pdf]
