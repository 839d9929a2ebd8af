import numpy as np
import pytest

from planner.overlaps import PAIR_COLUMNS, find_overlaps
from planner.rules import RuleSet, load_rules, single_rule
from tests.planner.test_areas import square


def rule(name):
    rules = load_rules()
    return RuleSet([r for r in rules.rules if r.name == name], source="test")


def pairs(ms, name, areas=None, **how):
    found = find_overlaps(ms, rule(name), areas=areas, **how)
    return sorted(zip(found["measure_a"], found["measure_b"], strict=True)), found


def line_at(y, x0=0, x1=100):
    return f"LINESTRING ({x0} {y}, {x1} {y})"


SEWER = {"thema": "riolering", "domein": "onderhoud"}
PAVING = {"thema": "verharding", "domein": "interventie"}


@pytest.mark.parametrize(("offset", "found"), [(0, True), (25, True), (25.01, False)])
def test_combineren_distance_is_inclusive_at_the_limit(make_measures, offset, found):
    ms = make_measures(
        [
            {**SEWER, "wkt": line_at(0), "start": "2026-03-01", "eind": "2026-09-30"},
            {**PAVING, "wkt": line_at(offset), "start": "2027-01-01"},
        ]
    )
    result, table = pairs(ms, "werk-met-werk")
    assert (result == [("m1", "m2")]) is found
    if found:
        row = table.iloc[0]
        assert (row["rule"], row["verdict"], row["distance_m"]) == (
            "werk-met-werk",
            "combineren",
            offset,
        )


@pytest.mark.parametrize(
    ("paving_start", "found"),
    [("2028-09-30", True), ("2028-10-01", False), ("2028", True), ("2029", False)],
)
def test_combineren_time_window_of_two_years(make_measures, paving_start, found):
    ms = make_measures(
        [
            {**SEWER, "wkt": line_at(0), "start": "2026-03-01", "eind": "2026-09-30"},
            {**PAVING, "wkt": line_at(5), "start": paving_start},
        ]
    )
    assert bool(pairs(ms, "werk-met-werk")[0]) is found


@pytest.mark.parametrize(
    ("dig_start", "found"),
    [
        ("2026-06-30", True),  # starts the day the paving is done
        ("2029-06-30", True),  # exactly three years later
        ("2029-07-01", False),  # one day past the moratorium
        ("2026-06-29", False),  # starts before the paving is done: concurrent, not after
        ("2029-06", True),  # month resolution: June 2029 is within 36 months of June 2026
        ("2029-07", False),
    ],
)
def test_volgorde_moratorium_edges(make_measures, dig_start, found):
    ms = make_measures(
        [
            {**PAVING, "wkt": line_at(0), "start": "2026-04-01", "eind": "2026-06-30"},
            {"thema": "kabels_leidingen", "wkt": line_at(10), "start": dig_start},
        ]
    )
    result, table = pairs(ms, "graafverbod")
    assert (result == [("m1", "m2")]) is found
    if found:
        assert table["verdict"].iloc[0] == "volgorde"
        assert "graafverbod" in table["uitleg"].iloc[0]


def test_volgorde_is_directional(make_measures):
    # dig first, then paving: the right order, no verdict
    ms = make_measures(
        [
            {"thema": "kabels_leidingen", "wkt": line_at(0), "start": "2026-01", "eind": "2026-02"},
            {**PAVING, "wkt": line_at(0), "start": "2026-06"},
        ]
    )
    assert pairs(ms, "graafverbod")[0] == []


def test_spreiden_high_nuisance_overlapping_within_250_m(make_measures):
    ms = make_measures(
        [
            {"hinder": "hoog", "wkt": "POINT (0 0)", "start": "2027-01", "eind": "2027-06"},
            {"hinder": "hoog", "wkt": "POINT (250 0)", "start": "2027-06", "eind": "2027-12"},
            {"hinder": "hoog", "wkt": "POINT (0 251)", "start": "2027"},  # only m1 in reach
            {"hinder": "hoog", "wkt": "POINT (10 0)", "start": "2028-01"},  # later
            {"hinder": "laag", "wkt": "POINT (5 0)", "start": "2027"},  # low nuisance
        ]
    )
    result, table = pairs(ms, "hinder-tegelijk")
    # m3 is 251 m from m1 and 354 m from m2; m4 is later; m5 has low nuisance
    assert result == [("m1", "m2")]
    assert set(table["verdict"]) == {"spreiden"}


def test_symmetric_rule_reports_each_pair_once(make_measures):
    ms = make_measures([{"hinder": "hoog", "wkt": f"POINT ({i} 0)"} for i in range(4)])
    result, _ = pairs(ms, "hinder-tegelijk")
    assert result == [(f"m{a}", f"m{b}") for a in range(1, 5) for b in range(a + 1, 5)]


