"""The baseline: the same analysis written the way a competent analyst would, with geopandas.

Overlaps: per rule one ``geopandas.sjoin(predicate="dwithin")`` between the two sides, then the
time relation as a pandas filter on the joined rows. Stacking: ``geopandas.overlay`` of the
measures with each partition for the shares (area for polygons, length for lines; points by
``sjoin``), periods cut into years with pandas, then ``groupby``. Integration groups (the
same-area rule ``fysiek-sociaal``): every pair of its two sides per area and year by a pandas
``merge``, the time and distance filters, then ``groupby``. Nothing from planner's engine
is used; the rules, the nuisance weights and the period semantics are read from the same files
and implemented here again, so that the two can be compared answer for answer.

Run on its own: ``python benchmarks/baseline.py PROGRAMMA.gpkg GEBIEDEN.gpkg`` prints the counts.
"""

from __future__ import annotations

import math
import sys
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ROOT / "layers"
DAY, MONTH, YEAR = 0, 1, 2


# -- reading ----------------------------------------------------------------------------------


def parse_period(text: pd.Series, end: bool) -> tuple[pd.Series, pd.Series]:
    """'2026', '2026-03' or '2026-03-15' -> the first (or last) day and the resolution."""
    text = text.astype("string")
    res = pd.Series(DAY, index=text.index, dtype="int8")
    res[text.str.len() == 7] = MONTH
    res[text.str.len() == 4] = YEAR
    day = pd.to_datetime(text.where(res == DAY), format="%Y-%m-%d", errors="coerce")
    month = pd.to_datetime(text.where(res == MONTH), format="%Y-%m", errors="coerce")
    year = pd.to_datetime(text.where(res == YEAR), format="%Y", errors="coerce")
    if end:
        month = month + pd.offsets.MonthEnd(0)
        year = year + pd.offsets.YearEnd(0)
    return day.fillna(month).fillna(year), res


def read_programme(path: Path) -> gpd.GeoDataFrame:
    """The measures with their periods, nuisance (the theme's default when empty) and budget."""
    schema = tomllib.loads((LAYERS / "schema.toml").read_text(encoding="utf-8"))
    m = gpd.read_file(path)
    m["van"], m["van_res"] = parse_period(m["start"], end=False)
    eind = m["eind"].where(m["eind"].notna(), m["start"]) if "eind" in m else m["start"]
    m["tot"], m["tot_res"] = parse_period(eind, end=True)
    no_end = m["eind"].isna() if "eind" in m else pd.Series(True, index=m.index)
    m.loc[no_end, "tot_res"] = m.loc[no_end, "van_res"]
    defaults = {t: spec.get("hinder", "laag") for t, spec in schema["themas"].items()}
    given = m["hinder"] if "hinder" in m else pd.Series(None, index=m.index, dtype=object)
    m["hinder"] = given.fillna(m["thema"].map(defaults)).fillna("laag")
    m["gewicht"] = m["hinder"].map(schema["hinder_gewicht"]).astype(float)
    m["budget"] = pd.to_numeric(m["budget"], errors="coerce").fillna(0.0)
    m["positie"] = np.arange(len(m))
    return m


# -- time -------------------------------------------------------------------------------------


def le(x, x_res, y, y_res, months: int = 0) -> pd.Series:
    """x <= y + months, compared at the coarser resolution of the two."""
    res = np.maximum(x_res.to_numpy(), y_res.to_numpy())
    by_day = (
        x.to_numpy() <= (y + pd.DateOffset(months=months)).to_numpy()
        if months
        else (x.to_numpy() <= y.to_numpy())
    )
    xm = x.dt.year.to_numpy() * 12 + x.dt.month.to_numpy()
    ym = y.dt.year.to_numpy() * 12 + y.dt.month.to_numpy()
    by_month = xm <= ym + months
    by_year = x.dt.year.to_numpy() <= y.dt.year.to_numpy() + math.ceil(months / 12)
    return pd.Series(np.where(res == DAY, by_day, np.where(res == MONTH, by_month, by_year)))


def time_ok(pairs: pd.DataFrame, time) -> pd.Series:
    a = {k: pairs[f"{k}_a"].reset_index(drop=True) for k in ("van", "van_res", "tot", "tot_res")}
    b = {k: pairs[f"{k}_b"].reset_index(drop=True) for k in ("van", "van_res", "tot", "tot_res")}
    if time == "overlap":
        return le(a["van"], a["van_res"], b["tot"], b["tot_res"]) & le(
            b["van"], b["van_res"], a["tot"], a["tot_res"]
        )
    if "binnen_jaren" in time:
        months = int(time["binnen_jaren"] * 12)
        return le(b["van"], b["van_res"], a["tot"], a["tot_res"], months) & le(
            a["van"], a["van_res"], b["tot"], b["tot_res"], months
        )
    months = int(time["na_jaren"] * 12)
    return le(a["tot"], a["tot_res"], b["van"], b["van_res"]) & le(
        b["van"], b["van_res"], a["tot"], a["tot_res"], months
    )


