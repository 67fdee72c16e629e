"""axe-core for the browser tests: its ``axe.min.js`` from the npm package (pinned), installed
once into a cache folder outside the repository, and a readable report of its violations."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

AXE_VERSION = "4.11.1"
CACHE = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "mkdocs-dairly-tests"
    / f"axe-core-{AXE_VERSION}"
)
AXE_JS = CACHE / "node_modules" / "axe-core" / "axe.min.js"


def install_axe() -> Path:
    """``axe.min.js`` of axe-core ``AXE_VERSION``; ``npm install`` it first if absent."""
    if AXE_JS.exists():
        return AXE_JS
    npm = shutil.which("npm")
    if npm is None:  # CI installs it; say so loudly rather than pass silently
        pytest.fail("npm is missing (axe-core comes from npm): apt-get install npm", pytrace=False)
    command = [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(CACHE),
               f"axe-core@{AXE_VERSION}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not AXE_JS.exists():
        pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return AXE_JS


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of ``axe.min.js``, to add to a page."""
    return install_axe().read_text("utf-8")


def run_axe(page, source: str) -> list[dict]:
    """axe-core's violations on ``page`` (WCAG 2.x A/AA and best practices, as axe runs by
    default), with their nodes."""
    if page.evaluate("typeof window.axe") == "undefined":
        page.add_script_tag(content=source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violations: list[dict]) -> str:
    """One block per violation: rule, impact, help, then each node's target and summary."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(map(str, node["target"]))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)
