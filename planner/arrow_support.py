"""Whether GDAL's Arrow interface and pyarrow can be used, for reading and for writing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["arrow_with_gdal", "arrow_text_type", "pyarrow_installed", "text_as_arrow"]


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
