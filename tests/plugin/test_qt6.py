"""Ready for QGIS 4 (Qt6), checked statically: every Qt name the plugin uses exists in PyQt6.

QGIS 4 is not packaged for these machines, so it cannot run here. What can be checked is the
Qt half: PyQt6 from PyPI, installed into a venv of these tests' own (``build/pyqt6-py3.x``, kept
between runs), is asked for every class, function and enum member that the unpacked zip's code
takes from ``qgis.PyQt``, at the path it uses (enums only in scoped form, as PyQt6 has them).
"""

from __future__ import annotations

import json
import shutil
import subprocess  # nosec B404
import sys
import venv
from pathlib import Path

import pytest

from .qt6_names import qt_references

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYQT6 = "PyQt6>=6.5,<7"  # the Qt6 bindings QGIS 4 is built with (Qt 6.5 and newer)
# one per Python (the tests also run in the root of the second QGIS, on Python 3.13)
PYQT6_VENV = REPO / "build" / f"pyqt6-py{sys.version_info[0]}.{sys.version_info[1]}"


@pytest.fixture(scope="session")
def pyqt6_python() -> Path:
    """A venv with PyQt6 from PyPI and nothing else (made once, reused while it imports)."""
    python = PYQT6_VENV / "bin" / "python"
    probe = [str(python), "-c", "import PyQt6.QtCore, PyQt6.QtGui, PyQt6.QtWidgets"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:  # nosec
        return python
    shutil.rmtree(PYQT6_VENV, ignore_errors=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(PYQT6_VENV)
    subprocess.run([str(python), "-m", "pip", "install", "-q", PYQT6], check=True)  # nosec
    subprocess.run(probe, check=True)  # nosec B603
    return python


def check_with_pyqt6(python: Path, folder: Path) -> tuple[list[dict], list[str]]:
    """The Qt references of every .py under ``folder``, and what PyQt6 says is missing."""
    refs = [ref for path in sorted(folder.rglob("*.py")) for ref in qt_references(path)]
    out = subprocess.run(  # nosec B603
        [str(python), str(HERE / "qt6_names.py")],
        input=json.dumps(refs),
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode in (0, 1), out.stderr
    return refs, out.stdout.splitlines()


def test_pyqt6_has_every_qt_name_the_plugin_uses(pyqt6_python, plugin_dir):
    refs, problems = check_with_pyqt6(pyqt6_python, plugin_dir)
    assert problems == []
    used = {(r["module"], ".".join(r["path"])) for r in refs}
    # the check saw the plugin's Qt: its scoped enums and the classes of the panel and menu
    for expected in [
        ("QtCore", "Qt.ItemDataRole.UserRole"),
        ("QtCore", "Qt.DockWidgetArea.RightDockWidgetArea"),
        ("QtWidgets", "QHeaderView.ResizeMode.Stretch"),
        ("QtWidgets", "QAction"),
        ("QtCore", "QCoreApplication.installTranslator"),
    ]:
        assert expected in used, expected
    assert len(used) > 40, len(used)


def test_the_check_fails_on_an_unscoped_enum_and_pyqt5_only_names(pyqt6_python, tmp_path):
    """A planted unscoped enum, a class Qt6 dropped and a PyQt5-only method are all caught."""
    folder = tmp_path / "gebiedsplanner"
    folder.mkdir()
    panel = (REPO / "plugin" / "panel.py").read_text(encoding="utf-8")
    (folder / "panel.py").write_text(
        panel
        + "\n\nROLE_UNSCOPED = Qt.UserRole\n"
        + "from qgis.PyQt.QtCore import QRegExp\n"
        + "PATTERN = QRegExp('[0-9]+')\n"
        + "STRETCH = QHeaderView.Stretch\n"
        + "def ask(dialog):\n    return dialog.exec_()\n",
        encoding="utf-8",
    )
    _refs, problems = check_with_pyqt6(pyqt6_python, folder)
    text = "\n".join(problems)
    assert "QtCore.Qt.UserRole is an unscoped enum: use Qt.ItemDataRole.UserRole" in text
    assert "QtWidgets.QHeaderView.Stretch is an unscoped enum: use QHeaderView.ResizeMode" in text
    assert "PyQt6 has no QtCore.QRegExp" in text
    assert ".exec_() is PyQt5 only" in text
    assert len(problems) == 4, problems
    # the original panel alone is clean: every problem is one of the planted lines
    lines = len(panel.splitlines())
    assert all(int(p.split(":")[1]) > lines for p in problems), problems


def test_direct_pyqt5_imports_are_named(tmp_path):
    source = tmp_path / "x.py"
    source.write_text("from PyQt5.QtCore import Qt\nimport PyQt5.QtWidgets\n", encoding="utf-8")
    problems = [r["problem"] for r in qt_references(source)]
    assert problems == [
        "imports PyQt5.QtCore: use qgis.PyQt",
        "imports PyQt5.QtWidgets: use qgis.PyQt",
    ]
