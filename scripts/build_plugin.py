"""Build the QGIS plugin: ``build/plugin/gebiedsplanner/`` and ``dist/gebiedsplanner.zip``.

Run: ``make plugin-zip`` (or ``python scripts/build_plugin.py [--out DIST]``).

The zip has one top folder ``gebiedsplanner/`` with ``__init__.py`` and ``metadata.txt`` side by
side (the changelog filled from CHANGELOG.md, the web addresses from pyproject.toml's
``[project.urls]``: their one place), LICENSE, the icon, the plugin code, the used
modules of qgis-plugin-tools 1.1.x, the planner library and its layer definitions in ``libs/``,
the styles and the compiled translations. No tests, no caches, no hidden files. The zip is then
held to what plugins.qgis.org checks at upload (scripts/plugin_gate.py): a problem stops the
build; placeholder addresses (no public home yet) are a warning.
"""

from __future__ import annotations

import argparse
import configparser
import re
import shutil
import subprocess  # nosec B404 - runs lrelease, a fixed local tool
import sys
import tomllib
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
# metadata.txt keys filled from pyproject.toml [project.urls]
URL_KEYS = {"homepage": "Homepage", "repository": "Repository", "tracker": "Issues"}
# The plugin repository runs bandit on the unpacked zip, on the folder that holds the plugin, so
# a .bandit file inside the plugin is not read there (and hidden files are flagged). bandit's
# two findings are in the bundled qgis-plugin-tools 1.1.1, and both are false positives: they
# are marked where they are, in the copy only (comments; the code is the same). Our own code
# has no such marks for these two: see `make lint`.
NOSEC = {
    # asserts that a directory found by its own plugin lookup is set; the code after it never
    # depends on the assert
    "tools/resources.py": (
        "assert is_plugin.plugin_directory\n",
        "assert is_plugin.plugin_directory  # nosec B101 - a check, not a guard\n",
    ),
    # ignores a failure to show a message in the QGIS message bar, so logging never fails
    "tools/custom_logging.py": (
        "        except Exception:\n            pass\n",
        "        except Exception:  # nosec B110 - logging must not fail\n            pass\n",
    ),
}


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


def project_urls() -> dict[str, str]:
    """metadata.txt's web addresses from pyproject.toml ``[project.urls]``, their one place."""
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    return {key: urls[name] for key, name in URL_KEYS.items()}


def metadata(changelog: str) -> str:
    """metadata.txt with the changelog and web addresses filled in; version equals planner's."""
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
    for key in URL_KEYS:
        if key in parser["general"]:
            raise SystemExit(f"metadata.txt sets {key}: it comes from [project.urls]")
    urls = "".join(f"{key}={url}\n" for key, url in project_urls().items())
    return f"{text}\n{urls}changelog=\n{indented}\n"


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
        copy = target / "qgis_plugin_tools" / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, copy)
        if rel in NOSEC:
            old, new = NOSEC[rel]
            code = copy.read_text(encoding="utf-8")
            if code.count(old) != 1:
                raise SystemExit(f"qgis_plugin_tools/{rel} changed: mark its bandit finding anew")
            copy.write_text(code.replace(old, new), encoding="utf-8")
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
                info = zipfile.ZipInfo.from_file(path, path.relative_to(build_dir).as_posix())
                info.external_attr = 0o644 << 16  # plain files: nothing executable
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    tmp.replace(zip_path)
    return zip_path


def gate(zip_path: Path) -> list[str]:
    """The plugin repository's checks of the zip itself; stops on a problem, returns warnings."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from plugin_gate import publish_warnings, zip_problems

    problems, meta = zip_problems(zip_path)
    if problems or meta is None:
        raise SystemExit(
            f"{zip_path} would be refused by the plugin repository:\n  " + "\n  ".join(problems)
        )
    return publish_warnings(meta)


def main(argv: list[str] | None = None) -> int:
    """Command line: build and say where the zip is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the zip")
    args = parser.parse_args(argv)
    zip_path = build(args.out)
    for warning in gate(zip_path):
        sys.stderr.write(f"waarschuwing / warning: {warning}\n")
    sys.stdout.write(f"{zip_path} ({zip_path.stat().st_size // 1024} kB)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
