"""A small document model with two renderers: HTML and PDF hold the same content.

A document is a list of blocks (headings, paragraphs, figure boxes, tables, images, boxes to
write in). :func:`to_html` escapes every text; :func:`to_pdf` lays it out with ReportLab on A4
(portrait or landscape), repeats table headers on every page and numbers the pages. Text from
the data is text in both: it is escaped, never interpreted as markup.
"""

from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from planner.errors import PlannerError

__all__ = [
    "Run",
    "Cell",
    "Column",
    "Heading",
    "Paragraph",
    "Figures",
    "Table",
    "Image",
    "WriteBox",
    "PageBreak",
    "Document",
    "to_html",
    "to_pdf",
]


@dataclass(frozen=True)
class Run:
    """A piece of text: ``style`` is ``""``, ``"b"`` (bold) or ``"small"``."""

    text: str
    style: str = ""


@dataclass
class Cell:
    """A table cell: lines of runs, an optional colour swatch and background."""

    lines: list[list[Run]]
    swatch: str | None = None
    background: str | None = None
    light_text: bool = False

    @classmethod
    def of(cls, text: object, style: str = "", **kw: Any) -> Cell:
        """A cell with one line of one run."""
        return cls([[Run("" if text is None else str(text), style)]], **kw)


@dataclass(frozen=True)
class Column:
    """A table column: label, relative width and alignment."""

    label: str
    width: float = 1.0
    align: str = "left"


@dataclass
class Heading:
    """A heading; ``level`` 1 to 3; ``new_page`` starts a page in print."""

    text: str
    level: int = 2
    new_page: bool = False
    swatch: str | None = None


@dataclass
class Paragraph:
    """A paragraph of runs."""

    runs: list[Run]
    small: bool = False

    @classmethod
    def of(cls, text: str, small: bool = False) -> Paragraph:
        """A paragraph of plain text."""
        return cls([Run(text)], small)


@dataclass
class Figures:
    """Key figures in boxes: (value, label) pairs."""

    items: list[tuple[str, str]]


@dataclass
class Table:
    """A table whose header repeats on every printed page."""

    columns: list[Column]
    rows: list[list[Cell]]
    compact: bool = False


@dataclass
class Image:
    """A picture (PNG); ``width`` as a fraction of the text width."""

    path: Path
    alt: str
    width: float = 1.0


@dataclass
class WriteBox:
    """Empty space to write in: a labelled box or ruled lines."""

    label: str
    lines: int = 3


@dataclass
class PageBreak:
    """Start a new page in print."""


Block = Heading | Paragraph | Figures | Table | Image | WriteBox | PageBreak