# -- overlaps ---------------------------------------------------------------------------------


def side(m: gpd.GeoDataFrame, spec: dict) -> gpd.GeoDataFrame:
    keep = pd.Series(True, index=m.index)
    for key, column in (("domein", "domein"), ("thema", "thema"), ("hinder", "hinder")):
        if key in spec:
            keep &= m[column].isin(spec[key])
    return m[keep & m.geometry.notna()]


def overlaps(m: gpd.GeoDataFrame, rules: list[dict]) -> pd.DataFrame:
    """Pairs per distance rule: (rule, measure_a, measure_b), one orientation per pair."""
    cols = ["id", "positie", "van", "van_res", "tot", "tot_res", "geometry"]
    found = []
    for rule in rules:
        if "afstand_m" not in rule or "zelfde_gebied" in rule:  # same-area rules: groups
            continue
        a, b = side(m, rule["a"])[cols], side(m, rule["b"])[cols]
        joined = gpd.sjoin(
            a, b, predicate="dwithin", distance=rule["afstand_m"], lsuffix="a", rsuffix="b"
        )
        # both sides have the same columns: sjoin gives them as <name>_a and <name>_b
        pairs = pd.DataFrame(joined.drop(columns="geometry"))
        pairs = pairs[pairs["positie_a"] != pairs["positie_b"]].reset_index(drop=True)
        pairs = pairs[time_ok(pairs, rule["tijd"]).to_numpy()]
        # one row per unordered pair: the earlier measure (in the file) as a where both qualify
        pairs["lo"] = np.minimum(pairs["positie_a"], pairs["positie_b"])
        pairs["hi"] = np.maximum(pairs["positie_a"], pairs["positie_b"])
        pairs = pairs.sort_values(["lo", "hi", "positie_a"]).drop_duplicates(["lo", "hi"])
        found.append(
            pd.DataFrame(
                {"rule": rule["naam"], "measure_a": pairs["id_a"], "measure_b": pairs["id_b"]}
            )
        )
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame()


# -- stacking ---------------------------------------------------------------------------------


def shares(
    m: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, code: str, parents: dict | None = None
) -> pd.DataFrame:
    """Each measure's share per area: by overlay for lines and polygons, points split evenly.

    A measure without geometry counts fully in the area of its ``gebiedscode`` and in that
    area's parents (``parents``: code -> the codes of the coarser areas it lies in).
    """
    areas = areas[[code, "geometry"]]
    parts = []
    for kinds, size in (
        (["Polygon", "MultiPolygon"], "area"),
        (["LineString", "MultiLineString"], "length"),
    ):
        sub = m[m.geom_type.isin(kinds)][["positie", "geometry"]]
        if len(sub):
            cut = gpd.overlay(sub, areas, how="intersection", keep_geom_type=True)
            cut["deel"] = getattr(cut.geometry, size)
            parts.append(cut[["positie", code, "deel"]])
    points = m[m.geom_type.isin(["Point", "MultiPoint"])][["positie", "geometry"]]
    if len(points):
        hit = gpd.sjoin(points, areas, predicate="intersects")
        hit["deel"] = 1.0
        parts.append(hit[["positie", code, "deel"]])
    no_geom = m[m.geometry.isna()][["positie", "gebiedscode"]]
    if parents:
        up = pd.DataFrame(
            [(c, p) for c, ps in parents.items() for p in ps], columns=["gebiedscode", "ouder"]
        )
        lifted = no_geom.merge(up, on="gebiedscode")
        no_geom = pd.concat(
            [no_geom, lifted[["positie", "ouder"]].rename(columns={"ouder": "gebiedscode"})]
        )
    no_geom = no_geom[no_geom["gebiedscode"].isin(areas[code])]
    parts.append(
        pd.DataFrame({"positie": no_geom["positie"], code: no_geom["gebiedscode"], "deel": 1.0})
    )
    s = pd.concat(parts, ignore_index=True)
    s = s[s["deel"] > 0]
    s["aandeel"] = s["deel"] / s.groupby("positie")["deel"].transform("sum")
    return s.rename(columns={code: "code"})


