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
