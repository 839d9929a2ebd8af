"""What people read: the overlap report, per-area maps, gebiedsdag booklets, the web map.

Everything here is made from a :class:`~planner.run.RunResult`; heavy parts (matplotlib,
ReportLab) are imported only when a report is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from planner.report.tables import ReportData, report_data
from planner.texts import say

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = [
    "write_reports",
    "default_title",
    "webmap_title",
    "webmap_page",
    "report_data",
    "ReportData",
]


def default_title(result: RunResult) -> str:
    """The municipality's name when the coarsest level is one area, else 'het programma'."""
    coarsest = result.areas.partitions[-1].areas
    return str(coarsest["naam"].iloc[0]) if len(coarsest) == 1 else "het programma"


def webmap_title(result: RunResult, level: str, title: str | None = None) -> str:
    """The residents' web map's title: 'Haarlem: wat gebeurt er in mijn wijk?'.

    Parameters
    ----------
    result : RunResult
        The run.
    level : str
        The partition level the web map shows.
    title : str, optional
        Programme name; :func:`default_title` when not given.

    Returns
    -------
    str
        The title.
    """
    return say("webkaart_titel", titel=title or default_title(result), niveau=level)


def webmap_page(
    result: RunResult,
    *,
    title: str | None = None,
    contact: str | None = None,
    per: str | None = None,
    achtergrond: str | None = None,
    achtergrond_bron: str | None = None,
) -> str:
    """The residents' web map (``kaart.html``) as one self-contained HTML page.

    The same page ``run(out=...)`` writes: public fields only, Leaflet inlined (no CDN), the
    list of measures beside the map as its accessible form.

    Parameters
    ----------
    result : RunResult
        The run.
    title : str, optional
        Programme name (the municipality's name by default); the page's title asks
        "wat gebeurt er in mijn <niveau>?".
    contact : str, optional
        General contact line for residents; the municipality's general number by default.
    per : str, optional
        The partition level of the map's areas; the finest by default.
    achtergrond : str, optional
        Background tiles: an XYZ URL template, or ``geen``; PDOK's BRT achtergrondkaart by
        default (offline the page falls back to the areas with their names).
    achtergrond_bron : str, optional
        The attribution of those tiles.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    planner.OptionError
        ``per`` is not one of the run's partition levels, or ``achtergrond`` is not an XYZ
        URL template.
    """
    from planner.report.webmap import DEFAULT_CONTACT, background, webmap_html

    tiles = background(achtergrond, achtergrond_bron)
    data = report_data(result, per)
    return webmap_html(
        result,
        data,
        title=webmap_title(result, data.level, title),
        contact=contact or DEFAULT_CONTACT,
        tiles=tiles,
    )


def write_reports(
    result: RunResult,
    folder: Path,
    *,
    per: str | None = None,
    publiek: bool = False,
    contact: str | None = None,
    title: str | None = None,
    data_date: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    achtergrond: str | None = None,
    achtergrond_bron: str | None = None,
    jaar: int | None = None,
) -> list[Path]:
    """Write the overlap report, maps, booklets, web map and uitvoeringsprogramma into ``folder``.

    Parameters
    ----------
    result : RunResult
        The run.
    folder : pathlib.Path
        The output folder (the run's temporary folder while the run writes).
    per : str, optional
        The partition level for maps, booklets and the web map's areas; the finest by default.
    publiek : bool
        Booklets without internal fields.
    contact : str, optional
        General contact line for residents on the web map.
    title : str, optional
        Programme name; the municipality's name by default.
    data_date : datetime.date, optional
        Date of the data; today by default.
    progress : callable, optional
        Called with each step's Dutch name.
    achtergrond, achtergrond_bron : str, optional
        The web map's background tiles and their attribution (see :func:`webmap_page`).
    jaar : int, optional
        The year of the wijkuitvoeringsprogramma pages; the year after ``data_date`` by default.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Notes
    -----
    Where two areas' codes and names would give one file name, or an area has no usable code
    or name, the run's report (``run.json``, the command line's summary) says so among its
    warnings (``invoer.waarschuwingen``).
    """
    from planner.report.gebiedsdag import write_gebiedsdag_pdf
    from planner.report.overlap_report import write_overlap_report
    from planner.report.uitvoeringsprogramma import write_uitvoeringsprogramma
    from planner.report.webmap import DEFAULT_CONTACT, background, write_webmap

    if per is not None:
        result.areas.get(per)  # raises OptionError with the loaded levels
    tiles = background(achtergrond, achtergrond_bron)
    data = report_data(result, per)
    _note_warnings(result, data.file_names.warnings)
    title = title or default_title(result)
    data_date = data_date or dt.date.today()
    step = progress or (lambda name: None)
    step("overlaprapport")
    files = write_overlap_report(result, data, folder, title=title, data_date=data_date)
    step("kaarten en gebiedsdagboekjes")
    files += write_gebiedsdag_pdf(result, data, folder, data_date=data_date, publiek=publiek)
    step("webkaart")
    files.append(
        write_webmap(
            result,
            data,
            folder / "kaart.html",
            title=webmap_title(result, data.level, title),
            contact=contact or DEFAULT_CONTACT,
            tiles=tiles,
        )
    )
    step("uitvoeringsprogramma")
    files += write_uitvoeringsprogramma(
        result,
        data,
        folder,
        year=jaar or data_date.year + 1,
        contact=contact or DEFAULT_CONTACT,
        data_date=data_date,
    )
    return files


def _note_warnings(result, warnings: tuple[str, ...]) -> None:
    """Add the reports' warnings to the run's, once (reports can be written again)."""
    listed = result.report.setdefault("invoer", {}).setdefault("waarschuwingen", [])
    listed.extend(w for w in warnings if w not in listed)
