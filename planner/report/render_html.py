"""The HTML renderer of the document model: every text escaped, tables with headers."""

from __future__ import annotations

import html as htmllib
import os
import re
from importlib import resources
from pathlib import Path

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
    elif cell.background:
        style.append("color: black")  # the ink colour would not reach 4.5:1 on mid tones
    attrs = ' class="num"' if column.align == "right" else ""
    attrs += f' style="{"; ".join(style)}"' if style else ""
    body = "<br>".join(_runs_html(line) for line in cell.lines)
    return f"<{tag}{attrs}>{_swatch_html(cell.swatch)}{body}</{tag}>"


def _anchors(blocks: list[Block]) -> dict[int, str]:
    """A unique id per heading (its own anchor, or one made from its text); tables numbered."""
    out: dict[int, str] = {}
    used: set[str] = set()
    tables: list[Block] = []

    def walk(items: list[Block]) -> None:
        for block in items:
            if isinstance(block, Columns):
                walk(block.left)
                walk(block.right)
            elif isinstance(block, Table):
                tables.append(block)
                out[id(block)] = str(len(tables))
            elif isinstance(block, Heading):
                base = block.anchor or re.sub(r"[^a-z0-9]+", "-", block.text.lower()).strip("-")
                base = base or "kop"
                name, k = base, 1
                while name in used:
                    k += 1
                    name = f"{base}-{k}"
                used.add(name)
                out[id(block)] = name

    walk(blocks)
    return out


def _contents_html(block: Contents, blocks: list[Block], anchors: dict[int, str]) -> str:
    items = []
    for b in blocks:
        if isinstance(b, Heading) and b.in_outline and b.level > 1:
            cls = ' class="sub"' if b.level > 2 else ""
            items.append(f'<li{cls}><a href="#{anchors[id(b)]}">{htmllib.escape(b.text)}</a></li>')
    return (
        f'<nav aria-labelledby="inhoud"><h2 id="inhoud">{htmllib.escape(block.title)}</h2>'
        f'<ul class="contents">{"".join(items)}</ul></nav>'
    )


def _block_html(
    block: Block, images: Path | None, anchors: dict[int, str], blocks: list[Block]
) -> str:
    if isinstance(block, Heading):
        cls = ' class="pagebreak"' if block.new_page else ""
        return (
            f'<h{block.level} id="{anchors[id(block)]}"{cls}>{_swatch_html(block.swatch)}'
            f"{htmllib.escape(block.text)}</h{block.level}>"
        )
    if isinstance(block, Contents):
        return _contents_html(block, blocks, anchors)
    if isinstance(block, Columns):
        left = "\n".join(_block_html(b, images, anchors, blocks) for b in block.left)
        right = "\n".join(_block_html(b, images, anchors, blocks) for b in block.right)
        return (
            f'<div class="columns"><div style="flex: {block.split:.2f}">{left}</div>'
            f'<div style="flex: {1 - block.split:.2f}">{right}</div></div>'
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
            f'<th scope="col"{num if c.align == "right" else ""} '
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
        label = htmllib.escape(
            f"Tabel {anchors.get(id(block), '')}: " + ", ".join(c.label for c in block.columns[:3])
        )
        # a wide table scrolls by itself on a phone, and can be scrolled with the keyboard
        return (
            f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">'
            f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )
    if isinstance(block, Image):
        src = Path(os.path.relpath(block.path, images)).as_posix() if images else block.path
        caption = (
            f"<figcaption>{htmllib.escape(block.description)}</figcaption>"
            if block.description
            else ""
        )
        return (
            f'<figure><img class="full" style="max-width: {100 * block.width:.0f}%" '
            f'src="{htmllib.escape(str(src))}" alt="{htmllib.escape(block.alt)}">{caption}'
            "</figure>"
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
    anchors = _anchors(doc.blocks)
    body = "\n".join(_block_html(b, images, anchors, doc.blocks) for b in doc.blocks)
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{htmllib.escape(doc.title)}</title>\n"
        f"<style>{CSS.read_text(encoding='utf-8')}</style>\n</head>\n<body>\n<main>\n{body}\n"
        f'</main>\n<footer><p class="small">{htmllib.escape(doc.footer)}</p></footer>\n'
        "</body>\n</html>\n"
    )
