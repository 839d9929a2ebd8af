"""gebiedsplanner vergelijk: two runs of the sample, the second on a copy with known changes.

The expected differences are what the copy's edits are; the overlaps and stacking are checked
against the two runs' own tables (read from their CSV files), compared independently here.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from shapely import affinity

from planner.cli import main
from planner.compare import compare_runs
from planner.comparison_output import write_comparison
from planner.errors import InputError, OptionError
from planner.run import run, sample_inputs
from planner.run_folder import read_run_folder

LAYER = "gemeente_openbare_ruimte"
SOCIAL = "gemeente_sociaal_domein"

#: What the copy changes, field by field: the comparison must find exactly this.
CHANGED = {
    "OR-0003": {"periode"},
    "OR-0006": {"status"},
    "OR-0007": {"budget"},
    "OR-0008": {"hinder"},
    "OR-0010": {"geometrie"},
    "SD-0001": {"eigenaar"},
}


def _edit_programme(source: Path, target: Path) -> None:
    """A copy of the sample programme with moved, shifted, changed, removed and added measures.

    Written layer by layer into a new file: GDAL 3.6 (the QGIS venv) cannot replace a layer of
    the sample's GeoPackage 1.4.
    """
    for name in pyogrio.list_layers(source)[:, 0]:
        frame = pyogrio.read_dataframe(source, layer=name)
        if name == LAYER:
            frame = _edit_public_space(frame)
        elif name == SOCIAL:
            frame.loc[frame["id"] == "SD-0001", "eigenaar"] = "welzijn - nieuwe partner"
        pyogrio.write_dataframe(frame, target, layer=str(name))


def _edit_public_space(frame):
    at = {v: i for i, v in enumerate(frame["id"])}
    frame.loc[at["OR-0010"], "geometry"] = affinity.translate(frame.geometry[at["OR-0010"]], 150)
    # 0.4 m: within the default tolerance of 1 m, so not moved
    frame.loc[at["OR-0013"], "geometry"] = affinity.translate(frame.geometry[at["OR-0013"]], 0.4)
    frame.loc[at["OR-0003"], ["start", "eind"]] = ["2029-05-04", "2029-08-29"]
    frame.loc[at["OR-0006"], "status"] = "gereed"
    frame.loc[at["OR-0007"], "budget"] = frame["budget"][at["OR-0007"]] + 50_000
    frame.loc[at["OR-0008"], "hinder"] = "laag"
    added = frame.iloc[[at["OR-0002"]]].copy()
    added["id"], added["naam"] = "NEW-0001", "Nieuwe kabel Nieuwe Iepenstraat"
    return pd.concat([frame[frame["id"] != "OR-0009"], added], ignore_index=True)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("vergelijk")
    sample = sample_inputs()
    edited = work / "programma-v2.gpkg"
    _edit_programme(Path(sample["measures"][0]), edited)
    common = {k: v for k, v in sample.items() if k != "measures"}
    old, new = work / "run-2026", work / "run-2027"
    run(sample["measures"], out=old, reports=False,
        report_options={"data_date": dt.date(2026, 1, 15)}, **common)  # fmt: skip
    run([edited], out=new, reports=False,
        report_options={"data_date": dt.date(2027, 1, 15)}, **common)  # fmt: skip
    return old, new


@pytest.fixture(scope="module")
def comparison(two_runs):
    return compare_runs(*two_runs)


def _pairs(folder: Path) -> set[tuple[str, frozenset]]:
    table = pd.read_csv(folder / "overlappingen.csv", dtype=str)
    return {(r, frozenset((a, b))) for r, a, b in table[["rule", "measure_a", "measure_b"]].values}


def test_measures_new_gone_and_changed_per_field(comparison):
    m = comparison.measures
    assert set(m.loc[m["wijziging"] == "nieuw", "id"]) == {"NEW-0001"}
    assert set(m.loc[m["wijziging"] == "vervallen", "id"]) == {"OR-0009"}
    changed = m[m["wijziging"] == "gewijzigd"]
    assert {r.id: set(r.velden.split(", ")) for r in changed.itertuples()} == CHANGED
    # the long table has one row per changed field, the same
    got = comparison.fields.groupby("id")["veld"].agg(set).to_dict()
    assert got == CHANGED
    row = changed.set_index("id")
    assert row.loc["OR-0010", "verplaatst_m"] == pytest.approx(150, abs=0.01)
    assert (
        row.loc["OR-0003", "verschoven_dagen"] == (dt.date(2029, 5, 4) - dt.date(2026, 5, 4)).days
    )
    assert (row.loc["OR-0006", "status_oud"], row.loc["OR-0006", "status_nieuw"]) == (
        "gepland",
        "gereed",
    )
    assert row.loc["OR-0007", "budget_nieuw"] - row.loc["OR-0007", "budget_oud"] == 50_000
    assert row.loc["SD-0001", "laag"] == SOCIAL
    assert "eigenaar" in row.loc["SD-0001", "uitleg"]
    # moved 0.4 m: not a change with the default tolerance, a change with tolerance 0.1 m
    assert "OR-0013" not in set(m["id"])


def test_tolerance_decides_what_moved(two_runs):
    fine = compare_runs(*two_runs, tolerance=0.1).measures
    assert fine.set_index("id").loc["OR-0013", "velden"] == "geometrie"
    coarse = compare_runs(*two_runs, tolerance=500).measures
    assert "OR-0010" not in set(coarse["id"])
    with pytest.raises(OptionError, match="tolerantie"):
        compare_runs(*two_runs, tolerance=-1)


def test_overlaps_new_and_gone_equal_the_runs_compared_independently(two_runs, comparison):
    old, new = _pairs(two_runs[0]), _pairs(two_runs[1])
    o = comparison.overlaps

    def keys(kind):
        rows = o[o["wijziging"] == kind]
        return {
            (r, frozenset((a, b))) for r, a, b in rows[["rule", "measure_a", "measure_b"]].values
        }

    assert keys("nieuw") == new - old
    assert keys("vervallen") == old - new
    assert new - old and old - new  # the edits do make and end overlaps
    # every pair that came or went has a changed measure among its two, named in its reason
    touched = set(comparison.measures["id"])
    for row in o[o["wijziging"] != "gewijzigd"].itertuples():
        ids = {row.measure_a, row.measure_b} & touched
        assert ids, row
        assert all(i in row.waarom for i in ids)
    ended = o[(o["rule"] == "werk-met-werk") & (o["wijziging"] == "vervallen")]
    pair = ended[(ended["measure_a"] == "OR-0002") & (ended["measure_b"] == "OR-0003")]
    assert len(pair) == 1 and "periode" in pair["waarom"].iloc[0]
    assert any("NEW-0001 is nieuw" in w for w in o.loc[o["wijziging"] == "nieuw", "waarom"])


def test_stacking_old_new_and_difference(two_runs, comparison):
    old = pd.read_csv(two_runs[0] / "stapeling_wijk.csv", dtype={"periode": str})
    new = pd.read_csv(two_runs[1] / "stapeling_wijk.csv", dtype={"periode": str})
    both = old.merge(new, on=["code", "periode"], how="outer", suffixes=("_o", "_n")).fillna(
        {"hinderlast_o": 0, "hinderlast_n": 0, "n_maatregelen_o": 0, "n_maatregelen_n": 0}
    )
    table = comparison.stacking["wijk"].set_index(["code", "periode"])
    assert len(table) == len(both)
    for row in both.itertuples():
        got = table.loc[(row.code, row.periode)]
        assert got["hinderlast_verschil"] == pytest.approx(row.hinderlast_n - row.hinderlast_o)
        assert got["n_maatregelen_verschil"] == row.n_maatregelen_n - row.n_maatregelen_o
    # OR-0009 (verharding, 2028-2029) is gone from Oude Stad
    assert table["n_maatregelen_verschil"].min() < 0
    areas = comparison.areas["wijk"]
    assert areas.iloc[0]["wijzigingen"] >= areas.iloc[1]["wijzigingen"] > 0


def test_flags_and_groups_keyed_by_rule_area_and_period(two_runs):
    old, new = read_run_folder(two_runs[0]), read_run_folder(two_runs[1])
    new = copy.copy(new)
    stacking = new.stacking["wijk"].copy()
    first = stacking.index[~stacking["stapeling"].astype(bool)][0]
    stacking.loc[first, ["stapeling", "reden"]] = [True, "hinderlast 99 (drempel 45)"]
    new.stacking = {**new.stacking, "wijk": stacking}
    shape = stacking.geometry.iloc[0]

    def groups(rows):
        frame = pd.DataFrame(rows, columns=["regel", "code", "periode", "maatregelen_a",
                                            "maatregelen_b"])  # fmt: skip
        import geopandas as gpd

        return gpd.GeoDataFrame(frame, geometry=[shape] * len(frame), crs=stacking.crs)

    old.groups = {
        "wijk": groups(
            [
                ("fysiek-sociaal", "WK039201", "2026", "OR-0003", "SD-0036"),
                ("fysiek-sociaal", "WK039201", "2027", "OR-0011", "SD-0050"),
                ("fysiek-sociaal", "WK039202", "2026", "OR-0020", "SD-0002"),
            ]
        )
    }
    new.groups = {"wijk": groups([("fysiek-sociaal", "WK039201", "2027", "OR-0011; NEW-0001",
                                   "SD-0050"),
                                  ("fysiek-sociaal", "WK039202", "2026", "OR-0020", "SD-0002"),
                                  ("fysiek-sociaal", "WK039201", "2029", "OR-0003",
                                   "SD-0090")])}  # fmt: skip
    result = compare_runs(old, new)
    flags = result.flags
    assert len(flags) == 1
    flag = flags.iloc[0]
    assert (flag["code"], flag["vlag"], flag["wijziging"]) == (
        stacking.loc[first, "code"],
        "stapeling",
        "verschenen",
    )
    g = result.groups["wijk"].set_index(["code", "periode"])
    assert g.loc[("WK039201", "2026"), "wijziging"] == "vervallen"
    assert g.loc[("WK039201", "2029"), "wijziging"] == "nieuw"
    assert g.loc[("WK039201", "2027"), "wijziging"] == "gewijzigd"
    assert g.loc[("WK039201", "2027"), "maatregelen_erbij"] == "NEW-0001"
    assert "OR-0003" in g.loc[("WK039201", "2029"), "waarom"]
    assert ("WK039202", "2026") not in g.index  # the same group in both


def test_cli_writes_the_tables_and_report_whole(two_runs, tmp_path, capsys):
    out = tmp_path / "vergelijking"
    code = main(["vergelijk", str(two_runs[0]), str(two_runs[1]), "--out", str(out)])
    assert code == 0
    said = capsys.readouterr().out
    assert "maatregelen 1 nieuw, 1 vervallen, 6 gewijzigd" in said
    record = json.loads((out / "vergelijking.json").read_text(encoding="utf-8"))
    assert record["aantallen"]["maatregelen"] == {"nieuw": 1, "vervallen": 1, "gewijzigd": 6}
    assert record["oud"]["gegevensdatum"] == "2026-01-15"
    layers = {str(n) for n, _ in pyogrio.list_layers(out / "gebiedsplanner.gpkg")}
    assert {"maatregelen_verschil", "overlappingen_verschil", "veldwijzigingen",
            "stapeling_verschil_wijk", "vlaggen_verschil",
            "gebieden_verschil_wijk"} <= layers  # fmt: skip
    csv = pd.read_csv(out / "maatregelen_verschil.csv")
    assert len(csv) == 8 and {"x", "y"} <= set(csv.columns)
    html = (out / "vergelijking.html").read_text(encoding="utf-8")
    assert "Wat is er veranderd sinds 15 januari 2026" in html
    assert "Nieuwe besluiten nodig" in html
    assert (out / "vergelijking.pdf").read_bytes().startswith(b"%PDF")
    # again on the same folder: it is ours, so it is replaced
    assert main(["vergelijk", str(two_runs[0]), str(two_runs[1]), "--out", str(out),
                 "--tables-only", "--quiet"]) == 0  # fmt: skip
    assert not (out / "vergelijking.pdf").exists()


def test_output_folder_is_never_someone_elses(two_runs, tmp_path, capsys):
    mine = tmp_path / "eigen"
    mine.mkdir()
    (mine / "notities.txt").write_text("van mij", encoding="utf-8")
    assert main(["vergelijk", str(two_runs[0]), str(two_runs[1]), "--out", str(mine)]) == 2
    assert "notities.txt" in capsys.readouterr().err
    assert (mine / "notities.txt").read_text(encoding="utf-8") == "van mij"
    before = sorted(p.name for p in two_runs[0].iterdir())
    inside = two_runs[0] / "vergelijking"
    assert main(["vergelijk", str(two_runs[0]), str(two_runs[1]), "--out", str(inside)]) == 2
    assert "ligt in de run" in capsys.readouterr().err
    assert sorted(p.name for p in two_runs[0].iterdir()) == before


def test_a_failed_comparison_leaves_the_previous_output(two_runs, tmp_path, monkeypatch):
    out = tmp_path / "vergelijking"
    write_comparison(*two_runs, out, reports=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise RuntimeError("halverwege")

    monkeypatch.setattr("planner.report.comparison_report.write_comparison_report", broken)
    with pytest.raises(RuntimeError):
        write_comparison(*two_runs, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".vergelijking.")]


def _replace_layer(folder: Path, name: str, frame) -> None:
    """The run's GeoPackage again, with ``name`` replaced (a new file: GDAL 3.6 safe)."""
    gpkg = folder / "gebiedsplanner.gpkg"
    fresh = folder / "nieuw.gpkg"
    for layer in pyogrio.list_layers(gpkg)[:, 0]:
        table = frame if layer == name else pyogrio.read_dataframe(gpkg, layer=layer)
        pyogrio.write_dataframe(table, fresh, layer=str(layer))
    fresh.replace(gpkg)


