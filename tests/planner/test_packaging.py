"""The library finds its data wherever it is installed, and needs no optional extra to run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import planner
from planner import cli
from planner.run import sample_inputs
from planner.schema import layers_dir
from tests.planner.conftest import REPO

PACKAGE = Path(planner.__file__).resolve().parent
# What the library opens at run time; the sample's files come from run.sample_inputs().
RUNTIME = {"schema.toml", "regels.toml"} | {
    Path(p).name
    for value in sample_inputs().values()
    for p in (value if isinstance(value, list) else [value])
    if isinstance(p, Path)
}
PROBE = """
import json, planner
from planner.run import sample_inputs
from planner.schema import layers_dir
rules = planner.load_rules()
files = [str(p) for v in sample_inputs().values() for p in (v if isinstance(v, list) else [v])
         if not isinstance(p, str)]
print(json.dumps({"layers": str(layers_dir()), "planner": planner.__file__,
                  "rules": len(rules.rules), "files": files}))
"""


def wheel_layers() -> set[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert setuptools["package-dir"]["planner._layers"] == "layers"
    return set(setuptools["package-data"]["planner._layers"])


def plugin_layers() -> set[str]:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_plugin
    finally:
        sys.path.remove(str(REPO / "scripts"))
    return set(build_plugin.LAYERS)


def test_sample_inputs_are_among_the_runtime_files():
    assert {"voorbeeldprogramma.gpkg", "haarlem_wijken_2024.gpkg"} <= RUNTIME
    assert all((layers_dir() / name).is_file() for name in RUNTIME)


@pytest.mark.parametrize("shipped", [wheel_layers, plugin_layers], ids=["wheel", "plugin zip"])
def test_every_package_carries_what_the_library_opens(shipped):
    names = shipped()
    assert RUNTIME <= names
    assert not {n for n in names if n.endswith(".py")}  # the generators stay in the repository


def lay_out(root: Path, layout: str) -> Path:
    """planner and its data as each kind of install lays them out; return the import root."""
    site = root / ("libs" if layout == "plugin zip" else "site")
    shutil.copytree(
        PACKAGE, site / "planner", ignore=shutil.ignore_patterns("_layers", "__pycache__")
    )
    data = site / "planner" / "_layers" if layout == "wheel" else site / "layers"
    names = {"wheel": wheel_layers, "plugin zip": plugin_layers}.get(layout, lambda: RUNTIME)()
    data.mkdir()
    for name in names:
        shutil.copy2(layers_dir() / name, data / name)
    return site


@pytest.mark.parametrize("layout", ["wheel", "repository", "plugin zip"])
def test_data_found_in_each_layout_from_another_folder(tmp_path, layout):
    site = lay_out(tmp_path / "install", layout)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("GEBIEDSPLANNER_LAYERS", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert Path(found["planner"]).resolve().is_relative_to(site.resolve())
    expected = site / "planner" / "_layers" if layout == "wheel" else site / "layers"
    assert Path(found["layers"]).resolve() == expected.resolve()
    assert found["rules"] >= 5
    assert all(Path(f).resolve().parent == expected.resolve() for f in found["files"])


def test_environment_variable_overrides_the_layers_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("GEBIEDSPLANNER_LAYERS", str(tmp_path))
    assert layers_dir() == tmp_path
    assert sample_inputs()["measures"] == [tmp_path / "voorbeeldprogramma.gpkg"]


def test_command_line_runs_without_tqdm(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now raises ImportError
    update, close = cli._progress(True)
    assert update is cli._stop_if_asked  # no bar; only the check for a swallowed stop
    close()
    # a terminal: the run asks for a bar, and goes on without one
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert cli.main(["run", "--tables-only", "--out", str(tmp_path / "u")]) == 0
    assert (tmp_path / "u" / "overlappingen.csv").is_file()
    assert "Overlappingen" in capsys.readouterr().out


def test_progress_bar_with_tqdm():
    pytest.importorskip("tqdm", reason="needs tqdm: the extra [cli]")
    update, close = cli._progress(True)
    assert update is not cli._stop_if_asked
    update("regels", 1, 4)
    close()
