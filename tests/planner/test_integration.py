"""Integration as groups: one row per area, period and same-area rule."""

import dataclasses

import geopandas as gpd
import pyogrio
import pytest

from planner.integration import GROUP_COLUMNS, find_groups
from planner.overlaps import find_overlaps
from planner.rules import RuleSet, load_rules
from planner.stacking import stacking_by_area
from tests.planner.test_areas import square


def rule(name="fysiek-sociaal", **changes):
    found = next(r for r in load_rules().rules if r.name == name)
    return RuleSet([dataclasses.replace(found, **changes)], source="test")


@pytest.fixture
def wijken(make_areas):
    return make_areas(
        {
            "wijk": [
                ("W1", square(0, 0, 1000, 1000), 2000, "Oost"),
                ("W2", square(1000, 0, 2000, 1000), 500, "West"),
            ],
            "gemeente": [("G", square(0, 0, 2000, 1000), 2500)],
        }
    )


PHYSICAL = {"domein": "interventie"}
SOCIAL = {"domein": "sociaal"}


def test_one_group_per_area_and_period_with_both_sides_and_their_teams(make_measures, wijken):
    ms = make_measures(
        [
            {
                **PHYSICAL,
                "wkt": "POINT (100 100)",
                "eigenaar": "gemeente",
                "start": "2026",
                "eind": "2027",
                "naam": "plein",
            },
            {
                **PHYSICAL,
                "wkt": "POINT (200 100)",
                "eigenaar": "corporatie",
                "start": "2026",
                "naam": "renovatie",
            },
            {
                **PHYSICAL,
                "wkt": "POINT (300 100)",
                "eigenaar": "gemeente",
                "start": "2026",
                "naam": "speeltuin",
            },
            {
                **SOCIAL,
                "wkt": None,
                "gebiedscode": "W1",
                "eigenaar": "welzijn",
                "start": "2026",
                "naam": "jeugdwerk",
            },
            {**SOCIAL, "wkt": "POINT (150 150)", "start": "2027-03", "naam": "buurtcoach"},
            # West: physical only, so no group there
            {**PHYSICAL, "wkt": "POINT (1500 100)", "start": "2026"},
        ]
    )
    groups = find_groups(ms, rule(), wijken)
    assert list(groups) == ["wijk"]  # the finest level loaded
    table = groups["wijk"]
    assert list(table.columns) == [*GROUP_COLUMNS, "geometry"]
    rows = table.set_index("periode")
    assert list(table["code"]) == ["W1", "W1"]
    y26, y27 = rows.loc["2026"], rows.loc["2027"]
    assert (y26["n_a"], y26["n_b"]) == (3, 1)
    assert y26["maatregelen_a"] == "m1; m2; m3" and y26["maatregelen_b"] == "m4"
    assert y26["namen_a"] == "plein; renovatie; speeltuin"
    assert y26["teams_a"] == "corporatie, gemeente" and y26["teams_b"] == "welzijn"
    assert y26["n_teams"] == 3
    assert y26["teams_verbinden"] == "corporatie, gemeente met welzijn"
    assert y26["uitleg"].startswith("Fysiek (corporatie, gemeente) en sociaal (welzijn)")
    # 2027: only the plein still runs, with the buurtcoach (owner unknown)
    assert (y27["n_a"], y27["n_b"], y27["maatregelen_b"]) == (1, 1, "m5")
    assert y27["teams_b"] == "eigenaar onbekend"
    assert y27.geometry.equals(wijken.get("wijk").areas.geometry.iloc[0])


