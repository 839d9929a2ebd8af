"""The zip: what the QGIS plugin repository checks at upload, and what QGIS needs to load it."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess  # nosec B404
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import plugin_gate  # noqa: E402

REQUIRED = [
    "name",
    "qgisMinimumVersion",
    "description",
    "about",
    "version",
    "author",
    "email",
    "repository",
]


def metadata(plugin_dir: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(plugin_dir / "metadata.txt", encoding="utf-8")
    return parser["general"]


def test_one_top_folder_with_init_and_metadata_side_by_side(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as archive:
        names = archive.namelist()
    assert {n.split("/")[0] for n in names} == {"gebiedsplanner"}
    for needed in (
        "__init__.py",
        "metadata.txt",
        "LICENSE",
        "icon.png",
        "libs/planner/__init__.py",
        "libs/layers/schema.toml",
        "libs/layers/regels.toml",
        "styles/stapeling.qml",
        "i18n/gebiedsplanner_en.qm",
        "qgis_plugin_tools/tools/custom_logging.py",
    ):
        assert f"gebiedsplanner/{needed}" in names, needed
    for name in names:
        assert "__pycache__" not in name and not name.endswith((".pyc", ".ts"))
        assert "/tests/" not in name and not name.split("/")[-1].startswith("test_")
    # only the modules of qgis-plugin-tools that run
    tools = sorted(n.split("/")[-1] for n in names if "/qgis_plugin_tools/tools/" in n)
    assert tools == [
        "__init__.py",
        "custom_logging.py",
        "exceptions.py",
        "i18n.py",
        "resources.py",
        "settings.py",
    ]
    assert plugin_zip.stat().st_size < 25_000_000


def test_metadata_has_what_the_repository_requires(plugin_dir):
    meta = metadata(plugin_dir)
    for key in REQUIRED:
        assert meta.get(key, "").strip(), key
    assert meta["name"] == "Gebiedsplanner"
    assert meta["qgisMinimumVersion"] == "3.22" and meta["qgisMaximumVersion"] == "4.99"
    assert meta["supportsQt6"] == "True"  # QGIS 4 loads only plugins that say so
    assert meta["hasProcessingProvider"] == "yes"
    # the web addresses come from pyproject.toml [project.urls], their one place
    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert meta["homepage"] == urls["Homepage"] and meta["repository"] == urls["Repository"]
    assert meta["tracker"] == urls["Issues"]
    root_meta = configparser.ConfigParser(interpolation=None)
    root_meta.read(REPO / "metadata.txt", encoding="utf-8")
    assert not {"tracker", "repository", "homepage"} & set(root_meta["general"])
    assert (plugin_dir / meta["icon"]).exists()
    for package in ("geopandas", "shapely", "rtree"):
        assert package in meta["about"]
    changelog = meta["changelog"]
    assert meta["version"] in changelog
    first_heading = next(
        line[3:].strip()
        for line in (REPO / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    )
    assert first_heading in changelog
    version_file = (REPO / "planner" / "_version.py").read_text(encoding="utf-8")
    assert f'__version__ = "{meta["version"]}"' in version_file


def test_the_zip_passes_the_repositorys_upload_checks(plugin_zip):
    """The site's validator and scans (bandit, detect-secrets, its flake8 codes): no problem."""
    problems, warnings = plugin_gate.check(plugin_zip)  # bandit on the folder holding the plugin
    assert problems == []
    # no public home yet: the placeholders are said, not hidden
    assert any("tracker" in w and "placeholder" in w for w in warnings), warnings


def rezip(plugin_dir: Path, target: Path, change) -> Path:
    """A copy of the unpacked plugin, changed by ``change(folder)``, zipped as the build does."""
    folder = target / "unpacked"
    shutil.copytree(plugin_dir, folder / "gebiedsplanner")
    change(folder)
    zip_path = target / "changed.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return zip_path


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda f: (f / "gebiedsplanner" / "LICENSE").unlink(), "no gebiedsplanner/LICENSE"),
        (lambda f: (f / "other").mkdir() or (f / "other" / "x.txt").write_text("x"), "top folder"),
        (lambda f: (f / "gebiedsplanner" / "main.pyc").write_bytes(b"x"), "compiled Python"),
        (lambda f: (f / "gebiedsplanner" / "lib.so").write_bytes(b"x"), "binary or script"),
        (lambda f: (f / "gebiedsplanner" / ".bandit").write_text("x"), "hidden file"),
        (
            lambda f: (f / "gebiedsplanner" / "metadata.txt").write_text(
                (f / "gebiedsplanner" / "metadata.txt")
                .read_text(encoding="utf-8")
                .replace("\ntracker=", "\nnot_tracker="),
                encoding="utf-8",
            ),
            "lacks tracker",
        ),
    ],
    ids=["license", "two-tops", "pyc", "so", "hidden", "tracker"],
)
def test_the_gate_refuses_what_the_repository_refuses(plugin_dir, tmp_path, change, expected):
    problems, _meta = plugin_gate.zip_problems(rezip(plugin_dir, tmp_path, change))
    assert any(expected in p for p in problems), problems


