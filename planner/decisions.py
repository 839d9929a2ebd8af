"""Decisions that are remembered: the besluitenlijst.

A decisions table (``besluiten``: a CSV file, a GeoPackage layer or a PostGIS table) says what
the team decided about an overlap (``regel`` + ``maatregel_a`` + ``maatregel_b``, in either
order) or an integration group (``regel`` + ``gebiedscode`` + ``periode``). Fields:
``besluit`` (one of :data:`DECISIONS`), ``toelichting``, ``datum``, ``door``.

A run with decisions (:func:`apply_decisions`) gives every overlap and group its decision and a
status: ``open``, ``besloten`` or ``herzien`` (one of its measures changed since the
template the decision was written in: ``kenmerk_a``/``kenmerk_b`` differ). Every decision is
listed with what became of it: ``toegepast``, ``herzien``, ``vervallen`` (the overlap or group
no longer exists), ``vervangen`` (a later decision about the same thing) or ``niet_getoetst``
(a group decision in a run without groups). Nothing is dropped silently.

Every run writes the template (:func:`decision_template`): the open overlaps and groups with
empty decision columns and the measures' fingerprints, to fill in on the gebiedsdag.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from planner.distinct import among
from planner.errors import InputError
from planner.row_order import stable_order
from planner.threads import elementwise

__all__ = [
    "DECISIONS",
    "DECIDED",
    "Decisions",
    "DecisionOutcome",
    "read_decisions",
    "apply_decisions",
    "decision_template",
    "template_parts",
    "measure_fingerprints",
    "TEMPLATE_NAME",
]

#: What a decision can be.
DECISIONS = (
    "combineren",
    "volgorde_aangepast",
    "gespreid",
    "geaccepteerd",
    "verbonden",
    "nog_open",
)

#: The decisions that close an item (``nog_open`` keeps it open work).
DECIDED = tuple(d for d in DECISIONS if d != "nog_open")

#: The template every run writes.
TEMPLATE_NAME = "besluiten_sjabloon.csv"

#: Verdicts whose pairs are decided one by one; integration is decided per group.
PAIR_VERDICTS = ("combineren", "volgorde", "spreiden")

_TEXT_FIELDS = ("toelichting", "door", "kenmerk_a", "kenmerk_b", "periode_a", "periode_b")


@dataclass
class Decisions:
    """A decisions table as read and checked.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per decision: ``rij`` (1 = the first data row), ``soort`` (``overlapping`` or
        ``groep``), ``regel``, ``maatregel_a``, ``maatregel_b``, ``gebiedscode``, ``periode``,
        ``besluit``, ``toelichting``, ``datum``, ``door``, ``kenmerk_a``, ``kenmerk_b``,
        ``periode_a``, ``periode_b``.
    source : str
        Where it was read from.
    n_empty : int
        Rows without a decision (unfilled rows of the template), left out.
    """

    table: pd.DataFrame
    source: str
    n_empty: int = 0


@dataclass
class DecisionOutcome:
    """What the decisions did to a run.

    Attributes
    ----------
    overlaps : geopandas.GeoDataFrame
        The overlaps with ``besluit``, ``besluit_status``, ``besluit_datum``, ``besluit_door``,
        ``besluit_toelichting`` and ``herzien_omdat``.
    groups : dict of str to geopandas.GeoDataFrame
        The same for the integration groups per level.
    decisions : pandas.DataFrame
        Every decision with ``status`` and ``reden``.
    warnings : list of str
        One sentence per decision that names a measure the run does not have.
    """

    overlaps: pd.DataFrame
    groups: dict[str, pd.DataFrame]
    decisions: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict:
        """Items by status and decisions by what became of them (for ``run.json``)."""
        frames = [self.overlaps, *self.groups.values()]
        status = pd.concat([f["besluit_status"] for f in frames if len(f)] or [pd.Series([])])
        return {
            "per_status": {k: int(n) for k, n in status.value_counts().sort_index().items()},
            "besluiten": {
                k: int(n) for k, n in self.decisions["status"].value_counts().sort_index().items()
            },
        }


# --- reading ------------------------------------------------------------------------------


def _read_frame(source: str | Path) -> tuple[pd.DataFrame, str]:
    from planner.postgis import is_postgis

    if is_postgis(source):
        from planner.postgis import read_table

        ref = read_table(str(source))
        frame = pd.DataFrame(ref.frame).drop(columns=["geometry", "_fid"], errors="ignore")
        return frame, ref.where
    path = Path(source)
    if not path.exists():
        raise InputError(f"Het besluitenbestand {path} bestaat niet.")
    if path.suffix.lower() == ".csv":
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise InputError(f"Het besluitenbestand {path} is niet te lezen: {exc}.") from exc
        return frame, str(path)
    import pyogrio

    try:
        layers = [str(n) for n, _ in pyogrio.list_layers(path)]
        layer = "besluiten" if "besluiten" in layers else (layers[0] if len(layers) == 1 else None)
        if layer is None:
            raise InputError(
                f"{path} heeft geen laag besluiten (wel: {', '.join(layers)}): noem de laag "
                "besluiten."
            )
        frame = pyogrio.read_dataframe(path, layer=layer, read_geometry=False)
    except InputError:
        raise
    except Exception as exc:  # pyogrio's errors differ per version
        raise InputError(f"Het besluitenbestand {path} is niet te lezen: {exc}.") from exc
    return pd.DataFrame(frame), f"{path} (laag {layer})"


def _clean(values: pd.Series) -> pd.Series:
    """Trimmed text, None for empty or missing (never NaN: the checks below test for None)."""
    texts = [None if v is None or v != v else (str(v).strip() or None) for v in values]
    return pd.Series(texts, index=values.index, dtype=object)


def read_decisions(source: str | Path) -> Decisions:
    """Read and check a decisions table.

    Parameters
    ----------
    source : path or PostGIS address
        A CSV file (UTF-8, as the template is written), a GeoPackage (layer ``besluiten``, or
        its only layer) or ``postgresql://...?table=schema.besluiten``.

    Returns
    -------
    Decisions
        The decisions.

    Raises
    ------
    InputError
        A column is missing, a row names neither an overlap nor a group, a decision is not
        one of :data:`DECISIONS`, or a date cannot be read; the sentence names the file, the
        row and the field.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "besluiten.csv"
    >>> rows = ["regel,maatregel_a,maatregel_b,besluit", "r,A,B,combineeren"]
    >>> _ = path.write_text(chr(10).join(rows))
    >>> read_decisions(path)
    Traceback (most recent call last):
    ...
    planner.errors.InputError: ...besluiten.csv, rij 1, veld besluit: 'combineeren' is geen ...
    """
    frame, where = _read_frame(source)
    frame = frame.rename(columns={c: str(c).strip().lower() for c in frame.columns})
    if "code" in frame.columns and "gebiedscode" not in frame.columns:
        frame = frame.rename(columns={"code": "gebiedscode"})
    for needed in ("regel", "besluit"):
        if needed not in frame.columns:
            raise InputError(
                f"{where}: de kolom {needed} ontbreekt; een besluit heeft regel, maatregel_a en "
                "maatregel_b (een overlapping) of regel, gebiedscode en periode (een groep), en "
                "besluit, toelichting, datum, door."
            )
    out = pd.DataFrame({"rij": np.arange(1, len(frame) + 1)})
    for column in ("regel", "maatregel_a", "maatregel_b", "gebiedscode", "periode", "besluit",
                   "datum", *_TEXT_FIELDS):  # fmt: skip
        out[column] = _clean(frame[column]) if column in frame.columns else None
    # rows of the template nobody filled in are no decisions (the template goes back whole)
    n_empty = int(out["besluit"].isna().sum())
    out = out[out["besluit"].notna()].reset_index(drop=True)
    pair = out["maatregel_a"].notna() & out["maatregel_b"].notna()
    group = out["gebiedscode"].notna() & out["periode"].notna()
    out["soort"] = np.where(pair, "overlapping", "groep")
    dates = []
    for row in out.itertuples(index=False):
        at = f"{where}, rij {row.rij}"
        if not row.regel:
            raise InputError(f"{at}, veld regel: leeg; noem de regel van de overlapping of groep.")
        if row.besluit.lower() not in DECISIONS:
            raise InputError(
                f"{at}, veld besluit: {row.besluit!r} is geen besluit; toegestaan: "
                f"{', '.join(DECISIONS)}."
            )
        dates.append(_date(row.datum, at))
    bad = ~(pair | group)
    if bad.any():
        row = out[bad].iloc[0]
        raise InputError(
            f"{where}, rij {row['rij']}: noem maatregel_a en maatregel_b (een overlapping) of "
            "gebiedscode en periode (een samenhanggroep); nu is niet te zien waarover het "
            "besluit gaat."
        )
    out["besluit"] = out["besluit"].str.lower()
    out["datum"] = pd.Series(dates, dtype=object)
    return Decisions(out, where, n_empty)


def _date(value: str | None, at: str) -> dt.date | None:
    if value is None:
        return None
    text = value[:10]
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d-%m-%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise InputError(f"{at}, veld datum: {value!r} is geen datum; schrijf 2026-11-22.")


# --- fingerprints -------------------------------------------------------------------------


def measure_fingerprints(measures: pd.DataFrame) -> pd.Series:
    """A short fingerprint per measure of what makes its overlaps: where, when, status, nuisance.

    The shape is compared on a 1 m grid, so a new export with other rounding is the same. The
    fingerprint is the first ten hexadecimal characters of the SHA-1 of the texts of
    ``periode_van``, ``periode_tot``, ``status``, ``hinder`` and ``gebiedscode`` (empty where
    missing) joined by ``|``, then ``|`` and the shape's WKB (nothing without a shape).

    Parameters
    ----------
    measures : geopandas.GeoDataFrame
        The measures of a run.

    Returns
    -------
    pandas.Series
        Ten hexadecimal characters per measure, indexed by id.
    """
    geoms = np.asarray(measures.geometry.array, dtype=object)
    present = ~shapely.is_missing(geoms)
    wkb = np.full(len(geoms), b"", dtype=object)
    if present.any():
        grid = elementwise(lambda g: shapely.set_precision(g, 1.0), geoms[present])
        wkb[present] = shapely.to_wkb(grid)
    texts = [_texts(measures[c]) for c in FINGERPRINTED]
    joined = ["|".join(row).encode() + b"|" for row in zip(*texts, strict=True)]
    parts = [
        hashlib.sha1(text + shape, usedforsecurity=False).hexdigest()[:10]
        for text, shape in zip(joined, wkb, strict=True)
    ]
    return pd.Series(parts, index=measures["id"].to_numpy(object))


#: The measure fields a fingerprint covers, besides the shape.
FINGERPRINTED = ("periode_van", "periode_tot", "status", "hinder", "gebiedscode")


def _texts(values: pd.Series) -> list[str]:
    """``str`` of every value, empty where missing: worked out once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    said = np.array([str(v) for v in uniques.astype(object)] + [""], dtype=object)
    return said[codes].tolist()  # the sentinel -1 takes the last: ""


