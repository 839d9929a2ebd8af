"""Which Python packages the plugin needs, and how to install them (no QGIS imports here)."""

from __future__ import annotations

import importlib
import platform

__all__ = ["missing_packages", "install_hint"]

REQUIRED = {"geopandas": None, "shapely": 2}


def missing_packages() -> list[str]:
    """The required packages that cannot be imported (or are too old), by name."""
    missing = []
    for name, major in REQUIRED.items():
        try:
            module = importlib.import_module(name)
        except ImportError:
            missing.append(name)
            continue
        if major is not None and int(str(module.__version__).split(".")[0]) < major:
            missing.append(f"{name} {major}.x")
    return missing


def install_hint(missing: list[str], system: str | None = None) -> str:
    """A Dutch sentence telling the user how to install ``missing`` on their platform.

    Examples
    --------
    >>> install_hint(["geopandas"], "Linux")
    'Gebiedsplanner mist geopandas. Installeer met: sudo apt install python3-geopandas (Debian/Ubuntu) of python3 -m pip install --user geopandas shapely; start QGIS daarna opnieuw.'
    """  # noqa: E501
    system = system or platform.system()
    names = ", ".join(missing)
    if system == "Windows":
        how = (
            "open de OSGeo4W Shell (bij QGIS geïnstalleerd) en voer uit: "
            "python -m pip install geopandas shapely"
        )
    elif system == "Darwin":
        how = "/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install geopandas shapely"
    else:
        how = (
            "sudo apt install python3-geopandas (Debian/Ubuntu) of "
            "python3 -m pip install --user geopandas shapely"
        )
    return f"Gebiedsplanner mist {names}. Installeer met: {how}; start QGIS daarna opnieuw."
