"""The HTML renderer of the document model: every text escaped, tables with headers."""

from __future__ import annotations

import html as htmllib
from importlib import resources
from pathlib import Path

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

__all__ = ["to_html", "CSS"]


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
