"""QGIS desktop under Xvfb, plugin from the zip: panel open, sample styled, screenshot kept."""

from __future__ import annotations

import json
import os
import shutil
import subprocess  # nosec B404
import sysconfig
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.mark.skipif(
    shutil.which("xvfb-run") is None or shutil.which("qgis") is None,
    reason="needs qgis and xvfb (make test-plugin installs them)",
)
def test_desktop_screenshot_with_the_panel_and_the_styled_sample(
    plugin_zip, sample, tmp_path, artifacts
):
    root = tmp_path / "qgis"  # --profiles-path: QGIS keeps its profiles in root/profiles
    profiles = root / "profiles"
    plugins = profiles / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(plugins)
    ini = profiles / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text(
        "[PythonPlugins]\ngebiedsplanner=true\n\n[qgis]\ncheckVersion=false\n"
        "showTips322=false\nwelcomePage\\newsFeed\\enabled=false\n",
        encoding="utf-8",
    )
    from qgis.core import Qgis

    # one picture per QGIS version tested (make test keeps both in build/artifacts)
    version = ".".join(Qgis.QGIS_VERSION.split(".")[:2])
    shot = artifacts / f"qgis-desktop-gebiedsplanner-{version}.png"
    shot.unlink(missing_ok=True)
    report = tmp_path / "report.json"
    env = {
        **os.environ,
        "GP_SAMPLE": str(sample),
        "GP_SHOT": str(shot),
        "GP_REPORT": str(report),
        "QT_QPA_PLATFORM": "xcb",
        # the venv's packages (geopandas and all) for the QGIS that runs on the system Python
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
    }
    env.pop("QGIS_PREFIX_PATH", None)
    proc = subprocess.run(  # nosec B603 B607
        [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1600x1000x24",
            "qgis",
            "--profiles-path",
            str(root),
            "--profile",
            "default",
            "--nologo",
            "--noversioncheck",
            "--code",
            str(HERE / "desktop" / "startup.py"),
        ],
        env=env,
        timeout=300,
        check=False,
        capture_output=True,
        text=True,
    )
    assert report.exists(), "QGIS did not run the startup script"
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["errors"] == [], (result, proc.stderr[-3000:])
    assert result["qgis"] == Qgis.QGIS_VERSION
    assert result["window"][0] >= 1200 and result["window"][1] >= 800, result["window"]
    assert result["layers"] >= 8
    # every measure of the sample, with and without geometry, as the command line reads it
    assert result["used"] == 1392, result["status"]
    assert result["stacked_rows"] > 0 and len(result["verdicts"]) == 4, result
    assert shot.exists() and shot.stat().st_size > 50_000
    from qgis.PyQt.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() >= 1200 and image.height() >= 800
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)
    }
    assert len(colours) > 50  # a real desktop with a map, not a blank frame
