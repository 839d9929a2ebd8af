"""File names for per-area outputs: one name per area, decided with the whole level in view.

Booklets (``gebiedsdag/<stem>.pdf``), maps (``kaarten/<stem>.png``) and timelines
(``kaarten/<stem>-tijdlijn-<n>.png``) are named after the area's code and name. Two areas must
never share a name: not when their codes differ only in case (macOS and Windows fold case),
not when both are emoji, not when both run into the length limit. That can only be decided with
all areas of a level at once, so this module has one function that names them all.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from planner.texts import say

__all__ = ["AreaFileNames", "area_file_names", "slug", "MAX_FILE_NAME", "MAX_STEM"]

#: The longest file name made, in bytes of UTF-8, extension and suffixes included (ext4, APFS
#: and NTFS allow 255; a shorter cap leaves room for copies like ``... (1).pdf`` and keeps
#: names readable).
MAX_FILE_NAME = 100
#: The longest suffix put after a stem: a timeline page of up to a million pages.
LONGEST_SUFFIX = "-tijdlijn-999999.png"
#: The longest stem; stems are ASCII, so characters are bytes.
MAX_STEM = MAX_FILE_NAME - len(LONGEST_SUFFIX)

# Names the run gives its own files beside the areas' (``gebiedsdag/atlas.pdf``), and device
# names Windows reserves whatever the extension.
_RESERVED = frozenset(
    ["atlas", "con", "prn", "aux", "nul"]
    + [f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)]
)
# What ``astype(str)`` makes of an empty cell: the areas are read that way.
_EMPTY_TEXT = frozenset(["", "nan", "none", "<na>", "nat"])
_TIMELINE = re.compile(r"^(?P<stem>.+)-tijdlijn-\d+$")
_TAG = 6
_SHOWN = 5


@dataclass(frozen=True)
class AreaFileNames(Mapping):
    """The file stem of every area of a level, by position, and what the run should say.

    A read-only mapping from the area's position (row in the level's areas) to its stem.

    Attributes
    ----------
    stems : tuple of str
        The stem of the area at each position.
    warnings : tuple of str
        Dutch sentences for the run's warnings: areas whose name was changed to keep it apart
        from another's, and areas without a usable code or name.
    """

    stems: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())

    def __getitem__(self, position: int) -> str:
        if not 0 <= position < len(self.stems):
            raise KeyError(position)
        return self.stems[position]

    def __iter__(self):
        return iter(range(len(self.stems)))

    def __len__(self) -> int:
        return len(self.stems)


def area_file_names(areas: pd.DataFrame) -> AreaFileNames:
    """Name the files of every area of one level: unique, short and the same on every run.

    The stem is ``<CODE>-<naam>`` in lower-case ASCII letters, digits and hyphens (the code in
    capitals), as before. Where two areas would get the same stem, also when they differ only
    in case, the one whose raw code sorts first keeps it and the others get a short hash of
    their raw code after the code (``WK1-3fa9c1-noord``), with a warning. An area without a
    usable code (empty, or only symbols such as emoji) is named after its row:
    ``gebied-<n>-<naam>`` (n from 1), without a usable name after its code alone; both with a
    warning. Stems longer than :data:`MAX_STEM` are cut and end in a hash of the whole, so that
    every file name, suffix and extension included, stays within :data:`MAX_FILE_NAME` bytes.

    The result depends only on the areas' codes and names (and, for areas without a code, on
    their row), never on the order the areas come in or on which worker asks.

    Parameters
    ----------
    areas : pandas.DataFrame
        All areas of the level, with ``code`` and ``naam`` (as in a partition).

    Returns
    -------
    AreaFileNames
        Position -> stem, and the warnings.

    Examples
    --------
    >>> areas = pd.DataFrame(
    ...     {"code": ["WK039206", "wk1", "WK1"], "naam": ["Veerpolder", "Noord", "noord"]}
    ... )
    >>> names = area_file_names(areas)
    >>> list(names.values())
    ['WK039206-veerpolder', 'WK1-90e464-noord', 'WK1-noord']
    >>> names.warnings[0].split(" krijgen")[0]
    "de gebieden 'WK1' (noord) en 'wk1' (Noord)"
    """
    codes = [_text(c) for c in areas["code"]]
    names = [_text(n) for n in areas["naam"]]
    # Ties between texts that are the same once trimmed are broken by the cells as they are.
    raw = [(_raw(c), _raw(n)) for c, n in zip(areas["code"], areas["naam"], strict=True)]
    repeated = Counter(raw)
    code_parts, name_parts = [], []
    no_code, no_name = [], []
    for pos, (code, name) in enumerate(zip(codes, names, strict=True)):
        code_part = slug(code).upper()
        if not code_part:
            no_code.append(pos)
            code_part = f"gebied-{pos + 1}"
        name_part = slug(name)
        if not name_part:
            no_name.append(pos)
        code_parts.append(code_part)
        name_parts.append(name_part)
    base = [_compose(c, n) for c, n in zip(code_parts, name_parts, strict=True)]
    stems = list(base)

    def order(pos: int) -> tuple:
        return (codes[pos] or "", names[pos] or "", raw[pos], pos)

    # Each round gives the areas in conflict a new tag; a tag only has to be tried again in
    # the astronomically rare case that it lands on another stem.
    for attempt in itertools.count():
        losers = _conflicts(stems, order)
        if not losers:
            break
        if attempt == 20:  # pragma: no cover - twenty hash collisions in a row
            raise RuntimeError("no unique file names found")
        for pos in losers:
            row = pos if codes[pos] is None or repeated[raw[pos]] > 1 else None
            tag = _tag(codes[pos], raw[pos], row, attempt)
            stems[pos] = _compose(code_parts[pos], name_parts[pos], tag)

    warnings = _changed_warnings(codes, names, base, stems, order)
    if no_code:
        warnings.append(
            say(
                "bestandsnaam_zonder_code",
                gebieden=_count(len(no_code)),
                rijen=_listed([str(p + 1) for p in no_code]),
                namen=_listed([stems[p] for p in no_code]),
            )
        )
    missing_name = [p for p in no_name if p not in set(no_code)]
    if missing_name:
        warnings.append(
            say(
                "bestandsnaam_zonder_naam",
                gebieden=_count(len(missing_name)),
                codes=_listed([_who(codes[p], None, p) for p in missing_name]),
                namen=_listed([stems[p] for p in missing_name]),
            )
        )
    return AreaFileNames(tuple(stems), tuple(warnings))


def _text(value: object) -> str | None:
    """The text of a cell, None for an empty one (None, NaN, '', or its ``str``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, str) and pd.isna(value) is True:
        return None
    text = str(value).strip()
    return None if text.casefold() in _EMPTY_TEXT else text


