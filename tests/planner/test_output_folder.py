"""The output folder: a run never removes or changes what it did not make."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner import cli
from planner.errors import InputError
from planner.output_folder import MARKER, claim_output_folder
from planner.schema import layers_dir

EXE = Path(sys.executable).parent / "gebiedsplanner"


def tree(folder: Path) -> dict:
    """Every file and folder below ``folder`` with its checksum and mode."""
    out = {".": oct(folder.stat().st_mode)}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_file():
            out[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), oct(path.stat().st_mode))
        else:
            out[rel] = oct(path.stat().st_mode)
    return out


@pytest.fixture
def inputs(tmp_path: Path) -> dict:
    """Copies of the sample's measures and areas in their own folder."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("voorbeeldprogramma.gpkg", "haarlem_wijken_2024.gpkg"):
        shutil.copy(layers_dir() / name, data / name)
    return {
        "folder": data,
        "args": [
            "--measures",
            str(data / "voorbeeldprogramma.gpkg"),
            "--areas",
            str(data / "haarlem_wijken_2024.gpkg"),
        ],
    }


def run(out: Path | str, extra: list[str]) -> int:
    return cli.main(["run", "--tables-only", "--quiet", *extra, "--out", str(out)])


def test_out_dot_in_a_working_folder_removes_nothing(tmp_path, monkeypatch, capsys):
    # the case from the issue: a working folder with the user's files, and the areas in it
    work = tmp_path / "r1"
    work.mkdir()
    shutil.copy(layers_dir() / "haarlem_wijken_2024.gpkg", work / "w.gpkg")
    (work / "mine.txt").write_text("keep\n")
    (work / "pgdata").mkdir()
    (work / "pgdata" / "PG_VERSION").write_text("15\n")
    work.chmod(0o755)
    before = tree(tmp_path)
    monkeypatch.chdir(work)
    code = run(
        ".",
        ["--measures", str(layers_dir() / "voorbeeldprogramma.gpkg")]
        + [
            "--areas",
            "w.gpkg",
        ],
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "uitvoermap" in err and "niets gelezen of geschreven" in err
    assert tree(tmp_path) == before


def test_a_folder_with_other_files_is_refused_before_reading(tmp_path, inputs, capsys):
    out = tmp_path / "uit"
    out.mkdir()
    (out / "notities.docx").write_bytes(b"\x00\x01mijn werk")
    before = tree(tmp_path)
    assert run(out, inputs["args"]) == 2
    err = capsys.readouterr().err
    assert "geen uitvoer van Gebiedsplanner" in err and "notities.docx" in err
    assert tree(tmp_path) == before


@pytest.mark.parametrize("where", ["inputs", "parent"])
def test_out_at_the_inputs_folder_or_its_parent_is_refused(tmp_path, inputs, capsys, where):
    out = inputs["folder"] if where == "inputs" else tmp_path
    before = tree(tmp_path)
    assert run(out, inputs["args"]) == 2
    assert "uitvoermap" in capsys.readouterr().err
    assert tree(tmp_path) == before


def test_an_earlier_output_is_replaced_and_keeps_its_mode(tmp_path, inputs):
    out = tmp_path / "uit"
    assert run(out, inputs["args"]) == 0
    assert (out / MARKER).is_file()
    made = json.loads((out / MARKER).read_text(encoding="utf-8"))["bestanden"]
    assert "run.json" in made and "maatregelen.csv" in made
    out.chmod(0o750)
    (out / "maatregelen.csv").write_text("oud\n")
    assert run(out, inputs["args"]) == 0
    assert oct(out.stat().st_mode & 0o777) == oct(0o750)
    assert (out / "maatregelen.csv").read_text(encoding="utf-8") != "oud\n"
    # nothing left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "uit"]


def test_an_earlier_output_with_a_file_added_by_hand_is_refused(tmp_path, inputs, capsys):
    out = tmp_path / "uit"
    assert run(out, inputs["args"]) == 0
    (out / "kaarten").mkdir()
    (out / "kaarten" / "mijn-schets.png").write_bytes(b"\x89PNG mine")
    before = tree(tmp_path)
    assert run(out, inputs["args"]) == 2
    err = capsys.readouterr().err
    assert "niet heeft gemaakt" in err and "kaarten/" in err
    assert tree(tmp_path) == before


def test_an_input_inside_an_earlier_output_is_refused(tmp_path, inputs, capsys):
    out = tmp_path / "uit"
    assert run(out, inputs["args"]) == 0
    before = tree(tmp_path)
    args = ["--measures", str(out / "gebiedsplanner.gpkg"), "--layer", "maatregelen"]
    args += ["--areas", str(inputs["folder"] / "haarlem_wijken_2024.gpkg")]
    assert run(out, args) == 2
    assert "staat in de uitvoermap" in capsys.readouterr().err
    assert tree(tmp_path) == before


def test_an_empty_folder_is_filled_in_place(tmp_path, inputs, monkeypatch):
    out = tmp_path / "leeg"
    out.mkdir()
    out.chmod(0o751)
    inode = out.stat().st_ino
    monkeypatch.chdir(out)
    assert run(".", inputs["args"]) == 0
    # the folder itself stayed: same inode (a shell standing in it still sees it), same mode
    assert out.stat().st_ino == inode and oct(out.stat().st_mode & 0o777) == oct(0o751)
    assert (out / "run.json").is_file() and (out / MARKER).is_file()
    # and a second run in it, standing in it, keeps it too
    assert run(".", inputs["args"]) == 0
    assert out.stat().st_ino == inode and (out / "run.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "leeg"]


def test_a_new_folder_gets_the_usual_mode(tmp_path, inputs):
    out = tmp_path / "nieuw"
    assert run(out, inputs["args"]) == 0
    mask = os.umask(0)
    os.umask(mask)
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~mask)


def test_an_output_of_an_earlier_version_without_marker_is_replaced(tmp_path, inputs):
    out = tmp_path / "uit"
    assert run(out, inputs["args"]) == 0
    (out / MARKER).unlink()
    assert run(out, inputs["args"]) == 0
    (out / MARKER).unlink()
    (out / "eigen.txt").write_text("mine")
    with pytest.raises(InputError, match="eigen.txt"):
        claim_output_folder(out)
    assert (out / "eigen.txt").read_text() == "mine"


def test_a_file_as_output_folder_is_refused(tmp_path, inputs, capsys):
    out = tmp_path / "uit"
    out.write_text("a file of the user's")
    assert run(out, inputs["args"]) == 2
    assert "geen map" in capsys.readouterr().err
    assert out.read_text() == "a file of the user's"


def test_a_second_run_on_the_same_folder_stops_with_a_sentence(tmp_path, inputs):
    out = tmp_path / "uit"
    assert run(out, inputs["args"]) == 0
    before = tree(out)
    claim = claim_output_folder(out)  # another run holds the folder
    try:
        done = subprocess.run(
            [EXE, "run", "--tables-only", "--quiet", *inputs["args"], "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        claim.release()
    assert done.returncode == 2, done.stderr
    assert "Er schrijft al een andere run naar" in done.stderr
    assert tree(out) == before
    # released: the next run goes ahead, and leaves no lock file behind
    assert run(out, inputs["args"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "uit"]


def test_a_folder_changed_during_the_run_is_not_replaced(tmp_path, inputs, monkeypatch, capsys):
    out = tmp_path / "uit"
    assert run(out, inputs["args"]) == 0
    from planner import stacking

    real = stacking.stacking_by_area

    def meanwhile(*args, **kwargs):
        (out / "tijdens.txt").write_text("put here while the run went on")
        return real(*args, **kwargs)

    monkeypatch.setattr(sys.modules["planner.run"], "stacking_by_area", meanwhile)
    assert run(out, inputs["args"]) == 2
    assert "tijdens.txt" in capsys.readouterr().err
    assert (out / "tijdens.txt").read_text() == "put here while the run went on"
    assert (out / "run.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "uit"]


def test_leftovers_are_removed_only_when_marked_and_abandoned(tmp_path, inputs):
    out = tmp_path / "uit"
    mine = tmp_path / ".uit.99999999.notes.tmp"  # named like a leftover, but the user's
    mine.mkdir()
    (mine / "a.txt").write_text("mine")
    ours = tmp_path / ".uit.99999999.abcd.tmp"
    ours.mkdir()
    (ours / MARKER).write_text("{}")
    assert run(out, inputs["args"]) == 0
    assert (mine / "a.txt").read_text() == "mine"
    assert not ours.exists()


def test_the_pairs_file_never_replaces_an_input(tmp_path, capsys):
    source = tmp_path / "werken.gpkg"
    shutil.copy(layers_dir() / "voorbeeldprogramma.gpkg", source)
    before = source.read_bytes()
    code = cli.main(["overlaps", str(source), "--distance", "10", "--out", str(source)])
    assert code == 2
    assert "ook invoer" in capsys.readouterr().err
    assert source.read_bytes() == before
    assert cli.main(["overlaps", str(source), "--distance", "10", "--out", str(tmp_path)]) == 2
    assert "is een map" in capsys.readouterr().err
