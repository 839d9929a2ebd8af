import numpy as np
import pytest

from planner.errors import OptionError
from planner.integration import find_groups
from planner.overlaps import find_overlaps
from planner.rules import RuleSet, load_rules
from planner.stacking import STACKING_COLUMNS, most_stacked, stacking_by_area
from tests.planner.test_areas import square


@pytest.fixture
def two_wijken(make_areas):
    return make_areas(
        {
            "wijk": [
                ("W1", square(0, 0, 100, 100), 2000),
                ("W2", square(100, 0, 200, 100), 500),
            ],
            "gemeente": [("G", square(0, 0, 200, 100), 2500)],
        }
    )


def test_counts_load_budget_and_apportioning(make_measures, two_wijken):
    ms = make_measures(
        [
            # polygon 25 % in W1, 75 % in W2; high nuisance (3); budget 400 over 2026 only
            {"wkt": square(75, 0, 175, 100), "hinder": "hoog", "budget": 400, "start": "2026"},
            # point in W1, two whole years: budget split by days, load counted in both years
            {
                "wkt": "POINT (10 10)",
                "hinder": "midden",
                "budget": 730,
                "start": "2026-01-01",
                "eind": "2027-12-31",
                "domein": "interventie",
            },
            {
                "wkt": None,
                "gebiedscode": "W2",
                "domein": "sociaal",
                "start": "2027",
                "hinder": "geen",
            },
        ]
    )
    tables = stacking_by_area(ms, two_wijken, rules=load_rules())
    wijk = tables["wijk"].set_index(["code", "periode"])
    assert list(tables["wijk"].columns[:-1]) == STACKING_COLUMNS
    assert len(wijk) == 4  # every area, every period: 2 x (2026, 2027)
    w1, w2 = wijk.loc[("W1", "2026")], wijk.loc[("W2", "2026")]
    assert (w1["n_maatregelen"], w1["n_onderhoud"], w1["n_interventie"]) == (2, 1, 1)
    assert w1["hinderlast"] == pytest.approx(3 * 0.25 + 2)
    assert w2["hinderlast"] == pytest.approx(3 * 0.75)
    assert w1["budget"] == pytest.approx(100 + 365)
    assert w2["budget"] == pytest.approx(300)
    assert w1["budget_per_inwoner"] == pytest.approx(465 / 2000, abs=0.005)  # cents
    assert w1["per_1000_inwoners"] == pytest.approx(2 / 2000 * 1000)
    assert w1["n_hoge_hinder"] == 1 and w2["n_hoge_hinder"] == 1
    w2_2027 = wijk.loc[("W2", "2027")]
    assert (w2_2027["n_maatregelen"], w2_2027["n_sociaal"], w2_2027["n_domeinen"]) == (1, 1, 1)
    gemeente = tables["gemeente"].set_index("periode")
    assert gemeente.loc["2026", "budget"] == pytest.approx(400 + 365)
    assert gemeente.loc["2027", "n_maatregelen"] == 2  # the social project rolls up by code
    # budget is conserved over the areas of one level
    assert tables["wijk"]["budget"].sum() == pytest.approx(400 + 730)


def test_flags_and_reasons_follow_the_thresholds(make_measures, two_wijken):
    ms = make_measures(
        [{"wkt": f"POINT ({5 + i} 5)", "hinder": "hoog", "start": "2026"} for i in range(5)]
    )
    rules = RuleSet(
        [],
        stacking={"hinderlast_max": 12, "hoog_hinder_max": 4, "per_1000_inwoners_max": 100},
        integration={"samenhang_min": 1, "domeinen_min": 2},
    )
    pairs = find_overlaps(
        ms, RuleSet([r for r in load_rules().rules if r.name == "hinder-tegelijk"])
    )
    wijk = stacking_by_area(ms, two_wijken, overlaps=pairs, rules=rules)["wijk"]
    w1 = wijk.set_index("code").loc["W1"]
    assert w1["hinderlast"] == 15 and bool(w1["stapeling"])
    assert w1["n_spreiden"] == 10  # 5 measures, every pair
    assert "hinderlast 15 (drempel 12)" in w1["reden"]  # a whole number without ",0"
    assert "5 maatregelen met veel hinder tegelijk (drempel 4)" in w1["reden"]
    assert "10 paren om te spreiden" in w1["reden"]
    w2 = wijk.set_index("code").loc["W2"]
    assert not w2["stapeling"] and w2["reden"] == ""
    assert not wijk["integratie"].any()


def test_integration_flag_needs_samenhang_teams_and_domains(make_measures, two_wijken):
    ms = make_measures(
        [
            {
                "wkt": "POINT (5 5)",
                "domein": "interventie",
                "start": "2026",
                "eigenaar": "gemeente",
            },
            {
                "wkt": None,
                "gebiedscode": "W1",
                "domein": "sociaal",
                "start": "2026",
                "eigenaar": "welzijn",
            },
        ]
    )
    rules = load_rules()
    pairs = find_overlaps(ms, rules, areas=two_wijken)
    assert "fysiek-sociaal" not in set(pairs["rule"])  # a same-area rule gives groups
    groups = find_groups(ms, rules, two_wijken)
    rules.integration.update({"samenhang_min": 1, "teams_min": 2, "domeinen_min": 2})
    wijk = stacking_by_area(ms, two_wijken, overlaps=pairs, rules=rules, groups=groups)["wijk"]
    w1 = wijk.set_index("code").loc["W1"]
    assert (w1["n_samenhang"], w1["n_teams"]) == (1, 2) and bool(w1["integratie"])
    rules.integration["teams_min"] = 3
    wijk = stacking_by_area(ms, two_wijken, overlaps=pairs, rules=rules, groups=groups)["wijk"]
    assert not wijk.set_index("code").loc["W1", "integratie"]


