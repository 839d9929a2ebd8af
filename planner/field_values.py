"""Field values, read once per distinct value.

Codes are folded and mapped, days labelled at their resolution, budgets parsed with notes for
what had to be interpreted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from planner.amounts import parse_amount
from planner.arrow_support import picked_text
from planner.errors import ValueParseError
from planner.mapping import FieldMapping
from planner.periods import DAY, MONTH, YEAR
from planner.schema import Schema
from planner.texts import number_nl, say

__all__ = ["coded_values", "per_value_text", "day_labels", "budgets", "BUDGET_MAX"]

#: The largest budget taken as it is (10 billion euro); above it, or below zero, a budget is
#: left empty with a note.
BUDGET_MAX = 1e10


def per_value_text(values: pd.Series, func: Callable, empty: object = None) -> pd.Series:
    """``per_value`` (:mod:`planner.distinct`) for text results, as Arrow text where it can be.

    The same values as :func:`per_value`, kept as pandas' Arrow text (``str``, missing cells
    NaN) when every result is text or None and some row has text: the column then need not be
    turned from Python strings into Arrow text later (about 0.1 s a million rows). Otherwise,
    and where pyarrow is missing, the object Series of :func:`per_value`.

    Parameters
    ----------
    values : pandas.Series
        The cells.
    func : callable
        Called with each distinct value; gives text or None.
    empty : object
        The result for missing cells.

    Returns
    -------
    pandas.Series
        With the index of ``values``.

    Examples
    --------
    >>> column = per_value_text(pd.Series(["a", None, "a"]), str.upper)
    >>> column.tolist(), column.isna().tolist()
    (['A', nan, 'A'], [False, True, False])
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    results = [func(v) for v in distinct.tolist()] + [empty]
    column = picked_text(results, np.where(codes < 0, len(results) - 1, codes))
    return pd.Series(column, index=values.index, dtype=column.dtype)


def coded_values(values: pd.Series, name: str, schema: Schema, mapping: FieldMapping) -> pd.Series:
    """Case-fold a coded field and apply the schema's and the user's value maps."""
    table = {**schema.value_maps.get(name, {}), **mapping.values.get(name, {})}

    def code(v: object) -> str:
        folded = str(v).casefold()
        return table.get(folded, folded)

    return per_value_text(values, code)


def day_labels(days: np.ndarray, res: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Each day as written at its resolution (``2026``, ``2026-03``, ``2026-03-15``), per value.

    A programme has a few thousand distinct (day, resolution) pairs in a million rows, so each
    label is made once; the column is Arrow text where it can be (:func:`picked_text`).
    """
    days = days.astype("datetime64[D]")
    valid = ~np.isnat(days) & np.isin(res, (YEAR, MONTH, DAY))
    key = days[valid].astype(np.int64) * 3 + np.asarray(res)[valid]
    codes, distinct = pd.factorize(key)
    units: dict[int, Any] = {YEAR: "Y", MONTH: "M", DAY: "D"}
    labels = [
        np.datetime_as_string(np.datetime64(int(k) // 3, "D"), unit=units[int(k) % 3])
        for k in distinct
    ]
    rows = np.full(len(days), -1, dtype=np.int64)
    rows[valid] = codes
    return picked_text(labels, rows)


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
