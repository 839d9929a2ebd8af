"""Dutch labels for the codes the documents print, and one style for dates and periods.

A document never prints a code as it is stored (``openbare_verlichting``, ``voorbereiding``):
it prints the label a planner reads. Codes without a label of their own are shown with spaces
for underscores, so they wrap between words and never in the middle of one.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "number_ranges",
    "code_label",
    "theme_label",
    "status_label",
    "certainty_label",
    "period_nl",
    "when_nl",
]

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

STATUS_LABELS = {
    "idee": "idee",
    "gepland": "gepland",
    "voorbereiding": "in voorbereiding",
    "uitvoering": "in uitvoering",
    "gereed": "gereed",
}

CERTAINTY_LABELS = {"zeker": "zeker", "waarschijnlijk": "waarschijnlijk", "onzeker": "onzeker"}


def code_label(code: object) -> str:
    """A code as words: underscores become spaces; '–' for missing.

    Examples
    --------
    >>> code_label("kabels_leidingen")
    'kabels leidingen'
    >>> code_label(None)
    '–'
    """
    if not isinstance(code, str) or not code.strip():
        return "–"
    return code.replace("_", " ").strip()


@lru_cache(maxsize=1)
def _themes() -> dict[str, str]:
    from planner.schema import load_schema

    return {code: spec.get("label", code) for code, spec in load_schema().themes.items()}


def theme_label(code: object) -> str:
    """The schema's Dutch label of a theme.

    Examples
    --------
    >>> theme_label("openbare_verlichting")
    'Openbare verlichting'
    """
    if isinstance(code, str) and code in _themes():
        return _themes()[code]
    return code_label(code)


def status_label(code: object) -> str:
    """The Dutch label of a status ('in voorbereiding')."""
    return STATUS_LABELS.get(code, code_label(code)) if isinstance(code, str) else "–"


def certainty_label(code: object) -> str:
    """The Dutch label of a certainty."""
    return CERTAINTY_LABELS.get(code, code_label(code)) if isinstance(code, str) else "–"


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def when_nl(value: object) -> str:
    """A date, month or year as stored (``2026``, ``2026-03``, ``2026-03-05``) in Dutch.

    Examples
    --------
    >>> when_nl("2026-03")
    'maart 2026'
    >>> when_nl("2026-03-05")
    '5 maart 2026'
    >>> when_nl("2026")
    '2026'
    """
    if not isinstance(value, str) or not value.strip():
        return "–"
    match = _DATE.match(value.strip())
    if not match:
        return value
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    name = MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def period_nl(text: object) -> str:
    """A stored period (``2026-03 t/m 2026-09``, or one value) in Dutch.

    Examples
    --------
    >>> period_nl("2026-03 t/m 2026-09")
    'maart t/m september 2026'
    >>> period_nl("2025 t/m 2027")
    '2025 t/m 2027'
    >>> period_nl("2026-03-01 t/m 2027-02")
    '1 maart 2026 t/m februari 2027'
    """
    if not isinstance(text, str) or not text.strip():
        return "–"
    start, _, end = text.partition(" t/m ")
    first, last = when_nl(start), when_nl(end) if end else ""
    if not last or first == last:
        return first
    # one year said once: 'maart t/m september 2026'
    a, b = first.rsplit(" ", 1), last.rsplit(" ", 1)
    if len(a) == 2 and len(b) == 2 and a[1] == b[1] and not a[0][0].isdigit():
        return f"{a[0]} t/m {last}"
    return f"{first} t/m {last}"


def number_ranges(numbers: list[int]) -> str:
    """Numbers as ranges: '1–4, 7, 9–10'.

    Examples
    --------
    >>> number_ranges([1, 2, 3, 4, 7, 9, 10])
    '1–4, 7, 9–10'
    >>> number_ranges([])
    ''
    """
    out: list[str] = []
    numbers = sorted(numbers)
    k = 0
    while k < len(numbers):
        j = k
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        out.append(str(numbers[k]) if j == k else f"{numbers[k]}–{numbers[j]}")
        k = j + 1
    return ", ".join(out)
