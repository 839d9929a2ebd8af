"""What plugins.qgis.org checks when a plugin zip is uploaded, run here on the built zip.

Two kinds of finding. A *problem* makes the site refuse the upload (or, for bandit and
detect-secrets, block the version): ``make plugin-zip`` stops on one. A *warning* is something
the site shows or needs before publishing that cannot be settled here: the addresses in
``tracker``, ``repository`` and ``homepage`` must be real, reachable pages (the site asks each
one); until the project has a public home they are placeholders, and the build says so.

The site's checks, as its validator and security scanner run them: the size (at most 25 MB),
no path tricks, no ``.pyc`` and no ``__pycache__``, ``.git`` or ``__MACOSX`` folders, one top
folder that is a Python name with ``__init__.py``, ``metadata.txt`` and ``LICENSE`` in it, the
required metadata, no hidden files, no binaries or scripts (``.so``, ``.dll``, ``.exe``,
``.sh``, ...), no executable ``.py`` files; bandit and detect-secrets on the unpacked zip (the
site runs bandit on the folder that holds the top folder, so a ``.bandit`` file inside the
plugin is not read there); and flake8 with the codes the site enables (``FLAKE8_CODES``).
"""

from __future__ import annotations

import configparser
import json
import re
import subprocess  # nosec B404 - runs bandit, detect-secrets and flake8 on our own files
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlparse

MAX_BYTES = 25_000_000  # PLUGIN_MAX_UPLOAD_SIZE of the site: 25 MB, not MiB
REQUIRED = (
    "name",
    "description",
    "version",
    "qgisMinimumVersion",
    "author",
    "email",
    "about",
    "tracker",
    "repository",
)
URL_KEYS = ("tracker", "repository", "homepage")
FORBIDDEN_DIRS = ("__MACOSX", ".git", "__pycache__")
SUSPICIOUS = (".exe", ".dll", ".so", ".dylib", ".bat", ".sh", ".ps1", ".cmd")
# The flake8 codes the site's scanner enables (its flake8_rules.json: "enabled": true). The
# site passes no --max-complexity, so C901 never fires there; it is listed as the site lists it.
FLAKE8_CODES = (
    "C901 E101 E711 E712 E713 E714 E721 E722 E731 E741 E742 E743 E901 E902 E999 "
    "F402 F403 F404 F405 F811 F821 F822 F823 F831 F901 W605"
).split()
# Hosts that are no one's home: placeholders until the project has a public address.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost")


def is_placeholder(value: str) -> bool:
    """True for an address or e-mail at a placeholder host (``example.org`` and the like).

    Examples
    --------
    >>> is_placeholder("https://example.org/gebiedsplanner")
    True
    >>> is_placeholder("gebiedsplanner@example.org")
    True
    >>> is_placeholder("https://codeberg.org/gemeente/gebiedsplanner")
    False
    """
    host = value.rsplit("@", 1)[-1] if "://" not in value else urlparse(value).hostname or ""
    host = host.lower()
    return any(host == p or host.endswith("." + p) for p in PLACEHOLDER_HOSTS)


def zip_problems(zip_path: Path) -> tuple[list[str], configparser.SectionProxy | None]:
    """The site's validator on the zip itself: what would refuse it, and its metadata."""
    problems: list[str] = []
    size = zip_path.stat().st_size
    if size > MAX_BYTES:
        problems.append(f"{zip_path.name} is {size} bytes: the site takes at most {MAX_BYTES}")
    try:
        archive = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile:
        return [f"{zip_path.name} is not a zip file"], None
    with archive:
        names = archive.namelist()
        if archive.testzip() is not None:
            problems.append(f"bad zip entry: {archive.testzip()}")
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        for name in names:
            parts = name.split("/")
            if ".." in name or name.startswith("/"):
                problems.append(f"path information in the zip: {name}")
            if ".pyc" in name:
                problems.append(f"compiled Python file: {name}")
            problems += [f"forbidden folder {d}: {name}" for d in FORBIDDEN_DIRS if d in parts]
            base = parts[-1]
            if base.startswith(".") and base not in (".gitignore", ".gitattributes"):
                problems.append(f"hidden file: {name}")
            if name.lower().endswith(SUSPICIOUS):
                problems.append(f"binary or script file: {name}")
            if name.endswith(".py") and modes[name] & 0o111:
                problems.append(f"executable Python file: {name}")
        tops = sorted({n.split("/")[0] for n in names})
        if len(tops) != 1:
            problems.append(f"more than one top folder: {', '.join(tops)}")
            return problems, None
        top = tops[0]
        if not top.isidentifier() or not re.match(r"^[A-Za-z][A-Za-z0-9-_]+$", top):
            problems.append(f"top folder {top!r} is not a Python name")
        for needed in ("__init__.py", "metadata.txt", "LICENSE"):
            if f"{top}/{needed}" not in names:
                problems.append(f"no {top}/{needed} in the zip")
        if f"{top}/metadata.txt" not in names:
            return problems, None
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        try:
            parser.read_string(archive.read(f"{top}/metadata.txt").decode("utf-8"))
        except (configparser.Error, UnicodeDecodeError) as exc:
            return [*problems, f"metadata.txt cannot be read: {exc}"], None
    if not parser.has_section("general"):
        return [*problems, "metadata.txt has no [general] section"], None
    meta = parser["general"]
    problems += [f"metadata.txt lacks {key}" for key in REQUIRED if not meta.get(key, "").strip()]
    for key in URL_KEYS:
        url = urlparse(meta.get(key, ""))
        if key in meta and not (url.scheme and url.netloc):
            problems.append(f"metadata.txt {key} is not a web address: {meta[key]!r}")
    if "/" in meta.get("author", ""):
        problems.append("metadata.txt author contains a slash")
    icon = meta.get("icon", "").removeprefix("./")
    if icon and f"{top}/{icon}" not in names:
        problems.append(f"metadata.txt icon {icon} is not in the zip")
    return problems, meta