def test_no_two_measures_further_apart_than_the_cap_make_a_group(make_measures, wijken):
    ms = make_measures(
        [
            {**PHYSICAL, "wkt": "POINT (50 50)"},
            {**SOCIAL, "wkt": "POINT (950 950)"},  # 1.27 km away, same wijk
            {**PHYSICAL, "wkt": "POINT (900 900)"},  # 71 m from the social project
            {**PHYSICAL, "wkt": "POINT (60 60)"},  # near m1 only: same side, no partner
        ]
    )
    capped = find_groups(ms, rule(area_distance=100.0), wijken)["wijk"]
    assert (capped["maatregelen_a"].tolist(), capped["maatregelen_b"].tolist()) == (
        ["m3"],
        ["m2"],
    )
    uncapped = find_groups(ms, rule(area_distance=None), wijken)["wijk"]
    assert uncapped["maatregelen_a"].tolist() == ["m1; m3; m4"]
    # the shipped rule has a cap: nothing kilometres apart is called "together"
    shipped = next(r for r in load_rules().rules if r.name == "fysiek-sociaal")
    assert shipped.area_distance is not None and shipped.area_distance <= 1000


def test_a_measure_without_geometry_lies_everywhere_in_its_area(make_measures, wijken):
    ms = make_measures(
        [
            {**PHYSICAL, "wkt": "POINT (50 50)"},
            {**SOCIAL, "wkt": None, "gebiedscode": "W1"},
            {**SOCIAL, "wkt": None, "gebiedscode": "W2"},
        ]
    )
    table = find_groups(ms, rule(area_distance=10.0), wijken)["wijk"]
    assert table[["code", "maatregelen_a", "maatregelen_b"]].values.tolist() == [["W1", "m1", "m2"]]


def test_same_area_pairs_only_on_request(make_measures, wijken):
    ms = make_measures(
        [
            {**PHYSICAL, "wkt": "POINT (50 50)"},
            {**SOCIAL, "wkt": "POINT (60 50)"},
            {**SOCIAL, "wkt": "POINT (900 900)"},  # beyond the shipped cap
        ]
    )
    assert len(find_overlaps(ms, rule(), areas=wijken)) == 0
    kept = find_overlaps(ms, rule(), areas=wijken, area_pairs=True)
    assert list(zip(kept["measure_a"], kept["measure_b"], strict=True)) == [("m1", "m2")]
    by_rule = find_overlaps(ms, rule(keep_pairs=True), areas=wijken)
    assert len(by_rule) == 1


def test_rules_file_takes_a_cap_and_paren(tmp_path):
    text = (
        '[[regel]]\nnaam = "x"\noordeel = "samenhang"\nzelfde_gebied = "fijnste"\n'
        "afstand_m = 250\nparen = true\n"
    )
    path = tmp_path / "regels.toml"
    path.write_text(text, encoding="utf-8")
    (r,) = load_rules(path).rules
    assert (r.same_area, r.area_distance, r.distance, r.keep_pairs) == (
        ("fijnste",),
        250.0,
        None,
        True,
    )
    path.write_text(text.replace("paren = true", "paren = 1"), encoding="utf-8")
    with pytest.raises(Exception, match="paren is true of false"):
        load_rules(path)


def test_stacking_counts_groups_and_teams(make_measures, wijken):
    ms = make_measures(
        [
            {**PHYSICAL, "wkt": "POINT (50 50)", "eigenaar": "gemeente"},
            {**PHYSICAL, "wkt": "POINT (70 50)", "eigenaar": "corporatie"},
            {**SOCIAL, "wkt": "POINT (60 50)", "eigenaar": "welzijn"},
            {"domein": "onderhoud", "wkt": "POINT (80 50)"},
        ]
    )
    rules = rule()
    rules.integration.update({"samenhang_min": 1, "teams_min": 3, "domeinen_min": 3})
    groups = find_groups(ms, rules, wijken)
    tables = stacking_by_area(ms, wijken, rules=rules, groups=groups)
    w1 = tables["wijk"].set_index("code").loc["W1"]
    assert (w1["n_samenhang"], w1["n_teams"], bool(w1["integratie"])) == (1, 3, True)
    # the municipality holds the wijk's group
    assert tables["gemeente"]["n_samenhang"].tolist() == [1]
    rules.integration["teams_min"] = 4
    strict = stacking_by_area(ms, wijken, rules=rules, groups=groups)["wijk"]
    assert not strict["integratie"].any()


