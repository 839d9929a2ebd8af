"""Per-area programme maps and the gebiedsdag booklets (A4 landscape), plus one atlas.

For every area of the chosen level: ``kaarten/<code>-<naam>.png`` (the map) and
``kaarten/<code>-<naam>-tijdlijn-<n>.png`` (the timeline, in pages), and
``gebiedsdag/<code>-<naam>.pdf`` with a cover, the map, the timeline, the list of measures, the
overlaps with a box for the decision, the area's figures next to the municipality's average and
its need, and the questions for the day. ``gebiedsdag/atlas.pdf`` holds all areas in one file.

``<code>-<naam>`` is the area's stem from :func:`~planner.report.filenames.area_file_names`,
made once for the whole level: no two areas share a file, so no two workers write one.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner._version import __version__
from planner.report.document import (
    Block,
    Cell,
    Column,
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
from planner.report.maps import TIMELINE_ROWS, draw_area_map, draw_timeline
from planner.report.overlap_report import PAIR_COLUMNS_NL, pair_rows
from planner.report.palette import DOMAIN_COLOURS, VERDICT_COLOURS
from planner.report.pdf import merge_pdfs
from planner.report.render_pdf import to_pdf
from planner.report.tables import ReportData, date_nl, euro, nl
from planner.schema import VERDICTS
from planner.texts import DOMAIN_LABELS, INDICATOR_LABEL, QUADRANT_LABEL, VERDICT_MEANING

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["write_gebiedsdag_pdf", "write_area_maps"]

_JOB: dict = {}


def _area_pictures(position: int) -> dict:
    """Draw one area's map and timeline pages (run in a worker process)."""
    data: ReportData = _JOB["data"]
    folder: Path = _JOB["maps"]
    dpi: int = _JOB["dpi"]
    area = data.areas.iloc[position]
    stem = data.file_names[position]
    measures = data.measures_of(position)
    overlaps = data.overlaps_of(position)
    title = f"{area['naam']} ({area['code']})"
    map_path = draw_area_map(
        area, data.areas, measures, overlaps, folder / f"{stem}.png", title=title, dpi=dpi
    )
    timelines = []
    ids = set(measures["id"])
    touching = data.overlaps[
        data.overlaps["measure_a"].isin(ids) | data.overlaps["measure_b"].isin(ids)
    ]
    chunks = max(1, int(np.ceil(len(measures) / TIMELINE_ROWS)))
    for k in range(chunks):
        part = measures.iloc[k * TIMELINE_ROWS : (k + 1) * TIMELINE_ROWS]
        suffix = f" ({k + 1}/{chunks})" if chunks > 1 else ""
        timelines.append(
            draw_timeline(
                part,
                touching,
                folder / f"{stem}-tijdlijn-{k + 1}.png",
                title=f"Tijdlijn {title}{suffix}",
                years=data.years,
                dpi=min(dpi, 200),
            )
        )
    return {"position": position, "map": map_path, "timelines": timelines}


def _area_booklet(position: int) -> dict:
    """Draw one area's pictures and, when asked, write its booklet (run in a worker)."""
    item = _area_pictures(position)
    if _JOB.get("booklets"):
        data: ReportData = _JOB["data"]
        doc = _booklet(
            _JOB["result"],
            data,
            item,
            data_date=_JOB["data_date"],
            publiek=_JOB["publiek"],
            groups=_JOB["groups"],
        )
        path = _JOB["booklets"] / f"{data.file_names[position]}.pdf"
        item["pdf"] = to_pdf(doc, path)
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
        Column("Thema", 1.3),
        Column("Wanneer", 1.7),
        Column("Wie", 1.8),
        Column("Status", 1.0),
    ]
    if not publiek:
        columns += [Column("Budget (intern)", 1.2, "right"), Column("Zekerheid", 1.0)]
    rows = []
    for m in measures.itertuples():
        when = m.start if m.start == m.eind else f"{m.start} t/m {m.eind}"
        what = [[Run(str(m.naam), "b")]]
        if isinstance(m.omschrijving, str) and m.omschrijving:
            what.append([Run(m.omschrijving, "small")])
        row = [
            Cell(what),
            Cell.of(DOMAIN_LABELS.get(m.domein, m.domein), swatch=DOMAIN_COLOURS.get(m.domein)),
            Cell.of(m.thema if isinstance(m.thema, str) else "–"),
            Cell.of(when),
            Cell.of(m.eigenaar if isinstance(m.eigenaar, str) else "–"),
            Cell.of(m.status if isinstance(m.status, str) else "–"),
        ]
        if not publiek:
            row += [
                Cell.of(euro(m.budget)),
                Cell.of(m.zekerheid if isinstance(m.zekerheid, str) else "–"),
            ]
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
        verdicts = ", ".join(f"{v} {int(r[f'n_{v}'])}" for v in VERDICTS if r[f"n_{v}"]) or "–"
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