# --- applying -----------------------------------------------------------------------------


def _pair_key(regel: object, a: object, b: object) -> tuple[str, str, str]:
    low, high = sorted((str(a), str(b)))
    return (str(regel), low, high)


def _latest(decisions: pd.DataFrame, key_of) -> tuple[dict, dict[int, int]]:
    """The deciding row per key (the latest date, then the last row); replaced rows -> by."""
    chosen: dict = {}
    replaced: dict[int, int] = {}
    for row in decisions.to_dict("records"):
        key = key_of(row)
        before = chosen.get(key)
        if before is not None:
            newer = (row["datum"] or dt.date.min) >= (before["datum"] or dt.date.min)
            old, new = (before, row) if newer else (row, before)
            replaced[old["rij"]] = new["rij"]
            chosen[key] = new
        else:
            chosen[key] = row
    return chosen, replaced


def _empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    # the table's own columns are shared, not copied (only new columns are added and set
    # here): a run holds its overlaps already, and millions of pairs are gigabytes of text
    out = frame.copy(deep=False)
    out["besluit"] = None
    out["besluit_status"] = "open"
    out["besluit_datum"] = None
    out["besluit_door"] = None
    out["besluit_toelichting"] = None
    out["herzien_omdat"] = None
    return out


def apply_decisions(
    overlaps: pd.DataFrame,
    measures: pd.DataFrame,
    decisions: Decisions | None,
    groups: dict[str, pd.DataFrame] | None = None,
) -> DecisionOutcome:
    """Give every overlap and group its decision, and say what became of every decision.

    Parameters
    ----------
    overlaps : geopandas.GeoDataFrame
        The run's overlaps.
    measures : geopandas.GeoDataFrame
        The run's measures (for the fingerprints and unknown ids).
    decisions : Decisions or None
        The decisions (:func:`read_decisions`); None: everything is open.
    groups : dict of str to geopandas.GeoDataFrame, optional
        The run's integration groups per level (``regel``, ``code``, ``periode``).

    Returns
    -------
    DecisionOutcome
        The overlaps and groups with their decisions, and the decisions with their status.
    """
    groups = groups or {}
    out_pairs = _empty_columns(overlaps)
    out_groups = {level: _empty_columns(g) for level, g in groups.items()}
    columns = ["rij", "soort", "regel", "maatregel_a", "maatregel_b", "gebiedscode", "periode",
               "besluit", "toelichting", "datum", "door", "status", "reden"]  # fmt: skip
    if decisions is None or decisions.table.empty:
        return DecisionOutcome(out_pairs, out_groups, pd.DataFrame(columns=columns))
    table = decisions.table
    known = set(measures["id"])
    prints = measure_fingerprints(measures)
    status: dict[int, tuple[str, str]] = {}
    warnings = []

    pairs = table[table["soort"] == "overlapping"]
    chosen, replaced = _latest(
        pairs, lambda r: _pair_key(r["regel"], r["maatregel_a"], r["maatregel_b"])
    )
    keys = [
        _pair_key(r, a, b)
        for r, a, b in zip(
            out_pairs["rule"], out_pairs["measure_a"], out_pairs["measure_b"], strict=True
        )
    ]
    position = {key: k for k, key in enumerate(keys)}
    for key, row in chosen.items():
        k = position.get(key)
        if k is None:
            missing = [m for m in key[1:] if m not in known]
            if missing:
                reason = f"maatregel {' en '.join(missing)} bestaat niet in deze run"
                warnings.append(
                    f"{decisions.source}, rij {row['rij']}, veld "
                    f"{'maatregel_a' if row['maatregel_a'] in missing else 'maatregel_b'}: "
                    f"{reason}; het besluit is vervallen"
                )
            else:
                reason = "deze overlapping bestaat niet meer"
            status[row["rij"]] = ("vervallen", reason)
            continue
        why = _changed_since(row, out_pairs.iloc[k], prints)
        _set(out_pairs, k, row, why)
        status[row["rij"]] = ("herzien", why) if why else ("toegepast", "")

    group_rows = table[table["soort"] == "groep"]
    chosen_g, replaced_g = _latest(
        group_rows, lambda r: (str(r["regel"]), str(r["gebiedscode"]), str(r["periode"]))
    )
    replaced.update(replaced_g)
    index = {
        (str(r), str(c), str(p)): (level, k)
        for level, g in out_groups.items()
        for k, (r, c, p) in enumerate(zip(g["regel"], g["code"], g["periode"], strict=True))
    }
    for key, row in chosen_g.items():
        if not out_groups:
            status[row["rij"]] = ("niet_getoetst", "deze run heeft geen samenhanggroepen")
            continue
        found = index.get(key)
        if found is None:
            status[row["rij"]] = ("vervallen", "deze samenhanggroep bestaat niet meer")
            continue
        _set(out_groups[found[0]], found[1], row, None)
        status[row["rij"]] = ("toegepast", "")
    for rij, by in replaced.items():
        status[rij] = ("vervangen", f"vervangen door rij {by}")
    listed = table.copy()
    listed["status"] = [status[r][0] for r in listed["rij"]]
    listed["reden"] = [status[r][1] or None for r in listed["rij"]]
    return DecisionOutcome(out_pairs, out_groups, listed[columns], warnings)


