"""The shims where QGIS 3.22 and newer QGIS differ, on the QGIS that runs the tests."""

from __future__ import annotations

from pathlib import Path


def test_null_rectangle_takes_the_first_extent_combined_with_it(installed):
    from gebiedsplanner.compat import null_rectangle
    from qgis.core import QgsRectangle

    extent = null_rectangle()
    assert extent.isNull() and extent.isEmpty()
    # far from the origin: a (0, 0, 0, 0) start would stretch the extent to the origin
    extent.combineExtentWith(QgsRectangle(100_000, 480_000, 101_000, 481_000))
    assert (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()) == (
        100_000,
        480_000,
        101_000,
        481_000,
    )
    extent.combineExtentWith(QgsRectangle(99_000, 480_500, 100_500, 482_000))
    assert extent.toRectF().getCoords() == (99_000, 480_000, 101_000, 482_000)


def test_only_the_shim_calls_the_rectangle_api_deprecated_in_3_34(plugin_dir: Path):
    calls = [
        path.name
        for path in plugin_dir.rglob("*.py")
        if ".setMinimal(" in path.read_text(encoding="utf-8") and "libs" not in path.parts
    ]
    assert calls == ["compat.py"]


def qgis_paths(plugin_dir: Path) -> list[tuple[str, int, list[str]]]:
    """Every attribute path the plugin hangs on a name from qgis.core or qgis.gui."""
    import ast

    from .qt6_names import attribute_path

    found = []
    for path in sorted(plugin_dir.rglob("*.py")):
        if "libs" in path.relative_to(plugin_dir).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module in ("qgis.core", "qgis.gui")
            for alias in node.names
        }
        inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and id(node) not in inner:
                parts = attribute_path(node)
                if parts and parts[0] in names:
                    found.append((path.name, node.lineno, parts))
    return found


def is_enum_type(value) -> bool:
    import enum

    return isinstance(value, type) and (
        issubclass(value, enum.Enum) or type(value).__name__ == "enumtype"  # sip's, PyQt5
    )


def test_every_qgis_enum_the_plugin_names_is_scoped(installed, plugin_dir: Path):
    """QGIS 4 (PyQt6) has only ``QgsTask.Flag.CanCancel``, not ``QgsTask.CanCancel``."""
    import importlib

    unscoped, checked = [], 0
    for file, line, parts in qgis_paths(plugin_dir):
        module = "qgis.gui" if parts[0] in dir(importlib.import_module("qgis.gui")) else None
        value = importlib.import_module(module or "qgis.core")
        parent = None
        for part in parts:
            parent, value = value, getattr(value, part, None)
            if value is None:
                break
        if value is None or not is_enum_type(type(value)):
            continue
        checked += 1
        if not is_enum_type(parent):
            unscoped.append(f"{file}:{line}: {'.'.join(parts)}")
    assert unscoped == []
    assert checked >= 10, checked


def test_every_moved_name_resolves_to_the_newest_place(installed, plugin_dir: Path):
    """Each ``moved(new, old)`` of the plugin finds a name here, the new one where QGIS has it."""
    import ast

    import qgis.core
    from gebiedsplanner.compat import moved

    calls = []
    for path in sorted(plugin_dir.rglob("*.py")):
        if "libs" in path.relative_to(plugin_dir).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "moved":
                calls.append(tuple(arg.value for arg in node.args))
    assert len(calls) >= 10, calls
    for new, *old in calls:
        value = moved(new, *old)
        here = qgis.core
        for part in new.split("."):
            here = getattr(here, part, None)
        if here is not None:
            assert value is here, new
        assert is_enum_type(type(value)), (new, value)
