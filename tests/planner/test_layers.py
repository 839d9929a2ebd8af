"""The one-way flow through planner: the layer contracts hold and catch an upward import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"

pytest.importorskip("importlinter", reason="import-linter is not installed (pip install .[dev])")


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "planner", tmp_path / "planner", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copytree(REPO / "plugin", tmp_path / "plugin", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_hold(copy):
    done = lint(copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("schema.py", "from planner.run import run"),  # the bottom reaching the top
        ("output.py", "from planner.report import write_reports"),  # a sibling
        ("report/tables.py", "from planner.report.gebiedsdag import write_gebiedsdag_pdf"),
    ],
)
def test_an_upward_import_breaks_them(copy, module, upward):
    path = copy / "planner" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{upward}  # noqa\n", encoding="utf-8")
    done = lint(copy)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout


def test_a_new_module_must_be_placed(copy):
    (copy / "planner" / "helpers.py").write_text('"""Unplaced."""\n', encoding="utf-8")
    done = lint(copy)
    assert done.returncode != 0
    assert "helpers" in done.stdout
