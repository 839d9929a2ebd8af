"""Which Qt names the plugin uses, and whether PyQt6 (QGIS 4's Qt) has each at that path.

Two halves. :func:`qt_references` reads the plugin's source (no Qt needed): every name imported
from ``qgis.PyQt.*`` and every attribute path hung on one (``Qt.ItemDataRole.UserRole``).
:func:`resolve` runs in a venv with PyQt6 from PyPI (``python qt6_names.py < refs.json``) and
looks each path up through the mapping that ``qgis.PyQt`` makes on Qt6 builds of QGIS; it names
what PyQt6 lacks, and for an enum member used unscoped (``Qt.UserRole``) the scoped path to use.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

# The Qt modules that qgis.PyQt re-exports (qgis/PyQt/QtX.py is ``from PyQt5/6.QtX import *``).
QT_MODULES = {
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtNetwork",
    "QtXml",
    "QtSvg",
    "QtPrintSupport",
    "QtSql",
    "QtTest",
}
# Qt 6 moved these from QtWidgets to QtGui; qgis.PyQt.QtWidgets of a Qt6 build of QGIS imports
# them from QtGui again, so plugins keep importing them from qgis.PyQt.QtWidgets.
QTWIDGETS_FROM_QTGUI = {"QAction", "QActionGroup", "QShortcut", "QFileSystemModel", "QUndoCommand"}
# Methods that PyQt5 has beside the Qt6 name and PyQt6 has not.
PYQT5_ONLY_METHODS = {"exec_", "print_"}


def attribute_path(node: ast.AST) -> list[str] | None:
    """``a.b.c`` as ``["a", "b", "c"]``; None when the root is not a plain name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def qt_references(path: Path) -> list[dict]:
    """Every Qt name one Python file uses: ``{"file", "line", "module", "path", "problem"}``.

    ``module`` is the ``qgis.PyQt`` module (``QtCore``), ``path`` the names from it
    (``["Qt", "ItemDataRole", "UserRole"]``). ``problem`` is set, without PyQt6, for what is
    wrong whatever Qt runs: a direct PyQt5 import, or a PyQt5-only method.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: dict[str, tuple[str, str]] = {}  # local name -> (module, name in it)
    modules: dict[str, str] = {}  # local name -> module
    refs: list[dict] = []

    def ref(node: ast.AST, module: str | None, names_path: list[str], problem: str = "") -> None:
        refs.append(
            {
                "file": str(path),
                "line": getattr(node, "lineno", 0),
                "module": module,
                "path": names_path,
                "problem": problem,
            }
        )

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")
            if top[0] in ("PyQt5", "PyQt6", "PySide2", "PySide6", "sip"):
                ref(node, None, [node.module], f"imports {node.module}: use qgis.PyQt")
            elif node.module == "qgis.PyQt":
                for alias in node.names:
                    if alias.name in QT_MODULES:
                        modules[alias.asname or alias.name] = alias.name
            elif node.module.startswith("qgis.PyQt.") and top[2] in QT_MODULES:
                for alias in node.names:
                    if alias.name == "*":
                        ref(node, top[2], ["*"], "star import: the names cannot be checked")
                        continue
                    names[alias.asname or alias.name] = (top[2], alias.name)
                    ref(node, top[2], [alias.name])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("PyQt5", "PyQt6", "PySide2", "PySide6"):
                    ref(node, None, [alias.name], f"imports {alias.name}: use qgis.PyQt")

    # the outermost attribute paths only: a.b.c, not also a.b
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in PYQT5_ONLY_METHODS:
                ref(node, None, [node.attr], f".{node.attr}() is PyQt5 only: use .exec()")
            if id(node) in inner:
                continue
            parts = attribute_path(node)
            if not parts:
                continue
            if parts[0] in names:
                module, name = names[parts[0]]
                ref(node, module, [name, *parts[1:]])
            elif parts[0] in modules:
                ref(node, modules[parts[0]], parts[1:])
    return refs


def resolve(refs: list[dict]) -> list[str]:
    """What PyQt6 lacks of ``refs``, one line each (file:line: why); empty when all is there."""
    import enum
    import importlib

    problems = []
    for r in refs:
        where = f"{r['file']}:{r['line']}"
        if r["problem"]:
            problems.append(f"{where}: {r['problem']}")
            continue
        module, parts = r["module"], r["path"]
        if module == "QtWidgets" and parts[0] in QTWIDGETS_FROM_QTGUI:
            module = "QtGui"
        try:
            value: object = importlib.import_module(f"PyQt6.{module}")
        except ImportError:
            problems.append(f"{where}: PyQt6 has no module {module}")
            continue
        for i, part in enumerate(parts):
            parent = value
            value = getattr(parent, part, None)
            if value is not None:
                continue
            dotted = ".".join([module, *parts[: i + 1]])
            scoped = [
                f"{'.'.join(parts[:i])}.{name}.{part}"
                for name, member in vars(parent).items()
                if isinstance(parent, type)
                and isinstance(member, type)
                and issubclass(member, enum.Enum)
                and part in member.__members__
            ]
            if scoped:
                problems.append(f"{where}: {dotted} is an unscoped enum: use {scoped[0]}")
            else:
                problems.append(f"{where}: PyQt6 has no {dotted}")
            break
        else:
            if isinstance(value, enum.Enum) and not (
                isinstance(parent, type) and issubclass(parent, enum.Enum)
            ):
                problems.append(f"{where}: {'.'.join(parts)} is an unscoped enum")
    return problems


if __name__ == "__main__":
    found = resolve(json.load(sys.stdin))
    sys.stdout.write("".join(line + "\n" for line in found))
    sys.exit(1 if found else 0)
