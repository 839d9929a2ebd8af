"""Work once per distinct value: a national programme has millions of cells, a few thousand values.

Reading (cleaning text, coding fields), dates and the pair texts all use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import overload

import numpy as np
import pandas as pd

__all__ = ["per_value", "one_per_cell", "all_text", "text_or_none", "among"]


@overload
def per_value(values: np.ndarray, func: Callable, empty: object = None) -> np.ndarray: ...
@overload
def per_value(values: pd.Series, func: Callable, empty: object = None) -> pd.Series: ...
def per_value(
    values: pd.Series | np.ndarray, func: Callable, empty: object = None
) -> pd.Series | np.ndarray:
    """``func`` of every non-missing value, called once per distinct value.

    Parameters
    ----------
    values : pandas.Series or numpy.ndarray
        The cells.
    func : callable
        Called with each distinct value as a Python object (numpy numbers become ``int`` and
        ``float``).
    empty : object
        The result for missing cells.

    Returns
    -------
    pandas.Series or numpy.ndarray
        Object values; a Series keeps the index of ``values``.

    Examples
    --------
    >>> per_value(np.array([3, 1, 3]), lambda v: f"{v} m").tolist()
    ['3 m', '1 m', '3 m']
    >>> per_value(pd.Series(["a", None]), str.upper, empty="-").tolist()
    ['A', '-']
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    out = one_per_cell([func(v) for v in distinct.tolist()] + [empty])[codes]
    if isinstance(values, pd.Series):
        return pd.Series(out, index=values.index, dtype=object)
    return out


def one_per_cell(values: list) -> np.ndarray:
    """An object array with each value in a cell of its own (a tuple is one value, not a row).

    Examples
    --------
    >>> one_per_cell(["a", ("x", 1), None]).tolist()
    ['a', ('x', 1), None]
    """
    cells = np.empty(len(values), dtype=object)
    for k, value in enumerate(values):  # one by one: numpy would spread a tuple over a row
        cells[k] = value
    return cells


def all_text(values: pd.Series) -> bool:
    """Whether every non-missing cell is text (then equal cells are also of one type).

    Examples
    --------
    >>> all_text(pd.Series(["a", None])), all_text(pd.Series(["2026", 2026], dtype=object))
    (True, False)
    """
    if isinstance(values.dtype, pd.StringDtype):
        return True
    return values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in (
        "string",
        "empty",
    )


def text_or_none(values: pd.Series) -> np.ndarray:
    """``str(v)`` of every cell, None where missing: one type for a column of mixed values.

    Parameters
    ----------
    values : pandas.Series
        The column.

    Returns
    -------
    numpy.ndarray
        Object array of text and None.

    Examples
    --------
    >>> text_or_none(pd.Series(["a", 2, None, float("nan")], dtype=object)).tolist()
    ['a', '2', None, None]
    """
    text = values.to_numpy(dtype=object)
    present = pd.notna(text)
    out = np.full(len(text), None, dtype=object)
    out[present] = [str(v) for v in text[present]]  # not astype(str): as wide as the longest
    return out


def among(values: pd.Series, *wanted: pd.Series) -> np.ndarray:
    """Whether each cell of ``values`` is in one of ``wanted``: for columns of many ids.

    pandas' own ``isin`` on Arrow-backed text takes the values to look for one by one in Python
    (the decisions template looking up 645,000 pairs' ids among a million measures: 3 s); this
    hands both sides to Arrow's hash lookup. Columns that are no plain text go to ``isin``.

    Parameters
    ----------
    values : pandas.Series
        The cells to look up.
    *wanted : pandas.Series
        The values to look for.

    Returns
    -------
    numpy.ndarray
        Boolean, one per cell of ``values``.

    Examples
    --------
    >>> among(pd.Series(["a", "b", "c"]), pd.Series(["c"]), pd.Series(["a", "x"])).tolist()
    [True, False, True]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        target = pa.array(values, pa.large_string(), from_pandas=True)
        found = pa.chunked_array(
            [pa.array(w, pa.large_string(), from_pandas=True) for w in wanted], pa.large_string()
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        looked_for = pd.concat([pd.Series(w, dtype=object) for w in wanted], ignore_index=True)
        return values.isin(looked_for).to_numpy()
    hit = pc.is_in(target, value_set=pc.unique(found))
    return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)
