"""axe-core (the npm package in tests/axe, installed by scripts/setup.sh) run in a real browser."""

from __future__ import annotations

from pathlib import Path

AXE_DIR = Path(__file__).resolve().parents[1] / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def axe_source() -> str:
    """The axe-core script, as ``scripts/setup.sh test`` installs it (tests use no network)."""
    if not AXE_JS.is_file():
        raise RuntimeError(
            f"axe-core is missing ({AXE_JS}): run scripts/setup.sh test, or "
            "npm ci --prefix tests/axe"
        )
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(driver, rules: list[str] | None = None, within: str | None = None) -> list[dict]:
    """Every axe-core violation (any impact) on the page open in ``driver``, WCAG 2.x A and AA
    and axe's best practices (or only ``rules``; in the whole page or only ``within`` a CSS
    selector), as ``{"id", "impact", "nodes": [...]}``."""
    driver.execute_script(axe_source())
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    driver.set_script_timeout(240)
    # axe measures what is drawn: first wait for running transitions to end (Leaflet fades a
    # popup in; halfway its text is half transparent, 4.3:1 in a loaded CI run), at most 5 s
    found = driver.execute_async_script(
        "var options = arguments[0], within = arguments[1];"
        "var done = arguments[arguments.length - 1];"
        "var ended = Promise.all(document.getAnimations().map(function (a) {"
        "  return a.finished.catch(function () {}); }));"
        "Promise.race([ended, new Promise(function (r) { setTimeout(r, 5000); })])"
        ".then(function () {"
        "  return axe.run(within ? {include: [within]} : document, options); })"
        ".then(function (r) { done(r.violations.map(function (v) {"
        "  return {id: v.id, impact: v.impact, help: v.help,"
        "          nodes: v.nodes.map(function (n) { return n.target.join(' ') + ' :: ' +"
        "                 n.failureSummary; })}; })); })"
        ".catch(function (e) {"
        "  done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]); });",
        options,
        within,
    )
    return list(found)
