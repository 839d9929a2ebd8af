"""The plugin's dependency check, without QGIS."""

import sys

import pytest

from plugin.dependencies import install_hint, missing_packages


def test_nothing_missing_here():
    assert missing_packages() == []


def test_a_missing_package_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "geopandas", None)  # import fails
    assert missing_packages() == ["geopandas"]


@pytest.mark.parametrize(
    ("system", "fragment"),
    [
        ("Windows", "OSGeo4W Shell"),
        ("Darwin", "QGIS.app"),
        ("Linux", "apt install python3-geopandas"),
    ],
)
def test_install_hint_per_platform(system, fragment):
    text = install_hint(["geopandas", "shapely 2.x"], system)
    assert fragment in text and "geopandas, shapely 2.x" in text and "opnieuw" in text


def test_plugin_code_is_ready_for_qt6():
    """Only qgis.PyQt imports, and Qt's enums by their scoped names (Qt6 has no others)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "plugin"
    unscoped = re.compile(r"\bQt\.[A-Z][A-Za-z]+\b(?!\.)")
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) PyQt[56]", text, re.M), path
        assert not unscoped.findall(text), (path, unscoped.findall(text))
