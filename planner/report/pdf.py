"""PDF from the same HTML (WeasyPrint), and one atlas from many PDFs."""

from __future__ import annotations

import logging
from pathlib import Path

from planner.errors import PlannerError

__all__ = ["html_to_pdf", "merge_pdfs"]

log = logging.getLogger(__name__)


def html_to_pdf(html: str, path: Path, base_url: Path) -> Path:
    """Render HTML to a PDF file.

    Parameters
    ----------
    html : str
        The document (its CSS holds the page size, margins and page numbers).
    path : pathlib.Path
        The PDF to write.
    base_url : pathlib.Path
        Folder that relative image paths in ``html`` are resolved against.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PlannerError(
            "Voor PDF's is WeasyPrint nodig (met pango): pip install 'gebiedsplanner[report]' "
            "en op Debian apt install libpango-1.0-0 libpangoft2-1.0-0."
        ) from exc
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html, base_url=str(base_url)).write_pdf(path)
    return path


def merge_pdfs(parts: list[Path], path: Path) -> Path:
    """Join PDFs into one, in order (the gebiedsdag atlas)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    with open(path, "wb") as handle:
        writer.write(handle)
    writer.close()
    return path
