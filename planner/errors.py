"""Gebiedsplanner's own exceptions.

Every error that a user's data or options can cause is one of these, carrying one clear Dutch
sentence (``str(error)``) and the exit code the command line uses. Anything else that escapes is a
bug in Gebiedsplanner.
"""

from __future__ import annotations

__all__ = [
    "PlannerError",
    "Cancelled",
    "InputError",
    "RulesError",
    "OptionError",
    "ValueParseError",
    "DataProblems",
    "check_choice",
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
