import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from planner import output
from planner.cli import main
from planner.run import sample_inputs
from planner.schema import layers_dir
from tests.planner.reference import brute_force_pairs

GPKG_LAYERS = {
    "maatregelen",
    "overlappingen",
    "samenhang_wijk",
    "stapeling_wijk",
    "stapeling_gemeente",
    "afgewezen",
    "voortgang_afspraken",  # the sample has two wijkcontracten
}


@pytest.fixture
def sample_run(sample_output):
    return sample_output


def test_run_writes_the_output_folder(sample_run):
    names = {p.name for p in sample_run.iterdir()}
    assert names == {
        ".gebiedsplanner-uitvoer",
        "gebiedsplanner.gpkg",
        "maatregelen.csv",
        "overlappingen.csv",
        "samenhang_wijk.csv",
        "stapeling_wijk.csv",
        "stapeling_gemeente.csv",
        "afgewezen.csv",
        "besluiten_sjabloon.csv",
        "voortgang_afspraken.csv",
        "run.json",
        "rapport.html",
        "rapport.pdf",
        "kaart.html",
        "kaarten",
        "gebiedsdag",
        "uitvoeringsprogramma",
    }
    listed = json.loads((sample_run / "run.json").read_text())["uitvoer"]
    assert "gebiedsdag/atlas.pdf" in listed and "kaart.html" in listed
    assert "uitvoeringsprogramma/WK039201-oude-stad-2027.pdf" in listed
    layers = {str(name) for name, _ in pyogrio.list_layers(sample_run / "gebiedsplanner.gpkg")}
    assert layers == GPKG_LAYERS
    pairs = pd.read_csv(sample_run / "overlappingen.csv")
    assert list(pairs.columns[:5]) == ["measure_a", "measure_b", "rule", "verdict", "distance_m"]
    assert set(pairs["verdict"]) == {"combineren", "volgorde", "spreiden", "samenhang"}
    gpkg_pairs = pyogrio.read_dataframe(sample_run / "gebiedsplanner.gpkg", layer="overlappingen")
    assert len(gpkg_pairs) == len(pairs) and (gpkg_pairs.geom_type == "Point").all()
    # integration as groups: one row per wijk, period and same-area rule, with the wijk's shape
    groups = pyogrio.read_dataframe(sample_run / "gebiedsplanner.gpkg", layer="samenhang_wijk")
    assert len(groups) == len(pd.read_csv(sample_run / "samenhang_wijk.csv")) > 0
    assert groups.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert not groups.duplicated(["regel", "code", "periode"]).any()
    assert "fysiek-sociaal" not in set(pairs["rule"])


def test_run_json_accounts_for_every_feature(sample_run):
    report = json.loads((sample_run / "run.json").read_text(encoding="utf-8"))
    counts = report["aantallen"]
    assert counts["gelezen"] == counts["gebruikt"] + counts["afgewezen"]
    layers = report["invoer"]["maatregelen"]
    assert len(layers) == 5
    for layer in layers:
        assert layer["gelezen"] == layer["gebruikt"] + layer["afgewezen"]
        raw = pyogrio.read_info(layer["bron"], layer=layer["laag"])["features"]
        assert raw == layer["gelezen"]
    assert sum(layer["gelezen"] for layer in layers) == counts["gelezen"]
    assert len(report["afgewezen"]) == counts["afgewezen"]
    for item in report["afgewezen"]:
        assert item["bron"] and item["laag"] and item["fid"] and item["veld"] and item["reden"]
    maatregelen = pd.read_csv(sample_run / "maatregelen.csv")
    assert len(maatregelen) == counts["gebruikt"]
    assert maatregelen["id"].is_unique
    assert "tijden_s" in report and report["versies"]["shapely"].startswith("2.")
    assert "verdeling" in report and "aandeel" in report["verdeling"]


