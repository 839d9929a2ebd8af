"""The wijkuitvoeringsprogramma: per area and year, what happens there, for residents.

For every area of the report level, ``uitvoeringsprogramma/<code>-<naam>-<jaar>.html`` (one
self-contained page: the small map is inlined) and a PDF of at most four A4 pages: a small map,
the works by month with what, where, who and status, the nuisance to expect, and how to reach
the municipality. Public fields only; text from the data is escaped. The page has the same
accessibility as the web map (``lang="nl"``, landmarks, tables with headers, a visible focus).
"""

from __future__ import annotations

import base64
import datetime as dt
import html as htmllib
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from planner.report.document import Cell, Column, Document, Heading, Image, Paragraph, Run, Table
from planner.report.labels import MONTHS
from planner.report.maps import draw_area_map
from planner.report.render_pdf import to_pdf
from planner.report.tables import ReportData, date_nl
from planner.schema import load_schema
from planner.texts import DOMAIN_LABELS

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["write_uitvoeringsprogramma", "programme_rows", "MAX_PAGES"]

FOLDER = "uitvoeringsprogramma"
MAX_PAGES = 4
NUISANCE = ("midden", "hoog")
CSS = """
html { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1a1a1a;
       background: #fff; line-height: 1.45; }
body { margin: 0 auto; max-width: 60em; padding: 0 16px 24px; }
header { border-bottom: 2px solid #1a1a1a; padding: 8px 0; }
header p { margin: 2px 0; }
h1 { font-size: 1.6em; margin: 4px 0; }
h2 { font-size: 1.25em; margin: 1.2em 0 0.4em; }
h3 { font-size: 1.05em; margin: 1em 0 0.3em; }
nav ul { margin: 4px 0; padding-left: 20px; }
a { color: #00408a; }
:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
img { width: 42em; max-width: 100%; height: auto; border: 1px solid #767676; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 0.95em; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #767676; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
footer { border-top: 1px solid #767676; margin-top: 24px; font-size: 0.9em; color: #333; }
h1, h2, h3, th, td { overflow-wrap: break-word; hyphens: auto; }
.tabel { overflow-x: auto; }
@media (max-width: 700px) { h1 { font-size: 1.3em; } table { font-size: 0.9em; }
                            th, td { padding: 3px 4px; } }
@media print { nav { display: none; } body { max-width: none; } }
"""


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or pd.isna(value):
        return ""
    return str(value)


def programme_rows(data: ReportData, position: int, year: int) -> pd.DataFrame:
    """The measures of one area that run in ``year``, public fields only, by start.

    Returns
    -------
    pandas.DataFrame
        ``naam, wat, waar, wie, status, wanneer, omschrijving, maand, hinder``: ``maand`` is
        the month (1-12) it starts in that year, 0 when it started before; ``hinder`` is True
        for nuisance midden or hoog (the level itself is internal).
    """
    measures = data.measures_of(position)
    start = pd.to_datetime(measures["periode_van"])
    end = pd.to_datetime(measures["periode_tot"])
    part = measures[(start.dt.year <= year) & (end.dt.year >= year)]
    start = start[part.index]
    themes = {k: v.get("label", k) for k, v in load_schema().themes.items()}
    area_name = _text(data.areas.iloc[position]["naam"])
    rows = []
    for (_, m), first in zip(part.iterrows(), start, strict=True):
        what = DOMAIN_LABELS.get(m["domein"], _text(m["domein"]))
        if _text(m.get("thema")):
            what += " · " + themes.get(m["thema"], _text(m["thema"]))
        begin, finish = _text(m["start"]), _text(m["eind"])
        rows.append(
            {
                "naam": _text(m["naam"]),
                "wat": what,
                "waar": _text(m.get("locatie")) or area_name,
                "wie": _text(m.get("eigenaar")),
                "status": _text(m.get("status")),
                "wanneer": begin if not finish or finish == begin else f"{begin} t/m {finish}",
                "omschrijving": _text(m.get("omschrijving")),
                "maand": int(first.month) if first.year == year else 0,
                "hinder": m.get("hinder") in NUISANCE,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "naam",
            "wat",
            "waar",
            "wie",
            "status",
            "wanneer",
            "omschrijving",
            "maand",
            "hinder",
        ],
    )