def test_same_area_pairs_on_request_include_geometry_less_projects(make_measures, make_areas):
    areas = make_areas({"wijk": [("W1", square(0, 0, 100, 100)), ("W2", square(100, 0, 200, 100))]})
    ms = make_measures(
        [
            {"domein": "interventie", "wkt": "POINT (50 50)", "start": "2026", "eind": "2028"},
            {"domein": "sociaal", "wkt": None, "gebiedscode": "W1", "start": "2027"},
            {"domein": "sociaal", "wkt": None, "gebiedscode": "W2", "start": "2027"},
            {"domein": "sociaal", "wkt": None, "gebiedscode": "W1", "start": "2030"},
            {"domein": "sociaal", "wkt": "POINT (10 10)", "start": "2026-05-05"},
        ]
    )
    assert pairs(ms, "fysiek-sociaal", areas)[0] == []  # groups, not pairs, by default
    result, table = pairs(ms, "fysiek-sociaal", areas, area_pairs=True)
    assert result == [("m1", "m2"), ("m1", "m5")]
    geometry_less = table.set_index("measure_b").loc["m2"]
    assert np.isnan(geometry_less["distance_m"])
    assert geometry_less.geometry.within(areas.get("wijk").areas.geometry.iloc[0])
    assert geometry_less["uitleg"] == (
        "Fysiek (eigenaar onbekend) en sociaal (eigenaar onbekend) lopen tegelijk in hetzelfde "
        "gebied."
    )


def test_same_area_rule_is_skipped_with_a_note_without_areas(make_measures):
    ms = make_measures([{"domein": "interventie"}, {"domein": "sociaal"}])
    skipped = []
    found = find_overlaps(ms, rule("fysiek-sociaal"), skipped=skipped, area_pairs=True)
    assert len(found) == 0 and "fysiek-sociaal overgeslagen" in skipped[0]


def test_output_columns_shared_period_gap_and_meeting_point(make_measures):
    ms = make_measures(
        [
            {"wkt": "POINT (0 0)", "start": "2026-01-01", "eind": "2026-06-30"},
            {"wkt": "POINT (10 0)", "start": "2026-03-01", "eind": "2026-12-31"},
            {"wkt": "POINT (0 10)", "start": "2026-08-01"},
        ]
    )
    found = find_overlaps(ms, single_rule(20, 1))
    assert list(found.columns[:5]) == ["measure_a", "measure_b", "rule", "verdict", "distance_m"]
    assert list(found.columns[:-1]) == PAIR_COLUMNS
    rows = found.set_index(["measure_a", "measure_b"])
    together = rows.loc[("m1", "m2")]
    assert str(together["gedeeld_van"].date()) == "2026-03-01"
    assert str(together["gedeeld_tot"].date()) == "2026-06-30"
    assert together["tussenruimte_dagen"] == 0
    assert together.geometry.equals_exact(__import__("shapely").Point(5, 0), 1e-9)
    apart = rows.loc[("m1", "m3")]
    assert apart["tussenruimte_dagen"] == 31 and apart["gedeeld_van"] != apart["gedeeld_van"]
    assert "31 dagen ertussen" in apart["uitleg"]


def test_no_measures_gives_an_empty_table_with_the_columns(make_measures):
    ms = make_measures([{"wkt": "POINT (0 0)"}])
    found = find_overlaps(ms, load_rules())
    assert len(found) == 0 and list(found.columns[:5]) == PAIR_COLUMNS[:5]


def test_meeting_points_in_chunks_are_those_of_all_pairs_at_once(monkeypatch):
    import shapely

    from planner import overlaps

    rng = np.random.default_rng(7)
    a = shapely.buffer(shapely.points(rng.uniform(0, 100, (23, 2))), rng.uniform(0, 3, 23))
    b = shapely.linestrings(rng.uniform(0, 100, (23, 2, 2)))
    whole = overlaps.meeting(a, b)
    monkeypatch.setattr(overlaps, "_MEETING_CHUNK", 5)
    parts = overlaps.meeting(a, b)
    line = shapely.shortest_line(a, b)
    middle = shapely.line_interpolate_point(line, 0.5, normalized=True)
    for got in (whole, parts):
        np.testing.assert_allclose(got[0], shapely.distance(a, b), atol=1e-9)
        np.testing.assert_allclose(got[1], shapely.get_x(middle), atol=1e-9)
        np.testing.assert_allclose(got[2], shapely.get_y(middle), atol=1e-9)


def test_a_sentence_is_its_template_filled_row_by_row():
    import pandas as pd

    from planner.overlaps import _fill

    values = {
        "a_naam": pd.Series(["riool", None, "ééé", ""]),
        "afstand": pd.Series(np.array(["3 m", "12 m", None, "0 m"], dtype=object)),
        "b_naam": pd.Series(["asfalt", "park", "x", None], dtype="str"),
    }
    template = "{a_naam} en {b_naam} liggen {afstand} uit elkaar: {a_naam}!"
    got = _fill(template, values, 4).tolist()
    rows = [{k: ("" if v[i] is None or v[i] != v[i] else v[i]) for k, v in values.items()}
            for i in range(4)]  # fmt: skip
    assert got == [template.format(**row) for row in rows]
    assert _fill("vast", values, 2).tolist() == ["vast", "vast"]


@pytest.mark.parametrize("repeats", [False, True])
def test_the_order_of_pairs_is_that_of_sorting_on_their_lower_row_higher_row_and_a(repeats):
    from planner.overlaps import _pair_order

    rng = np.random.default_rng(3)
    n = 40
    i, j = rng.integers(0, n, 500), rng.integers(0, n, 500)
    keep = i != j
    i, j = i[keep], j[keep]
    if not repeats:  # each unordered pair once, as a distance rule gives them
        _, first = np.unique(np.minimum(i, j) * n + np.maximum(i, j), return_index=True)
        i, j = i[first], j[first]
        rng.shuffle(order := np.arange(len(i)))
        i, j = i[order], j[order]
    expected = np.lexsort((i, np.maximum(i, j), np.minimum(i, j)))
    assert _pair_order(i, j, n).tolist() == expected.tolist()
