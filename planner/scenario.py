"""What if: a scenario of changes applied to the measures before the analysis.

A scenario file (TOML or CSV) lists changes by measure id; the inputs themselves are never
changed. TOML::

    [[wijziging]]
    id = "OR-0003"
    verschuif_jaren = 1          # or verschuif_maanden = -6

    [[wijziging]]
    id = "OR-0006"
    status = "gereed"

    [[wijziging]]
    id = "OR-0007"
    start = "2028-01"            # a new period (eind optional)
    eind = "2028-06"

    [[wijziging]]
    id = "OR-0009"
    weglaten = true

A CSV file has the same keys as columns (``id``, ``verschuif_jaren``, ``verschuif_maanden``,
``status``, ``start``, ``eind``, ``weglaten``), one change per row.

A shifted measure keeps its resolution (a year stays a year, a month a month, a day a day),
except a year shifted by months, which becomes its months; the result is the same as writing
the shifted dates into a copy of the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planner.errors import InputError
from planner.periods import MONTH, YEAR, parse_series
from planner.read import MeasureSet
from planner.schema import load_schema

__all__ = ["Change", "read_scenario", "apply_scenario", "SCENARIO_KEYS"]

#: The keys a change may have.
SCENARIO_KEYS = (
    "id",
    "verschuif_jaren",
    "verschuif_maanden",
    "status",
    "start",
    "eind",
    "weglaten",
)


@dataclass(frozen=True)
class Change:
    """One change of a scenario: to measure ``id``; ``where`` names the file and row."""

    id: str
    where: str
    months: int = 0
    status: str | None = None
    start: str | None = None
    end: str | None = None
    leave_out: bool = False

    def describe(self) -> str:
        """The change in Dutch, as ``run.json`` lists it."""
        said = []
        if self.leave_out:
            said.append("weggelaten")
        if self.months:
            years, rest = divmod(abs(self.months), 12)
            amount = f"{years} jaar" if not rest else f"{abs(self.months)} maanden"
            said.append(f"{amount} {'later' if self.months > 0 else 'eerder'}")
        if self.start is not None:
            said.append(f"periode {self.start}" + (f" t/m {self.end}" if self.end else ""))
        if self.status is not None:
            said.append(f"status {self.status}")
        return f"{self.id}: {', '.join(said)}"


def _records(path: Path) -> list[tuple[str, dict]]:
    if not path.exists():
        raise InputError(f"Het scenariobestand {path} bestaat niet.")
    if path.suffix.lower() == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        return [
            (f"{path}, rij {k}", {c: v.strip() for c, v in row.items() if v.strip()})
            for k, row in enumerate(frame.to_dict("records"), start=1)
        ]
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"Het scenariobestand {path} is geen geldige TOML: {exc}.") from exc
    unknown = sorted(set(data) - {"wijziging"})
    if unknown:
        raise InputError(
            f"{path}: onbekende sectie {unknown[0]!r}; een scenario bestaat uit [[wijziging]]."
        )
    changes = data.get("wijziging", [])
    if not isinstance(changes, list):
        raise InputError(f"{path}: schrijf elke wijziging als [[wijziging]].")
    return [(f"{path}, wijziging {k}", dict(c)) for k, c in enumerate(changes, start=1)]


def _whole(value: object, where: str, key: str) -> int:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        number = float("nan")
    if not np.isfinite(number) or number != int(number):
        raise InputError(f"{where}, veld {key}: {value!r} is geen heel getal.")
    return int(number)


def read_scenario(path: str | Path) -> list[Change]:
    """Read and check a scenario file.

    Parameters
    ----------
    path : path-like
        A TOML file (``[[wijziging]]`` tables) or a CSV file with the same keys as columns.

    Returns
    -------
    list of Change
        The changes, in the file's order.

    Raises
    ------
    InputError
        An unknown key, a change without id or without anything to change, a shift that is no
        whole number, an unknown status or an unreadable date; the sentence names the file,
        the change (row) and the field.
    """
    path = Path(path)
    statuses = load_schema().fields["status"].allowed
    out = []
    for where, record in _records(path):
        unknown = sorted(set(record) - set(SCENARIO_KEYS))
        if unknown:
            raise InputError(
                f"{where}: onbekend veld {unknown[0]!r}; bekend zijn: {', '.join(SCENARIO_KEYS)}."
            )
        mid = str(record.get("id", "")).strip()
        if not mid:
            raise InputError(f"{where}, veld id: leeg; noem de maatregel die verandert.")
        months = 12 * _whole(record.get("verschuif_jaren", 0), where, "verschuif_jaren")
        months += _whole(record.get("verschuif_maanden", 0), where, "verschuif_maanden")
        status = record.get("status")
        if status is not None and str(status) not in statuses:
            raise InputError(
                f"{where}, veld status: {status!r} is geen status; toegestaan: "
                f"{', '.join(statuses)}."
            )
        start, end = record.get("start"), record.get("eind")
        for key, value in (("start", start), ("eind", end)):
            if value is not None:
                parsed = parse_series(pd.Series([str(value)], dtype=object))
                if parsed["error"].notna().iloc[0]:
                    raise InputError(
                        f"{where}, veld {key}: {value!r} is geen datum, maand of jaar "
                        f"({parsed['error'].iloc[0]})."
                    )
        if end is not None and start is None:
            raise InputError(f"{where}, veld eind: geef ook start, of verschuif de maatregel.")
        if start is not None and months:
            raise InputError(
                f"{where}: geef een nieuwe periode (start, eind) of een verschuiving, niet allebei."
            )
        leave_out = str(record.get("weglaten", "")).strip().lower() in ("true", "1", "ja")
        change = Change(
            mid,
            where,
            months,
            None if status is None else str(status),
            None if start is None else str(start),
            None if end is None else str(end),
            leave_out,
        )
        if not (change.months or change.status or change.start or change.leave_out):
            raise InputError(
                f"{where}: deze wijziging verandert niets; geef verschuif_jaren, "
                "verschuif_maanden, status, start of weglaten."
            )
        out.append(change)
    return out


def _shift(label: str, res: int, months: int, end: bool) -> str:
    """A start or end label moved by ``months``, at its own resolution where it can."""
    if res == YEAR:
        if months % 12 == 0:
            return str(int(label[:4]) + months // 12)
        label, res = f"{label[:4]}-{'12' if end else '01'}", MONTH
    if res == MONTH:
        total = int(label[:4]) * 12 + int(label[5:7]) - 1 + months
        return f"{total // 12:04d}-{total % 12 + 1:02d}"
    moved = pd.Timestamp(label[:10]) + pd.DateOffset(months=months)
    return f"{moved:%Y-%m-%d}"


def apply_scenario(measures: MeasureSet, changes: list[Change]) -> MeasureSet:
    """The measures with the scenario's changes; the input (and ``measures``) stay as they are.

    Parameters
    ----------
    measures : MeasureSet
        The measures as read.
    changes : list of Change
        From :func:`read_scenario`.

    Returns
    -------
    MeasureSet
        A new set: measures shifted, re-timed, with another status, or left out.

    Raises
    ------
    InputError
        A change names a measure that is not among the usable measures (the sentence says
        whether it was rejected on reading).
    """
    table = measures.measures.copy()
    position = {mid: k for k, mid in enumerate(table["id"])}
    rejected = set(measures.rejected["id"].astype(str)) if len(measures.rejected) else set()
    start = table["start"].astype(object).to_numpy().copy()
    end = table["eind"].astype(object).to_numpy().copy()
    res_start = table["res_van"].to_numpy()
    res_end = table["res_tot"].to_numpy()
    status = table["status"].astype(object).to_numpy().copy()
    keep = np.ones(len(table), bool)
    timed = np.zeros(len(table), bool)
    for change in changes:
        k = position.get(change.id)
        if k is None:
            why = " (die is bij het lezen afgewezen)" if change.id in rejected else ""
            raise InputError(
                f"{change.where}, veld id: maatregel {change.id!r} staat niet in het programma"
                f"{why}; er is niets gerekend."
            )
        if change.leave_out:
            keep[k] = False
        if change.status is not None:
            status[k] = change.status
        if change.start is not None:
            start[k], end[k] = change.start, change.end or change.start
            timed[k] = True
        if change.months:
            start[k] = _shift(str(start[k]), int(res_start[k]), change.months, end=False)
            end[k] = _shift(str(end[k]), int(res_end[k]), change.months, end=True)
            timed[k] = True
    table["status"] = status
    if timed.any():
        first = parse_series(pd.Series(start[timed], dtype=object))
        last = parse_series(pd.Series(end[timed], dtype=object))
        rows = np.flatnonzero(timed)
        for column, values in (
            ("start", start[timed]),
            ("eind", end[timed]),
            ("periode_van", first["first"].to_numpy()),
            ("periode_tot", last["last"].to_numpy()),
            ("res_van", first["res"].to_numpy()),
            ("res_tot", last["res"].to_numpy()),
        ):
            at = table.columns.get_loc(column)
            series = table[column].copy()
            series.iloc[rows] = values
            table.isetitem(at, series)
        backwards = table["periode_tot"].to_numpy()[rows] < table["periode_van"].to_numpy()[rows]
        if backwards.any():
            mid = table["id"].iloc[rows[np.flatnonzero(backwards)[0]]]
            where = next(c.where for c in changes if c.id == mid)
            raise InputError(f"{where}, veld eind: het einde van {mid} ligt nu voor het begin.")
    table = table[keep].reset_index(drop=True)
    return MeasureSet(table, measures.rejected, measures.notes, measures.sources)