@dataclass
class Document:
    """A whole document."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    footer: str = ""
    landscape: bool = False

    def add(self, *blocks: Block) -> Document:
        """Append blocks; returns the document."""
        self.blocks.extend(blocks)
        return self


# -- HTML ---------------------------------------------------------------------------------------

CSS = resources.files("planner.report") / "templates" / "gebiedsplanner.css"


def _runs_html(runs: list[Run]) -> str:
    out = []
    for run in runs:
        text = htmllib.escape(run.text)
        if run.style == "b":
            text = f"<b>{text}</b>"
        elif run.style == "small":
            text = f'<span class="small">{text}</span>'
        out.append(text)
    return "".join(out)


def _swatch_html(colour: str | None) -> str:
    return (
        f'<span class="swatch" style="background: {htmllib.escape(colour)}"></span>'
        if colour
        else ""
    )


def _cell_html(cell: Cell, column: Column, tag: str = "td") -> str:
    style = []
    if cell.background:
        style.append(f"background: {cell.background}")
    if cell.light_text:
        style.append("color: white")
    attrs = ' class="num"' if column.align == "right" else ""
    attrs += f' style="{"; ".join(style)}"' if style else ""
    body = "<br>".join(_runs_html(line) for line in cell.lines)
    return f"<{tag}{attrs}>{_swatch_html(cell.swatch)}{body}</{tag}>"


def _block_html(block: Block, images: Path | None) -> str:
    if isinstance(block, Heading):
        cls = ' class="pagebreak"' if block.new_page else ""
        return (
            f"<h{block.level}{cls}>{_swatch_html(block.swatch)}"
            f"{htmllib.escape(block.text)}</h{block.level}>"
        )
    if isinstance(block, Paragraph):
        cls = ' class="small"' if block.small else ""
        return f"<p{cls}>{_runs_html(block.runs)}</p>"
    if isinstance(block, Figures):
        boxes = "".join(
            f'<div class="figure"><b>{htmllib.escape(v)}</b>{htmllib.escape(lab)}</div>'
            for v, lab in block.items
        )
        return f'<div class="figures">{boxes}</div>'
    if isinstance(block, Table):
        total = sum(c.width for c in block.columns)
        num = ' class="num"'
        head = "".join(
            f"<th{num if c.align == 'right' else ''} "
            f'style="width: {100 * c.width / total:.1f}%">{htmllib.escape(c.label)}</th>'
            for c in block.columns
        )
        body = "".join(
            "<tr>"
            + "".join(_cell_html(cell, col) for cell, col in zip(row, block.columns, strict=True))
            + "</tr>"
            for row in block.rows
        )
        cls = ' class="heat"' if block.compact else ""
        return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if isinstance(block, Image):
        src = block.path.relative_to(images) if images else block.path
        return (
            f'<img class="full" style="max-width: {100 * block.width:.0f}%" '
            f'src="{htmllib.escape(str(src))}" alt="{htmllib.escape(block.alt)}">'
        )
    if isinstance(block, WriteBox):
        lines = "".join("<div></div>" for _ in range(block.lines))
        return f'<p><b>{htmllib.escape(block.label)}</b></p><div class="write-lines">{lines}</div>'
    if isinstance(block, PageBreak):
        return '<div class="pagebreak"></div>'
    raise TypeError(type(block))


def to_html(doc: Document, images: Path | None = None) -> str:
    """Render a document as one self-contained HTML page.

    Parameters
    ----------
    doc : Document
        The document.
    images : pathlib.Path, optional
        Image paths are written relative to this folder (where the HTML file is saved).

    Returns
    -------
    str
        The HTML.
    """
    body = "\n".join(_block_html(b, images) for b in doc.blocks)
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{htmllib.escape(doc.title)}</title>\n"
        f"<style>{CSS.read_text(encoding='utf-8')}</style>\n</head>\n<body>\n{body}\n"
        f'<p class="small">{htmllib.escape(doc.footer)}</p>\n</body>\n</html>\n'
    )


# -- PDF ----------------------------------------------------------------------------------------

_FONTS_READY = False


def xml_escape(text: str) -> str:
    """Escape text for ReportLab's paragraph markup (&, <, >)."""
    return htmllib.escape(text, quote=False)


def _fonts() -> None:
    """Register DejaVu Sans (bundled with matplotlib) for full Unicode text."""
    global _FONTS_READY
    if _FONTS_READY:
        return
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in (
        ("DejaVu", "DejaVuSans.ttf"),
        ("DejaVu-Bold", "DejaVuSans-Bold.ttf"),
        ("DejaVu-Oblique", "DejaVuSans-Oblique.ttf"),
        ("DejaVu-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping("DejaVu", 0, 0, "DejaVu")
    addMapping("DejaVu", 1, 0, "DejaVu-Bold")
    addMapping("DejaVu", 0, 1, "DejaVu-Oblique")
    addMapping("DejaVu", 1, 1, "DejaVu-BoldOblique")
    _FONTS_READY = True


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle(
        "base", fontName="DejaVu", fontSize=9, leading=11.5, textColor="#1f2328", wordWrap="LTR"
    )
    return {
        "base": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=7.5, leading=9.5, textColor="#5b636b"
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=8, leading=10, alignment=2
        ),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName="DejaVu-Bold", fontSize=20, leading=24, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName="DejaVu-Bold",
            fontSize=13.5,
            leading=17,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName="DejaVu-Bold",
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
        ),
        "figure_value": ParagraphStyle(
            "fv", parent=base, fontName="DejaVu-Bold", fontSize=16, leading=19
        ),
    }


def _markup(runs: list[Run], light: bool = False) -> str:
    parts = []
    for run in runs:
        text = xml_escape(run.text)
        if run.style == "b":
            text = f"<b>{text}</b>"
        elif run.style == "small":
            text = f'<font size="7" color="{"#f0f0f0" if light else "#5b636b"}">{text}</font>'
        parts.append(text)
    return "".join(parts)


def _swatch_markup(colour: str | None) -> str:
    return f'<font color="{colour}">■</font> ' if colour else ""


