"""The rules file: when two measures interact, and the verdict (oordeel).

See ``layers/regels.toml`` for the format; :func:`load_rules` checks every rule and names the
rule and key of any mistake.
"""

from __future__ import annotations

import math
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from planner.errors import RulesError
from planner.schema import DOMAINS, VERDICTS, Schema, layers_dir, load_schema

__all__ = ["Selector", "TimeRelation", "Rule", "RuleSet", "load_rules", "single_rule"]

PLACEHOLDERS = (
    "a_naam",
    "b_naam",
    "a_eigenaar",
    "b_eigenaar",
    "a_periode",
    "b_periode",
    "afstand",
    "tijd",
)
RULE_KEYS = {
    "naam",
    "oordeel",
    "a",
    "b",
    "afstand_m",
    "zelfde_gebied",
    "tijd",
    "uitleg",
    "actie",
    "paren",
}
STACKING_DEFAULTS = {"hinderlast_max": 20.0, "hoog_hinder_max": 4.0, "per_1000_inwoners_max": 6.0}
#: An area-period integrates when it has at least ``samenhang_min`` samenhang findings (groups of
#: same-area rules, pairs of distance rules), these bring at least ``teams_min`` distinct teams
#: (owners) together, and at least ``domeinen_min`` of the four domains are present.
INTEGRATION_DEFAULTS = {"samenhang_min": 1.0, "teams_min": 2.0, "domeinen_min": 3.0}


@dataclass(frozen=True)
class Selector:
    """Which measures a side of a rule takes: empty tuples mean any."""

    domains: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    nuisance: tuple[str, ...] = ()

    def mask(self, measures: pd.DataFrame) -> np.ndarray:
        """Boolean mask of the measures this selector takes."""
        out = np.ones(len(measures), bool)
        for values, column in (
            (self.domains, "domein"),
            (self.themes, "thema"),
            (self.nuisance, "hinder"),
        ):
            if values:
                out &= measures[column].isin(values).to_numpy()
        return out

    def describe(self) -> str:
        """Dutch description, e.g. ``thema riolering``."""
        parts = [
            f"{label} {', '.join(v)}"
            for label, v in (
                ("domein", self.domains),
                ("thema", self.themes),
                ("hinder", self.nuisance),
            )
            if v
        ]
        return " en ".join(parts) or "elke maatregel"


@dataclass(frozen=True)
class TimeRelation:
    """How the periods of a pair must relate.

    ``kind`` is ``overlap``, ``binnen`` (at most ``months`` apart) or ``na`` (b starts at most
    ``months`` after a ends).
    """

    kind: str = "overlap"
    months: int = 0

    def describe(self) -> str:
        """Dutch description."""
        if self.kind == "overlap":
            return "tegelijk"
        amount = f"{self.months // 12} jaar" if self.months % 12 == 0 else f"{self.months} maanden"
        return f"binnen {amount}" if self.kind == "binnen" else f"binnen {amount} erna"


@dataclass(frozen=True)
class Rule:
    """One named rule.

    A rule is a distance rule (``distance``: ``afstand_m`` alone) or a same-area rule
    (``same_area``: ``zelfde_gebied``), which gives groups per area and period
    (:func:`planner.integration.find_groups`); ``area_distance`` (``afstand_m`` beside
    ``zelfde_gebied``) caps how far apart the two sides of such a group may be, and
    ``keep_pairs`` (``paren = true``) also writes its pairs, as before groups existed.
    """

    name: str
    verdict: str
    side_a: Selector
    side_b: Selector
    distance: float | None = None
    same_area: tuple[str, ...] = ()
    time: TimeRelation = TimeRelation()
    explanation: str = ""
    action: str = ""
    area_distance: float | None = None
    keep_pairs: bool = False

    @property
    def symmetric(self) -> bool:
        """Both sides take the same measures and the time relation has no direction."""
        return self.side_a == self.side_b and self.time.kind != "na"


@dataclass
class RuleSet:
    """Rules plus the stacking and integration thresholds."""

    rules: list[Rule]
    stacking: dict[str, float] = field(default_factory=lambda: dict(STACKING_DEFAULTS))
    integration: dict[str, float] = field(default_factory=lambda: dict(INTEGRATION_DEFAULTS))
    source: str = ""
    per_level: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)

    def thresholds(self, level: str) -> tuple[dict[str, float], dict[str, float]]:
        """The stacking and integration thresholds for ``level`` (its own table, if any)."""
        own = self.per_level.get(level, {})
        return (
            {**self.stacking, **own.get("stapeling", {})},
            {**self.integration, **own.get("integratie", {})},
        )

    def as_dict(self) -> dict:
        """A JSON-ready description, for run.json."""
        return {
            "bron": self.source,
            "regels": [
                {
                    "naam": r.name,
                    "oordeel": r.verdict,
                    "a": r.side_a.describe(),
                    "b": r.side_b.describe(),
                    "afstand_m": r.distance if r.distance is not None else r.area_distance,
                    "zelfde_gebied": list(r.same_area),
                    "paren": r.keep_pairs,
                    "tijd": r.time.describe(),
                    "uitleg": r.explanation,
                    "actie": r.action,
                }
                for r in self.rules
            ],
            "stapeling": self.stacking,
            "integratie": self.integration,
            "per_niveau": self.per_level,
        }