def _changed_since(row: dict, pair: pd.Series, prints: pd.Series) -> str | None:
    """Why a decided overlap is open again (its measures changed), or None."""
    said = []
    for side in ("a", "b"):
        before = row.get(f"kenmerk_{side}")
        # the template's side a may be the run's side b: match on the id
        mid = row[f"maatregel_{side}"]
        now = prints.get(mid)
        if before and now is not None and before != now:
            other = "a" if pair["measure_a"] == mid else "b"
            then_period, now_period = row.get(f"periode_{side}"), pair[f"periode_{other}"]
            if then_period and then_period != now_period:
                said.append(f"{mid}: periode {then_period} → {now_period}")
            else:
                said.append(f"{mid}: ligging, status of hinder gewijzigd")
    return "; ".join(said) or None


def _set(frame: pd.DataFrame, k: int, row: dict, why: str | None) -> None:
    at = frame.index[k]
    frame.at[at, "besluit"] = row["besluit"]
    frame.at[at, "besluit_datum"] = row["datum"].isoformat() if row["datum"] else None
    frame.at[at, "besluit_door"] = row["door"]
    frame.at[at, "besluit_toelichting"] = row["toelichting"]
    decided = row["besluit"] in DECIDED
    frame.at[at, "besluit_status"] = "herzien" if why else ("besloten" if decided else "open")
    frame.at[at, "herzien_omdat"] = why