def _booklet(
    result,
    data: ReportData,
    pictures: dict,
    *,
    data_date: dt.date,
    publiek: bool,
    groups: pd.DataFrame | None = None,
) -> Document:
    position = pictures["position"]
    area = data.areas.iloc[position]
    measures = data.measures_of(position)
    overlaps = data.overlaps_of(position)
    years = (
        f"{pd.Timestamp(measures['periode_van'].min()).year}–"
        f"{pd.Timestamp(measures['periode_tot'].max()).year}"
        if len(measures)
        else "–"
    )
    version = "publieke versie" if publiek else "interne versie (met budgetten)"
    doc = Document(
        title=f"Gebiedsdag {area['naam']}",
        landscape=True,
        footer=f"Gebiedsdag {area['naam']} ({area['code']}) · gegevens van "
        f"{date_nl(data_date)} · bron: CBS, Kadaster; programma: gemeente en partners · "
        f"Gebiedsplanner {__version__}",
    )
    figures = [
        (nl(len(measures)), "maatregelen"),
        (nl(len(overlaps)), "paren met een oordeel"),
        (nl(area["inwoners"]), "inwoners"),
    ]
    if not publiek:
        figures.append(
            (euro(pd.to_numeric(measures["budget"], errors="coerce").sum()), "budget (intern)")
        )
    doc.add(
        Heading(f"Gebiedsdag {area['naam']}", level=1),
        Paragraph.of(
            f"{data.level.capitalize()} {area['code']}"
            + (f" in {area['ouder']}" if isinstance(area.get("ouder"), str) else "")
            + f" · programma {years} · gegevens van {date_nl(data_date)} · {version}"
        ),
        Figures(figures),
        Paragraph.of(
            "Op deze gebiedsdag leggen we alles wat in het gebied gepland is naast "
            "elkaar: fysieke ingrepen, beheer en onderhoud, het sociaal domein en "
            "bewonersinitiatieven. Wat kunnen we combineren, wat moet in een andere "
            "volgorde of later, en waar versterken teams elkaar?"
        ),
        Image(pictures["map"], alt=f"Kaart van {area['naam']}", width=1.0),
    )
    for timeline in pictures["timelines"]:
        doc.add(PageBreak(), Image(timeline, alt=f"Tijdlijn van {area['naam']}"))
    doc.add(
        Heading(f"Maatregelen ({len(measures)})", new_page=True), _measure_table(measures, publiek)
    )
    doc.add(Heading(f"Overlappingen ({len(overlaps)})", new_page=True))
    if not len(overlaps):
        doc.add(Paragraph.of("Geen overlappingen volgens de regels."))
    table = pd.DataFrame(overlaps.drop(columns="geometry"))
    for verdict in VERDICTS:
        part = table[table["verdict"] == verdict].sort_values(["naam_a", "naam_b"])
        if not len(part):
            continue
        doc.add(
            Heading(
                f"{verdict.capitalize()} ({len(part)})", level=3, swatch=VERDICT_COLOURS[verdict]
            ),
            Paragraph.of(VERDICT_MEANING[verdict], small=True),
        )
        rows = [row + [Cell.of("")] for row in pair_rows(part)]
        columns = [*PAIR_COLUMNS_NL, Column("Besluit", 2.2)]
        doc.add(Table(columns, rows))
    if groups is None:
        groups = all_groups(result.groups, result.areas.get(data.level))
    doc.add(*area_section(result, groups, position))
    doc.add(
        Heading("Cijfers van het gebied", new_page=True),
        Paragraph.of(f"Per periode, naast het gemiddelde van alle {data.level}en.", small=True),
        _figures_table(data, area["code"], publiek),
        *_need_blocks(result, data, position),
    )
    counts = {v: int((table["verdict"] == v).sum()) for v in VERDICTS} if len(table) else {}
    n_groups = int((groups["_gebied"] == position).sum()) if len(groups) else 0
    doc.add(
        Heading("Vragen voor de gebiedsdag", new_page=True),
        Paragraph.of(
            f"Combineren: {counts.get('combineren', 0)} paren · volgorde: "
            f"{counts.get('volgorde', 0)} · spreiden: {counts.get('spreiden', 0)} · "
            f"samenhang: {counts.get('samenhang', 0)} paren en "
            f"{n_groups} {'groep' if n_groups == 1 else 'groepen'}."
        ),
        WriteBox("Wat combineren we? (werk met werk: één keer de straat open)", 3),
        WriteBox("Wat schuiven we in de tijd? (volgorde, graafverbod, hinder spreiden)", 3),
        WriteBox("Wie verbindt de teams? (fysiek en sociaal, bewonersinitiatieven)", 3),
        WriteBox("Afspraken en vervolg (wie, wat, wanneer)", 4),
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
        The booklets, then the atlas.
    """

    def each(done, total):
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
    atlas = merge_pdfs(paths, booklets / "atlas.pdf")
    return [*paths, atlas]
