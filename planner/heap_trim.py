"""Freed memory handed back to the system between the steps of a run.

GEOS and Arrow allocate in many small pieces, from several threads; glibc keeps what they free
in its per-thread arenas for reuse instead of returning it, so a process can hold hundreds of
megabytes it no longer uses (reading a partition with detailed borders left about 260 MB so).
``malloc_trim`` returns it. Elsewhere than glibc (macOS, Windows, musl) nothing happens.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

__all__ = ["trim_heap"]


@functools.cache
def _malloc_trim():  # noqa: ANN202 - a C function or None
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def trim_heap() -> bool:
    """Return the memory freed so far to the system, where the C library can (glibc).

    Returns
    -------
    bool
        Whether anything could be asked of the C library.

    Examples
    --------
    >>> trim_heap() in (True, False)
    True
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