# --- the template -------------------------------------------------------------------------


def decision_template(
    outcome: DecisionOutcome,
    measures: pd.DataFrame,
    numbers: pd.DataFrame | None = None,
    booklets: tuple[str, dict[str, str]] | None = None,
) -> pd.DataFrame:
    """The open overlaps and groups with empty decision columns, numbered, to fill in.

    Pairs of the verdicts combineren, volgorde and spreiden are listed one by one; integration
    is decided per group (``samenhang_<niveau>``) where the run has groups. Items decided and
    not reopened are left out; reopened ones (``herzien``) show their previous decision.

    Parameters
    ----------
    outcome : DecisionOutcome
        The run's overlaps and groups with their decisions.
    measures : geopandas.GeoDataFrame
        The run's measures (their fingerprints go into the template).
    numbers : pandas.DataFrame, optional
        The booklets' numbering (:func:`planner.report.decisions.booklet_numbers`), indexed as
        ``outcome.overlaps``: ``boekje`` and ``nummer``. Pairs it has no row for (they meet in
        no area of the booklets' level) get neither.
    booklets : tuple, optional
        The booklets' level and, on it, area code -> booklet file stem: a group of that level
        gets its area's ``boekje`` (groups are not numbered in the booklets).

    Returns
    -------
    pandas.DataFrame
        The template: ``boekje`` and ``nummer`` first (the area's booklet and the decision's
        number in it and in its ``-besluiten.csv``), in booklet order; then the groups.
    """
    (whole,) = template_parts(outcome, measures, numbers, booklets)
    return whole


