"""axe-core (the npm package in tests/axe, installed by scripts/setup.sh) run in a real browser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

AXE_DIR = Path(__file__).resolve().parents[1] / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def axe_source() -> str:
    """The axe-core script; installed from tests/axe/package-lock.json when it is missing."""
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("axe-core is missing, and npm too: run scripts/setup.sh test")
        subprocess.run(
            [npm, "ci", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "--silent"],
            check=True,
            timeout=300,
        )
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(driver) -> list[dict]:
    """Every axe-core violation (any impact) on the page open in ``driver``, WCAG 2.x A and AA
    and axe's best practices, as ``{"id", "impact", "nodes": [target, ...]}``."""
    driver.execute_script(axe_source())
    driver.set_script_timeout(60)
    found = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations.map(function (v) {"
        "  return {id: v.id, impact: v.impact, help: v.help,"
        "          nodes: v.nodes.map(function (n) { return n.target.join(' ') + ' :: ' +"
        "                 n.failureSummary; })}; })); })"
        ".catch(function (e) {"
        "  done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]); });"
    )
    return list(found)
