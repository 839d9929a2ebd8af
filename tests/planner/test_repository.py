"""Rules of the repository: one version, one-way dependency, sources for every dataset."""

import configparser
import re

import pytest

import planner
from tests.planner.conftest import REPO


def test_metadata_version_equals_the_library_version():
    meta = configparser.ConfigParser()
    meta.read(REPO / "metadata.txt", encoding="utf-8")
    assert meta["general"]["version"] == planner.__version__
    assert meta["general"]["qgisMinimumVersion"] == "3.22"
    assert meta["general"]["hasProcessingProvider"] == "yes"


def test_planner_never_imports_qgis_or_qt():
    pattern = re.compile(r"^\s*(from|import)\s+(qgis|PyQt5|PyQt6|qgis_plugin_tools)\b", re.M)
    offenders = [p for p in (REPO / "planner").rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_public_api_is_flat_and_complete():
    for name in (
        "read_measures",
        "read_areas",
        "load_rules",
        "find_overlaps",
        "stacking_by_area",
        "run",
    ):
        assert name in planner.__all__ and callable(getattr(planner, name))


def test_every_dataset_has_source_and_licence():
    for folder in (REPO / "layers", REPO / "tests" / "data" / "zurich_baustellen_2014_2015"):
        readme = next(folder.glob("*.md")).read_text(encoding="utf-8").lower()
        assert "licen" in readme and ("bron" in readme or "source" in readme or "origin" in readme)


def test_the_secrets_gate_finds_a_secret_and_passes_our_code(tmp_path):
    import subprocess
    import sys

    # without it the gate fails on anything, the planted secret included
    pytest.importorskip("detect_secrets", reason="needs detect-secrets: the extra [dev]")
    (tmp_path / "config.py").write_text('aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"\n')
    gate = [sys.executable, str(REPO / "scripts" / "no_secrets.py")]
    assert subprocess.run([*gate, str(tmp_path)], capture_output=True).returncode == 1
    ours = subprocess.run(
        [*gate, *(str(REPO / d) for d in ("planner", "plugin", "styles"))],
        capture_output=True,
        text=True,
    )
    assert ours.returncode == 0, ours.stdout