def template_parts(
    outcome: DecisionOutcome,
    measures: pd.DataFrame,
    numbers: pd.DataFrame | None = None,
    booklets: tuple[str, dict[str, str]] | None = None,
    *,
    rows: int | None = None,
) -> Iterator[pd.DataFrame]:
    """The rows of :func:`decision_template`, in consecutive parts made one at a time.

    A dense programme has millions of open pairs: written part by part, its template is never
    held whole (only the sort keys of all rows are). The parts, one after the other, are
    :func:`decision_template`'s table, column types included.

    Parameters
    ----------
    outcome, measures, numbers, booklets
        As for :func:`decision_template`.
    rows : int, optional
        Pairs per part (the groups come with the last); all in one part when not given.

    Yields
    ------
    pandas.DataFrame
        At least one part (the header of an empty template is one too).
    """
    overlaps = outcome.overlaps
    kept = np.flatnonzero(
        overlaps["verdict"].isin(PAIR_VERDICTS) & (overlaps["besluit_status"] != "besloten")
    )
    if numbers is None:
        numbers = pd.DataFrame({"boekje": [], "nummer": []})
    index = overlaps.index[kept]
    boekje = numbers["boekje"].reindex(index).reset_index(drop=True)
    # booklet by booklet in number order, as the team goes through them; unnumbered last;
    # only the keys are sorted, the other columns are taken in that order once
    keys = pd.DataFrame(
        {
            "_first": _booklet_rank(numbers["boekje"], boekje),
            "nummer": numbers["nummer"].reindex(index).astype("Int64").reset_index(drop=True),
            "rule": overlaps["rule"].iloc[kept].reset_index(drop=True),
            "measure_a": overlaps["measure_a"].iloc[kept].reset_index(drop=True),
            "measure_b": overlaps["measure_b"].iloc[kept].reset_index(drop=True),
            "boekje": boekje,
        }
    )
    listed = among(measures["id"], keys["measure_a"], keys["measure_b"])
    # only the columns a fingerprint reads: a copy of every column of a million measures
    # would cost a gigabyte for nothing
    fingerprinted = ["id", *FINGERPRINTED, measures.geometry.name]
    prints = measure_fingerprints(measures.loc[listed, fingerprinted])
    order = stable_order(keys, ["_first", "nummer", "rule", "measure_a", "measure_b"])
    ordered_rows = kept[order]
    ordered = keys.iloc[order].reset_index(drop=True)
    del keys
    print_of = prints.groupby(level=0).first()  # one per id, whatever the measures hold
    booklet_level, stems = booklets or (None, {})
    group_rows = [
        _group_rows(level, groups, stems if level == booklet_level else None)
        for level, groups in outcome.groups.items()
    ]
    groups = pd.concat(group_rows, ignore_index=True) if group_rows else pd.DataFrame()
    n = len(ordered_rows)
    step = rows or max(n, 1)
    for start in range(0, max(n, 1), step):
        stop = start + step
        yield _template_part(
            overlaps,
            ordered_rows[start:stop],
            ordered.iloc[start:stop].reset_index(drop=True),
            print_of,
            groups if stop >= n else pd.DataFrame(),
        )


