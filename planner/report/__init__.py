"""What people read: the overlap report, per-area maps, gebiedsdag booklets, the web map.

Everything here is made from a :class:`~planner.run.RunResult`; heavy parts (matplotlib,
ReportLab, folium) are imported only when a report is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from planner.report.tables import ReportData, report_data

if TYPE_CHECKING:
    from planner.run import RunResult

__all__ = ["write_reports", "default_title", "report_data", "ReportData"]


def default_title(result: RunResult) -> str:
    """The municipality's name when the coarsest level is one area, else 'het programma'."""
    coarsest = result.areas.partitions[-1].areas
    return str(coarsest["naam"].iloc[0]) if len(coarsest) == 1 else "het programma"


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
) -> list[Path]:
    """Write the overlap report, maps, booklets and web map into ``folder``.

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

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from planner.report.gebiedsdag import write_gebiedsdag_pdf
    from planner.report.overlap_report import write_overlap_report
    from planner.report.webmap import DEFAULT_CONTACT, write_webmap

    if per is not None:
        result.areas.get(per)  # raises OptionError with the loaded levels
    data = report_data(result, per)
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
            title=f"{title}: wat gebeurt er in mijn {data.level}?",
            contact=contact or DEFAULT_CONTACT,
        )
    )
    return files
