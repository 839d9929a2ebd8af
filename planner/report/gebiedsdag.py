"""Per-area programme maps and the gebiedsdag booklets (A4 landscape), plus one atlas.

For every area of the chosen level: ``kaarten/<code>-<naam>.png`` (the map, decision points
numbered), ``kaarten/<code>-<naam>-tijdlijn-1.png`` (the timeline, one page), and the booklet
``gebiedsdag/<code>-<naam>.pdf`` with its HTML edition ``.html``: a decision document. Page 1 is
the area on one page (key figures against the average, the map, the things to decide); then the
decisions (combineren, volgorde, spreiden) numbered as on the map with a box each and the
question for the day, integration, the timeline, the measures and the figures per period.
``gebiedsdag/<code>-<naam>-besluiten.csv`` holds all of the area's decisions with the same
numbers. A booklet has at most :data:`PAGE_BUDGET` pages: what does not fit is counted, with a
pointer to the table that has it. ``gebiedsdag/atlas.pdf`` holds all booklets after a contents
page, with a bookmark per area.

``<code>-<naam>`` is the area's stem from :func:`~planner.report.filenames.area_file_names`,
made once for the whole level: no two areas share a file, so no two workers write one.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner._version import __version__
from planner.report.agreement_report import agreement_blocks, agreement_progress
from planner.report.decisions import (
    DECISION_VERDICTS,
    area_decisions,
    decision_points,
    stacked_and_blind,
    write_decisions_csv,
)
from planner.report.document import (
    Block,
    Cell,
    Column,
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
from planner.report.labels import (
    certainty_label,
    number_ranges,
    period_nl,
    status_label,
    theme_label,
)
from planner.report.maps import TIMELINE_ROWS, draw_area_map, draw_timeline
from planner.report.overlap_report import PAIR_COLUMNS_NL, decided_blocks, pair_rows
from planner.report.palette import DOMAIN_COLOURS, VERDICT_COLOURS
from planner.report.pdf import merge_pdfs
from planner.report.render_html import to_html
from planner.report.render_pdf import to_pdf
from planner.report.tables import ReportData, date_nl, euro, nl
from planner.schema import VERDICTS
from planner.texts import (
    DOMAIN_LABELS,
    INDICATOR_LABEL,
    QUADRANT_LABEL,
    VERDICT_MEANING,
    verdict_label,
)

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["write_gebiedsdag_pdf", "write_area_maps"]

_JOB: dict = {}

#: Pages a booklet may have at most (A4).
PAGE_BUDGET = 16
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


def _timeline_measures(measures: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """At most :data:`TIMELINE_ROWS` measures for the one timeline page.

    Those in the first decisions come first, then the rest by start; drawn in start order.
    """
    if len(measures) <= TIMELINE_ROWS:
        return measures
    first = decisions.head(MAP_NUMBERS)
    wanted = list(dict.fromkeys([*first["measure_a"], *first["measure_b"]]))
    rank = {m: k for k, m in enumerate(wanted)}
    order = measures.assign(
        _r=measures["id"].map(rank).fillna(len(rank)), _k=np.arange(len(measures))
    ).sort_values(["_r", "_k"])
    keep = order.head(TIMELINE_ROWS).sort_values("_k")
    return measures.loc[keep.index]


def _area_pictures(position: int) -> dict:
    """Draw one area's map (decisions numbered) and its timeline (run in a worker process)."""
    data: ReportData = _JOB["data"]
    folder: Path = _JOB["maps"]
    dpi: int = _JOB["dpi"]
    area = data.areas.iloc[position]
    stem = data.file_names[position]
    measures = data.measures_of(position)
    overlaps = data.overlaps_of(position)
    decisions = area_decisions(data, position)
    points = decision_points(decisions, MAP_NUMBERS)
    title = f"{area['naam']} ({area['code']})"
    map_path = draw_area_map(
        area,
        data.areas,
        measures,
        overlaps,
        folder / f"{stem}.png",
        title=title,
        dpi=dpi,
        numbers=points,
        unnumbered=len(decisions) - len(points),
    )
    shown = _timeline_measures(measures, decisions)
    suffix = (
        f" ({len(shown)} van {len(measures)} maatregelen)" if len(shown) < len(measures) else ""
    )
    timeline = draw_timeline(
        shown,
        overlaps,
        folder / f"{stem}-tijdlijn-1.png",
        title=f"Tijdlijn {title}{suffix}",
        years=data.years,
        dpi=min(dpi, 200),
    )
    return {
        "position": position,
        "map": map_path,
        "timelines": [timeline],
        "map_numbers": points["nummer"].tolist(),
        "timeline_measures": shown,
    }