def _month_name(month: int, year: int) -> str:
    return f"Al begonnen vóór {year}" if month == 0 else f"{MONTHS[month - 1]} {year}"


def _page_html(
    title: str,
    intro: str,
    rows: pd.DataFrame,
    year: int,
    picture: Path,
    *,
    contact: str,
    footer: str,
) -> str:
    e = htmllib.escape
    image = base64.b64encode(picture.read_bytes()).decode()
    parts = []
    for month, group in rows.groupby("maand", sort=True):
        caption = _month_name(int(month), year)
        body = "".join(
            "<tr>"
            f'<th scope="row">{e(r.naam)}</th><td>{e(r.wat)}</td><td>{e(r.waar)}</td>'
            f"<td>{e(r.wanneer)}</td><td>{e(r.wie)}</td><td>{e(r.status)}</td>"
            f"<td>{e(r.omschrijving)}</td></tr>"
            for r in group.itertuples()
        )
        # a table may scroll sideways on a narrow screen, by keyboard too (WCAG 1.4.10)
        parts.append(
            f'<div class="tabel" role="region" tabindex="0" aria-label="{e(caption)}">'
            f"<table><caption>{e(caption)}</caption><thead><tr>"
            '<th scope="col">Wat</th><th scope="col">Soort</th><th scope="col">Waar</th>'
            '<th scope="col">Wanneer</th><th scope="col">Wie</th><th scope="col">Status</th>'
            f'<th scope="col">Toelichting</th></tr></thead><tbody>{body}</tbody></table></div>'
        )
    works = "".join(parts) or f"<p>In {year} staan hier geen werken gepland.</p>"
    nuisance = rows[rows["hinder"]]
    hinder = (
        "<ul>"
        + "".join(
            f"<li><strong>{e(r.naam)}</strong>: {e(r.waar)}, {e(r.wanneer)}</li>"
            for r in nuisance.itertuples()
        )
        + "</ul>"
        if len(nuisance)
        else f"<p>Voor {year} verwachten we hier geen werk met veel hinder.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{e(title)}</h1><p>{e(intro)}</p></header>\n"
        '<nav aria-label="Op deze pagina"><ul>'
        '<li><a href="#werken">Werken per maand</a></li>'
        '<li><a href="#hinder">Hinder</a></li>'
        '<li><a href="#contact">Contact</a></li></ul></nav>\n'
        "<main>\n"
        '<section aria-labelledby="kaart-kop"><h2 id="kaart-kop">Kaart</h2>'
        f'<img src="data:image/png;base64,{image}" alt="Kaart van het gebied met de werken van '
        f'{year}, gekleurd naar soort; de tabellen hieronder noemen ze allemaal."></section>\n'
        f'<section aria-labelledby="werken"><h2 id="werken">Werken per maand</h2>{works}'
        "</section>\n"
        f'<section aria-labelledby="hinder"><h2 id="hinder">Hinder</h2>{hinder}</section>\n'
        f'<section aria-labelledby="contact"><h2 id="contact">Contact</h2><p>{e(contact)}</p>'
        "</section>\n</main>\n"
        f"<footer><p>{e(footer)}</p></footer>\n</body>\n</html>\n"
    )