def _fail(path: Path | str, where: str, what: str) -> RulesError:
    return RulesError(f"Regelbestand {path}, {where}: {what}")


def _strings(path, where, key, value, allowed=None) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _fail(path, where, f"{key} moet een tekst of een lijst van teksten zijn.")
    values = [v.strip().casefold() for v in values]
    if allowed is not None:
        bad = [v for v in values if v not in allowed]
        if bad:
            raise _fail(path, where, f"onbekend {key} {bad[0]!r}; bekend: {', '.join(allowed)}.")
    return tuple(values)


def _selector(path, where, raw, schema: Schema) -> Selector:
    if raw is None:
        return Selector()
    if not isinstance(raw, dict):
        raise _fail(path, where, "een kant (a of b) is een tabel met domein, thema en/of hinder.")
    unknown = set(raw) - {"domein", "thema", "hinder"}
    if unknown:
        raise _fail(
            path,
            where,
            f"onbekende sleutel {sorted(unknown)[0]!r}; toegestaan: domein, thema, hinder.",
        )
    return Selector(
        domains=_strings(path, where, "domein", raw.get("domein", []), DOMAINS),
        themes=_strings(path, where, "thema", raw.get("thema", []), list(schema.themes)),
        nuisance=_strings(
            path, where, "hinder", raw.get("hinder", []), list(schema.fields["hinder"].allowed)
        ),
    )