def _area_booklet(position: int) -> dict:
    """Draw one area's pictures and, when asked, write its booklet (run in a worker).

    The booklet is laid out with :class:`Caps`; when it comes out over :data:`PAGE_BUDGET`
    pages it is laid out again with smaller caps (what is left out is counted in the booklet
    and is in the tables it points to).
    """
    item = _area_pictures(position)
    if _JOB.get("booklets"):
        from pypdf import PdfReader

        data: ReportData = _JOB["data"]
        folder: Path = _JOB["booklets"]
        stem = data.file_names[position]
        decisions = area_decisions(data, position)
        item["csv"] = write_decisions_csv(decisions, folder / f"{stem}-besluiten.csv")
        caps = Caps()
        for _ in range(6):
            doc = _booklet(
                _JOB["result"],
                data,
                item,
                data_date=_JOB["data_date"],
                publiek=_JOB["publiek"],
                caps=caps,
                groups=_JOB["groups"],
            )
            path = to_pdf(doc, folder / f"{stem}.pdf")
            if len(PdfReader(str(path)).pages) <= PAGE_BUDGET:
                break
            caps = caps.smaller()
        (folder / f"{stem}.html").write_text(to_html(doc, folder), encoding="utf-8")
        item["pdf"] = path
        item["html"] = folder / f"{stem}.html"
        item["title"] = str(data.areas.iloc[position]["naam"])
    return item


