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
