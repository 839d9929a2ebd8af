"""The pair list of ``gebiedsplanner overlaps``: one rule, one lean row per pair, CSV via Arrow.

The quick mode writes what a pair is: the two ids, the rule, the distance, the shared period or
the gap, and where the two meet. Names, domains, periods and every other attribute of a
measure are one join away, on ``measure_a`` / ``measure_b`` against the programme's own ids
(the README shows how); repeating them on every pair would make the file several times larger
and slower to write.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from planner.overlaps import find_pair_rows, meeting
from planner.read import MeasureSet
from planner.rules import Rule
from planner.threads import streamed

__all__ = ["PAIR_LIST_COLUMNS", "write_pair_list"]

PAIR_LIST_COLUMNS = [
    "measure_a",
    "measure_b",
    "rule",
    "verdict",
    "distance_m",
    "gedeeld_van",
    "gedeeld_tot",
    "tussenruimte_dagen",
    "x",
    "y",
]


def write_pair_list(measures: MeasureSet, rule: Rule, path: Path) -> int:
    """Find the pairs of ``rule`` and write them as CSV to ``path``, whole or not at all.

    Parameters
    ----------
    measures : MeasureSet
        As :func:`planner.read_measures` returns them.
    rule : Rule
        One distance rule (:func:`planner.rules.single_rule`).
    path : pathlib.Path
        The CSV file, columns :data:`PAIR_LIST_COLUMNS`; an existing file is replaced only
        when the new one is complete.

    Returns
    -------
    int
        The number of pairs.

    Examples
    --------
    >>> import tempfile, geopandas as gpd, shapely
    >>> from planner.read import measures_from_frame
    >>> from planner.rules import single_rule
    >>> frame = gpd.GeoDataFrame({"naam": ["riool", "asfalt"], "domein": ["onderhoud"] * 2,
    ...     "start": ["2026", "2026-05"]},
    ...     geometry=[shapely.Point(120000, 480000), shapely.Point(120020, 480000)],
    ...     crs="EPSG:28992")
    >>> out = Path(tempfile.mkdtemp()) / "paren.csv"
    >>> write_pair_list(measures_from_frame(frame), single_rule(25, 0).rules[0], out)
    1
    >>> print(out.read_text(encoding="utf-8"), end="")
    "measure_a","measure_b","rule","verdict","distance_m","gedeeld_van","gedeeld_tot","tussenruimte_dagen","x","y"
    "invoer-1","invoer-2","afstand-tijd","",20,2026-05-01,2026-05-31,0,120010,480000
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    table = measures.measures.reset_index(drop=True)
    i, j = find_pair_rows(table, rule)
    geoms = np.asarray(table.geometry.array)
    gi, gj = geoms[i], geoms[j]
    distance, x, y = meeting(gi, gj)
    first = table["periode_van"].to_numpy().astype("datetime64[D]")
    last = table["periode_tot"].to_numpy().astype("datetime64[D]")
    van, tot = np.maximum(first[i], first[j]), np.minimum(last[i], last[j])
    together = van <= tot
    # the ids as the reader keeps them (Arrow text: no Python string per id)
    ids = pa.array(table["id"].array, from_pandas=True)
    days = pa.date32()
    columns = {
        "measure_a": pc.take(ids, pa.array(i)),
        "measure_b": pc.take(ids, pa.array(j)),
        # one text on every row, repeated by Arrow, not made once per row in Python
        "rule": pa.repeat(pa.scalar(rule.name, pa.string()), len(i)),
        "verdict": pa.repeat(pa.scalar(rule.verdict, pa.string()), len(i)),
        "distance_m": pa.array(np.round(distance, 2), pa.float64()),
        "gedeeld_van": pa.array(van.astype("datetime64[D]"), days, mask=~together),
        "gedeeld_tot": pa.array(tot.astype("datetime64[D]"), days, mask=~together),
        "tussenruimte_dagen": pa.array(
            np.where(together, 0, (van - tot).astype(np.int64) - 1), pa.int64()
        ),
        "x": pa.array(np.round(x, 2), pa.float64()),
        "y": pa.array(np.round(y, 2), pa.float64()),
    }
    # one chunk per column (see planner.layer_writer.write_csv_from_arrow)
    table = pa.table(columns).combine_chunks()

    def text(start: int) -> pa.Buffer:
        sink = pa.BufferOutputStream()
        options = pacsv.WriteOptions(quoting_style="needed", include_header=start == 0)
        pacsv.write_csv(table.slice(start, CSV_ROWS), sink, options)
        return sink.getvalue()

    tmp = path.with_name(f".{path.name}.tmp")
    try:
        # Arrow's CSV writer uses one core: slices of rows are made into text on all of them
        # and written in their order (a few slices in memory at a time)
        with open(tmp, "wb") as out:
            for done in streamed(text, range(0, max(len(table), 1), CSV_ROWS)):
                out.write(done)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return len(i)


#: Pairs per slice of the CSV made into text at a time (:func:`write_pair_list`).
CSV_ROWS = 250_000
