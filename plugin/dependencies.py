"""Which Python packages the plugin needs, and how to install them (no QGIS imports here)."""

from __future__ import annotations

import importlib
import platform

__all__ = ["missing_packages", "install_hint", "proj_conflict"]

REQUIRED = {"geopandas": None, "shapely": 2, "rtree": None}


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
    'Gebiedsplanner mist geopandas. Installeer met: sudo apt install python3-geopandas python3-rtree (Debian/Ubuntu) of python3 -m pip install --user geopandas shapely rtree; start QGIS daarna opnieuw.'
    """  # noqa: E501
    system = system or platform.system()
    names = ", ".join(missing)
    if system == "Windows":
        how = (
            "open de OSGeo4W Shell (bij QGIS geïnstalleerd) en voer uit: "
            "python -m pip install geopandas shapely rtree"
        )
    elif system == "Darwin":
        how = (
            "/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install "
            "geopandas shapely rtree"
        )
    else:
        how = (
            "sudo apt install python3-geopandas python3-rtree (Debian/Ubuntu) of "
            "python3 -m pip install --user geopandas shapely rtree"
        )
    return f"Gebiedsplanner mist {names}. Installeer met: {how}; start QGIS daarna opnieuw."


def proj_conflict(pyproj_proj: str, qgis_proj: str) -> str | None:
    """A Dutch warning when pyproj brings another PROJ than QGIS's own (else None).

    Two PROJ libraries in one process (a pip wheel of pyproj inside a Linux QGIS) can crash
    QGIS as soon as a background task uses coordinate systems.

    Examples
    --------
    >>> proj_conflict("9.1.1", "9.1.1") is None
    True
    >>> proj_conflict("9.5.1", "9.1.1")[:46]
    'pyproj gebruikt PROJ 9.5.1, QGIS gebruikt 9.1.'
    """
    if pyproj_proj.split(".")[:2] == qgis_proj.split(".")[:2]:
        return None
    return (
        f"pyproj gebruikt PROJ {pyproj_proj}, QGIS gebruikt {qgis_proj}. Twee PROJ-versies "
        "naast elkaar kunnen QGIS laten vastlopen. Installeer pyproj op de PROJ van QGIS: "
        "python3 -m pip install --user --no-binary pyproj pyproj (met de PROJ-ontwikkelbestanden, "
        "bijv. sudo apt install libproj-dev)."
    )
