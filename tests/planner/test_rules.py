import pytest

from planner.errors import RulesError
from planner.rules import load_rules, single_rule

GOOD = """
[[regel]]
naam = "r1"
oordeel = "combineren"
a = { thema = ["riolering"] }
b = { thema = ["verharding"] }
afstand_m = 25
tijd = { binnen_jaren = 2 }
uitleg = "{a_naam} en {b_naam}: {afstand}, {tijd}"
"""


def write(tmp_path, text):
    path = tmp_path / "regels.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_rules_have_every_verdict_and_the_required_rules():
    rules = load_rules()
    by_name = {r.name: r for r in rules.rules}
    sewer = by_name["werk-met-werk"]
    assert (sewer.verdict, sewer.distance, sewer.time.kind, sewer.time.months) == (
        "combineren",
        25,
        "binnen",
        24,
    )
    assert "riolering" in sewer.side_a.themes and "verharding" in sewer.side_b.themes
    moratorium = by_name["graafverbod"]
    assert (moratorium.verdict, moratorium.distance, moratorium.time.kind) == ("volgorde", 10, "na")
    assert moratorium.time.months == 36
    assert set(moratorium.side_b.themes) == {"riolering", "kabels_leidingen", "energie"}
    spread = by_name["hinder-tegelijk"]
    assert (spread.verdict, spread.distance, spread.side_a.nuisance) == ("spreiden", 250, ("hoog",))
    link = by_name["fysiek-sociaal"]
    # the finest level that is loaded, and no further apart than 500 m
    assert link.verdict == "samenhang" and link.same_area == ("fijnste",)
    assert (link.distance, link.area_distance) == (None, 500)
    assert link.side_a.domains == ("interventie",) and link.side_b.domains == ("sociaal",)


def test_a_distance_beside_zelfde_gebied_caps_the_group(tmp_path):
    text = GOOD + 'zelfde_gebied = ["wijk"]\n'
    (capped,) = load_rules(write(tmp_path, text)).rules
    assert (capped.same_area, capped.area_distance, capped.distance) == (("wijk",), 25, None)
    assert load_rules(write(tmp_path, text)).as_dict()["regels"][0]["afstand_m"] == 25


def test_per_level_thresholds_override_the_defaults():
    rules = load_rules()
    wijk, _ = rules.thresholds("wijk")
    gemeente, integ = rules.thresholds("gemeente")
    assert wijk["hinderlast_max"] < gemeente["hinderlast_max"]
    assert integ["samenhang_min"] > rules.integration["samenhang_min"]


def test_a_good_file_loads(tmp_path):
    rules = load_rules(write(tmp_path, GOOD))
    assert [r.name for r in rules.rules] == ["r1"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda t: t.replace('naam = "r1"', 'naam = "r1'), "geen geldige TOML"),
        (lambda t: t.replace('"riolering"', '"rioleringen"'), "onbekend thema 'rioleringen'"),
        (lambda t: t.replace("afstand_m = 25", "afstand_m = -5"), "niet negatief"),
        (lambda t: t.replace("afstand_m = 25", 'afstand_m = "ver"'), "moet een getal zijn"),
        (lambda t: t.replace('"combineren"', '"samenvoegen"'), "oordeel 'samenvoegen'"),
        (lambda t: t.replace("afstand_m = 25", ""), "geef afstand_m, zelfde_gebied, of allebei"),
        (lambda t: t + "paren = true\n", "paren geldt alleen voor een regel met zelfde_gebied"),
        (lambda t: t.replace("{afstand}", "{afstnd}"), "onbekende plek {afstnd}"),
        (lambda t: t.replace("binnen_jaren = 2", "binnen_weken = 2"), "tijd is"),
        (lambda t: t + "kleur = 'rood'\n", "onbekende sleutel 'kleur'"),
        (lambda t: t + "[[regel]]\n" + t.split("[[regel]]\n")[1], "komt al eerder voor"),
        (lambda t: t.replace("domein", "x") + "\n[stapeling]\nhinderlast_max = -1\n", "negatief"),
        (lambda t: "", "geen enkele [[regel]]"),
        (lambda t: t.replace('b = { thema = ["verharding"] }', 'b = { soort = ["x"] }'), "soort"),
    ],
)
def test_rule_mistakes_name_the_rule_and_key(tmp_path, change, fragment):
    with pytest.raises(RulesError) as info:
        load_rules(write(tmp_path, change(GOOD)))
    assert fragment in str(info.value)
    assert str(tmp_path / "regels.toml") in str(info.value)


def test_missing_rules_file(tmp_path):
    with pytest.raises(RulesError, match="niet te lezen"):
        load_rules(tmp_path / "bestaat-niet.toml")


def test_single_rule_time_gap():
    assert single_rule(10, 0).rules[0].time.kind == "overlap"
    rule = single_rule(10, 1.5).rules[0]
    assert (rule.time.kind, rule.time.months, rule.distance) == ("binnen", 18, 10)
    with pytest.raises(RulesError):
        single_rule(-1, 0)
