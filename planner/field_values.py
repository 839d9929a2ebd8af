"""Field values, read once per distinct value.

Codes are folded and mapped, days labelled at their resolution, budgets parsed with notes for
what had to be interpreted.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from planner.amounts import parse_amount
from planner.distinct import per_value
from planner.errors import ValueParseError
from planner.mapping import FieldMapping
from planner.periods import DAY, MONTH, YEAR
from planner.schema import Schema
from planner.texts import number_nl, say

__all__ = ["coded_values", "day_labels", "budgets", "BUDGET_MAX"]

#: The largest budget taken as it is (10 billion euro); above it, or below zero, a budget is
#: left empty with a note.
BUDGET_MAX = 1e10


def coded_values(values: pd.Series, name: str, schema: Schema, mapping: FieldMapping) -> pd.Series:
    """Case-fold a coded field and apply the schema's and the user's value maps."""
    table = {**schema.value_maps.get(name, {}), **mapping.values.get(name, {})}

    def code(v: object) -> str:
        folded = str(v).casefold()
        return table.get(folded, folded)

    return per_value(values, code)


def day_labels(days: np.ndarray, res: np.ndarray) -> np.ndarray:
    """Each day as written at its resolution (``2026``, ``2026-03``, ``2026-03-15``), per value.

    A programme has a few thousand distinct (day, resolution) pairs in a million rows, so each
    label is made once.
    """
    days = days.astype("datetime64[D]")
    valid = ~np.isnat(days) & np.isin(res, (YEAR, MONTH, DAY))
    out = np.full(len(days), None, dtype=object)
    key = days[valid].astype(np.int64) * 3 + np.asarray(res)[valid]
    codes, distinct = pd.factorize(key)
    units: dict[int, Any] = {YEAR: "Y", MONTH: "M", DAY: "D"}
    labels = np.array(
        [
            np.datetime_as_string(np.datetime64(int(k) // 3, "D"), unit=units[int(k) % 3])
            for k in distinct
        ]
        + [None],
        dtype=object,
    )
    out[valid] = labels[codes]
    return out


def budgets(values: pd.Series, index: pd.Index) -> tuple[pd.Series, list[tuple[np.ndarray, Any]]]:
    """Amounts, read once per distinct value, with notes for text that had to be interpreted.

    Parameters
    ----------
    values : pandas.Series
        The budget cells as text (or numbers).
    index : pandas.Index
        The layer's row index, for the result.

    Returns
    -------
    tuple
        The amounts in euro (NaN where empty, unreadable or implausible) and the notes as
        ``(mask, text)`` pairs, ``text`` a function of the row number.
    """

    def read(value: object) -> tuple[float, bool, bool]:
        try:
            number, interpreted = parse_amount(value)
        except ValueParseError:
            return np.nan, False, True
        # A plain number written as text ("2500") needs no note; only real interpretation does.
        plain = isinstance(value, str) and _is_plain_number(value)
        if number is None:
            return np.nan, False, False
        return number, interpreted and not plain, False

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = [read(u) for u in uniques] + [(np.nan, False, False)]
    numbers = np.array([t[0] for t in table], dtype=float)[codes]
    interpreted = np.array([t[1] for t in table], dtype=bool)[codes]
    errors = np.array([t[2] for t in table], dtype=bool)[codes]
    raw = values.to_numpy()
    # A negative budget or one beyond any municipal measure (1e20, a typing error) would
    # swamp the stacking's sums: it is left empty, and the note keeps the value.
    implausible = (numbers < 0) | (numbers > BUDGET_MAX)
    numbers[implausible] = np.nan
    interpreted &= ~implausible
    notes = [
        (interpreted, lambda k: say("budget_gelezen", waarde=raw[k], getal=f"{numbers[k]:.2f}")),
        (errors, lambda k: say("budget_onleesbaar", waarde=raw[k])),
        (
            implausible,
            lambda k: say("budget_onaannemelijk", waarde=raw[k], grens=number_nl(BUDGET_MAX)),
        ),
    ]
    return pd.Series(numbers, index=index, dtype=float), notes


def _is_plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