def test_quadrants_of_need_and_effort(make_measures, make_areas):
    areas = make_areas(
        {"wijk": [(f"W{i}", square(100 * i, 0, 100 * i + 100, 100), 1000) for i in range(4)]}
    )
    need = {"W0": 9, "W1": 8, "W2": 1, "W3": 2}  # W0, W1 high need
    areas.get("wijk").areas["opgave"] = areas.get("wijk").areas["code"].map(need)
    busy = {"W0": 5, "W1": 0, "W2": 5, "W3": 0}
    records = [
        {"wkt": f"POINT ({100 * int(code[1]) + 10 + k} 50)", "start": "2026"}
        for code, n in busy.items()
        for k in range(n)
    ]
    wijk = stacking_by_area(make_measures(records), areas, need="opgave")["wijk"]
    quadrant = dict(zip(wijk["code"], wijk["kwadrant"], strict=True))
    assert quadrant == {
        "W0": "in_balans_hoog",
        "W1": "blinde_vlek",
        "W2": "stapeling_zonder_opgave",
        "W3": "in_balans_laag",
    }
    inverted = stacking_by_area(make_measures(records), areas, need="-opgave")["wijk"]
    assert dict(zip(inverted["code"], inverted["kwadrant"], strict=True))["W1"] == "in_balans_laag"


def test_period_units_and_options(make_measures, two_wijken):
    ms = make_measures([{"wkt": "POINT (5 5)", "start": "2026-02", "eind": "2026-04"}])
    quarter = stacking_by_area(ms, two_wijken, period="quarter")["wijk"]
    assert sorted(set(quarter["periode"])) == ["2026-K1", "2026-K2"]
    month = stacking_by_area(ms, two_wijken, period="month")["wijk"]
    assert len(month) == 2 * 3
    with pytest.raises(OptionError, match="year, quarter, month"):
        stacking_by_area(ms, two_wijken, period="week")
    with pytest.raises(OptionError, match="kolom 'armoede'"):
        stacking_by_area(ms, two_wijken, need="armoede")


def test_most_stacked_takes_each_area_once_heaviest_first(make_measures, two_wijken):
    ms = make_measures(
        [{"wkt": "POINT (5 5)", "hinder": "hoog", "start": "2026"}]
        + [{"wkt": "POINT (150 5)", "hinder": "hoog", "start": "2027"} for _ in range(3)]
    )
    top = most_stacked(stacking_by_area(ms, two_wijken)["wijk"], 5)
    assert top["code"].tolist() == ["W2", "W1"]
    assert top["periode"].tolist() == ["2027", "2026"]
    assert np.all(np.diff(top["hinderlast"]) <= 0)


def test_measures_placed_nowhere_leave_every_area_period_at_zero(make_measures, two_wijken):
    # a membership without rows (no measure lies in any area), as pandas makes an empty table:
    # every area still gets every period, with nothing counted
    import pandas as pd

    ms = make_measures([{"wkt": "POINT (500 500)", "start": "2026", "eind": "2027"}])
    nowhere = pd.DataFrame(columns=["m", "niveau", "gebied", "aandeel"])
    tables = stacking_by_area(ms, two_wijken, membership=nowhere)
    wijk = tables["wijk"]
    assert sorted(zip(wijk["code"], wijk["periode"], strict=True)) == [
        ("W1", "2026"), ("W1", "2027"), ("W2", "2026"), ("W2", "2027"),
    ]  # fmt: skip
    assert (wijk["n_maatregelen"] == 0).all() and (wijk["budget"] == 0).all()
    assert wijk["n_maatregelen"].dtype == np.int64


@pytest.mark.parametrize("period", ["year", "month"])
def test_stacking_in_blocks_of_areas_is_the_stacking_of_all_at_once(monkeypatch, period):
    """Blocks of a few areas change nothing."""
    import pandas as pd

    from planner import stacking
    from planner.areas import place_measures, read_areas
    from planner.read import read_measures
    from planner.run import sample_inputs

    sample = sample_inputs()
    ms = read_measures(sample["measures"])
    areas = read_areas(sample["areas"])
    membership = place_measures(ms.measures.reset_index(drop=True), areas)[0]
    rules = load_rules()
    pairs = find_overlaps(ms, rules, areas=areas, membership=membership)
    groups = find_groups(ms, rules, areas, period=period, membership=membership)

    def stack():
        return stacking_by_area(ms, areas, overlaps=pairs, rules=rules, period=period,
                                membership=membership, groups=groups)  # fmt: skip

    whole = stack()
    monkeypatch.setattr(stacking, "STACK_ROWS", 40)
    first = areas.partitions[0]
    on_first = membership.loc[membership["niveau"] == first.level, "gebied"].to_numpy()
    blocks_of_one_period = stacking._area_blocks(on_first, np.ones(len(on_first), int), first)
    assert len(list(blocks_of_one_period)) > 3
    blocks = stack()
    for level, table in whole.items():
        assert table["n_maatregelen"].sum() > 0
        pd.testing.assert_frame_equal(blocks[level], table, check_exact=True)
