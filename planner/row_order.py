"""The order of a table's rows by several keys, sorted by Arrow.

pandas sorts on several keys by turning each key into category codes first, which costs more
than the sort itself for text keys of a million rows; Arrow's sort compares the keys as they
are, text only where the keys before it tie.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["stable_order"]


def stable_order(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """The positions of ``frame``'s rows sorted by ``columns``, ascending, ties kept in order.

    The same order as ``frame.sort_values(columns, kind="stable")``: missing values (None,
    NaN, NaT, pd.NA) last in each key, text by its characters' code points.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    columns : list of str
        The sort keys, most significant first.

    Returns
    -------
    numpy.ndarray
        Row positions (not index labels), ``len(frame)`` of them.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": [2, 1, 2, None], "b": ["y", "z", "x", "w"]})
    >>> stable_order(frame, ["a", "b"]).tolist()
    [1, 2, 0, 3]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if any(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in columns):
        return _pandas_order(frame, columns)  # in the categories' order, not the texts'
    try:
        keys = {f"k{n}": pa.array(frame[c], from_pandas=True) for n, c in enumerate(columns)}
        # missing values go last: Arrow's default, in every version
        order = pc.sort_indices(pa.table(keys), sort_keys=[(k, "ascending") for k in keys])
    except (pa.ArrowTypeError, pa.ArrowInvalid, pa.ArrowNotImplementedError):
        # a key Arrow does not take or sort (objects of mixed kinds): pandas' own sort
        return _pandas_order(frame, columns)
    return order.to_numpy().astype(np.int64)


def _pandas_order(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    keys = frame[columns].reset_index(drop=True)
    return keys.sort_values(columns, kind="stable").index.to_numpy().astype(np.int64)