def _copy_run(folder: Path, target: Path) -> Path:
    shutil.copytree(folder, target)
    return target


def test_bad_inputs_get_one_sentence(two_runs, tmp_path):
    with pytest.raises(InputError, match="run.json ontbreekt"):
        compare_runs(tmp_path, two_runs[1])
    with pytest.raises(InputError, match="bestaat niet"):
        compare_runs(tmp_path / "nergens", two_runs[1])
    quarter = _copy_run(two_runs[1], tmp_path / "kwartaal")
    record = json.loads((quarter / "run.json").read_text(encoding="utf-8"))
    record["opties"]["periode"] = "quarter"
    (quarter / "run.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(InputError, match=r"andere periode van de stapeling .*year en quarter"):
        compare_runs(two_runs[0], quarter)
    swiss = _copy_run(two_runs[1], tmp_path / "zwitsers")
    record["opties"].update(periode="year", crs="EPSG:2056")
    (swiss / "run.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(
        InputError, match=r"een ander coördinatenstelsel \(opties.crs: EPSG:28992 en EPSG:2056\)"
    ):
        compare_runs(two_runs[0], swiss)
    twice = _copy_run(two_runs[1], tmp_path / "dubbel")
    measures = pyogrio.read_dataframe(twice / "gebiedsplanner.gpkg", layer="maatregelen")
    measures.loc[1, "id"] = measures.loc[0, "id"]
    _replace_layer(twice, "maatregelen", measures)
    with pytest.raises(InputError, match=rf"laag maatregelen: id '{measures.loc[0, 'id']}' komt "
                       r"meer dan eens voor \(fid 1, 2\)"):  # fmt: skip
        compare_runs(two_runs[0], twice)
    no_column = _copy_run(two_runs[1], tmp_path / "kolom")
    _replace_layer(no_column, "maatregelen", measures.drop(columns=["periode_van"]))
    with pytest.raises(InputError, match="laag maatregelen: de kolom.* periode_van ontbreken"):
        compare_runs(two_runs[0], no_column)


def test_every_layer_keeps_the_crs(two_runs, tmp_path):
    out = tmp_path / "crs"
    write_comparison(*two_runs, out, reports=False)
    gpkg = out / "gebiedsplanner.gpkg"
    for name, kind in pyogrio.list_layers(gpkg):
        if kind is not None:
            assert pyogrio.read_info(gpkg, layer=name)["crs"] == "EPSG:28992", name
