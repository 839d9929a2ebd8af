"""The tables of a gebiedsdag booklet: measures, figures per period, need, decision rows.

:mod:`planner.report.booklet` puts them on its pages; each is one
:class:`~planner.report.document.Table` (or a short list of blocks) for one area.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from planner.report.document import Block, Cell, Column, Heading, Paragraph, Run, Table
from planner.report.labels import certainty_label, period_nl, status_label, theme_label
from planner.report.palette import DOMAIN_COLOURS, VERDICT_COLOURS
from planner.report.tables import ReportData, euro, nl
from planner.schema import VERDICTS
from planner.texts import DOMAIN_LABELS, INDICATOR_LABEL, QUADRANT_LABEL, verdict_label

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = [
    "DECISION_COLUMNS",
    "decision_rows",
    "figures_table",
    "measure_table",
    "need_blocks",
    "person",
]


def measure_table(measures: pd.DataFrame, publiek: bool) -> Table:
    """The list of measures: what, domain, theme, when, who, status (budget and certainty inside).

    Parameters
    ----------
    measures : pandas.DataFrame
        The area's measures, in the order to list them.
    publiek : bool
        Leave the internal columns (budget, zekerheid) out.

    Returns
    -------
    Table
        One row per measure.
    """
    columns = [
        Column("Wat", 3.2),
        Column("Domein", 1.5),
        Column("Thema", 1.5),
        Column("Wanneer", 1.9),
        Column("Wie", 1.6),
        Column("Status", 1.4),
    ]
    if not publiek:
        columns += [Column("Budget (intern)", 1.3, "right"), Column("Zekerheid", 1.3)]
    rows = []
    for m in measures.itertuples():
        when = period_nl(m.start if m.start == m.eind else f"{m.start} t/m {m.eind}")
        what = [[Run(str(m.naam), "b")]]
        if isinstance(m.omschrijving, str) and m.omschrijving:
            what.append([Run(m.omschrijving, "small")])
        row = [
            Cell(what),
            Cell.of(DOMAIN_LABELS.get(m.domein, m.domein), swatch=DOMAIN_COLOURS.get(m.domein)),
            Cell.of(theme_label(m.thema)),
            Cell.of(when),
            Cell.of(m.eigenaar if isinstance(m.eigenaar, str) else "–"),
            Cell.of(status_label(m.status)),
        ]
        if not publiek:
            row += [Cell.of(euro(m.budget)), Cell.of(certainty_label(m.zekerheid))]
        rows.append(row)
    return Table(columns, rows)


def figures_table(data: ReportData, code: str, publiek: bool) -> Table:
    """The area's figures per period beside the average of all areas of its level.

    Parameters
    ----------
    data : ReportData
        Shared report tables (their ``stacking`` at the booklets' level).
    code : str
        The area's code.
    publiek : bool
        Leave the budget per resident out.

    Returns
    -------
    Table
        One row per period: measures, nuisance, per 1,000 residents, stacked or not, verdicts.
    """
    stack = data.stacking
    own = stack[stack["code"] == code].set_index("periode")
    mean = stack.groupby("periode")[
        ["hinderlast", "n_maatregelen", "per_1000_inwoners", "budget_per_inwoner"]
    ].mean()
    columns = [
        Column("Periode", 0.9),
        Column("Maatregelen", 1.2, "right"),
        Column("gemiddeld", 1.1, "right"),
        Column("Hinderlast", 1.1, "right"),
        Column("gemiddeld", 1.1, "right"),
        Column("Per 1.000 inw.", 1.3, "right"),
        Column("gemiddeld", 1.1, "right"),
    ]
    if not publiek:
        columns += [Column("Budget/inw.", 1.2, "right"), Column("gemiddeld", 1.1, "right")]
    columns += [Column("Gestapeld", 1.0), Column("Oordelen", 2.2)]
    rows = []
    for period, r in own.iterrows():
        avg = mean.loc[period]
        verdicts = (
            ", ".join(f"{verdict_label(v)} {int(r[f'n_{v}'])}" for v in VERDICTS if r[f"n_{v}"])
            or "–"
        )
        row = [
            Cell.of(period),
            Cell.of(nl(r["n_maatregelen"])),
            Cell.of(nl(avg["n_maatregelen"], 1)),
            Cell.of(nl(r["hinderlast"], 1)),
            Cell.of(nl(avg["hinderlast"], 1)),
            Cell.of(nl(r["per_1000_inwoners"], 1)),
            Cell.of(nl(avg["per_1000_inwoners"], 1)),
        ]
        if not publiek:
            row += [
                Cell.of(euro(r["budget_per_inwoner"])),
                Cell.of(euro(avg["budget_per_inwoner"])),
            ]
        row += [
            Cell.of("ja" if r["stapeling"] else "nee", "b" if r["stapeling"] else ""),
            Cell.of(verdicts),
        ]
        rows.append(row)
    return Table(columns, rows, compact=True)


def need_blocks(result: RunResult, data: ReportData, position: int) -> list[Block]:
    """The area's need: its indicators beside the average, and the balance of need and effort.

    Parameters
    ----------
    result : RunResult
        The run (its options name the need indicator, ``behoefte``).
    data : ReportData
        Shared report tables.
    position : int
        The area's position in ``data.areas``.

    Returns
    -------
    list of Block
        A heading, the table of figures and, where known, a line on the quadrants.
    """
    need = result.report["opties"].get("behoefte")
    area = data.areas.iloc[position]
    numeric = [
        c
        for c in data.areas.columns
        if c not in ("geometry", "inwoners")
        and pd.api.types.is_numeric_dtype(data.areas[c])
        and data.areas[c].notna().any()
    ]
    shown = ([need.lstrip("-")] if need else []) + [
        c
        for c in (
            "INK_INW_X1000",
            "WOZ_GEM_X1000",
            "P_GOED_ERV_GEZOND",
            "MISDR_PER_1000",
            "P_KOOPWON",
            "INW_65PLUS",
            "INW_0_14",
        )
        if c in numeric
    ]
    shown = list(dict.fromkeys(c for c in shown if c in data.areas.columns))
    blocks: list[Block] = [Heading("Opgave van het gebied", level=3)]
    rows = [
        [
            Cell.of(INDICATOR_LABEL["inwoners"]),
            Cell.of(nl(area["inwoners"])),
            Cell.of(nl(data.areas["inwoners"].mean(), 0)),
        ]
    ]
    for col in shown:
        label = INDICATOR_LABEL.get(col, col)
        if need and col == need.lstrip("-"):
            label += " · maat voor de opgave"
            if need.startswith("-"):
                label += " (lager is meer opgave)"
        rows.append(
            [Cell.of(label), Cell.of(nl(area[col], 1)), Cell.of(nl(data.areas[col].mean(), 1))]
        )
    blocks.append(
        Table(
            [
                Column("Cijfer", 3),
                Column(area["naam"], 1.4, "right"),
                Column("gemiddeld", 1.4, "right"),
            ],
            rows,
        )
    )
    quadrants = data.stacking.loc[data.stacking["code"] == area["code"], "kwadrant"].dropna()
    if len(quadrants):
        counts = quadrants.value_counts()
        text = "; ".join(
            f"{QUADRANT_LABEL[q]} ({n} {'periode' if n == 1 else 'perioden'})"
            for q, n in counts.items()
        )
        blocks.append(Paragraph.of(f"Balans opgave en inzet: {text}.", small=True))
    return blocks


def person(owner: object) -> str:
    """Who to speak to for a measure: its owner, or that the owner is unknown.

    Examples
    --------
    >>> person("wijkteam"), person(None)
    ('wijkteam', 'eigenaar onbekend')
    """
    return owner if isinstance(owner, str) and owner else "eigenaar onbekend"


def decision_rows(part: pd.DataFrame) -> list[list[Cell]]:
    """The rows of :data:`DECISION_COLUMNS`: number, both measures, why, proposal, a box.

    Parameters
    ----------
    part : pandas.DataFrame
        Numbered decisions (pairs with ``nummer``), in the order to print them.

    Returns
    -------
    list of list of Cell
        One row per decision.
    """
    rows = []
    for r in part.itertuples():
        rows.append(
            [
                Cell.of(str(r.nummer), "b", swatch=VERDICT_COLOURS[r.verdict]),
                Cell(
                    [
                        [Run(str(r.naam_a), "b")],
                        [Run(f"{period_nl(r.periode_a)} · {person(r.eigenaar_a)}", "small")],
                    ]
                ),
                Cell(
                    [
                        [Run(str(r.naam_b), "b")],
                        [Run(f"{period_nl(r.periode_b)} · {person(r.eigenaar_b)}", "small")],
                    ]
                ),
                Cell.of(r.uitleg),
                Cell.of(r.actie),
                Cell([[Run("☐ akkoord  ☐ anders:", "small")], [Run(" ")]]),
            ]
        )
    return rows


#: The columns of a table of decisions (:func:`decision_rows`).
DECISION_COLUMNS = [
    Column("Nr.", 0.55),
    Column("Maatregel A: wat, wanneer, wie", 2.3),
    Column("Maatregel B: wat, wanneer, wie", 2.3),
    Column("Waarom", 2.9),
    Column("Voorstel", 1.7),
    Column("Besluit", 1.7),
]
