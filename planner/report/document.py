"""A small document model: the report and the booklets are made of these blocks.

A document is a list of blocks (headings, paragraphs, figure boxes, tables, images, boxes to
write in). Two renderers give it the same content: :func:`planner.report.render_html.to_html`
and :func:`planner.report.render_pdf.to_pdf`. Text from the data is text in both: it is
escaped, never interpreted as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    "Contents",
    "Columns",
    "Document",
    "Block",
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
    """A heading; ``level`` 1 to 3; ``new_page`` starts a page in print.

    ``outline`` puts it in the PDF's bookmarks and the table of contents (levels 1 and 2 by
    default); ``anchor`` is its id in HTML (made from the text when empty).
    """

    text: str
    level: int = 2
    new_page: bool = False
    swatch: str | None = None
    outline: bool | None = None
    anchor: str = ""

    @property
    def in_outline(self) -> bool:
        """Whether the heading is a bookmark and a line of the table of contents."""
        return self.level <= 2 if self.outline is None else self.outline


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
    """A picture (PNG); ``width`` as a fraction of the text width.

    ``alt`` names the picture; ``description`` says in words what it shows (the HTML edition
    prints it under the picture, for readers who cannot see it). ``max_height`` is the
    largest share of the page's text height it may take in print.
    """

    path: Path
    alt: str
    width: float = 1.0
    description: str = ""
    max_height: float = 0.92


@dataclass
class WriteBox:
    """Empty space to write in: a labelled box or ruled lines."""

    label: str
    lines: int = 3


@dataclass
class PageBreak:
    """Start a new page in print."""


@dataclass
class Contents:
    """The table of contents: the outlined headings, with page numbers in print."""

    title: str = "Inhoud"


@dataclass
class Columns:
    """Two columns side by side in print (one after the other on a narrow screen)."""

    left: list
    right: list
    split: float = 0.6


Block = Heading | Paragraph | Figures | Table | Image | WriteBox | PageBreak | Contents | Columns


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
