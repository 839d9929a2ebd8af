"""One atlas from many PDFs, with a bookmark per part."""

from __future__ import annotations

from pathlib import Path

__all__ = ["merge_pdfs"]


def merge_pdfs(parts: list[Path], path: Path, titles: list[str] | None = None) -> Path:
    """Join PDFs into one, in order (the gebiedsdag atlas).

    Parameters
    ----------
    parts : list of pathlib.Path
        The PDFs.
    path : pathlib.Path
        The PDF to write.
    titles : list of str, optional
        A bookmark per part; each part's own bookmarks go under it.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    from pypdf import PdfWriter

    writer = PdfWriter()
    for k, part in enumerate(parts):
        title = titles[k] if titles else None
        writer.append(str(part), outline_item=title, import_outline=True)
    writer.page_mode = "/UseOutlines"
    with open(path, "wb") as handle:
        writer.write(handle)
    writer.close()
    return path
