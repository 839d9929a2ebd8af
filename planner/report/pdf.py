"""One atlas from many PDFs."""

from __future__ import annotations

from pathlib import Path

__all__ = ["merge_pdfs"]


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