def _template_part(
    overlaps: pd.DataFrame,
    rows: np.ndarray,
    ordered: pd.DataFrame,
    print_of: pd.Series,
    groups: pd.DataFrame,
) -> pd.DataFrame:
    """The template rows of the pairs at ``rows`` of ``overlaps``, then those of ``groups``.

    ``ordered`` holds the pairs' sort keys, in the order of ``rows``.
    """

    def taken(name: str) -> pd.Series:
        # in the column's own type: Arrow text stays Arrow text on its way to the CSV
        return overlaps[name].take(rows).reset_index(drop=True)

    n = len(rows)
    empty = pd.Series([None] * n, dtype=object)
    herzien = (overlaps["besluit_status"].take(rows) == "herzien").to_numpy()
    measure_a, measure_b = ordered["measure_a"], ordered["measure_b"]
    pair_rows = {
        "boekje": ordered["boekje"],
        "nummer": ordered["nummer"],
        "soort": pd.Series(["overlapping"] * n, dtype=object),
        "regel": ordered["rule"],
        "oordeel": taken("verdict"),
        "maatregel_a": measure_a,
        "naam_a": taken("naam_a"),
        "periode_a": taken("periode_a"),
        "kenmerk_a": print_of.reindex(pd.Index(measure_a)).reset_index(drop=True),
        "maatregel_b": measure_b,
        "naam_b": taken("naam_b"),
        "periode_b": taken("periode_b"),
        "kenmerk_b": print_of.reindex(pd.Index(measure_b)).reset_index(drop=True),
        "gebiedscode": empty,
        "periode": empty,
        "uitleg": taken("uitleg"),
        "vorig_besluit": taken("besluit").where(herzien, None),
        "herzien_omdat": taken("herzien_omdat"),
    }
    columns = ["boekje", "nummer", "soort", "regel", "oordeel", "maatregel_a", "naam_a",
               "periode_a", "kenmerk_a", "maatregel_b", "naam_b", "periode_b", "kenmerk_b",
               "gebiedscode", "periode", "uitleg", "vorig_besluit", "herzien_omdat", "besluit",
               "toelichting", "datum", "door"]  # fmt: skip
    total = n + len(groups)
    blank = [None] * total  # the columns to fill in
    template = pd.DataFrame(
        {
            name: _stacked(pair_rows[name], groups.get(name)) if name in pair_rows else blank
            for name in columns
        }
    )
    template["nummer"] = template["nummer"].astype("Int64")
    return template