def test_the_scans_catch_what_the_repository_flags(tmp_path):
    """bandit and the site's flake8 codes, on a small plugin with planted faults."""
    plugin = tmp_path / "gebiedsplanner"
    plugin.mkdir()
    (plugin / "__init__.py").write_text("")
    (plugin / "bad.py").write_text("def f(x):\n    if x == None:\n        return undefined_name\n")
    (plugin / "run.py").write_text("import subprocess\n\nsubprocess.call('ls', shell=True)\n")
    text = "\n".join(plugin_gate.scan_problems(tmp_path))
    assert "bandit B602 gebiedsplanner/run.py:3" in text
    assert "gebiedsplanner/bad.py:2:10: E711" in text
    assert "gebiedsplanner/bad.py:3:16: F821" in text


def secrets_in(folder) -> dict:
    """detect-secrets' findings in a folder, as the plugin repository scans it."""
    out = subprocess.run(  # nosec B603
        [sys.executable, "-m", "detect_secrets", "scan", "--all-files", "."],
        capture_output=True,
        text=True,
        cwd=folder,
        check=True,
    )
    return json.loads(out.stdout)["results"]


def test_the_scan_would_catch_a_secret(plugin_dir, tmp_path):
    """The scan above is not blind: a planted key in a copy is found."""
    import shutil

    copy = tmp_path / "gebiedsplanner"
    shutil.copytree(plugin_dir, copy)
    (copy / "settings_local.py").write_text(
        'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n'
    )
    assert "settings_local.py" in secrets_in(copy)


def test_plugin_loads_from_the_zip_and_its_provider_appears(installed, plugin_dir):
    """The unpacked zip, started with qgis.utils, registers the provider and runs its planner."""
    import qgis.utils
    from qgis.core import QgsApplication

    import planner

    assert qgis.utils.plugins["gebiedsplanner"] is installed and installed.ready
    assert QgsApplication.processingRegistry().providerById("gebiedsplanner") is not None
    assert Path(planner.__file__).resolve().is_relative_to(plugin_dir.resolve())
    assert (
        Path(sys.modules["gebiedsplanner"].__file__).resolve().is_relative_to(plugin_dir.resolve())
    )


def test_missing_packages_keep_the_plugin_loaded_without_tools(installed, qgis_iface, monkeypatch):
    import gebiedsplanner.main as main

    monkeypatch.setattr(main, "missing_packages", lambda: ["geopandas"])
    qgis_iface.messageBar().clear_messages()
    plugin = main.GebiedsplannerPlugin(qgis_iface)
    plugin.initGui()
    assert not plugin.ready and plugin.provider is None and plugin.action is None
    warnings = qgis_iface.messageBar().get_messages(1)
    assert any("geopandas" in m and "Installeer" in m for m in warnings), warnings
    plugin.unload()


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "Find overlaps"), ("nl", "Overlappingen vinden")]
)
def test_interface_speaks_dutch_and_english(installed, locale, expected):
    import gebiedsplanner.translate as translate
    from qgis.core import QgsApplication, QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication

    translate.remove_translators()
    QgsSettings().setValue("locale/userLocale", locale)
    try:
        path = translate.install_translator()
        assert (path is not None) == (locale == "en")
        alg = QgsApplication.processingRegistry().algorithmById("gebiedsplanner:overlappingen")
        assert alg.displayName() == expected
        assert QCoreApplication.translate("Gebiedsplanner", "Overlappingen vinden") == expected
    finally:
        translate.remove_translators()
        QgsSettings().remove("locale/userLocale")


def test_every_interface_text_has_an_english_translation():
    out = subprocess.run(  # nosec B603
        [sys.executable, str(REPO / "scripts" / "translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr


def test_shipped_styles_load_in_qgis(installed, plugin_dir, sample):
    import gebiedsplanner.styles as styles
    from qgis.core import QgsVectorLayer

    assert styles.styles_dir() == plugin_dir / "styles"
    layer = QgsVectorLayer(
        f"{sample / 'voorbeeldprogramma.gpkg'}|layername=corporaties", "c", "ogr"
    )
    assert styles.apply_style(layer, "maatregelen")
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "domein"
    assert len(renderer.categories()) == 4
    from planner.report.palette import DOMAIN_COLOURS

    colours = {c.value(): c.symbol().color().name() for c in renderer.categories()}
    assert colours == {k: v.lower() for k, v in DOMAIN_COLOURS.items()}
