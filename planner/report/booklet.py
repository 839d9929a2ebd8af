"""One area's gebiedsdag booklet as a :class:`~planner.report.document.Document`, page by page.

Page 1 is the area on one page (key figures against the average, the map, the things to
decide); then the decisions (combineren, volgorde, spreiden) numbered as on the map with a
box each and the question for the day, integration, the timeline, the measures and the
figures per period. How many rows each list prints is set by :class:`Caps`;
:mod:`planner.report.gebiedsdag` renders the document and lays it out again with smaller
caps when it comes out over its page budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from planner._version import __version__
from planner.report.agreement_report import agreement_blocks, agreement_progress
from planner.report.booklet_tables import (
    DECISION_COLUMNS,
    decision_rows,
    figures_table,
    measure_table,
    need_blocks,
    person,
)
from planner.report.decisions import (
    DECISION_VERDICTS,
    area_decisions,
    decision_points,
    stacked_and_blind,
)
from planner.report.document import (
    Block,
    Columns,
    Contents,
    Document,
    Figures,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Run,
    Table,
    WriteBox,
)
from planner.report.integration import all_groups, area_section
from planner.report.labels import number_ranges
from planner.report.overlap_report import PAIR_COLUMNS_NL, decided_blocks, pair_rows
from planner.report.palette import VERDICT_COLOURS
from planner.report.tables import ReportData, date_nl, nl
from planner.texts import (
    DOMAIN_LABELS,
    INDICATOR_LABEL,
    QUADRANT_LABEL,
    VERDICT_MEANING,
    verdict_label,
)

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["MAP_NUMBERS", "Caps", "booklet", "parent_name"]

#: Decisions numbered on the map (the list may show more, never fewer).
MAP_NUMBERS = 30


@dataclass(frozen=True)
class Caps:
    """How many rows of each list a booklet prints; the rest is counted, with a pointer."""

    decisions: int = 45
    integration: int = 14
    measures: int = 60

    def smaller(self) -> Caps:
        """Caps for a second try when a booklet came out over :data:`PAGE_BUDGET` pages."""
        return Caps(
            decisions=max(MAP_NUMBERS, int(self.decisions * 0.7)),
            integration=max(4, int(self.integration * 0.6)),
            measures=max(15, int(self.measures * 0.6)),
        )


def parent_name(result: RunResult, code: object) -> str | None:
    """The name of the area with ``code`` on any level (the municipality for 'GM0392').

    Parameters
    ----------
    result : RunResult
        The run, with its partitions.
    code : object
        An area code; anything else gives None.

    Returns
    -------
    str or None
        The name; the code itself when no level has it.
    """
    if not isinstance(code, str):
        return None
    for part in result.areas.partitions:
        hit = part.areas.loc[part.areas["code"] == code, "naam"]
        if len(hit):
            return str(hit.iloc[0])
    return code


QUESTIONS = {
    "combineren": "Wat combineren we? (werk met werk: één keer de straat open)",
    "volgorde": "Wat schuiven we in de tijd? (eerst graven, dan verharden; graafverbod)",
    "spreiden": "Hoe spreiden we de hinder? (omleidingen, afsluitingen, bereikbaarheid)",
}


def _decision_blocks(decisions: pd.DataFrame, caps: Caps, stem: str, on_map: list) -> list:
    blocks: list[Block] = [Heading(f"Besluiten ({len(decisions)})")]
    if not len(decisions):
        blocks.append(
            Paragraph.of(
                "Geen paren om te combineren, in volgorde te zetten of te spreiden volgens de "
                "regels."
            )
        )
        return blocks
    shown = decisions.head(caps.decisions)
    blocks.append(
        Paragraph.of(
            "Elk besluit is een paar maatregelen, genummerd zoals op de kaart "
            f"(op de kaart: {number_ranges(on_map) or 'geen'}; de andere staan alleen in deze "
            f"lijst: de kaart nummert er hoogstens {MAP_NUMBERS}, en besluiten zonder eigen plek "
            "nooit). Kruis aan of schrijf het besluit in het vak.",
            small=True,
        )
    )
    for verdict in DECISION_VERDICTS:
        part = shown[shown["verdict"] == verdict]
        total = int((decisions["verdict"] == verdict).sum())
        if not total:
            continue
        numbers = decisions.loc[decisions["verdict"] == verdict, "nummer"].tolist()
        blocks.append(
            Heading(
                f"{verdict_label(verdict)} ({total}): besluit {number_ranges(numbers)}",
                level=3,
                swatch=VERDICT_COLOURS[verdict],
                outline=True,
            )
        )
        blocks.append(Paragraph.of(VERDICT_MEANING[verdict], small=True))
        if len(part):
            blocks.append(Table(DECISION_COLUMNS, decision_rows(part)))
        if len(part) < total:
            blocks.append(
                Paragraph.of(
                    f"Nog {total - len(part)} besluiten {verdict} (nummer "
                    f"{number_ranges(numbers[len(part) :])}"
                    f") staan niet in dit boekje: de volledige lijst, genummerd als hier, staat "
                    f"in gebiedsdag/{stem}-besluiten.csv.",
                    small=True,
                )
            )
        blocks.append(WriteBox(QUESTIONS[verdict], 2))
    blocks.append(WriteBox("Afspraken en vervolg (wie, wat, wanneer)", 3))
    return blocks


def _samenhang_blocks(overlaps: pd.DataFrame, limit: int, level: str) -> list:
    """Integration in the area: the samenhang pairs (the one place they are rendered)."""
    part = pd.DataFrame(overlaps[overlaps["verdict"] == "samenhang"])
    blocks: list[Block] = [
        Heading(f"Samenhang als paren ({len(part)})", new_page=True),
        Paragraph.of(VERDICT_MEANING["samenhang"], small=True),
    ]
    if not len(part):
        blocks.append(Paragraph.of("Geen fysieke en sociale maatregelen die hier samenkomen."))
        return blocks
    by_area = int(part["gebiedsniveau"].sum()) if "gebiedsniveau" in part.columns else 0
    if by_area:
        blocks.append(
            Paragraph.of(
                f"Van de {len(part)} paren liggen er {by_area} samen in hetzelfde gebied (op de "
                f"kaart en de tijdlijn geteld, niet getekend) en {len(part) - by_area} binnen de "
                "afstand van hun regel.",
                small=True,
            )
        )
    teams = sorted(
        {
            f"{person(a)} en {person(b)}"
            for a, b in zip(part["eigenaar_a"], part["eigenaar_b"], strict=True)
        }
    )
    blocks.append(Paragraph.of(f"Teams die elkaar hier treffen: {'; '.join(teams[:12])}."))
    shown = part.sort_values(["naam_a", "naam_b", "measure_a", "measure_b"]).head(limit)
    blocks.append(Table(PAIR_COLUMNS_NL, pair_rows(shown)))
    if len(shown) < len(part):
        blocks.append(
            Paragraph.of(
                f"Nog {len(part) - len(shown)} samenhang-paren in deze {level}: zie "
                "overlappingen.csv (oordeel samenhang) of de laag overlappingen in "
                "gebiedsplanner.gpkg.",
                small=True,
            )
        )
    blocks.append(WriteBox("Wie verbindt de teams? (fysiek en sociaal, bewonersinitiatieven)", 2))
    return blocks


def _key_figures(result, data: ReportData, position: int, measures, decisions) -> list:
    area = data.areas.iloc[position]
    per_area = (
        data.members.groupby("gebied")["m"].nunique().reindex(range(len(data.areas)), fill_value=0)
    )
    stack = data.stacking
    peaks = stack.groupby("code")["hinderlast"].max()
    own_peak = stack[stack["code"] == area["code"]].sort_values(
        ["hinderlast", "periode"], ascending=[False, True]
    )
    items = [
        (nl(len(measures)), f"maatregelen · gemiddeld {nl(per_area.mean(), 0)} per {data.level}"),
        (nl(len(decisions)), "besluiten te nemen (combineren, volgorde, spreiden)"),
        (
            nl(area["inwoners"]),
            f"inwoners · gemiddeld {nl(data.areas['inwoners'].mean(), 0)}",
        ),
    ]
    if len(own_peak):
        top = own_peak.iloc[0]
        items.append(
            (
                nl(top["hinderlast"], 0),
                f"hinderlast in {top['periode']} (piek) · gemiddelde piek {nl(peaks.mean(), 0)}",
            )
        )
    need = result.report["opties"].get("behoefte")
    column = need.lstrip("-") if need else None
    if column and column in data.areas.columns:
        label = INDICATOR_LABEL.get(column, column)
        items.append(
            (
                nl(area[column], 1),
                f"{label} · gemiddeld {nl(data.areas[column].mean(), 1)} (opgave)",
            )
        )
    return items


def _to_decide(
    decisions: pd.DataFrame, overlaps: pd.DataFrame, both: str | None, n_groups: int = 0
) -> list:
    """The three to five things to decide, as short lines (``n_groups``: samenhang groups)."""
    lines = []
    for verdict in DECISION_VERDICTS:
        part = decisions[decisions["verdict"] == verdict]
        if not len(part):
            continue
        first = part.iloc[0]
        lines.append(
            f"{verdict_label(verdict)}: {len(part)} {'paar' if len(part) == 1 else 'paren'} "
            f"(besluit {number_ranges(part['nummer'].tolist())}), eerst nr. {first['nummer']}: "
            f"{first['naam_a']} en {first['naam_b']}."
        )
    together = int((overlaps["verdict"] == "samenhang").sum())
    if n_groups or together:
        counted = [
            f"{n_groups} {'groep' if n_groups == 1 else 'groepen'}" if n_groups else "",
            f"{together} {'paar' if together == 1 else 'paren'}" if together else "",
        ]
        lines.append(
            f"Samenhang: {' en '.join(c for c in counted if c)} van fysiek en sociaal: wie "
            "verbinden we?"
        )
    if both:
        lines.append("Opgave en inzet: gestapeld, maar weinig inzet voor de opgave (zie onder).")
    if not lines:
        lines.append("Geen besluiten volgens de regels: loop de lijst van maatregelen na.")
    return lines[:5]


def _describe_map(area, measures, points, decisions) -> str:
    counts = measures["domein"].value_counts()
    parts = (
        ", ".join(f"{n} {DOMAIN_LABELS.get(d, d).lower()}" for d, n in counts.items() if n)
        or "geen maatregelen"
    )
    text = f"Kaart van {area['naam']} met de buurgebieden eromheen: {parts}."
    if len(points):
        named = decisions.set_index("nummer")
        listed = "; ".join(
            f"{n}: {verdict_label(v).lower()} {named.loc[n, 'naam_a']} en {named.loc[n, 'naam_b']}"
            for n, v in zip(points["nummer"], points["verdict"], strict=True)
        )
        text += f" Genummerde besluitpunten op de kaart: {listed}."
    return text


def _describe_timeline(shown: pd.DataFrame, total: int, years: tuple[int, int]) -> str:
    if not len(shown):
        return "Tijdlijn zonder maatregelen."
    running = {
        y: int(
            (
                (pd.to_datetime(shown["periode_van"]).dt.year <= y)
                & (pd.to_datetime(shown["periode_tot"]).dt.year >= y)
            ).sum()
        )
        for y in range(years[0], years[1] + 1)
    }
    busiest = max(running, key=lambda y: (running[y], -y))
    which = f"{len(shown)} van de {total}" if len(shown) < total else f"alle {total}"
    return (
        f"Tijdlijn {years[0]}–{years[1]} van {which} maatregelen, als balken per maatregel. "
        f"Het drukste jaar is {busiest} met {running[busiest]} lopende maatregelen. "
        "Wanneer elke maatregel loopt, staat in de lijst Maatregelen."
    )


def booklet(
    result: RunResult,
    data: ReportData,
    pictures: dict,
    *,
    data_date: dt.date,
    publiek: bool,
    caps: Caps | None = None,
    groups: pd.DataFrame | None = None,
) -> Document:
    """One area's booklet, ready to render as PDF and HTML.

    Parameters
    ----------
    result : RunResult
        The run.
    data : ReportData
        Shared report tables, at the booklets' level.
    pictures : dict
        The area's ``position``, its ``map`` and ``timelines`` (PNG paths) and, when the
        timeline shows a selection, its ``timeline_measures``.
    data_date : datetime.date
        Date of the data, on every page.
    publiek : bool
        Leave internal fields (budget, zekerheid) out.
    caps : Caps, optional
        How many rows each list prints (:class:`Caps` by default).
    groups : pandas.DataFrame, optional
        All samenhang groups at the level (:func:`planner.report.integration.all_groups`);
        computed when not given.

    Returns
    -------
    Document
        The booklet.
    """
    caps = caps or Caps()
    position = pictures["position"]
    area = data.areas.iloc[position]
    stem = data.file_names[position]
    measures = data.measures_of(position)
    overlaps = data.overlaps_of(position)
    decisions = area_decisions(data, position)
    points = decision_points(decisions, MAP_NUMBERS)
    years = (
        f"{pd.Timestamp(measures['periode_van'].min()).year}–"
        f"{pd.Timestamp(measures['periode_tot'].max()).year}"
        if len(measures)
        else "–"
    )
    version = "publieke versie" if publiek else "interne versie (met budgetten)"
    parent = parent_name(result, area.get("ouder"))
    doc = Document(
        title=f"Gebiedsdag {area['naam']}",
        landscape=True,
        footer=f"Gebiedsdag {area['naam']} ({area['code']}) · gegevens van "
        f"{date_nl(data_date)} · bron: CBS, Kadaster; programma: gemeente en partners · "
        f"Gebiedsplanner {__version__}",
    )
    both = stacked_and_blind(data, area["code"])
    if groups is None:
        groups = all_groups(result.groups, result.areas.get(data.level))
    n_groups = int((groups["_gebied"] == position).sum()) if len(groups) else 0
    right_blocks: list[Block] = [Heading("Te beslissen op deze dag", level=2, outline=False)]
    right_blocks += [
        Paragraph([Run(f"{k}. ", "b"), Run(line)])
        for k, line in enumerate(_to_decide(decisions, overlaps, both, n_groups), start=1)
    ]
    quadrants = data.stacking.loc[data.stacking["code"] == area["code"], "kwadrant"].dropna()
    if len(quadrants):
        counts = quadrants.value_counts()
        right_blocks.append(
            Paragraph.of(
                "Balans opgave en inzet: "
                + "; ".join(
                    f"{QUADRANT_LABEL[q]} ({n} {'periode' if n == 1 else 'perioden'})"
                    for q, n in counts.items()
                )
                + ".",
                small=True,
            )
        )
    if both:
        right_blocks.append(Paragraph.of(both, small=True))
    doc.add(
        Heading(f"Gebiedsdag {area['naam']}", level=1),
        Paragraph.of(
            f"{data.level.capitalize()} {area['naam']} ({area['code']})"
            + (f" in {parent}" if parent else "")
            + f" · programma {years} · gegevens van {date_nl(data_date)} · {version}"
        ),
        Figures(_key_figures(result, data, position, measures, decisions)),
        Columns(
            [
                Image(
                    pictures["map"],
                    alt=f"Kaart van {area['naam']} met de genummerde besluitpunten",
                    description=_describe_map(area, measures, points, decisions),
                    max_height=0.74,
                )
            ],
            right_blocks,
            split=0.7,
        ),
        PageBreak(),
        Contents(),
    )
    doc.add(*_decision_blocks(decisions, caps, stem, points["nummer"].tolist()))
    if data.decided is not None and data.decided_area is not None:
        doc.add(*decided_blocks(data.decided[data.decided_area == position], limit=15))
    if groups is None:
        groups = all_groups(result.groups, result.areas.get(data.level))
    doc.add(*area_section(result, groups, position))
    if (overlaps["verdict"] == "samenhang").any():  # distance rules, or --samenhang-paren
        doc.add(*_samenhang_blocks(overlaps, caps.integration, data.level))
    progress = agreement_progress(result, data.level, data_date)
    doc.add(*agreement_blocks(progress, data_date, code=area["code"]))
    shown = pictures.get("timeline_measures", measures)
    for timeline in pictures["timelines"]:
        doc.add(
            Heading("Tijdlijn", new_page=True),
            Image(
                timeline,
                alt=f"Tijdlijn van {area['naam']}",
                description=_describe_timeline(shown, len(measures), data.years),
                max_height=0.85,
            ),
        )
    listed = measures.head(caps.measures)
    doc.add(Heading(f"Maatregelen ({len(measures)})", new_page=True))
    doc.add(measure_table(listed, publiek))
    if len(listed) < len(measures):
        doc.add(
            Paragraph.of(
                f"Hier de eerste {len(listed)} van {len(measures)} maatregelen (op startdatum); "
                f"alle {len(measures)} staan in maatregelen.csv en in de laag maatregelen van "
                "gebiedsplanner.gpkg.",
                small=True,
            )
        )
    doc.add(
        Heading("Cijfers van het gebied", new_page=True),
        Paragraph.of(f"Per periode, naast het gemiddelde van alle {data.level}en.", small=True),
        figures_table(data, area["code"], publiek),
        *need_blocks(result, data, position),
    )
    return doc
