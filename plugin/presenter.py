"""What the programme panel shows, worked out without QGIS or Qt.

The panel (:mod:`.panel`) is the view: Qt widgets, QGIS layers, the map canvas. This presenter
holds the run, the live index and the chosen year, and answers the view in plain data: the rows
of the most-stacked table, the overlaps per verdict, the samenhang groups, which features the
year leaves on the map, which features a pair is and where an area lies, and the lines of the
live check. It imports only
planner, pandas and the standard library, so tests drive it where QGIS is not installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner import LayerRef, LiveIndex, PlannerError, most_stacked, read_measures, verdict_label

__all__ = [
    "ALL_YEARS",
    "AREA_CRS",
    "MOST_STACKED",
    "PAIRS_PER_VERDICT",
    "GROUPS_SHOWN",
    "GroupRow",
    "LiveCheck",
    "LiveLine",
    "PairRow",
    "PanelPresenter",
    "StackedRow",
    "VerdictGroup",
    "plain_text",
]

#: The year filter's "all years".
ALL_YEARS = -1
#: Rows in the most-stacked table.
MOST_STACKED = 15
#: Pairs listed under one verdict (the count in its label is all of them).
PAIRS_PER_VERDICT = 500
#: Samenhang groups listed (the largest first; the status line counts them all).
GROUPS_SHOWN = 500
#: The CRS of the run's tables: planner's working CRS, which the panel leaves at its default.
AREA_CRS = "EPSG:28992"


def plain_text(text: str, *args: object) -> str:
    """``text`` with ``{}`` filled in, untranslated: the presenter's ``tr`` outside QGIS.

    Examples
    --------
    >>> plain_text("{}: {} overlappingen", "Riool", 2)
    'Riool: 2 overlappingen'
    """
    return text.format(*args)


@dataclass(frozen=True)
class StackedRow:
    """One row of the most-stacked table: area, period, count, nuisance."""

    cells: tuple[str, str, str, str]
    code: str
    tooltip: str


@dataclass(frozen=True)
class PairRow:
    """One overlap under its verdict: ``naam_a — naam_b``, the rule, the distance."""

    cells: tuple[str, str, str]
    pair: tuple[str, str]
    tooltip: str


@dataclass(frozen=True)
class VerdictGroup:
    """The overlaps of one verdict: ``label`` counts them all, ``pairs`` lists the first ones."""

    verdict: str
    label: str
    count: int
    pairs: list[PairRow]


@dataclass(frozen=True)
class GroupRow:
    """One samenhang group: area, period, the count on each side, the teams to connect."""

    cells: tuple[str, str, str, str]
    level: str
    code: str
    tooltip: str


@dataclass(frozen=True)
class LiveLine:
    """One line of the live check."""

    text: str
    tooltip: str = ""


@dataclass(frozen=True)
class LiveCheck:
    """What the live check says about an edited feature.

    Attributes
    ----------
    lines : list of LiveLine
        The text to show, a summary first.
    pairs : pandas.DataFrame or None
        The pairs the measure is now in; None when it would be rejected.
    """

    lines: list[LiveLine]
    pairs: pd.DataFrame | None = field(default=None)


class PanelPresenter:
    """The programme panel's state and its lists, as plain data.

    Parameters
    ----------
    tr : callable, optional
        ``tr(text, *args)``: the interface text in the user's language; the plugin passes its
        translation, tests leave :func:`plain_text`.

    Examples
    --------
    >>> presenter = PanelPresenter()
    >>> presenter.finish(None, None)
    'Afgebroken.'
    >>> presenter.years(), presenter.stacked_rows(), presenter.verdict_groups()
    ([], [], [])
    >>> presenter.group_rows()
    []
    """

    def __init__(self, tr: Callable[..., str] = plain_text):
        self.tr = tr
        self.result = None
        self.live: LiveIndex | None = None
        self.year = ALL_YEARS
        #: the decisions of the project's besluiten layer: (rule, id, id) -> besluit
        self.decided: dict[tuple[str, str, str], str] = {}

    # -- the run ------------------------------------------------------------------------------

    def finish(self, result, error: str | None) -> str:
        """Take a finished run (or its failure) and return the status line.

        Parameters
        ----------
        result : planner.RunResult or None
            The run; None when it failed or was cancelled (the previous run stays shown).
        error : str or None
            planner's sentence when it failed.

        Returns
        -------
        str
            What the status line says.
        """
        if result is None:
            return error or self.tr("Afgebroken.")
        self.result = result
        self.year = ALL_YEARS
        ms = result.measures
        # the live check names an edited measure's same-area partners too (a run's groups)
        self.live = LiveIndex(ms, result.rules, result.areas, area_pairs=True)
        return self.tr(
            "{} maatregelen gebruikt, {} afgewezen; {} overlappingen, {} samenhanggroepen.",
            len(ms.measures),
            len(ms.rejected),
            len(result.overlaps),
            sum(len(t) for t in result.groups.values()),
        )

    def years(self) -> list[int]:
        """The years the programme spans, first to last, for the year filter."""
        if self.result is None:
            return []
        rows = self.result.measures.measures
        found = {
            int(y)
            for column in ("periode_van", "periode_tot")
            for y in pd.to_datetime(rows[column]).dt.year.dropna()
        }
        return list(range(min(found), max(found) + 1)) if found else []

    def set_year(self, year: int | None) -> None:
        """Choose the year the lists and the map show (:data:`ALL_YEARS` or None: all)."""
        self.year = ALL_YEARS if year is None else int(year)

    def _running(self) -> pd.Series:
        """Which measures (one flag per row of the measures table) run in the chosen year."""
        rows = self.result.measures.measures
        first = pd.to_datetime(rows["periode_van"]).dt.year
        last = pd.to_datetime(rows["periode_tot"]).dt.year
        return (first <= self.year) & (last >= self.year)

    # -- the lists ----------------------------------------------------------------------------

    def stacked_rows(self) -> list[StackedRow]:
        """The most stacked areas and periods of the finest level, in the chosen year."""
        if self.result is None:
            return []
        stacking = self.result.stacking[self.result.areas.levels[0]]
        if self.year != ALL_YEARS:
            stacking = stacking.loc[stacking["periode"].astype(str).str.startswith(str(self.year))]
        return [
            StackedRow(
                cells=(
                    str(row.naam),
                    str(row.periode),
                    str(row.n_maatregelen),
                    f"{row.hinderlast:.1f}",
                ),
                code=str(row.code),
                tooltip=self.tr(
                    "{} ({}): {} maatregelen, hinderlast {:.1f}",
                    row.naam,
                    row.code,
                    row.n_maatregelen,
                    row.hinderlast,
                ),
            )
            for row in most_stacked(stacking, n=MOST_STACKED).itertuples()
        ]

    def pairs_in_year(self) -> pd.DataFrame:
        """The overlaps whose two measures both run in the chosen year (all for all years)."""
        pairs = self.result.overlaps
        if self.year == ALL_YEARS:
            return pairs
        rows = self.result.measures.measures
        active = set(rows.loc[self._running(), "id"])
        keep = pairs["measure_a"].isin(active) & pairs["measure_b"].isin(active)
        return pairs.loc[keep.to_numpy()]

    def set_decisions(self, rows: Iterable[tuple[str, str, str, str]]) -> int:
        """Take the decisions of the project's besluiten layer, replacing the ones before.

        Parameters
        ----------
        rows : iterable of (regel, maatregel_a, maatregel_b, besluit)
            One per decision about an overlap; the order of the two ids does not matter, a
            ``nog_open`` or empty decision leaves the overlap open, a later row wins.

        Returns
        -------
        int
            How many overlaps are decided now.
        """
        self.decided = {}
        for rule, a, b, decision in rows:
            if not decision or str(decision) == "nog_open" or not a or not b:
                continue
            lo, hi = sorted((str(a), str(b)))
            self.decided[(str(rule), lo, hi)] = str(decision)
        return len(self.decided)

    def _decisions_of(self, pairs: pd.DataFrame) -> pd.Series:
        """The decision of each overlap (the besluiten layer's, else the run's), or None."""
        if "besluit_status" in pairs:
            ran = pairs["besluit"].where(pairs["besluit_status"] == "besloten")
        else:
            ran = pd.Series(None, index=pairs.index, dtype=object)
        a, b = pairs["measure_a"].astype(str), pairs["measure_b"].astype(str)
        keys = zip(pairs["rule"].astype(str), a.where(a < b, b), b.where(a < b, a), strict=True)
        layer = pd.Series([self.decided.get(k) for k in keys], index=pairs.index, dtype=object)
        return layer.where(layer.notna(), ran)

    def verdict_groups(self) -> list[VerdictGroup]:
        """The open overlaps of the chosen year per verdict (alphabetical), then the decided.

        An overlap with a decision (the project's besluiten layer, :meth:`set_decisions`, or
        the run's ``--besluiten``) is no open work: it is listed once under *Besloten*, with
        its decision, after the verdicts.
        """
        if self.result is None:
            return []
        pairs = self.pairs_in_year()
        decision = self._decisions_of(pairs)
        groups = self._verdict_groups(pairs[decision.isna().to_numpy()])
        decided = pairs[decision.notna().to_numpy()]
        if len(decided):
            rows = [
                _pair_row(row, str(d).replace("_", " "))
                for row, d in zip(
                    decided.head(PAIRS_PER_VERDICT).itertuples(),
                    decision[decision.notna()],
                    strict=False,
                )
            ]
            label = self.tr("Besloten ({})", len(decided))
            groups.append(VerdictGroup("besloten", label, len(decided), rows))
        return groups

    def _verdict_groups(self, pairs: pd.DataFrame) -> list[VerdictGroup]:
        groups = []
        for verdict, group in pairs.groupby("verdict", sort=True):
            rows = [
                _pair_row(row, "" if pd.isna(row.distance_m) else f"{row.distance_m:.0f} m")
                for row in group.head(PAIRS_PER_VERDICT).itertuples()
            ]
            label = f"{verdict_label(str(verdict))} ({len(group)})"
            groups.append(VerdictGroup(str(verdict), label, len(group), rows))
        return groups

    def group_rows(self) -> list[GroupRow]:
        """The samenhang groups of the chosen year, most teams first (at most GROUPS_SHOWN)."""
        if self.result is None:
            return []
        frames = [
            pd.DataFrame(table.drop(columns="geometry"))
            for table in self.result.groups.values()
            if len(table)
        ]
        if not frames:
            return []
        groups = pd.concat(frames, ignore_index=True)
        if self.year != ALL_YEARS:
            groups = groups.loc[groups["periode"].astype(str).str.startswith(str(self.year))]
        groups = groups.assign(_omvang=groups["n_a"] + groups["n_b"]).sort_values(
            ["n_teams", "_omvang", "code", "periode"], ascending=[False, False, True, True]
        )
        return [
            GroupRow(
                cells=(
                    f"{row.naam} ({row.code})",
                    str(row.periode),
                    f"{row.n_a} / {row.n_b}",
                    str(row.teams_verbinden),
                ),
                level=str(row.niveau),
                code=str(row.code),
                tooltip=self.tr("{}: {}", row.regel, row.uitleg),
            )
            for row in groups.head(GROUPS_SHOWN).itertuples()
        ]

    # -- the map ------------------------------------------------------------------------------

    def shown_features(self) -> dict[str, list[int]] | None:
        """Per measure layer (by name) the feature ids the chosen year keeps; None: no filter."""
        if self.result is None or self.year == ALL_YEARS:
            return None
        rows = self.result.measures.measures
        active = rows.loc[self._running()]
        return {
            str(name): active.loc[active["laag"] == name, "bron_fid"].astype(int).tolist()
            for name in rows["laag"].unique()
        }

    def feature_of(self, measure_id: str) -> tuple[str, int] | None:
        """The layer (by name) and feature id a measure was read from."""
        if self.result is None:
            return None
        rows = self.result.measures.measures
        hit = rows.loc[rows["id"] == measure_id]
        if hit.empty:
            return None
        return str(hit["laag"].iloc[0]), int(hit["bron_fid"].iloc[0])

    def features_of_pair(self, pair: tuple[str, str] | None) -> list[tuple[str, int]]:
        """The features to select and zoom to for a pair: (layer name, feature id) each."""
        if not pair:
            return []
        return [found for found in map(self.feature_of, pair) if found is not None]

    def area_bounds(
        self, code: str, level: str | None = None
    ) -> tuple[float, float, float, float] | None:
        """The bounds of an area (of the finest level by default), in :data:`AREA_CRS`."""
        if self.result is None:
            return None
        part = self.result.areas.get(level or self.result.areas.levels[0]).areas
        hit = part.loc[part["code"] == code]
        if hit.empty:
            return None
        x0, y0, x1, y1 = hit.geometry.iloc[0].bounds
        return float(x0), float(y0), float(x1), float(y1)

    # -- live checks --------------------------------------------------------------------------

    @property
    def watching(self) -> bool:
        """Whether there is a run (and its live index) to check edits against."""
        return self.live is not None

    def check_edit(self, frame, source: str, layer: str, fid: int) -> LiveCheck:
        """Validate an edited feature as a run does, update the live index and say what it meets.

        Parameters
        ----------
        frame : geopandas.GeoDataFrame or None
            The feature as the plugin's converter reads it (``_fid`` and the layer's fields);
            None when the feature cannot be read.
        source, layer : str
            Where it comes from and its layer's name, as the run named them.
        fid : int
            Its feature id.

        Returns
        -------
        LiveCheck
            The lines to show and the pairs.
        """
        problem = ""
        measures = None
        if frame is not None:
            try:
                ms = read_measures(LayerRef.in_memory(frame, source, layer))
            except PlannerError as exc:
                problem = str(exc)
            else:
                if len(ms.rejected):
                    problem = str(ms.rejected["reden"].iloc[0])
                else:
                    measures = ms.measures
        if measures is None:
            text = self.tr("{} fid {}: wordt afgewezen: {}", layer, fid, problem)
            return LiveCheck([LiveLine(text)])
        self.live.update(measures)
        measure_id = measures["id"].iloc[0]
        pairs = self.live.check(measure_id)
        name = measures["naam"].iloc[0]
        if pairs.empty:
            return LiveCheck([LiveLine(self.tr("{}: geen overlappingen.", name))], pairs)
        lines = [LiveLine(self.tr("{}: {} overlappingen", name, len(pairs)))]
        for row in pairs.itertuples():
            other = row.naam_b if row.measure_a == measure_id else row.naam_a
            distance = "" if pd.isna(row.distance_m) else f", {row.distance_m:.0f} m"
            lines.append(LiveLine(f"{row.rule} ({row.verdict}): {other}{distance}", row.uitleg))
        return LiveCheck(lines, pairs)

    def measure_at(self, layer: str, fid: int) -> str | None:
        """The id of the measure read from feature ``fid`` of ``layer`` (None: not in the run)."""
        if self.result is None:
            return None
        rows = self.result.measures.measures
        hit = rows.loc[(rows["laag"] == layer) & (rows["bron_fid"] == fid), "id"]
        return str(hit.iloc[0]) if len(hit) else None

    def what_if_shift(self, measure_id: str, months: int) -> LiveCheck:
        """What if a measure moved ``months`` in time: overlaps that appear and go, and its area.

        The layer is not edited: the live index takes the shifted measure, is asked, and gets
        the measure back as it was.

        Parameters
        ----------
        measure_id : str
            The measure.
        months : int
            The shift (12: a year later; -12: a year earlier).

        Returns
        -------
        LiveCheck
            The lines to show; ``pairs`` holds the overlaps after the shift.
        """
        from planner import Change, MeasureSet, apply_scenario

        if self.live is None or self.result is None or measure_id not in self.live:
            return LiveCheck([LiveLine(self.tr("Reken eerst door en kies een maatregel."))])
        original = self.live.table([measure_id])
        shifted = apply_scenario(MeasureSet(original), [Change(measure_id, "paneel", months)])
        before = self.live.check(measure_id)
        try:
            self.live.update(shifted.measures)
            after = self.live.check(measure_id)
        finally:
            self.live.update(original)

        def keys(pairs: pd.DataFrame) -> dict:
            return {
                (r.rule, r.measure_b if r.measure_a == measure_id else r.measure_a): r
                for r in pairs.itertuples()
            }

        old, new = keys(before), keys(after)
        row = shifted.measures.iloc[0]
        period = (
            row["start"] if row["start"] == row["eind"] else f"{row['start']} t/m {row['eind']}"
        )
        lines = [LiveLine(self.tr("Wat als {} in {}:", row["naam"], period))]
        for label, chosen, pick in (
            (self.tr("nieuw"), set(new) - set(old), new),
            (self.tr("vervalt"), set(old) - set(new), old),
        ):
            for key in sorted(chosen):
                pair = pick[key]
                other = pair.naam_b if pair.measure_a == measure_id else pair.naam_a
                lines.append(LiveLine(f"{label}: {key[0]} ({pair.verdict}) {other}", pair.uitleg))
        if len(lines) == 1:
            lines.append(LiveLine(self.tr("geen overlapping komt erbij of vervalt.")))
        lines += self._area_years(measure_id, original.iloc[0], row)
        return LiveCheck(lines, after)

    def _area_years(self, measure_id: str, before: pd.Series, after: pd.Series) -> list[LiveLine]:
        """Per area of the finest level and year touched: measures running, before and after."""
        result = self.result
        rows = result.measures.measures
        level = result.areas.levels[0]
        m = int(np.flatnonzero(rows["id"].to_numpy() == measure_id)[0])
        members = result.membership[result.membership["niveau"] == level]
        first = pd.to_datetime(rows["periode_van"]).dt.year.to_numpy()
        last = pd.to_datetime(rows["periode_tot"]).dt.year.to_numpy()
        years = sorted(
            set(
                range(
                    pd.Timestamp(before["periode_van"]).year,
                    pd.Timestamp(before["periode_tot"]).year + 1,
                )
            )
            | set(
                range(
                    pd.Timestamp(after["periode_van"]).year,
                    pd.Timestamp(after["periode_tot"]).year + 1,
                )
            )
        )
        new_first, new_last = (
            pd.Timestamp(after["periode_van"]).year,
            pd.Timestamp(after["periode_tot"]).year,
        )
        lines = []
        areas = result.areas.get(level).areas
        for area in sorted(members.loc[members["m"] == m, "gebied"].unique()):
            inside = members.loc[members["gebied"] == area, "m"].unique()
            counts = []
            for year in years:
                running = (first[inside] <= year) & (last[inside] >= year)
                n_before = int(running.sum())
                mine = bool((first[m] <= year) & (last[m] >= year))
                n_after = n_before - mine + int(new_first <= year <= new_last)
                if n_after != n_before:
                    counts.append(f"{year}: {n_before} → {n_after}")
            if counts:
                name = areas["naam"].iloc[int(area)]
                lines.append(
                    LiveLine(self.tr("{}, maatregelen per jaar: {}", name, "; ".join(counts)))
                )
        return lines

    def forget_feature(self, layer: str, fid: int) -> list[LiveLine]:
        """Drop a deleted feature from the live index; the line that says so."""
        if self.live is None or self.result is None:
            return []
        rows = self.result.measures.measures
        hit = rows.loc[(rows["laag"] == layer) & (rows["bron_fid"] == fid), "id"]
        for measure_id in hit:
            self.live.delete(measure_id)
        return [LiveLine(self.tr("{} fid {} verwijderd.", layer, fid))]


def _pair_row(row, third: str) -> PairRow:
    """One overlap of the list: ``naam_a — naam_b``, the rule, and a third cell."""
    return PairRow(
        cells=(f"{row.naam_a} — {row.naam_b}", str(row.rule), third),
        pair=(str(row.measure_a), str(row.measure_b)),
        tooltip=str(row.uitleg),
    )
