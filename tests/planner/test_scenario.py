"""What if: a scenario gives the same answer as editing a copy of the input and running again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from planner.cli import main
from planner.errors import InputError
from planner.run import run, sample_inputs
from planner.scenario import _shift, read_scenario

SCENARIO = """
[[wijziging]]
id = "OR-0003"
verschuif_jaren = 3

[[wijziging]]
id = "OR-0006"
status = "gereed"

[[wijziging]]
id = "OR-0013"
start = "2028-01"
eind = "2028-06"

[[wijziging]]
id = "OR-0009"
weglaten = true
"""


def _edited_copy(source: Path, target: Path) -> None:
    """The same changes, written by hand into a copy of the programme (layer by layer)."""
    for name in pyogrio.list_layers(source)[:, 0]:
        frame = pyogrio.read_dataframe(source, layer=name)
        if name == "gemeente_openbare_ruimte":
            at = {v: i for i, v in enumerate(frame["id"])}
            frame.loc[at["OR-0003"], ["start", "eind"]] = ["2029-05-04", "2029-08-29"]
            frame.loc[at["OR-0006"], "status"] = "gereed"
            frame.loc[at["OR-0013"], ["start", "eind"]] = ["2028-01", "2028-06"]
            frame = frame[frame["id"] != "OR-0009"]
        pyogrio.write_dataframe(frame, target, layer=str(name))


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    work = tmp_path_factory.mktemp("wat-als")
    sample = sample_inputs()
    common = {k: v for k, v in sample.items() if k != "measures"}
    scenario = work / "scenario.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    source = Path(sample["measures"][0])
    before = source.read_bytes()
    with_scenario = run(sample["measures"], reports=False, scenario=scenario, **common)
    assert source.read_bytes() == before  # the input is never changed
    edited = work / "programma-bewerkt.gpkg"
    _edited_copy(source, edited)
    by_hand = run([edited], reports=False, **common)
    return with_scenario, by_hand


def test_a_scenario_equals_editing_a_copy_and_running_again(both):
    scenario, by_hand = both

    def pairs(result):
        o = result.overlaps
        return sorted(zip(o["rule"], o["measure_a"], o["measure_b"], o["gedeeld_van"], strict=True))

    assert pairs(scenario) == pairs(by_hand)
    for level in by_hand.stacking:
        a = pd.DataFrame(scenario.stacking[level]).drop(columns="geometry")
        b = pd.DataFrame(by_hand.stacking[level]).drop(columns="geometry")
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    columns = ["id", "start", "eind", "status", "periode_van", "periode_tot", "res_van", "res_tot"]
    a = scenario.measures.measures[columns].sort_values("id").reset_index(drop=True)
    b = by_hand.measures.measures[columns].sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert "OR-0009" not in set(scenario.measures.measures["id"])
    assert scenario.report["scenario"]["wijzigingen"][0] == "OR-0003: 3 jaar later"


def test_shifts_keep_their_resolution():
    assert _shift("2028", 2, 12, end=False) == "2029"
    assert _shift("2028", 2, 6, end=False) == "2028-07"  # a year by months becomes its months
    assert _shift("2028", 2, 6, end=True) == "2029-06"
    assert _shift("2028-11", 1, 3, end=False) == "2029-02"
    assert _shift("2028-11", 1, -12, end=False) == "2027-11"
    assert _shift("2028-01-31", 0, 1, end=False) == "2028-02-29"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[[wijziging]]\nid = "XX-9999"\nverschuif_jaren = 1\n',
         "wijziging 1, veld id: maatregel 'XX-9999' staat niet in het programma"),
        ('[[wijziging]]\nid = "OR-0004"\nverschuif_jaren = 1\n',
         "maatregel 'OR-0004' staat niet in het programma (die is bij het lezen afgewezen)"),
        ('[[wijziging]]\nid = "OR-0003"\nverschuiven = 1\n', "onbekend veld 'verschuiven'"),
        ('[[wijziging]]\nid = "OR-0003"\nstatus = "klaar"\n',
         "veld status: 'klaar' is geen status"),
        ('[[wijziging]]\nid = "OR-0003"\nverschuif_jaren = 1.5\n',
         "veld verschuif_jaren: 1.5 is geen heel getal"),
        ('[[wijziging]]\nid = "OR-0003"\n', "deze wijziging verandert niets"),
        ('[[wijziging]]\nid = "OR-0003"\nstart = "voorjaar"\n',
         "veld start: 'voorjaar' is geen datum"),
    ],
)  # fmt: skip
def test_a_bad_scenario_is_one_sentence_and_nothing_is_written(tmp_path, capsys, text, said):
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "uit"
    code = main(["run", "--scenario", str(path), "--tables-only", "--quiet", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert str(path) in err and said in err, err
    assert not out.exists()


def test_a_csv_scenario(tmp_path):
    path = tmp_path / "scenario.csv"
    path.write_text("id,verschuif_maanden,weglaten\nOR-0003,-6,\nOR-0009,,ja\n", encoding="utf-8")
    changes = read_scenario(path)
    assert [(c.id, c.months, c.leave_out) for c in changes] == [
        ("OR-0003", -6, False),
        ("OR-0009", 0, True),
    ]
    with pytest.raises(InputError, match="rij 1, veld verschuif_maanden"):
        path.write_text("id,verschuif_maanden\nOR-0003,zes\n", encoding="utf-8")
        read_scenario(path)


def test_wat_als_runs_both_and_compares(tmp_path, capsys):
    scenario = tmp_path / "scenario.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    out = tmp_path / "wat-als"
    code = main(["wat-als", "--scenario", str(scenario), "--out", str(out), "--tables-only"])
    assert code == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["basis", "scenario", "vergelijking"]
    changed = pd.read_csv(out / "vergelijking" / "maatregelen_verschil.csv", dtype=str)
    got = dict(zip(changed["id"], changed["wijziging"], strict=True))
    assert got == {"OR-0003": "gewijzigd", "OR-0006": "gewijzigd", "OR-0013": "gewijzigd",
                   "OR-0009": "vervallen"}  # fmt: skip
    fields = pd.read_csv(out / "vergelijking" / "veldwijzigingen.csv", dtype=str)
    assert set(zip(fields["id"], fields["veld"], strict=True)) == {
        ("OR-0003", "periode"), ("OR-0006", "status"), ("OR-0013", "periode")
    }  # fmt: skip

    def pairs(folder):
        t = pd.read_csv(folder / "overlappingen.csv", dtype=str)
        return {(r, frozenset((a, b))) for r, a, b in t[["rule", "measure_a", "measure_b"]].values}

    diff = pd.read_csv(out / "vergelijking" / "overlappingen_verschil.csv", dtype=str)
    new = diff[diff["wijziging"] == "nieuw"]
    assert {(r, frozenset((a, b))) for r, a, b in new[["rule", "measure_a", "measure_b"]].values} \
        == pairs(out / "scenario") - pairs(out / "basis")  # fmt: skip
    # a folder with something else in it is not used
    (out / "notities.txt").write_text("van mij", encoding="utf-8")
    assert main(["wat-als", "--scenario", str(scenario), "--out", str(out), "--quiet"]) == 2
    assert (out / "notities.txt").exists()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_wat_als_against_a_base_run_uses_its_inputs_and_options(tmp_path, capsys):
    """``wat-als BASIS``: the base run's own inputs and options, compared with BASIS itself."""
    programme = tmp_path / "programma.gpkg"
    programme.write_bytes(Path(sample_inputs()["measures"][0]).read_bytes())
    areas = [str(a) for a in sample_inputs()["areas"]]
    base = tmp_path / "basis-van-de-gebiedsdag"
    given = ["run", "--measures", str(programme), "--tables-only", "--quiet", "--period", "quarter"]
    assert main([*given, *sum((["--areas", a] for a in areas), []), "--out", str(base)]) == 0
    before = _files(base)
    scenario = tmp_path / "scenario.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    out = tmp_path / "wat-als"
    code = main(["wat-als", str(base), "--scenario", str(scenario), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert _files(base) == before  # the base is read, never written
    assert sorted(p.name for p in out.iterdir()) == ["scenario", "vergelijking"]
    record = json.loads((out / "scenario" / "run.json").read_text(encoding="utf-8"))
    assert record["opties"]["periode"] == "quarter"  # the base's options, not the defaults
    assert [s["bron"] for s in record["invoer"]["maatregelen"]][0] == str(programme.resolve())
    changed = pd.read_csv(out / "vergelijking" / "maatregelen_verschil.csv", dtype=str)
    assert set(changed["id"]) == {"OR-0003", "OR-0006", "OR-0013", "OR-0009"}
    # the same answer as the scenario run against a base made again
    again = tmp_path / "beide"
    assert main(["wat-als", "--measures", str(programme), *sum((["--areas", a] for a in areas), []),
                 "--period", "quarter", "--scenario", str(scenario), "--out", str(again),
                 "--tables-only", "--quiet"]) == 0  # fmt: skip
    for name in ("maatregelen_verschil.csv", "overlappingen_verschil.csv", "veldwijzigingen.csv"):
        assert (out / "vergelijking" / name).read_bytes() == (
            again / "vergelijking" / name
        ).read_bytes(), name
    assert (out / "vergelijking" / "vergelijking.pdf").exists()

    # options that the base already fixes are refused, nothing is written
    other = tmp_path / "anders"
    code = main(["wat-als", str(base), "--scenario", str(scenario), "--out", str(other),
                 "--period", "year"])  # fmt: skip
    assert code == 2 and "laat --period weg" in capsys.readouterr().err
    assert not other.exists()
    # a scenario run is no base
    code = main(["wat-als", str(out / "scenario"), "--scenario", str(scenario),
                 "--out", str(other)])  # fmt: skip
    assert code == 2 and "zelf een scenario" in capsys.readouterr().err
    # an input that changed since the base: said, and nothing is run
    # (saved again a minute later: GDAL versions differ in the GeoPackage triggers they write,
    # so the file is not edited through one here)
    then = programme.stat()
    os.utime(programme, ns=(then.st_atime_ns, then.st_mtime_ns + 60 * 10**9))
    code = main(["wat-als", str(base), "--scenario", str(scenario), "--out", str(other)])
    err = capsys.readouterr().err
    assert code == 2 and f"De invoer {programme.resolve()} is veranderd sinds de basisrun" in err
    assert not other.exists()


def test_the_call_in_run_json_never_keeps_a_password(tmp_path):
    from planner.options import RunOptions
    from planner.rerun import rerun_record

    sample = sample_inputs()
    secret = "postgresql://piet:geheim@db/gis?table=plan.besluiten"
    record = rerun_record(sample["measures"], sample["areas"], RunOptions(decisions=secret))
    assert "geheim" not in json.dumps(record)
    assert "wachtwoord" in record["niet_te_herhalen"]
    plain = rerun_record(sample["measures"], sample["areas"], RunOptions())
    assert plain["maatregelen"][0]["pad"] == str(Path(sample["measures"][0]).resolve())
