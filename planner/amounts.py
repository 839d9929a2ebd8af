"""Amounts of money as people type them: ``1.250.000``, ``EUR 1.250.000,-``, ``1,2 mln``."""

from __future__ import annotations

import math
import re

from planner.errors import ValueParseError

__all__ = ["parse_amount"]

_STRIP = re.compile(r"(?i)\b(eur|euro)\b|€|[.,]-+$|\s+|'")
_SCALE = re.compile(r"(?i)(mln|miljoen|mio|k|dzd|duizend)$")
_SCALES = {"mln": 1e6, "miljoen": 1e6, "mio": 1e6, "k": 1e3, "dzd": 1e3, "duizend": 1e3}
_THOUSANDS_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMAS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_amount(value: object) -> tuple[float | None, bool]:
    """Read an amount of money.

    Parameters
    ----------
    value : object
        A number or text in Dutch or English notation.

    Returns
    -------
    tuple of (float or None, bool)
        The amount (None when empty) and whether text had to be interpreted (so the caller can
        note how it was read).

    Raises
    ------
    planner.errors.ValueParseError
        The value is not an amount.

    Examples
    --------
    >>> parse_amount("EUR 1.250.000,-")
    (1250000.0, True)
    >>> parse_amount("1,5 mln")
    (1500000.0, True)
    >>> parse_amount(2500)
    (2500.0, False)
    """
    if value is None:
        return None, False
    if isinstance(value, bool):
        raise ValueParseError("ja/nee is geen bedrag")
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number):
            return None, False
        if math.isinf(number):
            raise ValueParseError("oneindig is geen bedrag")
        return number, False
    text = _STRIP.sub("", str(value))
    if not text:
        return None, False
    scale = 1.0
    if m := _SCALE.search(text):
        scale = _SCALES[m[1].lower()]
        text = text[: m.start()]
    if _THOUSANDS_DOTS.match(text):
        text = text.replace(".", "")
    elif _THOUSANDS_COMMAS.match(text):
        text = text.replace(",", "")
    elif "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        number = float(text) * scale
    except ValueError:
        raise ValueParseError("geen bedrag") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueParseError("geen bedrag")
    return number, True
