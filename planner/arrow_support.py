"""Whether GDAL's Arrow interface and pyarrow can be used, for reading and for writing."""

from __future__ import annotations

__all__ = ["arrow_with_gdal", "pyarrow_installed"]


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
