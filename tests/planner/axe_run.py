"""axe-core (the npm package in tests/planner/axe) run on a page in headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def axe_source() -> str:
    """axe.min.js, installed with npm from tests/planner/axe/package-lock.json when missing."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is missing: apt install npm (scripts/setup.sh core-test)")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR)],
            check=True,
            capture_output=True,
        )
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(driver, page: Path) -> list[dict]:
    """Open ``page`` (a file) and return axe-core's violations (all rules axe runs by default)."""
    driver.get(page.resolve().as_uri())
    driver.execute_script(axe_source())
    driver.set_script_timeout(120)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', help: String(e)}]));"
    )
    return list(result)
