"""Cells as the reader takes them: stripped text, whole numbers without ``.0``, dates as dates.

Used by the measures' and the areas' readers alike, for whole columns at once (a national
programme has millions of cells) and for single cells.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner.arrow_support import arrow_text_type, pyarrow_installed
from planner.distinct import all_text, per_value

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["cell", "number_text", "column_text"]


def cell(value: object) -> object:
    """A cell as text, or as itself where it is a date or a number; None where it is empty."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float):
        if value != value:
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)
    if isinstance(value, (np.floating, np.integer)):
        return cell(value.item())
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "isoformat"):
        return value
    return str(value).strip() or None


def number_text(value: float) -> str:
    """A number as text: whole numbers without ``.0``.

    Examples
    --------
    >>> number_text(2500.0), number_text(12.5), number_text(float("inf"))
    ('2500', '12.5', 'inf')
    """
    if math.isfinite(value) and value == math.trunc(value) and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def column_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text (dates stay dates), None where empty: :func:`cell` per cell.

    Text, whole-number and date columns take whole-column paths (a national programme has
    millions of cells); other columns go cell by cell.
    """
    dtype = values.dtype
    stripped = _stripped_arrow(values) if all_text(values) else None
    if stripped is not None:
        text_type = arrow_text_type()
        if text_type is not None:
            # kept as Arrow text (missing cells NaN, as pandas' own str columns): no Python
            # string per cell on the way in, none again on the way to the output
            return pd.Series(stripped, index=values.index, dtype=text_type)
        out = stripped.to_numpy(zero_copy_only=False)
    elif all_text(values):
        # Python's own strip (the same whitespace as cell), once per distinct value
        out = per_value(values.to_numpy(dtype=object), lambda u: u.strip() or None)
    elif dtype.kind in "iu" and isinstance(dtype, np.dtype):
        out = values.to_numpy().astype(str).astype(object)
    elif dtype.kind == "f" and isinstance(dtype, np.dtype):
        out = per_value(values.to_numpy(), number_text)
    elif dtype.kind == "M":
        out = values.to_numpy(dtype=object, copy=True)
        out[values.isna().to_numpy()] = None
    else:
        out = np.array([cell(v) for v in values.to_numpy(dtype=object)] + [None], object)[:-1]
    return pd.Series(out, index=values.index, dtype=object)


def _stripped_arrow(values: pd.Series) -> pa.Array | None:
    """Text cells stripped, null where empty, as :func:`column_text`; Arrow finds the few to strip.

    Only cells whose first or last character is whitespace (Python's ``str.isspace``, the
    same as ``str.strip``), or that are empty, go through Python; a column of a million
    distinct ids is not factorised. None where pyarrow is missing or the column is no plain
    text.

    Examples
    --------
    >>> _stripped_arrow(pd.Series([" a ", "b", "", None, "é\u00a0"], dtype=object)).to_pylist()
    ['a', 'b', None, None, 'é']
    """
    if not pyarrow_installed():
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        text = pa.array(values)  # Arrow-backed text as it is, without a copy
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)):
            return None
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    # the cells that may need it, from their first and last bytes; Python decides for those
    maybe = np.flatnonzero(_maybe_blank_ends(text))
    cells = text.take(pa.array(maybe, pa.int64())).to_pylist()
    wanted = [k for k, u in enumerate(cells) if u is not None and (u == "" or u != u.strip())]
    if not wanted:
        return text
    rows = maybe[wanted]
    to_strip = np.zeros(len(text), bool)
    to_strip[rows] = True
    to_strip = pa.array(to_strip)
    done = [cells[k].strip() or None for k in wanted]
    text = pc.replace_with_mask(text, to_strip, pa.array(done, text.type))
    # what was only whitespace is empty: missing
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)


# The first bytes in UTF-8 of the characters Python's str.strip() takes away (str.isspace):
# ASCII's, and the lead bytes of U+0085, U+00A0, U+1680, U+2000-U+205F and U+3000.
_BLANK_ASCII = np.zeros(256, bool)
_BLANK_ASCII[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20]] = True
_BLANK_FIRST = _BLANK_ASCII.copy()
_BLANK_FIRST[[0xC2, 0xE1, 0xE2, 0xE3]] = True
# and the byte before the last of those that are two or three bytes long
_BLANK_BEFORE_LAST = np.zeros(256, bool)
_BLANK_BEFORE_LAST[[0xC2, 0x80, 0x81, 0x9A]] = True


def _maybe_blank_ends(text: pa.Array) -> np.ndarray:
    """Which cells may start or end with whitespace or be empty: a superset, from their bytes.

    Reads the offsets and bytes of the Arrow text as they are (no copy, no character sliced
    out); a cell passes when its first byte may begin a whitespace character, or its last byte
    is ASCII whitespace or ends a longer one (the byte before it tells). Missing cells do not.
    """
    import pyarrow as pa

    n = len(text)
    width = 8 if pa.types.is_large_string(text.type) else 4
    _, offsets_buffer, data_buffer = text.buffers()
    offsets = np.frombuffer(
        offsets_buffer, np.int64 if width == 8 else np.int32, n + 1, text.offset * width
    ).astype(np.int64)
    data = (
        np.frombuffer(data_buffer, np.uint8) if data_buffer is not None else np.empty(0, np.uint8)
    )
    start, end = offsets[:-1], offsets[1:]
    filled = end > start
    maybe = ~filled
    first = data[start[filled]]
    last = data[end[filled] - 1]
    before = data[np.maximum(end[filled] - 2, start[filled])]
    ends_blank = _BLANK_ASCII[last] | ((last >= 0x80) & _BLANK_BEFORE_LAST[before])
    maybe[filled] = _BLANK_FIRST[first] | ends_blank
    if text.null_count:
        maybe &= text.is_valid().to_numpy(zero_copy_only=False)
    return maybe
