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
        first = pc.utf8_slice_codeunits(text, 0, 1)
        last = pc.utf8_slice_codeunits(text, -1, 2**31 - 1)
        ends = set(pc.unique(first).to_pylist()) | set(pc.unique(last).to_pylist())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    blank = pa.array([c for c in ends if c is not None and (c == "" or c.isspace())], text.type)
    to_strip = pc.fill_null(pc.or_(pc.is_in(first, blank), pc.is_in(last, blank)), False)
    if not pc.any(to_strip).as_py():
        return text
    rows = np.flatnonzero(to_strip.to_numpy(zero_copy_only=False))
    done = [u.strip() or None for u in text.take(pa.array(rows)).to_pylist()]
    text = pc.replace_with_mask(text, to_strip, pa.array(done, text.type))
    # what was only whitespace is empty: missing
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