def years(m: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each measure cut into the calendar years it touches, with the share of its days."""
    rows = m[["positie", "van", "tot"]].copy()
    rows["jaar"] = [
        list(range(a.year, b.year + 1)) for a, b in zip(rows["van"], rows["tot"], strict=True)
    ]
    rows = rows.explode("jaar")
    rows["jaar"] = rows["jaar"].astype(int)
    start = pd.to_datetime(rows["jaar"].astype(str) + "-01-01")
    end = pd.to_datetime(rows["jaar"].astype(str) + "-12-31")
    lo = np.maximum(start, rows["van"])
    hi = np.minimum(end, rows["tot"])
    days = (hi - lo).dt.days + 1
    total = (rows["tot"] - rows["van"]).dt.days + 1
    rows["dagdeel"] = days / total
    rows["periode"] = rows["jaar"].astype(str)
    return rows[["positie", "periode", "dagdeel"]]


def stacking(cells: pd.DataFrame, m: gpd.GeoDataFrame) -> pd.DataFrame:
    """n_maatregelen, hinderlast and budget per area and year, from each measure's cells."""
    s = cells.merge(m[["positie", "gewicht", "budget"]], on="positie")
    s["hinderlast"] = s["gewicht"] * s["aandeel"]
    s["budget"] = s["budget"] * s["aandeel"] * s["dagdeel"]
    s["n_maatregelen"] = 1
    return s.groupby(["code", "periode"])[["n_maatregelen", "hinderlast", "budget"]].sum()


# -- integration groups -----------------------------------------------------------------------


def members(m: gpd.GeoDataFrame, spec: dict) -> pd.Series:
    """Which measures are on a side of a same-area rule (with or without geometry)."""
    keep = pd.Series(True, index=m.index)
    for key in ("domein", "thema", "hinder"):
        if key in spec:
            keep &= m[key].isin(spec[key])
    return keep


def groups(m: gpd.GeoDataFrame, cells: pd.DataFrame, rule: dict) -> pd.DataFrame:
    """A same-area rule's groups: per area and year, how many measures of each side meet.

    A measure is in the group of an area and year when it lies there then and a measure of the
    other side does too, with overlapping periods and, with ``afstand_m``, within that distance
    (a measure without geometry counts as lying everywhere in its area). The analyst's way:
    every pair of the two sides in each area and year, then the time and distance filters.
    """
    cols = ["positie", "van", "van_res", "tot", "tot_res"]
    a = cells[cells["positie"].isin(m.loc[members(m, rule["a"]), "positie"])]
    b = cells[cells["positie"].isin(m.loc[members(m, rule["b"]), "positie"])]
    pairs = a.merge(b, on=["code", "periode"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["positie_a"] != pairs["positie_b"]]
    for end in ("a", "b"):
        pairs = pairs.merge(
            m[cols].rename(columns={c: f"{c}_{end}" for c in cols}), on=f"positie_{end}"
        )
    pairs = pairs[time_ok(pairs, rule["tijd"]).to_numpy()]
    if "afstand_m" in rule:
        ga = m.geometry.to_numpy()[pairs["positie_a"].to_numpy()]
        gb = m.geometry.to_numpy()[pairs["positie_b"].to_numpy()]
        loose = pd.isna(ga) | pd.isna(gb)
        near = np.zeros(len(pairs), bool)
        near[~loose] = gpd.GeoSeries(ga[~loose]).dwithin(
            gpd.GeoSeries(gb[~loose]), rule["afstand_m"]
        )
        pairs = pairs[loose | near]
    count = pairs.groupby(["code", "periode"]).agg(
        n_a=("positie_a", "nunique"), n_b=("positie_b", "nunique")
    )
    return count.assign(regel=rule["naam"]).reset_index()


def run(programme: Path, partitions: dict[str, tuple[Path, str | None, str]]) -> dict:
    """The whole baseline: pairs per rule, stacking per partition, groups per same-area rule.

    ``partitions`` maps a level name to (file, layer, code column).
    """
    rules = tomllib.loads((LAYERS / "regels.toml").read_text(encoding="utf-8"))["regel"]
    m = read_programme(programme)
    out = {"pairs": overlaps(m, rules), "stacking": {}}
    layers = {
        level: gpd.read_file(path, layer=layer) for level, (path, layer, _) in partitions.items()
    }
    # CBS layers carry their parents' codes (a wijk its GM_CODE): code -> coarser codes
    codes = {level: code for level, (_, _, code) in partitions.items()}
    parents: dict = {}
    for level, areas in layers.items():
        above = [c for lv, c in codes.items() if lv != level and c in areas.columns]
        for row in areas[[codes[level], *above]].itertuples(index=False):
            parents.setdefault(row[0], []).extend(v for v in row[1:] if isinstance(v, str))
    cells = {}
    for level, (_, _, code) in partitions.items():
        # each measure's areas (with its share) and years, as the stacking counts them
        cells[level] = shares(m, layers[level], code, parents).merge(years(m), on="positie")
        out["stacking"][level] = stacking(cells[level], m)
    # same-area rules: on the first level of their list that is given ("fijnste": the one
    # with the most areas)
    finest = max(layers, key=lambda level: len(layers[level]))
    out["groups"] = {}
    for rule in rules:
        if "zelfde_gebied" not in rule:
            continue
        wanted = rule["zelfde_gebied"]
        given = [finest if lv == "fijnste" else lv for lv in np.atleast_1d(wanted).tolist()]
        level = next((lv for lv in given if lv in cells), None)
        if level is None:
            continue
        found = groups(m, cells[level][["positie", "code", "periode"]], rule)
        out["groups"][level] = pd.concat([out["groups"].get(level), found], ignore_index=True)
    return out


if __name__ == "__main__":
    result = run(Path(sys.argv[1]), {"gemeente": (Path(sys.argv[2]), "gemeenten", "GM_CODE")})
    sys.stdout.write(f"{len(result['pairs'])} paren\n")
