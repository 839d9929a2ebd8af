"""Keep the plugin's Qt translation file in step with the code.

The interface's source language is Dutch; ``plugin/i18n/gebiedsplanner_en.ts`` holds English.

- ``python scripts/translations.py`` adds the ``tr("...")`` strings found in ``plugin/`` to the
  .ts file (new ones unfinished), keeps existing translations and marks vanished ones obsolete.
- ``python scripts/translations.py --check`` fails when a string has no finished translation.

The .ts file is plain Qt Linguist XML: translators can use Linguist or any editor.
"""

from __future__ import annotations

import argparse
import ast
import sys
import xml.etree.ElementTree as ET  # nosec B405 - parses our own committed .ts file
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "plugin" / "i18n" / "gebiedsplanner_en.ts"
CONTEXT = "Gebiedsplanner"


def source_strings(folder: Path = ROOT / "plugin") -> list[str]:
    """Every literal first argument of a call to ``tr`` or ``self.tr`` under ``folder``."""
    found: list[str] = []
    for path in sorted(folder.rglob("*.py")):
        if "qgis_plugin_tools" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if name == "tr" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                if first.value not in found:
                    found.append(first.value)
    return found


def read_ts(path: Path = TS) -> dict[str, tuple[str, bool]]:
    """Source -> (translation, finished) from a .ts file."""
    if not path.exists():
        return {}
    root = ET.parse(path).getroot()  # nosec B314 - our own committed file
    out = {}
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        trans = message.find("translation")
        text = (trans.text or "") if trans is not None else ""
        kind = trans.get("type") if trans is not None else "unfinished"
        out[source] = (text, kind is None)
    return out


def write_ts(strings: list[str], known: dict[str, tuple[str, bool]], path: Path = TS) -> None:
    """Write the .ts file: current strings first, vanished ones kept as obsolete."""
    root = ET.Element("TS", version="2.1", language="en", sourcelanguage="nl")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source in strings + [s for s in known if s not in strings]:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        text, finished = known.get(source, ("", False))
        trans = ET.SubElement(message, "translation")
        trans.text = text
        if source not in strings:
            trans.set("type", "obsolete")
        elif not finished or not text:
            trans.set("type", "unfinished")
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def missing(strings: list[str], known: dict[str, tuple[str, bool]]) -> list[str]:
    """The strings without a finished translation."""
    return [s for s in strings if not known.get(s, ("", False))[1] or not known[s][0]]


def main(argv: list[str] | None = None) -> int:
    """Update the .ts file, or with --check report untranslated strings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on untranslated strings")
    args = parser.parse_args(argv)
    strings, known = source_strings(), read_ts()
    if args.check:
        gaps = missing(strings, known)
        for text in gaps:
            sys.stderr.write(f"zonder Engelse vertaling: {text!r}\n")
        return 1 if gaps else 0
    write_ts(strings, known)
    sys.stdout.write(
        f"{TS.relative_to(ROOT)}: {len(strings)} teksten, "
        f"{len(missing(strings, known))} zonder vertaling\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
