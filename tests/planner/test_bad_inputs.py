"""Every case of the bad-input corpus (tests/data/bad) gets its documented behaviour."""

import importlib.util
import json
import shutil
import sys

import pandas as pd
import pyogrio
import pytest

from planner.cli import main
from tests.planner.conftest import DATA

BAD = DATA / "bad"


def load_corpus():
    spec = importlib.util.spec_from_file_location("corpus", BAD / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def cases():
    # The case list without writing: run the generator into a scratch folder.
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        return load_corpus().write_corpus(Path(tmp))


ALL = cases()


@pytest.fixture
def corpus(tmp_path):
    target = tmp_path / "bad"
    shutil.copytree(BAD, target, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
    return target


def args_for(case, folder):
    extra = [a.replace("{dir}", str(folder)) for a in case.args]
    return ["--measures", str(folder / case.files[0]), "--areas", str(folder / case.areas), *extra]


@pytest.mark.parametrize("case", ALL, ids=[c.name for c in ALL])
def test_check_gives_the_documented_behaviour(case, corpus, capsys):
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    code = main(["check", "--all", *args_for(case, corpus)])
    out = capsys.readouterr()
    text = " ".join((out.out + out.err).split())
    assert code == case.exit_code, text
    for fragment in case.sees:
        assert fragment in text, (fragment, text)
    for fragment in case.absent:
        assert fragment not in text, (fragment, text)
    assert "Traceback" not in text
    if case.outcome == "stopt":
        assert len(out.err.strip().splitlines()) == 1  # one clear sentence
    after = {p.name: p.read_bytes() for p in corpus.iterdir()}
    assert after == before  # inputs are never changed


@pytest.mark.parametrize(
    "case",
    [c for c in ALL if c.outcome == "stopt"],
    ids=[c.name for c in ALL if c.outcome == "stopt"],
)
def test_run_stops_without_output(case, corpus, tmp_path, capsys):
    out = tmp_path / "uitvoer"
    code = main(["run", "--tables-only", "--quiet", "--out", str(out), *args_for(case, corpus)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert not out.exists()


def test_repaired_and_used_cases_run_through(corpus, tmp_path):
    for name in (
        "zelfdoorsnijdend",
        "z_en_m",
        "gebogen",
        "twee_crs",
        "gemengd",
        "cp1252",
        "budget_tekst",
        "gebieden_overlappend",
    ):
        case = next(c for c in ALL if c.name == name)
        out = tmp_path / name
        assert (
            main(["run", "--tables-only", "--quiet", "--out", str(out), *args_for(case, corpus)])
            == 0
        ), name
        measures = pd.read_csv(out / "maatregelen.csv")
        assert len(measures) >= 2, name
    cp = pd.read_csv(tmp_path / "cp1252" / "maatregelen.csv")
    assert "Café Ëlshof" in set(cp["naam"])
    both = pd.read_csv(tmp_path / "twee_crs" / "maatregelen.csv")
    assert set(both["laag"]) == {"rd", "wgs84"}
    # the same places in two CRSs end up on the same spot
    xy = both[["x", "y"]]
    assert (xy.groupby(both["naam"]).std().fillna(0) < 0.01).all().all()
    overlap = pd.read_csv(tmp_path / "gebieden_overlappend" / "stapeling_wijk.csv")
    assert overlap.groupby("code")["n_maatregelen"].sum().to_dict() == {
        "WK099901": 2,
        "WK099902": 1,
    }


def test_quiet_losses_and_quiet_acceptance_are_said_in_the_run(corpus, tmp_path, capsys):
    """Issue 13, part 4: what was used with a warning or a note says so in run.json too."""

    def run_case(name):
        case = next(c for c in ALL if c.name == name)
        out = tmp_path / name
        code = main(["run", "--tables-only", "--out", str(out), *args_for(case, corpus)])
        printed = " ".join(capsys.readouterr().out.split())
        assert code == 0, name
        return out, json.loads((out / "run.json").read_text(encoding="utf-8")), printed

    out, report, printed = run_case("mapping_intern")
    (layer,) = report["invoer"]["maatregelen"]
    assert layer["intern_naar_publiek"] == {"omschrijving": "contact"}
    assert "Let op:" in printed and "komt uit kolom 'contact'" in printed
    assert any("komt uit kolom 'contact'" in w for w in layer["waarschuwingen"])

    out, report, _ = run_case("budget_onaannemelijk")
    measures = pd.read_csv(out / "maatregelen.csv").set_index("id")
    assert measures["budget"].isna().tolist() == [True, True, False]
    assert "budget '1e+20' is niet aannemelijk" in measures.loc["b1", "opmerkingen"]
    assert "budget '-5000' is niet aannemelijk" in measures.loc["b2", "opmerkingen"]
    assert {n["veld"] for n in report["meldingen"]} == {"budget"}

    out, report, printed = run_case("gebied_zonder_code")
    codes = set(pd.read_csv(out / "stapeling_wijk.csv")["code"])
    assert "wijken-2" in codes and "" not in codes and not any(pd.isna(list(codes)))
    assert any("zonder code" in w for w in report["invoer"]["waarschuwingen"])

    out, report, printed = run_case("niet_genest")
    assert report["invoer"]["gebieden"][0]["nesting"]["niet_genest"] == 1
    assert "passen niet binnen die van clusters" in printed

    out, report, printed = run_case("dubbele_kolom")
    assert "komt meer dan eens voor" in printed
    assert pd.read_csv(out / "maatregelen.csv")["bron_Naam"].tolist() == ["Tweede"]


def test_impossible_coordinates_do_not_stop_the_run(corpus, tmp_path):
    for name in ("coordinaten_geojson", "coordinaten_xy", "coordinaten_wkt"):
        case = next(c for c in ALL if c.name == name)
        out = tmp_path / name
        code = main(["run", "--tables-only", "--quiet", "--out", str(out), *args_for(case, corpus)])
        assert code == 0, name
        rejected = pd.read_csv(out / "afgewezen.csv")
        assert set(rejected["veld"]) == {"geometrie"}
        assert rejected["reden"].str.startswith("onbruikbare coördinaten").all()
        assert len(pd.read_csv(out / "maatregelen.csv")) == 1


def test_strict_run_exits_1_without_output(corpus, tmp_path, capsys):
    case = next(c for c in ALL if c.name == "datums")
    out = tmp_path / "u"
    assert (
        main(
            [
                "run",
                "--strict",
                "--tables-only",
                "--quiet",
                "--out",
                str(out),
                *args_for(case, corpus),
            ]
        )
        == 1
    )
    assert "afgewezen (--strict)" in capsys.readouterr().err
    assert not out.exists()


def test_generator_reproduces_the_committed_corpus(tmp_path):
    load_corpus().write_corpus(tmp_path)
    committed = sorted(
        p.name for p in BAD.iterdir() if p.suffix not in (".py", ".md") and p.name != "__pycache__"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        new, old = tmp_path / name, BAD / name
        if name.endswith(".gpkg") and name != "afgekapt.gpkg":
            for layer, _ in pyogrio.list_layers(old):
                a = pyogrio.read_dataframe(old, layer=layer)
                b = pyogrio.read_dataframe(new, layer=layer)
                assert a.drop(columns="geometry").equals(b.drop(columns="geometry")), name
                assert a.geometry.to_wkt().equals(b.geometry.to_wkt()), name
        elif name.endswith((".csv", ".toml", ".prj", ".cpg", ".geojson")):
            assert new.read_bytes() == old.read_bytes(), name
