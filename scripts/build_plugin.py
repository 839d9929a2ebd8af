"""Build the QGIS plugin: ``build/plugin/gebiedsplanner/`` and ``dist/gebiedsplanner.zip``.

Run: ``make plugin-zip`` (or ``python scripts/build_plugin.py [--out DIST]``).

The zip has one top folder ``gebiedsplanner/`` with ``__init__.py`` and ``metadata.txt`` side by
side (the changelog filled from CHANGELOG.md), LICENSE, the icon, the plugin code, the used
modules of qgis-plugin-tools 1.1.x, the planner library and its layer definitions in ``libs/``,
the styles and the compiled translations. No tests, no caches.
"""

from __future__ import annotations

import argparse
import configparser
import re
import shutil
import subprocess  # nosec B404 - runs lrelease, a fixed local tool
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "gebiedsplanner"
# The modules of qgis-plugin-tools the plugin uses, with what they import themselves.
PLUGIN_TOOLS = [
    "__init__.py",
    "LICENSE",
    "tools/__init__.py",
    "tools/custom_logging.py",
    "tools/exceptions.py",
    "tools/i18n.py",
    "tools/resources.py",
    "tools/settings.py",
]
LAYERS = [
    "schema.toml",
    "regels.toml",
    "README.md",
    "voorbeeldprogramma.gpkg",
    "haarlem_wijken_2024.gpkg",
    "haarlem_kerncijfers_2024.csv",
]
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".*")
MAX_ZIP_BYTES = 25 * 1024 * 1024  # the plugin repository's upload limit
# The plugin repository runs bandit on the unpacked zip. Its two findings are in the bundled
# qgis-plugin-tools, and both are false positives; our own code is scanned without skips by
# `make lint`, so these skips live only in the built plugin.
BANDIT_INI = """\
# bandit settings for the built plugin (read by `bandit -r gebiedsplanner`).
# False positives, all in the bundled qgis-plugin-tools 1.1.1:
# B101 assert_used: qgis_plugin_tools/tools/resources.py:143 asserts that a directory found
#      by its own plugin lookup is set; the code after it never depends on the assert.
# B110 try_except_pass: qgis_plugin_tools/tools/custom_logging.py:194 ignores a failure to
#      show a message in the QGIS message bar, so logging itself never fails.
# Gebiedsplanner's own code (plugin and planner) has no skips: see `make lint`.
[bandit]
skips = B101,B110
"""


def changelog_text(markdown: str) -> str:
    """CHANGELOG.md (Keep a Changelog) as metadata.txt's changelog: release notes per version.

    The text before the first release is left out, each entry becomes one line and Markdown's
    backticks go: QGIS's plugin manager shows the notes as plain text.

    Examples
    --------
    >>> print(changelog_text(
    ...     "# Changelog\\n\\nAbout this file.\\n\\n## [0.2.0] - 2027-01-10\\n### Added\\n"
    ...     "- A `check` command that\\n  lists every problem.\\n### Fixed\\n- Exit code 130.\\n"
    ... ))
    [0.2.0] - 2027-01-10
        Added:
        - A check command that lists every problem.
        Fixed:
        - Exit code 130.
    """
    lines: list[str] = []
    entry: list[str] = []

    def finish_entry() -> None:
        if entry:
            lines.append("    - " + " ".join(entry).replace("`", ""))
            entry.clear()

    in_release = False
    for line in markdown.splitlines():
        text = line.strip()
        if line.startswith("## "):
            finish_entry()
            in_release = True
            lines.append(line[3:].strip())
        elif not in_release or not text:
            continue
        elif line.startswith("### "):
            finish_entry()
            lines.append(f"    {line[4:].strip()}:")
        elif text.startswith("- "):
            finish_entry()
            entry.append(text[2:])
        elif entry:
            entry.append(text)
        else:
            lines.append("    " + text.replace("`", ""))
    finish_entry()
    return "\n".join(lines)


def metadata(changelog: str) -> str:
    """metadata.txt with the changelog filled in; checks the version equals planner's."""
    text = (ROOT / "metadata.txt").read_text(encoding="utf-8")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    sys.path.insert(0, str(ROOT))
    from planner._version import __version__

    if parser["general"]["version"] != __version__:
        raise SystemExit(
            f"metadata.txt version {parser['general']['version']} != planner {__version__}"
        )
    text = re.sub(r"(?ms)^changelog=.*?(?=^\w+=|\Z)", "", text).rstrip("\n")
    indented = "\n".join("    " + line if line else line for line in changelog.splitlines())
    return f"{text}\nchangelog=\n{indented}\n"


def plugin_tools_dir() -> Path:
    """The installed qgis_plugin_tools package (pinned to 1.1.x in pyproject)."""
    import qgis_plugin_tools

    return Path(qgis_plugin_tools.__file__).resolve().parent


def compile_translations(target: Path) -> list[Path]:
    """Compile ``plugin/i18n/*.ts`` into ``target/i18n/*.qm`` with Qt's lrelease."""
    out = target / "i18n"
    out.mkdir(parents=True, exist_ok=True)
    lrelease = shutil.which("lrelease")
    if lrelease is None:
        raise SystemExit("lrelease ontbreekt: installeer qttools5-dev-tools (make setup-plugin).")
    made = []
    for ts in sorted((ROOT / "plugin" / "i18n").glob("*.ts")):
        qm = out / (ts.stem + ".qm")
        subprocess.run(  # nosec B603 - fixed arguments, no shell
            [lrelease, "-silent", str(ts), "-qm", str(qm)], check=True
        )
        made.append(qm)
    return made


def build(dist: Path) -> Path:
    """Build the plugin folder and the zip; return the zip's path."""
    build_dir = ROOT / "build" / "plugin"
    target = build_dir / NAME
    shutil.rmtree(build_dir, ignore_errors=True)
    shutil.copytree(
        ROOT / "plugin", target, ignore=shutil.ignore_patterns("__pycache__", "i18n", "*.pyc")
    )
    changelog = changelog_text((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    (target / "metadata.txt").write_text(metadata(changelog), encoding="utf-8")
    shutil.copy2(ROOT / "LICENSE", target / "LICENSE")
    shutil.copytree(
        ROOT / "styles",
        target / "styles",
        ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"),
    )
    tools = plugin_tools_dir()
    for rel in PLUGIN_TOOLS:
        src = tools / rel
        if not src.exists() and rel == "LICENSE":
            continue
        (target / "qgis_plugin_tools" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target / "qgis_plugin_tools" / rel)
    (target / ".bandit").write_text(BANDIT_INI, encoding="utf-8")
    libs = target / "libs"
    shutil.copytree(ROOT / "planner", libs / "planner", ignore=SKIP)
    (libs / "layers").mkdir(parents=True)
    for name in LAYERS:
        shutil.copy2(ROOT / "layers" / name, libs / "layers" / name)
    compile_translations(target)

    dist.mkdir(parents=True, exist_ok=True)
    zip_path = dist / f"{NAME}.zip"
    tmp = zip_path.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(build_dir.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(build_dir).as_posix())
    tmp.replace(zip_path)
    size = zip_path.stat().st_size
    if size > MAX_ZIP_BYTES:
        raise SystemExit(f"{zip_path} is {size} bytes: more than the repository's 25 MB")
    return zip_path


def main(argv: list[str] | None = None) -> int:
    """Command line: build and say where the zip is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the zip")
    args = parser.parse_args(argv)
    zip_path = build(args.out)
    sys.stdout.write(f"{zip_path} ({zip_path.stat().st_size // 1024} kB)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
