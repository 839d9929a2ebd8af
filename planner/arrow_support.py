"""Whether GDAL's Arrow interface and pyarrow can be used, for reading and for writing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "arrow_with_gdal",
    "arrow_text_type",
    "pyarrow_installed",
    "picked_text",
    "repeated_text",
    "text_as_arrow",
]


def arrow_with_gdal(version: tuple[int, int, int]) -> bool:
    """Whether GDAL's Arrow interface may be used.

    That is: GDAL ``version`` or newer, pyarrow installed and ``GEBIEDSPLANNER_ARROW`` not ``0``.

    Parameters
    ----------
    version : tuple of int
        The oldest GDAL with what is needed (3.6 reads, 3.8 writes).

    Returns
    -------
    bool
        True when it may be used.
    """
    import os

    import pyogrio

    return (
        os.environ.get("GEBIEDSPLANNER_ARROW", "1") != "0"
        and pyogrio.__gdal_version__ >= version
        and pyarrow_installed()
    )


def pyarrow_installed() -> bool:
    """Whether pyarrow can be imported (without importing it).

    Returns
    -------
    bool
        True when it is installed.
    """
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def text_as_arrow(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's columns of plain text (and missing cells) as Arrow-backed text, in place.

    A column of Python strings costs a pointer and a string object per cell (a million
    measures: about 50-80 bytes a cell); as Arrow text it is the characters and an offset, and
    pyarrow writes it to the output without converting it again. Missing cells stay missing
    (NaN, as in pandas' own ``str`` columns). A column that mixes text with other values, a
    column with no text at all, and every column where pyarrow or pandas' Arrow text type is
    missing stay as they are.

    Parameters
    ----------
    frame : pandas.DataFrame
        Changed in place.

    Returns
    -------
    pandas.DataFrame
        ``frame``.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"a": pd.Series(["x", None], dtype=object),
    ...                       "b": pd.Series(["x", 1], dtype=object)})
    >>> [str(t) for t in text_as_arrow(frame).dtypes]
    ['str', 'object']
    >>> frame["a"].isna().tolist()
    [False, True]
    """
    import pandas as pd

    dtype = arrow_text_type()
    if dtype is None:
        return frame
    for name in frame.columns:
        values = frame[name]
        # a column with nothing in it (one the run did not read) stays as it is: converting
        # it costs time and saves nothing
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) == "string":
            frame[name] = values.astype(dtype)
    return frame


def arrow_text_type() -> pd.StringDtype | None:
    """The Arrow text type of pandas with NaN for missing (pandas 3's ``str``), or None.

    None where pyarrow is not installed or pandas is older than 2.3 (text then stays Python
    strings, as before).
    """
    import numpy as np
    import pandas as pd

    if not pyarrow_installed():
        return None
    try:
        return pd.StringDtype(storage="pyarrow", na_value=np.nan)
    except TypeError:  # pandas < 2.3
        return None


def picked_text(labels: list, codes: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """A column of ``labels[code]`` per row (code -1: missing), as Arrow text where it can be.

    A million rows of a few thousand distinct labels: Arrow picks them in about 15 ms, where
    pandas takes about 120 ms to turn the same Python strings into its Arrow text. The result is
    what :func:`text_as_arrow` would make of the Python strings: Arrow text when every label is
    text (or None) and at least one row has text, else an object array (as before: a column of
    only missing values stays as it is).

    Parameters
    ----------
    labels : list
        The distinct values, text or None.
    codes : numpy.ndarray
        Per row the position of its label, -1 for missing.

    Returns
    -------
    pandas.api.extensions.ExtensionArray or numpy.ndarray
        Arrow-backed text (pandas 3's ``str``) or an object array; rows in the order of
        ``codes``.

    Examples
    --------
    >>> import numpy as np
    >>> column = picked_text(["a", "b"], np.array([1, -1, 0]))
    >>> list(column.astype(object)), str(column.dtype)
    (['b', nan, 'a'], 'str')
    >>> picked_text([None], np.array([0, -1])).tolist()
    [None, None]
    """
    import numpy as np

    codes = np.asarray(codes, dtype=np.int64)
    text_type = arrow_text_type()
    used = np.zeros(len(labels) + 1, bool)
    used[codes] = True  # -1 marks the last: the missing value appended below
    some_text = any(isinstance(v, str) for v, u in zip(labels, used, strict=False) if u)
    if (
        text_type is None
        or not some_text
        or not all(v is None or isinstance(v, str) for v in labels)
    ):
        from planner.distinct import one_per_cell

        return one_per_cell([*labels, None])[codes]
    import pandas as pd
    import pyarrow as pa

    picked = pa.array([*labels, None], pa.large_string()).take(
        pa.array(np.where(codes < 0, len(labels), codes))
    )
    return pd.array(picked, dtype=text_type)


def repeated_text(value: str, n: int) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """``value`` on each of ``n`` rows, as Arrow text where it can be (else an object array).

    Arrow's text is one buffer of characters and one of offsets: both are made at once,
    without a Python string or a gather per row.

    Parameters
    ----------
    value : str
        The text of every row.
    n : int
        The number of rows.

    Returns
    -------
    pandas.api.extensions.ExtensionArray or numpy.ndarray
        As :func:`picked_text` gives it.

    Examples
    --------
    >>> list(repeated_text("ab", 3).astype(object)), len(repeated_text("", 0))
    (['ab', 'ab', 'ab'], 0)
    """
    import numpy as np

    text_type = arrow_text_type()
    if text_type is None:
        return np.full(n, value, dtype=object)
    import pandas as pd
    import pyarrow as pa

    encoded = value.encode("utf-8")
    offsets = np.arange(n + 1, dtype=np.int64) * len(encoded)
    column = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(encoded * n))
    return pd.array(column, dtype=text_type)