def _as_worker() -> None:
    """Signals in a booklet worker: forked, it would inherit the command line's handlers.

    The command line turns SIGTERM into a stop of the whole run, and Ctrl-C reaches every
    process of the terminal; in a worker both would print a traceback. The pool stops its
    workers with SIGTERM, and Ctrl-C is the run's to handle.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _each_area(job: dict, progress: Callable[[int, int], None] | None) -> list[dict]:
    """Run :func:`_area_booklet` for every area, on all cores where fork is available."""
    positions = list(range(len(job["data"].areas)))
    stems = {job["data"].file_names[p].casefold() for p in positions}
    if len(stems) != len(positions):
        # Two workers would write one file at once (a broken PNG, a booklet lost).
        raise RuntimeError("two areas share a file name")
    _JOB.update(job)
    workers = min(os.cpu_count() or 1, 4, len(positions))
    results = []
    try:
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_as_worker) as pool:
                for done, item in enumerate(pool.imap(_area_booklet, positions), start=1):
                    results.append(item)
                    if progress:
                        progress(done, len(positions))
                # let the workers end by themselves: leaving the block stops them with SIGTERM
                pool.close()
                pool.join()
        else:
            for done, position in enumerate(positions, start=1):
                results.append(_area_booklet(position))
                if progress:
                    progress(done, len(positions))
    finally:
        _JOB.clear()
    return results


def write_area_maps(
    data: ReportData,
    folder: Path,
    *,
    dpi: int = 300,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict]:
    """Draw every area's map and timeline PNGs, on all cores.

    Parameters
    ----------
    data : ReportData
        Shared report tables.
    folder : pathlib.Path
        Where the PNGs go (``kaarten/``).
    dpi : int
        Resolution of the maps (300: print); timelines are drawn at most at 200.
    progress : callable, optional
        Called as ``progress(done, total)``.

    Returns
    -------
    list of dict
        Per area (in area order): ``position``, ``map`` and ``timelines`` paths.
    """
    folder.mkdir(parents=True, exist_ok=True)
    return _each_area({"data": data, "maps": folder, "dpi": dpi}, progress)


def _measure_table(measures: pd.DataFrame, publiek: bool) -> Table:
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


def _figures_table(data: ReportData, code: str, publiek: bool) -> Table:
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


def _need_blocks(result, data: ReportData, position: int) -> list:
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


def _parent_name(result, code: object) -> str | None:
    """The name of the area with ``code`` on any level (the municipality for 'GM0392')."""
    if not isinstance(code, str):
        return None
    for part in result.areas.partitions:
        hit = part.areas.loc[part.areas["code"] == code, "naam"]
        if len(hit):
            return str(hit.iloc[0])
    return code


def _person(owner: object) -> str:
    return owner if isinstance(owner, str) and owner else "eigenaar onbekend"


def _decision_rows(part: pd.DataFrame) -> list[list[Cell]]:
    rows = []
    for r in part.itertuples():
        rows.append(
            [
                Cell.of(str(r.nummer), "b", swatch=VERDICT_COLOURS[r.verdict]),
                Cell(
                    [
                        [Run(str(r.naam_a), "b")],
                        [Run(f"{period_nl(r.periode_a)} · {_person(r.eigenaar_a)}", "small")],
                    ]
                ),
                Cell(
                    [
                        [Run(str(r.naam_b), "b")],
                        [Run(f"{period_nl(r.periode_b)} · {_person(r.eigenaar_b)}", "small")],
                    ]
                ),
                Cell.of(r.uitleg),
                Cell.of(r.actie),
                Cell([[Run("☐ akkoord  ☐ anders:", "small")], [Run(" ")]]),
            ]
        )
    return rows


DECISION_COLUMNS = [
    Column("Nr.", 0.55),
    Column("Maatregel A: wat, wanneer, wie", 2.3),
    Column("Maatregel B: wat, wanneer, wie", 2.3),
    Column("Waarom", 2.9),
    Column("Voorstel", 1.7),
    Column("Besluit", 1.7),
]

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
            blocks.append(Table(DECISION_COLUMNS, _decision_rows(part)))
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
            f"{_person(a)} en {_person(b)}"
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


def _booklet(
    result,
    data: ReportData,
    pictures: dict,
    *,
    data_date: dt.date,
    publiek: bool,
    caps: Caps | None = None,
    groups: pd.DataFrame | None = None,
) -> Document:
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
    parent = _parent_name(result, area.get("ouder"))
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
    doc.add(_measure_table(listed, publiek))
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
        _figures_table(data, area["code"], publiek),
        *_need_blocks(result, data, position),
    )
    return doc


def write_gebiedsdag_pdf(
    result: RunResult,
    data: ReportData,
    folder: Path,
    *,
    data_date: dt.date,
    publiek: bool = False,
    dpi: int = 300,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Path]:
    """Write the per-area maps, a booklet per area and the atlas.

    Parameters
    ----------
    result : RunResult
        The run.
    data : ReportData
        Shared report tables, at the level to make booklets for.
    folder : pathlib.Path
        The output folder: ``kaarten/`` and ``gebiedsdag/`` are made in it.
    data_date : datetime.date
        Date of the data, on every page.
    publiek : bool
        Leave internal fields (budget, zekerheid, everything outside the public schema) out.
    dpi : int
        Map resolution.
    progress : callable, optional
        Called as ``progress(step, done, total)``.

    Returns
    -------
    list of pathlib.Path
        The booklets (PDF, then HTML), the decisions tables, then the atlas.
    """

    def each(done: int, total: int) -> None:
        if progress:
            progress("gebiedsdagboekjes", done, total)

    maps = folder / "kaarten"
    booklets = folder / "gebiedsdag"
    maps.mkdir(parents=True, exist_ok=True)
    booklets.mkdir(parents=True, exist_ok=True)
    items = _each_area(
        {
            "data": data,
            "maps": maps,
            "dpi": dpi,
            "booklets": booklets,
            "result": result,
            "groups": all_groups(result.groups, result.areas.get(data.level)),
            "data_date": data_date,
            "publiek": publiek,
        },
        each,
    )
    paths = [item["pdf"] for item in items]
    atlas = _write_atlas(result, data, items, booklets, data_date)
    return [*paths, *(item["html"] for item in items), *(item["csv"] for item in items), atlas]


def _write_atlas(result, data: ReportData, items: list[dict], folder: Path, data_date) -> Path:
    """All booklets in one PDF, after a contents page; a bookmark per area, its sections below."""
    from pypdf import PdfReader

    pages = [len(PdfReader(str(item["pdf"])).pages) for item in items]
    title = _parent_name(result, data.areas["ouder"].iloc[0]) if "ouder" in data.areas else None
    heading = f"Atlas gebiedsdagen {title}" if title else "Atlas gebiedsdagen"
    contents = folder / ".atlas-inhoud.pdf"
    front = 1
    for _ in range(4):
        start = front + 1
        rows = []
        for item, n in zip(items, pages, strict=True):
            rows.append([Cell.of(item["title"]), Cell.of(str(start))])
            start += n
        doc = Document(
            title=heading,
            footer=f"{heading} · gegevens van {date_nl(data_date)} · Gebiedsplanner {__version__}",
        )
        doc.add(
            Heading(heading, level=1),
            Paragraph.of(
                f"Eén gebiedsdagboekje per {data.level}, {len(items)} in totaal; de bladwijzers "
                "van de PDF wijzen elk gebied en elk onderdeel aan.",
                small=True,
            ),
            Table([Column(data.level.capitalize(), 4), Column("Pagina", 1, "right")], rows),
        )
        to_pdf(doc, contents)
        made = len(PdfReader(str(contents)).pages)
        if made == front:
            break
        front = made
    try:
        return merge_pdfs(
            [contents, *(item["pdf"] for item in items)],
            folder / "atlas.pdf",
            titles=["Inhoud", *(item["title"] for item in items)],
        )
    finally:
        contents.unlink(missing_ok=True)