def _raw(value: object) -> str:
    return "" if _text(value) is None else str(value)


def slug(text: str | None) -> str:
    """Lower-case ASCII letters and digits joined by hyphens; '' when nothing is left.

    Examples
    --------
    >>> slug("Café 't Hoekje / Zuid")
    'cafe-t-hoekje-zuid'
    >>> slug("🏠")
    ''
    """
    if not text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _digest(text: str, size: int) -> str:
    # a short stable tag for a file name, not security
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:size]


def _compose(code_part: str, name_part: str, tag: str | None = None) -> str:
    """``code[-tag][-naam]``, cut to :data:`MAX_STEM` with a hash of the whole when too long."""
    stem = "-".join(p for p in (code_part, tag, name_part) if p)
    if len(stem) <= MAX_STEM:
        return stem
    # Whatever is cut, the hash of the whole stem keeps two long names apart.
    keep = stem[: MAX_STEM - _TAG - 1].rstrip("-")
    return f"{keep}-{_digest(stem, _TAG)}"


def _tag(code: str | None, raw: tuple[str, str], row: int | None, attempt: int) -> str:
    """A short hash of the code; of the cells as they are when that is not enough.

    ``row`` only for an area without a code, or whose cells another area has as well: for
    those the row is all that tells them apart.
    """
    if attempt == 0 and code is not None:
        return _digest(code, _TAG)
    key = "\x1f".join([*raw, str(attempt), "" if row is None else str(row)])
    return _digest(key, _TAG)


def _conflicts(stems: list[str], order) -> list[int]:
    """The positions whose stem must change.

    All but the first (in ``order``) of stems that are equal when case-folded, reserved names,
    and stems that are another area's stem plus a timeline suffix (``X-tijdlijn-1`` beside
    ``X``, whose first timeline has that name).
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for pos, stem in enumerate(stems):
        groups[stem.casefold()].append(pos)
    losers = set()
    for folded, members in groups.items():
        members = sorted(members, key=order)
        losers.update(members[1:])
        if folded in _RESERVED:
            losers.add(members[0])
        timeline = _TIMELINE.match(folded)
        if timeline and timeline["stem"] in groups:
            losers.update(members)
    return sorted(losers)


def _who(code: str | None, name: str | None, pos: int) -> str:
    """How a warning names an area: its raw code, or its row, with its name."""
    who = repr(code) if code is not None else f"in rij {pos + 1}"
    return f"{who} ({name})" if name is not None else who


def _listed(items: list[str]) -> str:
    """``a, b en c``, with at most a few shown."""
    shown = items[:_SHOWN]
    more = len(items) - len(shown)
    if more:
        return ", ".join(shown) + f" en {more} meer"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " en " + shown[-1]


def _count(n: int) -> str:
    return "1 gebied" if n == 1 else f"{n} gebieden"


def _changed_warnings(codes, names, base, stems, order) -> list[str]:
    """One sentence per group of areas that would have shared a name."""
    groups: dict[str, list[int]] = defaultdict(list)
    for pos, stem in enumerate(base):
        groups[stem.casefold()].append(pos)
    warnings = []
    for folded in sorted(groups):
        members = sorted(groups[folded], key=order)
        if all(stems[p] == base[p] for p in members):
            continue
        who = _listed([_who(codes[p], names[p], p) for p in members])
        namen = _listed([stems[p] for p in members])
        if len(members) > 1:
            warnings.append(say("bestandsnaam_dubbel", gebieden=who, namen=namen))
        else:
            warnings.append(say("bestandsnaam_bezet", gebied=who, naam=namen, oud=base[members[0]]))
    return warnings
