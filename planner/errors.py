"""Gebiedsplanner's own exceptions.

Every error that a user's data or options can cause is one of these, carrying one clear Dutch
sentence (``str(error)``) and the exit code the command line uses. Anything else that escapes is a
bug in Gebiedsplanner.
"""

from __future__ import annotations

import errno
from pathlib import Path

from planner.texts import say

__all__ = [
    "PlannerError",
    "Cancelled",
    "InputError",
    "RulesError",
    "OptionError",
    "ValueParseError",
    "DataProblems",
    "check_choice",
    "environment_error",
]


class PlannerError(Exception):
    """Base class of every error Gebiedsplanner raises on purpose.

    Attributes
    ----------
    exit_code : int
        The command line's exit code for this error.
    """

    exit_code = 2


class InputError(PlannerError):
    """An input file or layer cannot be used at all (unreadable, no CRS, no features)."""


class RulesError(InputError):
    """The rules file cannot be used (syntax error, unknown theme, negative distance, ...)."""


class OptionError(PlannerError, ValueError):
    """An option has a value that is not allowed; the message names the allowed values."""


def check_choice(name: str, value: str, allowed: list[str] | tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise :class:`OptionError`.

    Parameters
    ----------
    name : str
        The option's name, as the user typed it.
    value : str
        The value given.
    allowed : sequence of str
        The allowed values.

    Returns
    -------
    str
        ``value``, unchanged.

    Examples
    --------
    >>> check_choice("--period", "year", ["year", "quarter", "month"])
    'year'
    >>> check_choice("--period", "week", ["year", "quarter", "month"])
    Traceback (most recent call last):
    ...
    planner.errors.OptionError: --period: 'week' is niet toegestaan; kies uit: year, quarter, month.
    """
    if value not in allowed:
        raise OptionError(f"{name}: {value!r} is niet toegestaan; kies uit: {', '.join(allowed)}.")
    return value


class DataProblems(PlannerError):
    """Features were rejected while the run was asked to be strict (``--strict``)."""

    exit_code = 1


class ValueParseError(PlannerError, ValueError):
    """One value in the data cannot be read (a date, a number); the feature gets the reason."""


class Cancelled(PlannerError):
    """The user stopped the work (a progress callback raises it); nothing was written."""

    exit_code = 130


#: errno values that mean the output does not fit: disk full, file-size limit, quota.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})
#: How GDAL, SQLite (through GDAL's GeoPackage driver), PostgreSQL and the C library say so in
#: text; SQLite calls a write refused for its size a "disk I/O error".
DISK_FULL_TEXTS = (
    "no space left on device",
    "file too large",
    "disk quota exceeded",
    "database or disk is full",
    "disk i/o error",
    # GDAL 3.6 (Debian's, QGIS 3.22) when SQLite cannot commit the layer it writes: seen with a
    # file-size limit, where newer GDAL says "disk I/O error"
    "failed to commit transaction",
)


def environment_error(exc: BaseException, *, written: object = None) -> InputError | None:
    """The :class:`InputError` for an error of the machine rather than of Gebiedsplanner.

    A full disk or a file-size limit while writing (``ENOSPC``, ``EFBIG``, ``EDQUOT``, or
    GDAL's and SQLite's words for them), and a file or folder the user may not open
    (``PermissionError``), surface as whatever the library raises; the command line and the
    plugin turn them into one sentence (exit code 2) instead of an internal error. The error's
    causes are looked at too.

    Parameters
    ----------
    exc : BaseException
        What was raised (not a :class:`PlannerError`: those say what they mean already; a
        reading error that says "disk I/O error" is a broken file, not a full disk).
    written : path-like, optional
        What was being written (the output folder or file). When ``exc`` says nothing of the
        kind, a megabyte is written next to it and thrown away: if that fails for lack of room,
        the disk was full after all. GDAL does not always say so: a GeoPackage that cannot be
        created because the disk is full fails later with "no such table: gpkg_contents".

    Returns
    -------
    InputError or None
        The sentence to show, or None when ``exc`` is not such an error (then it is a bug).

    Examples
    --------
    >>> import errno, os
    >>> full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "uit/maatregelen.csv")
    >>> print(environment_error(full))  # doctest: +ELLIPSIS
    De schijf is vol ... (bij uit/maatregelen.csv): ... een eerdere uitvoer is bewaard. ...
    >>> environment_error(RuntimeError("sqlite3_exec failed: database or disk is full"))
    InputError('De schijf is vol ...')
    >>> environment_error(ZeroDivisionError("division by zero")) is None
    True
    """
    for error in _causes(exc):
        if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS:
            return _disk_full(error.filename)
        if isinstance(error, PermissionError):
            return InputError(say("geen_toegang", pad=error.filename or "een bestand of map"))
        if any(text in str(error).casefold() for text in DISK_FULL_TEXTS):
            return _disk_full(None)
    if written is not None and _no_room_next_to(Path(str(written))):
        return _disk_full(None)
    return None


#: How much :func:`environment_error` tries to write to see whether there is room.
PROBE_BYTES = 1 << 20


def _no_room_next_to(target: Path) -> bool:
    """Whether the folder ``target`` is written in has no room for :data:`PROBE_BYTES`."""
    import os
    import tempfile

    folder = target.absolute().parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    try:
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(bytes(PROBE_BYTES))
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        return exc.errno in DISK_FULL_ERRNOS
    return False


def _disk_full(filename: object) -> InputError:
    return InputError(say("schijf_vol", waar=f" (bij {filename})" if filename else ""))


def _causes(exc: BaseException | None):
    """``exc`` and the errors it was raised from or during, each once."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__
