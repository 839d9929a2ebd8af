"""Cells as the reader takes them: stripped text, whole numbers without ``.0``, dates as dates.

Used by the measures' and the areas' readers alike, for whole columns at once (a national
programme has millions of cells) and for single cells.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from planner.distinct import all_text, per_value

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
    if all_text(values):
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
