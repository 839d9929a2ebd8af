"""The PDF renderer of the document model: ReportLab on A4, headers repeated, pages numbered.

Headings in the outline become the PDF's bookmarks and the lines of its table of contents
(:class:`~planner.report.document.Contents`, with page numbers: ReportLab lays the document out
until the numbers hold). The footer is shortened to the room beside the page number.

ReportLab (the open-source edition) writes no tagged PDF: it has no structure tree for
headings, tables and reading order. The accessible edition of every document is its HTML
(:func:`planner.report.render_html.to_html`), made from the same document model.
"""

from __future__ import annotations

import html as htmllib
from pathlib import Path

from planner.errors import PlannerError
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

__all__ = ["to_pdf", "xml_escape"]


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


def _contents(title: str, styles):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus.tableofcontents import TableOfContents

    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [
        ParagraphStyle(
            f"toc{k}",
            parent=styles["base"],
            fontName="DejaVu-Bold" if k == 0 else "DejaVu",
            leftIndent=12 * k,
            firstLineIndent=0,
            fontSize=9 if k == 0 else 8.5,
            leading=11.5 if k == 0 else 10.5,
        )
        for k in range(3)
    ]
    return [RLParagraph(xml_escape(title), styles["h2"]), toc]


def _flowables(blocks: list[Block], width: float, height: float, styles=None, nested=False):
    from reportlab.lib import colors
    from reportlab.platypus import CondPageBreak, KeepTogether, Spacer
    from reportlab.platypus import Image as RLImage
    from reportlab.platypus import PageBreak as RLPageBreak
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable

    styles = styles or _styles()
    out: list = []
    for block in blocks:
        if isinstance(block, Heading):
            if block.new_page and not nested:
                out.append(RLPageBreak())
            elif not nested:
                out.append(CondPageBreak(60))
            heading = RLParagraph(
                _swatch_markup(block.swatch) + xml_escape(block.text), styles[f"h{block.level}"]
            )
            if block.in_outline:
                heading._outline = (block.text, block.level)  # read by _Template.afterFlowable
            out.append(heading)
        elif isinstance(block, Contents):
            out.extend(_contents(block.title, styles))
        elif isinstance(block, Columns):
            gap = 10
            left_w = (width - gap) * block.split
            right_w = width - gap - left_w
            out.append(
                RLTable(
                    [
                        [
                            _flowables(block.left, left_w, height, styles, nested=True),
                            "",
                            _flowables(block.right, right_w, height, styles, nested=True),
                        ]
                    ],
                    colWidths=[left_w, gap, right_w],
                    style=[
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ],
                    hAlign="LEFT",
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
            if h > height * block.max_height:
                h = height * block.max_height
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
                        rowHeights=[None] + [20] * block.lines,
                        style=[("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor("#8a8f95"))],
                    )
                )
            )
            out.append(Spacer(1, 8))
        elif isinstance(block, PageBreak):
            out.append(RLPageBreak())
    return out


def _fit(text: str, font: str, size: float, room: float) -> list[str]:
    """The footer in at most two lines that fit ``room`` points, the rest shortened with '…'."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = simpleSplit(text, font, size, room)
    if len(lines) <= 2:
        return lines
    last = " ".join(lines[1:])
    while last and stringWidth(last + " …", font, size) > room:
        last = last[:-1]
    return [lines[0], last.rstrip() + " …"]


def to_pdf(doc: Document, path: Path) -> Path:
    """Render a document to a PDF file on A4 with numbered pages, bookmarks and contents.

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
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.pdfgen.canvas import Canvas
        from reportlab.platypus import SimpleDocTemplate
    except ImportError as exc:
        raise PlannerError(
            "Voor PDF's is reportlab nodig: pip install 'gebiedsplanner[report]'."
        ) from exc
    _fonts()
    pagesize = landscape(A4) if doc.landscape else A4
    margin = 13 * mm
    footer = " ".join(doc.footer.split())

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
                number = f"pagina {self._pageNumber} van {total}"
                # the footer keeps clear of the page number, however long the title
                room = pagesize[0] - 2 * margin - stringWidth(number, "DejaVu", 7) - 6 * mm
                lines = _fit(footer, "DejaVu", 7, room)
                for k, line in enumerate(lines):
                    self.drawString(margin, (8 + 3.2 * (len(lines) - 1 - k)) * mm, line)
                self.drawRightString(pagesize[0] - margin, 8 * mm, number)
                super().showPage()
            super().save()

    class Template(SimpleDocTemplate):
        """Bookmarks and contents lines for the outlined headings."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._keys = 0
            self._levels: list[int] = []

        def afterFlowable(self, flowable):  # noqa: N802 - ReportLab's name
            outline = getattr(flowable, "_outline", None)
            if not outline:
                return
            text, level = outline
            # bookmarks may go one level deeper than the one before, never skip a level
            depth = min(level - 1, (self._levels[-1] + 1) if self._levels else 0)
            self._levels.append(depth)
            self._keys += 1
            key = f"h{self._keys}"
            # NumberedCanvas writes the pages only at the end, so ReportLab's page counter still
            # says page 1: the bookmark is bound to this page's name by its number instead
            pdf = self.canv._doc
            counter = pdf.pageCounter
            pdf.pageCounter = self.canv.getPageNumber()
            try:
                self.canv.bookmarkPage(key)
            finally:
                pdf.pageCounter = counter
            self.canv.addOutlineEntry(text, key, level=depth, closed=depth > 0)
            self.notify("TOCEntry", (depth, text, self.page, key))

        def handle_documentBegin(self):  # noqa: N802 - ReportLab's name
            self._keys = 0
            self._levels = []
            super().handle_documentBegin()

    template = Template(
        str(path),
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=16 * mm,
        title=doc.title,
        author="Gebiedsplanner",
        lang="nl-NL",
    )
    story = _flowables(doc.blocks, template.width, template.height)
    if any(isinstance(b, Contents) for b in doc.blocks):
        template.multiBuild(story, canvasmaker=NumberedCanvas, maxPasses=6)
    else:
        template.build(story, canvasmaker=NumberedCanvas)
    return path