def _document(
    title: str,
    intro: str,
    rows: pd.DataFrame,
    year: int,
    picture: Path,
    *,
    contact: str,
    footer: str,
    with_text: bool,
    limit: int | None,
) -> Document:
    doc = Document(title=title, footer=footer)
    doc.add(Heading(title, level=1), Paragraph.of(intro))
    doc.add(Image(picture, alt="Kaart van het gebied", width=0.78))
    shown = rows if limit is None else rows.head(limit)
    columns = [
        Column("Wat", 2.4),
        Column("Waar", 1.6),
        Column("Wanneer", 1.3),
        Column("Wie", 1.4),
        Column("Status", 1.0),
    ]
    doc.add(Heading("Werken per maand"))
    if not len(rows):
        doc.add(Paragraph.of(f"In {year} staan hier geen werken gepland."))
    for month, group in shown.groupby("maand", sort=True):
        doc.add(Heading(_month_name(int(month), year), level=3))
        table = []
        for r in group.itertuples():
            lines = [[Run(r.naam, "b")], [Run(r.wat, "small")]]
            if with_text and r.omschrijving:
                lines.append([Run(r.omschrijving, "small")])
            table.append(
                [
                    Cell(lines),
                    Cell.of(r.waar),
                    Cell.of(r.wanneer),
                    Cell.of(r.wie),
                    Cell.of(r.status),
                ]
            )
        doc.add(Table(columns, table))
    if limit is not None and len(rows) > limit:
        doc.add(Paragraph.of(f"En nog {len(rows) - limit} werken: zie de webversie of kaart.html."))
    nuisance = rows[rows["hinder"]]
    doc.add(Heading("Hinder"))
    if len(nuisance):
        for r in nuisance.itertuples():
            doc.add(Paragraph.of(f"{r.naam}: {r.waar}, {r.wanneer}.", small=True))
    else:
        doc.add(Paragraph.of(f"Voor {year} verwachten we hier geen werk met veel hinder."))
    doc.add(Heading("Contact"), Paragraph.of(contact))
    return doc


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def write_uitvoeringsprogramma(
    result: RunResult,
    data: ReportData,
    folder: Path,
    *,
    year: int,
    contact: str,
    data_date: dt.date,
) -> list[Path]:
    """Write the wijkuitvoeringsprogramma of every area of ``data.level`` for ``year``.

    Parameters
    ----------
    result : RunResult
        The run.
    data : ReportData
        Shared report tables, at the level to write the pages for.
    folder : pathlib.Path
        The output folder; ``uitvoeringsprogramma/`` is made in it.
    year : int
        The year.
    contact : str
        How residents reach the municipality.
    data_date : datetime.date
        Date of the data, in every footer.

    Returns
    -------
    list of pathlib.Path
        Per area its HTML page, then its PDF (at most four A4 pages).
    """
    target = folder / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    empty = gpd.GeoDataFrame({"verdict": []}, geometry=[], crs=data.measures.crs)
    for position in range(len(data.areas)):
        area = data.areas.iloc[position]
        name = _text(area["naam"])
        stem = f"{data.file_names[position]}-{year}"
        rows = programme_rows(data, position, year)
        measures = data.measures_of(position)
        start = pd.to_datetime(measures["periode_van"]).dt.year
        end = pd.to_datetime(measures["periode_tot"]).dt.year
        picture = draw_area_map(
            area,
            data.areas,
            measures[(start <= year) & (end >= year)],
            empty,
            target / f"{stem}.png",
            title=f"{name} in {year}",
            dpi=110,
        )
        title = f"Wijkuitvoeringsprogramma {name} {year}"
        n_hinder = int(rows["hinder"].sum())
        intro = (
            f"Wat de gemeente en haar partners in {year} in {name} ({data.level}) doen: "
            f"{len(rows)} {'werk' if len(rows) == 1 else 'werken'}, waarvan {n_hinder} met "
            "hinder (werk op straat, afsluitingen of lawaai). Plannen kunnen nog veranderen."
        )
        footer = f"{title} · gegevens van {date_nl(data_date)} · kaart: CBS, Kadaster"
        page = target / f"{stem}.html"
        page.write_text(
            _page_html(title, intro, rows, year, picture, contact=contact, footer=footer),
            encoding="utf-8",
        )
        pdf = target / f"{stem}.pdf"
        # at most four pages: without the descriptions, then fewer rows, if it does not fit
        attempts = [(True, None), (False, None), (False, 40), (False, 20), (False, 8)]
        # skip what cannot fit (each render takes a while): about 12 works with text a page
        attempts = attempts[(len(rows) > 30) + (len(rows) > 60) :]
        for with_text, limit in attempts:
            doc = _document(
                title,
                intro,
                rows,
                year,
                picture,
                contact=contact,
                footer=footer,
                with_text=with_text,
                limit=limit,
            )
            to_pdf(doc, pdf)
            if _pages(pdf) <= MAX_PAGES:
                break
        picture.unlink()
        files += [page, pdf]
    return files