def _stacked(pairs: pd.Series, groups: pd.Series | None) -> pd.Series:
    """The pairs' column, then the groups': in the pairs' type (text stays as it was read)."""
    if groups is None or not len(groups):
        return pairs
    if pairs.dtype != object:
        groups = groups.astype(pairs.dtype)
    return pd.concat([pairs, groups], ignore_index=True)


def _group_rows(level: str, groups: pd.DataFrame, stems: dict[str, str] | None) -> pd.DataFrame:
    """A level's open groups as template rows, by rule, area and period."""
    open_groups = groups[groups["besluit_status"] != "besloten"]
    g = open_groups.sort_values(["regel", "code", "periode"])
    n = len(g)

    def column(name: str) -> np.ndarray | list:
        return _objects(g[name]) if name in g.columns else [None] * n

    codes = _objects(g["code"])
    previous = _objects(g["besluit"]).copy()
    previous[(g["besluit_status"] != "herzien").to_numpy()] = None
    none = [None] * n
    return pd.DataFrame(
        {
            "boekje": [stems.get(c) for c in codes] if stems is not None else none,
            "nummer": none,
            "soort": ["groep"] * n,
            "regel": _objects(g["regel"]),
            "oordeel": column("oordeel"),
            "maatregel_a": none,
            "naam_a": column("namen_a"),
            "periode_a": none,
            "kenmerk_a": none,
            "maatregel_b": none,
            "naam_b": column("namen_b"),
            "periode_b": none,
            "kenmerk_b": none,
            "gebiedscode": codes,
            "periode": _objects(g["periode"]),
            "uitleg": column("uitleg"),
            "vorig_besluit": previous,
            "herzien_omdat": _objects(g["herzien_omdat"]),
            "niveau": [level] * n,
        },
        dtype=object,
    )


def _objects(values: pd.Series) -> np.ndarray:
    """The values as Python objects, None where missing (as the template's CSV writes them)."""
    return values.to_numpy(dtype=object, na_value=None)


def _booklet_rank(order: pd.Series, booklets: pd.Series) -> pd.Series:
    """Each booklet's place in the booklets' order (their first appearance in ``order``).

    Missing where a pair has no booklet (it then sorts last).

    Examples
    --------
    >>> _booklet_rank(pd.Series(["b", "b", "a"]), pd.Series(["a", None, "b"])).tolist()
    [1.0, nan, 0.0]
    """
    ranks = pd.Index(pd.unique(order.to_numpy(dtype=object))).get_indexer(
        booklets.to_numpy(dtype=object)
    )
    return pd.Series(np.where(ranks >= 0, ranks, np.nan))