def publish_warnings(meta: configparser.SectionProxy) -> list[str]:
    """What the site needs before publishing that the zip cannot have yet: real addresses."""
    warnings = [
        f"{key} is a placeholder ({meta[key]}): the site asks that page and refuses the upload "
        "when it cannot reach it; set the real address in pyproject.toml [project.urls]"
        for key in URL_KEYS
        if key in meta and is_placeholder(meta[key])
    ]
    if is_placeholder(meta.get("email", "")):
        warnings.append(
            f"email is a placeholder ({meta['email']}): set a real address in metadata.txt"
        )
    return warnings


def scan_problems(unpacked: Path, python: str = sys.executable) -> list[str]:
    """bandit, detect-secrets and flake8 as the site runs them, on the folder with the plugin."""
    problems = []
    bandit = subprocess.run(  # nosec B603 - fixed arguments, no shell
        [python, "-m", "bandit", "-r", str(unpacked), "-f", "json", "--quiet"],
        capture_output=True,
        text=True,
    )
    report = json.loads(bandit.stdout or "{}")
    if "results" not in report:
        problems.append(f"bandit did not run: {bandit.stderr.strip()[-500:]}")
    for r in report.get("results", []):
        where = Path(r["filename"]).relative_to(unpacked)
        problems.append(f"bandit {r['test_id']} {where}:{r['line_number']}: {r['issue_text']}")
    secrets = subprocess.run(  # nosec B603
        [
            python,
            "-m",
            "detect_secrets",
            "scan",
            "--all-files",
            "--exclude-files",
            r"metadata\.txt",
            ".",
        ],
        capture_output=True,
        text=True,
        cwd=unpacked,
    )
    if secrets.returncode != 0:
        problems.append(f"detect-secrets did not run: {secrets.stderr.strip()[-500:]}")
    else:
        for file, found in json.loads(secrets.stdout)["results"].items():
            problems += [f"detect-secrets {s['type']} {file}:{s['line_number']}" for s in found]
    python_files = sorted(str(p) for p in unpacked.rglob("*.py"))
    flake8 = subprocess.run(  # nosec B603
        [python, "-m", "flake8", "--max-line-length=120", "--select", ",".join(FLAKE8_CODES)]
        + python_files,
        capture_output=True,
        text=True,
    )
    if flake8.returncode not in (0, 1) or (flake8.returncode == 1 and not flake8.stdout):
        problems.append(f"flake8 did not run: {flake8.stderr.strip()[-500:]}")
    problems += [
        f"flake8 {line.replace(str(unpacked) + '/', '')}" for line in flake8.stdout.splitlines()
    ]
    return problems


def check(zip_path: Path, python: str = sys.executable) -> tuple[list[str], list[str]]:
    """All of the site's checks on a zip: (problems, warnings)."""
    problems, meta = zip_problems(zip_path)
    warnings = publish_warnings(meta) if meta is not None else []
    with tempfile.TemporaryDirectory(prefix="plugin-gate-") as tmp:
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(tmp)
        problems += scan_problems(Path(tmp), python)
    return problems, warnings


def flake8(paths: list[str], python: str = sys.executable) -> int:
    """flake8 with the site's codes on source folders (``make lint``); its exit code."""
    return subprocess.run(  # nosec B603
        [python, "-m", "flake8", "--max-line-length=120", "--select", ",".join(FLAKE8_CODES)]
        + paths,
        check=False,
    ).returncode


def main(argv: list[str] | None = None) -> int:
    """Command line: ``plugin_gate.py PLUGIN.zip`` or ``plugin_gate.py --flake8 DIR...``."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--flake8"] and len(args) > 1:
        return flake8(args[1:])
    if len(args) != 1:
        sys.stderr.write("usage: plugin_gate.py PLUGIN.zip | --flake8 DIR...\n")
        return 2
    problems, warnings = check(Path(args[0]))
    for line in warnings:
        sys.stderr.write(f"warning: {line}\n")
    for line in problems:
        sys.stderr.write(f"problem: {line}\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