def test_samenhang_paren_keeps_the_pairs_of_same_area_rules(tmp_path):
    assert main(["run", "--tables-only", "--quiet", "--out", str(tmp_path / "p")]) == 0
    plain = pd.read_csv(tmp_path / "p" / "overlappingen.csv")
    argv = ["run", "--tables-only", "--quiet", "--samenhang-paren", "--out", str(tmp_path / "k")]
    assert main(argv) == 0
    kept = pd.read_csv(tmp_path / "k" / "overlappingen.csv")
    assert "fysiek-sociaal" not in set(plain["rule"])
    assert (kept["rule"] == "fysiek-sociaal").sum() == len(kept) - len(plain) > 0
    report = json.loads((tmp_path / "k" / "run.json").read_text(encoding="utf-8"))
    assert report["samenhang"]["paren_bewaard"] is True


def test_summary_is_dutch_and_lists_ten_stacked_areas(capsys, tmp_path):
    assert main(["run", "--tables-only", "--out", str(tmp_path / "u")]) == 0
    text = capsys.readouterr().out
    assert "gelezen uit 5 lagen" in text and "afgewezen" in text
    assert "Overlappingen:" in text and "samenhang" in text
    report = json.loads((tmp_path / "u" / "run.json").read_text(encoding="utf-8"))
    groups = report["samenhang"]["groepen"]
    assert groups > 0 and f"Samenhang: {groups} groepen" in text
    assert f"samenhang_wijk {groups}" in text
    ranked = [line for line in text.splitlines() if re.match(r"^\s+\d+\. ", line)]
    assert len(ranked) == 10
    assert ranked[0].startswith("   1. ") and "(WK0392" in ranked[0]


