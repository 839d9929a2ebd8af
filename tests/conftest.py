"""Markers that follow from where a test lives or what it uses (the others are in the modules)."""

from __future__ import annotations

from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parent / "plugin"
# the plugin's dependency check runs in the planner tests too, without QGIS
WITHOUT_QGIS = {"test_dependencies.py"}
# fixtures that make the whole run with reports (maps, booklets, PDFs): a minute or more
SLOW_FIXTURES = {"sample_output"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of tests/plugin that run inside QGIS and those on a whole run."""
    for item in items:
        path = Path(str(item.path))
        if path.is_relative_to(PLUGIN) and path.name not in WITHOUT_QGIS:
            item.add_marker(pytest.mark.qgis)
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
