"""Plugin tests run against the built zip, unpacked into an empty QGIS profile folder.

The zip is what users install, so the tests load that, not the working tree: the bundled
planner library comes first on ``sys.path``. These tests need Debian's QGIS (python3-qgis) and
pytest-qgis; ``make test-plugin`` sets both up and runs them headless (offscreen Qt).
"""

from __future__ import annotations

import shutil
import subprocess  # nosec B404
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "build" / "artifacts"


@pytest.fixture(scope="session")
def plugin_zip(tmp_path_factory) -> Path:
    """Build gebiedsplanner.zip into a temporary folder with `make plugin-zip`'s script."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(  # nosec B603
        [sys.executable, str(REPO / "scripts" / "build_plugin.py"), "--out", str(dist)],
        check=True,
        cwd=REPO,
    )
    return dist / "gebiedsplanner.zip"


@pytest.fixture(scope="session")
def profile(tmp_path_factory, plugin_zip) -> Path:
    """An empty QGIS profile folder with the zip unpacked into python/plugins."""
    root = tmp_path_factory.mktemp("profile")
    plugins = root / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(plugins)
    return root


@pytest.fixture(scope="session")
def plugin_dir(profile) -> Path:
    """The installed plugin folder."""
    return profile / "python" / "plugins" / "gebiedsplanner"


@pytest.fixture(scope="session")
def installed(plugin_dir, qgis_app, qgis_iface, qgis_processing):
    """The plugin loaded and started with qgis.utils from the unpacked zip."""
    import qgis.utils

    # The planner the zip carries must be the one that runs, not the working tree's.
    for name in [m for m in sys.modules if m == "planner" or m.startswith("planner.")]:
        del sys.modules[name]
    plugins = str(plugin_dir.parent)
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    qgis.utils.plugin_paths = [plugins]
    qgis.utils.iface = qgis_iface
    qgis.utils.updateAvailablePlugins()
    assert "gebiedsplanner" in qgis.utils.available_plugins
    assert qgis.utils.loadPlugin("gebiedsplanner")
    assert qgis.utils.startPlugin("gebiedsplanner")
    plugin = qgis.utils.plugins["gebiedsplanner"]
    yield plugin
    qgis.utils.unloadPlugin("gebiedsplanner")


@pytest.fixture
def sample(tmp_path) -> Path:
    """The shipped sample programme, copied (inputs are never changed)."""
    for name in ("voorbeeldprogramma.gpkg", "haarlem_wijken_2024.gpkg"):
        shutil.copy2(REPO / "layers" / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def artifacts() -> Path:
    """Where pictures for people to look at go (kept after the run)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def collect_qgis_objects():
    """Free each test's QGIS objects while QGIS still runs.

    A layer that outlives QGIS is deleted at interpreter exit, after GDAL is shut down: a crash
    in the OGR provider. Cycles and SIP's last printed traceback are cleared here; the
    parameters of an algorithm that raised are kept by QGIS 3.22 itself, so tests that expect
    an error pass layers by their source, not as objects.
    """
    import gc

    yield
    sys.last_type = sys.last_value = sys.last_traceback = None
    gc.collect()


@pytest.fixture
def layer_tree_view(qgis_iface, monkeypatch):
    """A real layer tree view on the test's interface (pytest-qgis has none).

    QGIS 3.40 and newer add Processing results to the project through the desktop's view.
    """
    from qgis.core import QgsLayerTreeModel, QgsProject
    from qgis.gui import QgsLayerTreeView

    view = QgsLayerTreeView()
    view.setModel(QgsLayerTreeModel(QgsProject.instance().layerTreeRoot()))
    monkeypatch.setattr(qgis_iface, "layerTreeView", lambda: view, raising=False)
    return view
