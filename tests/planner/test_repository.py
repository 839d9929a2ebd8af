"""Rules of the repository: one version, one-way dependency, sources for every dataset."""

import ast
import configparser
import re
import subprocess
import sys
from pathlib import Path

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
        "find_groups",
        "stacking_by_area",
        "run",
    ):
        assert name in planner.__all__ and callable(getattr(planner, name))


def past_the_public_api(paths: list[Path], public: set[str]) -> list[str]:
    """Every use of planner in ``paths`` that goes past ``public``: ``file:line: what``.

    Submodules (``from planner.x import``, ``import planner.x``, ``import_module("planner.x")``)
    and names that are not public (``from planner import _x``, ``planner._x``) are reported.
    """
    found: list[tuple[str, int, str]] = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imports_planner = any(
            isinstance(node, ast.Import) and any(a.name == "planner" for a in node.names)
            for node in ast.walk(tree)
        )
        for node in ast.walk(tree):
            where = (str(path), getattr(node, "lineno", 0))
            if isinstance(node, ast.Import):
                found += [(*where, f"import {a.name}") for a in node.names if "planner." in a.name]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.startswith("planner."):
                    found.append((*where, f"from {node.module} import ..."))
                elif node.module == "planner":
                    found += [
                        (*where, f"from planner import {a.name}")
                        for a in node.names
                        if a.name not in public
                    ]
            elif (
                imports_planner
                and isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "planner"
                and node.attr not in public
            ):
                found.append((*where, f"planner.{node.attr}"))
            elif isinstance(node, ast.Call) and any(
                isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and arg.value.startswith("planner.")
                for arg in node.args[:1]
            ):
                found.append((*where, ast.unparse(node)))
    return [f"{Path(file).name}:{line}: {what}" for file, line, what in sorted(found)]


def test_the_plugin_uses_only_planners_public_api():
    # One door: the plugin imports planner's flat API, never its modules.
    public = set(planner.__all__)
    assert all(hasattr(planner, name) for name in public)
    files = sorted((REPO / "plugin").rglob("*.py"))
    assert len(files) > 10
    assert past_the_public_api(files, public) == []


def test_the_public_api_check_finds_every_way_past_it(tmp_path):
    planted = tmp_path / "plant.py"
    planted.write_text(
        "import importlib\n"
        "import planner\n"
        "import planner.errors\n"
        "from planner.report.tables import euro\n"
        "from planner import run, _version, check_choice\n"
        "x = planner.texts.VERDICT_LABEL\n"
        "y = planner.run\n"
        "z = importlib.import_module('planner.output')\n",
        encoding="utf-8",
    )
    found = past_the_public_api([planted], set(planner.__all__))
    assert [line.split(": ", 1)[1] for line in found] == [
        "import planner.errors",
        "from planner.report.tables import ...",
        "from planner import _version",
        "from planner import check_choice",
        "planner.texts",
        "importlib.import_module('planner.output')",
    ]


def test_import_planner_leaves_the_report_libraries_unloaded():
    # The report parts (matplotlib, ReportLab, folium) load when a report is made, not before;
    # the lazily loaded public names still resolve.
    code = (
        "import sys, planner\n"
        "heavy = ('matplotlib', 'reportlab', 'folium', 'planner.report')\n"
        "before = [m for m in heavy if m in sys.modules]\n"
        "names = (planner.atlas_tables, planner.webmap_page, planner.GPKG_NAME)\n"
        "after = [m for m in heavy[:3] if m in sys.modules]\n"
        "print(before, after, names[2])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.split() == ["[]", "[]", "gebiedsplanner.gpkg"]


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
