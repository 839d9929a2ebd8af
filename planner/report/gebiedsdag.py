"""Per-area programme maps and the gebiedsdag booklets (A4 landscape), plus one atlas.

For every area of the chosen level: ``kaarten/<code>-<naam>.png`` (the map, decision points
numbered), ``kaarten/<code>-<naam>-tijdlijn-1.png`` (the timeline, one page), and the booklet
``gebiedsdag/<code>-<naam>.pdf`` with its HTML edition ``.html``: a decision document, laid out
by :func:`planner.report.booklet.booklet`. ``gebiedsdag/<code>-<naam>-besluiten.csv`` holds all
of the area's decisions with the same numbers. A booklet has at most :data:`PAGE_BUDGET` pages:
what does not fit is counted, with a pointer to the table that has it.
``gebiedsdag/atlas.pdf`` holds all booklets after a contents page, with a bookmark per area.
The areas are drawn and written on all cores (forked workers where the system has fork).

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
from planner.report.booklet import MAP_NUMBERS, Caps, booklet, parent_name
from planner.report.decisions import area_decisions, decision_points, write_decisions_csv
from planner.report.document import Cell, Column, Document, Heading, Paragraph, Table
from planner.report.integration import all_groups
from planner.report.maps import TIMELINE_ROWS, draw_area_map, draw_timeline
from planner.report.pdf import merge_pdfs
from planner.report.render_html import to_html
from planner.report.render_pdf import to_pdf
from planner.report.tables import ReportData, date_nl

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["write_gebiedsdag_pdf", "write_area_maps"]

_JOB: dict = {}


#: Pages a booklet may have at most (A4).
PAGE_BUDGET = 16


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
            doc = booklet(
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
    title = parent_name(result, data.areas["ouder"].iloc[0]) if "ouder" in data.areas else None
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