def test_groups_need_the_stacking_period(make_measures, wijken):
    ms = make_measures([{**PHYSICAL, "wkt": "POINT (5 5)"}, {**SOCIAL, "wkt": "POINT (6 5)"}])
    groups = find_groups(ms, rule(), wijken, period="quarter")
    with pytest.raises(Exception, match="ander tijdvak"):
        stacking_by_area(ms, wijken, rules=rule(), groups=groups, period="year")


@pytest.mark.slow
def test_run_writes_the_groups_layer_and_csv_and_no_same_area_pairs(tmp_path):
    from planner.run import run

    out = tmp_path / "uit"
    result = run(out=out, reports=False)
    level = result.areas.levels[0]
    gpkg = out / "gebiedsplanner.gpkg"
    layers = dict(pyogrio.list_layers(gpkg))
    assert layers[f"samenhang_{level}"] in ("Polygon", "MultiPolygon", "Unknown")
    written = gpd.read_file(gpkg, layer=f"samenhang_{level}")
    assert len(written) == len(result.groups[level]) > 0
    assert (out / f"samenhang_{level}.csv").exists()
    pairs = gpd.read_file(gpkg, layer="overlappingen")
    assert "fysiek-sociaal" not in set(pairs["rule"])
    assert result.report["samenhang"]["groepen"] == len(written)
    kept = run(out=tmp_path / "paren", reports=False, area_pairs=True)
    assert "fysiek-sociaal" in set(kept.overlaps["rule"])
    assert kept.report["samenhang"]["groepen"] == len(written)
    # the kept pairs are not counted again in the stacking
    for column in ("n_samenhang", "n_teams", "integratie"):
        assert kept.stacking[level][column].tolist() == result.stacking[level][column].tolist()


@pytest.mark.slow
def test_no_sample_group_joins_measures_further_apart_than_its_rule_allows():
    import shapely

    from planner.run import run

    result = run()
    by_id = result.measures.measures.set_index("id")
    rules = {r.name: r for r in result.rules.rules}
    checked = 0
    for table in result.groups.values():
        assert len(table)
        for row in table.itertuples():
            cap = rules[row.regel].area_distance
            a = by_id.loc[row.maatregelen_a.split("; ")].geometry.to_numpy()
            b = by_id.loc[row.maatregelen_b.split("; ")].geometry.to_numpy()
            assert row.n_a == len(a) and row.n_b == len(b)
            for mine, other in ((a, b), (b, a)):
                for geom in mine:
                    near = [
                        g is None or geom is None or shapely.distance(geom, g) <= cap + 1e-6
                        for g in other
                    ]
                    assert any(near)
                    checked += 1
    assert checked > 0


@pytest.mark.slow
def test_documents_show_one_row_per_area_or_group_not_per_pair():
    from planner.report.document import Heading, Table
    from planner.report.integration import all_groups, area_section, report_section
    from planner.run import run

    result = run(reports=False)
    groups = result.groups["wijk"]
    blocks = report_section(result, "wijk", limit=None)
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert len(table.rows) == groups["code"].nunique()  # one row per wijk
    first = groups.loc[groups["code"] == groups["code"].iloc[0]]
    placed = all_groups(result.groups, result.areas.get("wijk"))
    position = int(placed.loc[placed["code"] == first["code"].iloc[0], "_gebied"].iloc[0])
    booklet = area_section(result, placed, position)
    (rows,) = [b.rows for b in booklet if isinstance(b, Table)]
    assert [r[0].lines[0][0].text for r in rows] == sorted(first["periode"].tolist())
    heading = [b.text for b in booklet if isinstance(b, Heading)][0]
    assert f"({len(first)})" in heading
    limited = report_section(result, "wijk", limit=3)
    (short,) = [b for b in limited if isinstance(b, Table)]
    assert len(short.rows) == 3
