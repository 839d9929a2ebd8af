"""Live checks while a planner edits: an incremental index of the programme.

:class:`LiveIndex` keeps an rtree index of the measures' extents and, for rules that ask for the
same area, which measures share an area. Inserting, moving, re-timing or deleting one measure
touches only that measure; :meth:`LiveIndex.check` then evaluates the rules between it and its
candidates with the same engine as a full run (:func:`planner.find_overlaps`), so a live check
and a full run always agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd
import shapely

from planner.areas import Areas, place_measures
from planner.errors import InputError
from planner.overlaps import PAIR_COLUMNS, find_overlaps
from planner.read import MeasureSet
from planner.rules import RuleSet

__all__ = ["LiveIndex"]


class LiveIndex:
    """The measures of a programme, indexed for one-at-a-time changes and checks.

    Parameters
    ----------
    measures : geopandas.GeoDataFrame or MeasureSet
        Measures as read (:func:`planner.read_measures` or
        :func:`planner.measures_from_frame`).
    rules : RuleSet
        The rules to check.
    areas : Areas, optional
        The partitions, for rules that ask for the same area.
    area_pairs : bool
        Also the pairs of same-area rules (a full run writes those rules as groups, or as
        pairs with ``--samenhang-paren``): one edited measure's partners in its area.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from planner.read import measures_from_frame
    >>> from planner.rules import single_rule
    >>> frame = gpd.GeoDataFrame({"naam": ["riool", "asfalt"], "domein": ["onderhoud"] * 2,
    ...     "start": ["2026", "2026"]}, geometry=[shapely.Point(0, 0), shapely.Point(500, 0)],
    ...     crs="EPSG:28992")
    >>> live = LiveIndex(measures_from_frame(frame), single_rule(25, 0))
    >>> len(live.check("invoer-1"))
    0
    >>> moved = measures_from_frame(frame.assign(geometry=[shapely.Point(0, 0),
    ...     shapely.Point(10, 0)])).measures
    >>> live.update(moved.iloc[[1]])
    >>> live.check("invoer-1")[["measure_a", "measure_b", "distance_m"]].values.tolist()
    [['invoer-1', 'invoer-2', 10.0]]
    """

    def __init__(
        self,
        measures: gpd.GeoDataFrame | MeasureSet,
        rules: RuleSet,
        areas: Areas | None = None,
        area_pairs: bool = False,
    ):
        import rtree

        table = measures.measures if isinstance(measures, MeasureSet) else measures
        self.rules, self.areas, self.crs = rules, areas, table.crs
        # a same-area rule's partners of one edited measure are few: the panel asks for them
        self.area_pairs = area_pairs
        self.columns = list(table.columns)
        distances = [r.distance for r in rules.rules if r.distance is not None]
        self.reach = max(distances) if distances else None
        self._levels = sorted(
            {
                level
                for r in rules.rules
                if r.distance is None and areas is not None
                for level in [areas.first_present(r.same_area)]
                if level is not None
            }
        )
        self._records: dict[str, dict] = {}
        self._keys: dict[str, int] = {}
        self._ids: dict[int, str] = {}
        self._bounds: dict[str, tuple[float, float, float, float]] = {}
        self._areas_of: dict[str, list[tuple[str, int]]] = {}
        self._members: dict[tuple[str, int], set[str]] = {}
        self._next = 0
        records = table.to_dict("records")
        stream = []
        for record in records:
            self._add(record, index=False)
            if record["id"] in self._bounds:
                key = self._keys[record["id"]]
                stream.append((key, self._bounds[record["id"]], None))
        self._index = rtree.index.Index(stream) if stream else rtree.index.Index()
        self._place(table)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, measure_id: object) -> bool:
        return measure_id in self._records

    def insert(self, measures: gpd.GeoDataFrame) -> None:
        """Add new measures (rows as :func:`planner.measures_from_frame` gives them).

        Raises
        ------
        planner.errors.InputError
            A measure with the same id is already in the index.
        """
        for record in measures.to_dict("records"):
            if record["id"] in self._records:
                raise InputError(f"Maatregel {record['id']!r} staat al in de index.")
            self._add(record, index=True)
        self._place(measures)

    def update(self, measures: gpd.GeoDataFrame) -> None:
        """Replace measures by id: moved, re-timed or otherwise changed (new ids are added).

        A changed measure keeps its place in the programme's order, which decides which of
        two measures is side a of a symmetric pair, as in a full run.
        """
        for record in measures.to_dict("records"):
            measure_id = record["id"]
            key = self._keys.get(measure_id)
            if key is not None:
                self.delete(measure_id)
            self._add(record, index=True, key=key)
        self._place(measures)

    def delete(self, measure_id: str) -> None:
        """Remove a measure; unknown ids are ignored (it may never have been valid)."""
        if measure_id not in self._records:
            return
        del self._records[measure_id]
        key = self._keys.pop(measure_id)
        del self._ids[key]
        if measure_id in self._bounds:
            self._index.delete(key, self._bounds.pop(measure_id))
        for place in self._areas_of.pop(measure_id, []):
            self._members[place].discard(measure_id)

    def table(self, ids: Iterable[str] | None = None) -> gpd.GeoDataFrame:
        """The indexed measures (or those in ``ids``) as a measures table, in programme order."""
        chosen = sorted(self._records if ids is None else ids, key=self._keys.__getitem__)
        records = [self._records[i] for i in chosen]
        frame = pd.DataFrame.from_records(records, columns=self.columns)
        return gpd.GeoDataFrame(frame, geometry="geometry", crs=self.crs)

    def candidates(self, measure_id: str) -> list[str]:
        """The measures a rule could pair with ``measure_id``: near it, or in a shared area."""
        found: set[str] = set()
        if self.reach is not None and measure_id in self._bounds:
            x0, y0, x1, y1 = self._bounds[measure_id]
            d = self.reach
            found |= {
                self._ids[k] for k in self._index.intersection((x0 - d, y0 - d, x1 + d, y1 + d))
            }
        for place in self._areas_of.get(measure_id, []):
            found |= self._members[place]
        found.discard(measure_id)
        return sorted(found)

    def check(self, measure_id: str) -> gpd.GeoDataFrame:
        """The pairs ``measure_id`` is in now, per rule, as a full run would report them.

        Parameters
        ----------
        measure_id : str
            The measure's id.

        Returns
        -------
        geopandas.GeoDataFrame
            Rows as :func:`planner.find_overlaps` gives them, only those with this measure.

        Raises
        ------
        planner.errors.InputError
            The id is not in the index.
        """
        if measure_id not in self._records:
            raise InputError(f"Maatregel {measure_id!r} staat niet in de index.")
        table = self.table([measure_id, *self.candidates(measure_id)])
        pairs = find_overlaps(table, self.rules, areas=self.areas, area_pairs=self.area_pairs)
        mine = (pairs["measure_a"] == measure_id) | (pairs["measure_b"] == measure_id)
        result = pairs.loc[mine.to_numpy()].reset_index(drop=True)
        return result if len(result) else result.reindex(columns=[*PAIR_COLUMNS, "geometry"])

    def _add(self, record: dict, index: bool, key: int | None = None) -> None:
        measure_id = record["id"]
        self._records[measure_id] = record
        if key is None:
            key = self._next
            self._next += 1
        self._keys[measure_id], self._ids[key] = key, measure_id
        geom = record.get("geometry")
        if geom is not None and not shapely.is_empty(geom):
            x0, y0, x1, y1 = (float(v) for v in shapely.bounds(geom))
            bounds = (x0, y0, x1, y1)
            if all(math.isfinite(v) for v in bounds):
                self._bounds[measure_id] = bounds
                if index:
                    self._index.insert(key, bounds)

    def _place(self, measures: gpd.GeoDataFrame) -> None:
        if self.areas is None or not self._levels or not len(measures):
            return
        membership, _ = place_measures(measures.reset_index(drop=True), self.areas)
        ids = measures["id"].to_numpy()
        mem = membership.loc[membership["niveau"].isin(self._levels)]
        for m, level, area in zip(mem["m"], mem["niveau"], mem["gebied"], strict=True):
            place = (level, int(area))
            self._areas_of.setdefault(ids[m], []).append(place)
            self._members.setdefault(place, set()).add(ids[m])