def _table_flowable(block: Table, width: float, styles):
    from reportlab.lib import colors
    from reportlab.platypus import LongTable
    from reportlab.platypus import Paragraph as RLParagraph

    total = sum(c.width for c in block.columns)
    widths = [width * c.width / total for c in block.columns]
    head_style = styles["cell"].clone("head", fontName="DejaVu-Bold")
    data = [[RLParagraph(xml_escape(c.label), head_style) for c in block.columns]]
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f4f6f8")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#d0d7de")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2 if block.compact else 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 if block.compact else 3),
    ]
    for r, row in enumerate(block.rows, start=1):
        cells = []
        for c, (cell, column) in enumerate(zip(row, block.columns, strict=True)):
            style = styles["cell_right"] if column.align == "right" else styles["cell"]
            if cell.light_text:
                style = style.clone("light", textColor="white")
            text = "<br/>".join(_markup(line, cell.light_text) for line in cell.lines)
            cells.append(RLParagraph(_swatch_markup(cell.swatch) + text, style))
            if cell.background:
                commands.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(cell.background)))
        data.append(cells)
    return LongTable(data, colWidths=widths, repeatRows=1, style=commands, hAlign="LEFT")


def _flowables(doc: Document, width: float, height: float):
    from reportlab.lib import colors
    from reportlab.platypus import CondPageBreak, KeepTogether, Spacer
    from reportlab.platypus import Image as RLImage
    from reportlab.platypus import PageBreak as RLPageBreak
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable

    styles = _styles()
    out = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.new_page:
                out.append(RLPageBreak())
            else:
                out.append(CondPageBreak(60))
            out.append(
                RLParagraph(
                    _swatch_markup(block.swatch) + xml_escape(block.text), styles[f"h{block.level}"]
                )
            )
        elif isinstance(block, Paragraph):
            out.append(RLParagraph(_markup(block.runs), styles["small" if block.small else "base"]))
            out.append(Spacer(1, 4))
        elif isinstance(block, Figures):
            cells = [
                [
                    RLParagraph(xml_escape(v), styles["figure_value"]),
                    RLParagraph(xml_escape(lab), styles["small"]),
                ]
                for v, lab in block.items
            ]
            box = RLTable(
                [[c[0] for c in cells], [c[1] for c in cells]],
                colWidths=[width / max(len(cells), 1)] * len(cells),
                style=[
                    ("BOX", (i, 0), (i, 1), 0.5, colors.HexColor("#d0d7de"))
                    for i in range(len(cells))
                ],
            )
            out.extend([box, Spacer(1, 8)])
        elif isinstance(block, Table):
            out.extend([_table_flowable(block, width, styles), Spacer(1, 6)])
        elif isinstance(block, Image):
            from reportlab.lib.utils import ImageReader

            iw, ih = ImageReader(str(block.path)).getSize()
            w = width * block.width
            h = w * ih / iw
            if h > height * 0.92:
                h = height * 0.92
                w = h * iw / ih
            out.append(RLImage(str(block.path), width=w, height=h))
        elif isinstance(block, WriteBox):
            rows = [[RLParagraph(f"<b>{xml_escape(block.label)}</b>", styles["base"])]]
            rows += [[""] for _ in range(block.lines)]
            out.append(
                KeepTogether(
                    RLTable(
                        rows,
                        colWidths=[width],
                        rowHeights=[16] + [20] * block.lines,
                        style=[("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor("#8a8f95"))],
                    )
                )
            )
            out.append(Spacer(1, 8))
        elif isinstance(block, PageBreak):
            out.append(RLPageBreak())
    return out


def to_pdf(doc: Document, path: Path) -> Path:
    """Render a document to a PDF file on A4 with numbered pages.

    Parameters
    ----------
    doc : Document
        The document; ``doc.landscape`` chooses A4 landscape.
    path : pathlib.Path
        The PDF to write.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    try:
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.units import mm
        from reportlab.pdfgen.canvas import Canvas
        from reportlab.platypus import SimpleDocTemplate
    except ImportError as exc:
        raise PlannerError(
            "Voor PDF's is reportlab nodig: pip install 'gebiedsplanner[report]'."
        ) from exc
    _fonts()
    pagesize = landscape(A4) if doc.landscape else A4
    margin = 13 * mm
    footer = doc.footer

    class NumberedCanvas(Canvas):
        """Writes 'pagina N van M' once the number of pages is known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("DejaVu", 7)
                self.setFillColor("#5b636b")
                self.drawString(margin, 8 * mm, footer[:160])
                self.drawRightString(
                    pagesize[0] - margin, 8 * mm, f"pagina {self._pageNumber} van {total}"
                )
                super().showPage()
            super().save()

    template = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=16 * mm,
        title=doc.title,
        author="Gebiedsplanner",
    )
    template.build(_flowables(doc, template.width, template.height), canvasmaker=NumberedCanvas)
    return path