def _number(path, where, key, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(path, where, f"{key} moet een getal zijn, niet {value!r}.")
    if value < 0:
        raise _fail(path, where, f"{key} mag niet negatief zijn ({value}).")
    return float(value)


def _time(path, where, raw) -> TimeRelation:
    if raw is None or raw == "overlap":
        return TimeRelation()
    if isinstance(raw, dict) and len(raw) == 1:
        ((key, value),) = raw.items()
        units = {
            "binnen_jaren": ("binnen", 12),
            "binnen_maanden": ("binnen", 1),
            "na_jaren": ("na", 12),
            "na_maanden": ("na", 1),
        }
        if key in units:
            kind, factor = units[key]
            months = _number(path, where, f"tijd.{key}", value) * factor
            if not float(months).is_integer():
                raise _fail(path, where, f"tijd.{key} moet uitkomen op hele maanden.")
            return TimeRelation(kind, int(months))
    raise _fail(
        path,
        where,
        'tijd is "overlap" of één van { binnen_jaren = N }, '
        "{ binnen_maanden = N }, { na_jaren = N }, { na_maanden = N }.",
    )


def _template(path, where, key, text) -> str:
    if not isinstance(text, str):
        raise _fail(path, where, f"{key} moet een tekst zijn.")
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise _fail(path, where, f"{key} heeft een fout in de accolades: {exc}.") from exc
    bad = [f for f in fields if f not in PLACEHOLDERS]
    if bad:
        raise _fail(
            path,
            where,
            f"{key} gebruikt onbekende plek {{{bad[0]}}}; "
            f"bekend: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}.",
        )
    return text


def load_rules(path: str | Path | None = None, schema: Schema | None = None) -> RuleSet:
    """Read and check a rules file.

    Parameters
    ----------
    path : path-like, optional
        A TOML rules file; the shipped ``layers/regels.toml`` when not given.
    schema : Schema, optional
        The schema whose themes and domains the rules may name.

    Returns
    -------
    RuleSet
        The rules and thresholds.

    Raises
    ------
    planner.errors.RulesError
        The file cannot be read or a rule is wrong; the message names the rule and key.

    Examples
    --------
    >>> rs = load_rules()
    >>> sorted({r.verdict for r in rs.rules})
    ['combineren', 'samenhang', 'spreiden', 'volgorde']
    """
    schema = schema or load_schema()
    path = Path(path) if path else layers_dir() / "regels.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"Het regelbestand {path} is niet te lezen: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise RulesError(f"Het regelbestand {path} is geen UTF-8-tekst.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"Het regelbestand {path} is geen geldige TOML: {exc}.") from exc
    unknown = set(raw) - {"regel", "stapeling", "integratie"}
    if unknown:
        raise _fail(
            path,
            "bovenaan",
            f"onbekend onderdeel {sorted(unknown)[0]!r}; "
            "toegestaan: [[regel]], [stapeling], [integratie].",
        )
    entries = raw.get("regel", [])
    if not isinstance(entries, list) or not entries:
        raise _fail(path, "bovenaan", "geen enkele [[regel]].")
    rules, names = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"regel {number}"
        if not isinstance(entry, dict):
            raise _fail(path, where, "een regel is een tabel [[regel]].")
        name = entry.get("naam")
        if not isinstance(name, str) or not name.strip():
            raise _fail(path, where, "naam ontbreekt.")
        where = f"regel {number} ({name})"
        if name in names:
            raise _fail(path, where, "deze naam komt al eerder voor.")
        names.add(name)
        extra = set(entry) - RULE_KEYS
        if extra:
            raise _fail(
                path,
                where,
                f"onbekende sleutel {sorted(extra)[0]!r}; toegestaan: "
                f"{', '.join(sorted(RULE_KEYS))}.",
            )
        verdict = entry.get("oordeel")
        if verdict not in VERDICTS:
            raise _fail(
                path, where, f"oordeel {verdict!r} is onbekend; kies uit {', '.join(VERDICTS)}."
            )
        has_distance, has_area = "afstand_m" in entry, "zelfde_gebied" in entry
        if not has_distance and not has_area:
            raise _fail(
                path,
                where,
                "geef afstand_m, zelfde_gebied, of allebei (zelfde gebied en binnen die afstand).",
            )
        keep_pairs = entry.get("paren", False)
        if not isinstance(keep_pairs, bool):
            raise _fail(path, where, f"paren is true of false, niet {keep_pairs!r}.")
        if keep_pairs and not has_area:
            raise _fail(path, where, "paren geldt alleen voor een regel met zelfde_gebied.")
        distance = _number(path, where, "afstand_m", entry["afstand_m"]) if has_distance else None
        rules.append(
            Rule(
                name=name,
                verdict=verdict,
                side_a=_selector(path, where + ", a", entry.get("a"), schema),
                side_b=_selector(path, where + ", b", entry.get("b"), schema),
                distance=None if has_area else distance,
                same_area=_strings(path, where, "zelfde_gebied", entry["zelfde_gebied"])
                if has_area
                else (),
                time=_time(path, where, entry.get("tijd")),
                explanation=_template(path, where, "uitleg", entry.get("uitleg", "")),
                action=_template(path, where, "actie", entry.get("actie", "")),
                area_distance=distance if has_area else None,
                keep_pairs=keep_pairs,
            )
        )
    per_level: dict[str, dict[str, dict[str, float]]] = {}
    sections = {}
    for section, defaults in (
        ("stapeling", STACKING_DEFAULTS),
        ("integratie", INTEGRATION_DEFAULTS),
    ):
        table = raw.get(section, {})
        if not isinstance(table, dict):
            raise _fail(path, f"[{section}]", "moet een tabel zijn.")
        flat = {k: v for k, v in table.items() if not isinstance(v, dict)}
        sections[section] = _thresholds(path, section, flat, defaults)
        for level, own in table.items():
            if isinstance(own, dict):
                checked = _thresholds(path, f"{section}.{level}", own, defaults, fill=False)
                per_level.setdefault(level, {})[section] = checked
    return RuleSet(rules, sections["stapeling"], sections["integratie"], str(path), per_level)


def _thresholds(path, section, raw, defaults, fill: bool = True) -> dict[str, float]:
    extra = set(raw) - set(defaults)
    if extra:
        raise _fail(
            path,
            f"[{section}]",
            f"onbekende sleutel {sorted(extra)[0]!r}; toegestaan: {', '.join(defaults)}.",
        )
    keys = defaults if fill else raw
    return {k: _number(path, f"[{section}]", k, raw.get(k, defaults[k])) for k in keys}


def single_rule(distance: float, time_gap_years: float) -> RuleSet:
    """A rule set of one rule: every pair within ``distance`` m and ``time_gap_years`` years.

    Parameters
    ----------
    distance : float
        Largest distance in metres (inclusive).
    time_gap_years : float
        Largest gap between the periods in years; 0 means the periods share at least one day
        (or month or year, at the resolution both sides have).

    Returns
    -------
    RuleSet
        One rule named ``afstand-tijd`` with no verdict.

    Examples
    --------
    >>> single_rule(25, 0).rules[0].time
    TimeRelation(kind='overlap', months=0)
    """
    where = "optie"
    d = _number("--distance", where, "--distance", distance)
    gap = _number("--time-gap", where, "--time-gap", time_gap_years)
    months = round(gap * 12)
    time = TimeRelation() if months == 0 else TimeRelation("binnen", months)
    rule = Rule(
        "afstand-tijd",
        "",
        Selector(),
        Selector(),
        distance=d,
        time=time,
        explanation="{a_naam} en {b_naam} liggen {afstand} uit elkaar, {tijd}.",
    )
    return RuleSet([rule], source="--distance/--time-gap")
