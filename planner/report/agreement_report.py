"""Progress on agreements in the report and the booklets: a section and a page."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from planner.agreements import ALL_PARTIES, progress_by_agreement
from planner.report.document import Cell, Column, Heading, Paragraph, Run, Table
from planner.report.tables import date_nl, nl

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["agreement_progress", "agreement_blocks"]

_COLUMNS = [
    Column("Afspraak", 2.2),
    Column("Wie", 1.6),
    Column("Acties", 0.7, "right"),
    Column("Gereed", 0.9, "right"),
    Column("Verwacht gereed", 1.0, "right"),
    Column("Te laat", 1.8),
]


def agreement_progress(result: RunResult, level: str, data_date: dt.date) -> pd.DataFrame:
    """The run's progress table on ``level`` (empty when no measure has an agreement)."""
    return progress_by_agreement(
        result.measures.measures, result.areas, result.membership, data_date, level=level
    )


def _percent(share: float) -> str:
    return f"{nl(100 * share, 0)}%"


def agreement_blocks(
    progress: pd.DataFrame, data_date: dt.date, *, code: str | None = None, new_page: bool = True
) -> list:
    """The section (all areas, all parties) or an area's page (``code``: per party).

    Parameters
    ----------
    progress : pandas.DataFrame
        From :func:`agreement_progress`.
    data_date : datetime.date
        The date the shares are due by.
    code : str, optional
        One area: its agreements per party; without it every agreement and area.
    new_page : bool
        Start a new page in print.

    Returns
    -------
    list
        Document blocks; empty when there is nothing to show.
    """
    if code is None:
        rows = progress[progress["partij"] == ALL_PARTIES]
    else:
        rows = progress[progress["code"] == code]
    if not len(rows):
        return []
    table_rows = []
    for row in rows.itertuples(index=False):
        who = row.partij if code is not None else f"{row.naam}"
        late = row.te_laat if isinstance(row.te_laat, str) and row.te_laat else "–"
        table_rows.append(
            [
                Cell.of(row.afspraak, "b" if row.partij == ALL_PARTIES else ""),
                Cell.of(who),
                Cell.of(nl(row.n_acties)),
                Cell.of(f"{nl(row.n_gereed)} ({_percent(row.aandeel_gereed)})"),
                Cell.of(_percent(row.aandeel_verwacht)),
                Cell([[Run(f"{nl(row.n_te_laat)}", "b")], [Run(late, "small")]]),
            ]
        )
    columns = list(_COLUMNS)
    if code is None:
        columns[1] = Column("Gebied", 1.6)
    return [
        Heading("Voortgang van de afspraken", new_page=new_page),
        Paragraph.of(
            f"Per afspraak (wijkcontract, wijkakkoord): hoeveel acties gereed zijn, tegenover "
            f"het deel dat op {date_nl(data_date)} gereed had moeten zijn (het einde is "
            "voorbij), en welke te laat zijn (einde voorbij, niet gereed). Alle cijfers: "
            "voortgang_afspraken.csv."
        ),
        Table(columns, table_rows, compact=True),
    ]