def test_console_script_runs_and_bad_input_gives_one_sentence(tmp_path):
    exe = Path(sys.executable).parent / "gebiedsplanner"
    done = subprocess.run(
        [exe, "run", "--tables-only", "--out", str(tmp_path / "u"), "--period", "quarter"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "2027-K3" in pd.read_csv(tmp_path / "u" / "stapeling_wijk.csv")["periode"].values
    bad = subprocess.run(
        [
            exe,
            "run",
            "--measures",
            str(tmp_path / "nergens.gpkg"),
            "--areas",
            str(tmp_path / "ook-niet.gpkg"),
            "--out",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "nergens.gpkg bestaat niet" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--rules", "{tmp}/regels.toml"], "regels.toml is niet te lezen"),
        (["--need", "bestaat_niet"], "--need: kolom 'bestaat_niet'"),
        (["--field", "onzin=x"], "onbekend veld 'onzin'"),
    ],
)
def test_option_and_input_errors_exit_2(capsys, tmp_path, args, fragment):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["run", "--tables-only", "--out", str(tmp_path / "u"), "--quiet", *args]) == 2
    assert fragment in capsys.readouterr().err


def test_failed_write_leaves_previous_output_intact(tmp_path, monkeypatch, capsys):
    out = tmp_path / "uitvoer"
    assert main(["run", "--tables-only", "--out", str(out), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def explode(folder, overlaps):
        (folder.tmp / "overlappingen.csv").write_text("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.OutputFolder, "add_overlaps", explode)
    # a full disk is the machine's, not a bug: exit 2 with the sentence (issue 13)
    assert main(["run", "--tables-only", "--out", str(out), "--quiet"]) == 2
    assert "De schijf is vol" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["uitvoer"]  # no temporary folder left


def test_tables_are_byte_identical_between_runs(tmp_path):
    for name in ("a", "b"):
        assert main(["run", "--tables-only", "--out", str(tmp_path / name), "--quiet"]) == 0
    for csv in sorted((tmp_path / "a").glob("*.csv")):
        assert csv.read_bytes() == (tmp_path / "b" / csv.name).read_bytes(), csv.name


def test_overlaps_quick_mode_equals_brute_force(tmp_path, capsys):
    programme = sample_inputs()["measures"][0]
    out = tmp_path / "paren.csv"
    assert (
        main(["overlaps", str(programme), "--distance", "40", "--time-gap", "1", "--out", str(out)])
        == 0
    )
    pairs = pd.read_csv(out)
    assert list(pairs.columns[:5]) == ["measure_a", "measure_b", "rule", "verdict", "distance_m"]
    from planner.read import read_measures

    ms = read_measures(programme, required=["start"])
    expected = brute_force_pairs(ms.measures, 40, "binnen", 12)
    found = {tuple(sorted(p)) for p in zip(pairs["measure_a"], pairs["measure_b"], strict=True)}
    assert found == expected and len(found) == len(pairs) > 100
    assert f"{len(pairs):,}".replace(",", ".") in capsys.readouterr().out


def test_overlaps_in_slices_of_rows_writes_the_same_file(tmp_path, monkeypatch):
    from planner import pair_list

    programme = sample_inputs()["measures"][0]
    args = ["overlaps", str(programme), "--distance", "40", "--time-gap", "1", "--out"]
    assert main([*args, str(tmp_path / "heel.csv")]) == 0
    monkeypatch.setattr(pair_list, "CSV_ROWS", 7)  # hundreds of pairs: dozens of slices
    assert main([*args, str(tmp_path / "plakjes.csv")]) == 0
    whole = (tmp_path / "heel.csv").read_bytes()
    assert whole.count(b"\n") > 7 * 10
    assert (tmp_path / "plakjes.csv").read_bytes() == whole
    # no pairs at all: the header alone
    import geopandas as gpd
    import shapely

    from planner.read import measures_from_frame
    from planner.rules import single_rule

    alone = gpd.GeoDataFrame({"start": ["2026"]}, geometry=[shapely.Point(0, 0)], crs="EPSG:28992")
    none = tmp_path / "geen.csv"
    assert (
        pair_list.write_pair_list(measures_from_frame(alone), single_rule(25, 0).rules[0], none)
        == 0
    )
    assert none.read_text(encoding="utf-8").splitlines() == [
        ",".join(f'"{c}"' for c in pair_list.PAIR_LIST_COLUMNS)
    ]


def test_no_command_prints_help():
    assert main([]) == 2


def test_inputs_are_not_modified(tmp_path):
    files = [*sample_inputs()["measures"], *sample_inputs()["areas"]]
    before = {f: (f.stat().st_mtime_ns, f.read_bytes()) for f in files}
    assert main(["run", "--tables-only", "--out", str(tmp_path / "u"), "--quiet"]) == 0
    assert {f: (f.stat().st_mtime_ns, f.read_bytes()) for f in files} == before
    assert not any(Path(str(f) + "-wal").exists() for f in files)
    assert os.access(layers_dir(), os.R_OK)


def test_run_without_any_rejection_writes_all_layers(tmp_path):
    import geopandas as gpd
    import shapely

    areas = gpd.GeoDataFrame(
        {"code": ["A"], "naam": ["Alles"]},
        geometry=[shapely.box(0, 0, 1000, 1000)],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(areas, tmp_path / "gebied.gpkg")
    measures = gpd.GeoDataFrame(
        {
            "naam": ["x", "y"],
            "domein": ["onderhoud"] * 2,
            "start": ["2026", "2026"],
            "fid_bron": [1, 2],
        },
        geometry=[shapely.Point(5, 5), shapely.Point(9, 9)],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(measures, tmp_path / "m.gpkg")
    out = tmp_path / "u"
    assert (
        main(
            [
                "run",
                "--measures",
                str(tmp_path / "m.gpkg"),
                "--areas",
                str(tmp_path / "gebied.gpkg"),
                "--out",
                str(out),
                "--quiet",
                "--tables-only",
            ]
        )
        == 0
    )
    layers = {str(n) for n, _ in pyogrio.list_layers(out / "gebiedsplanner.gpkg")}
    assert "afgewezen" in layers
    assert pyogrio.read_info(out / "gebiedsplanner.gpkg", layer="afgewezen")["features"] == 0


CONSOLE = """
import atexit, sys
from planner import cli
atexit.register(lambda: sys.stderr.write("python ruimde op\\n"))
cli.main = lambda: (print("gebiedsplanner: gestopt.", file=sys.stderr, end="\\n"), {code})[1]
cli.console()
"""


@pytest.mark.parametrize("code", [0, 2, 130])
def test_the_command_leaves_without_python_teardown_only_after_a_stop(code):
    """After a stop the command exits at once (a pyarrow thread freeing numpy buffers while
    Python shuts down aborted such a run in CI); its last line still reaches the terminal."""
    done = subprocess.run(
        [sys.executable, "-c", CONSOLE.format(code=code)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == code
    assert "gestopt" in done.stderr
    assert ("python ruimde op" in done.stderr) == (code != 130)
