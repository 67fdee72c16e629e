"""The plugin also works under ProperDocs, the maintained drop-in fork of MkDocs 1.x."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("properdocs", reason="properdocs is part of the test extras")

CONFIG = (
    "site_name: Notes\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search\n  - dairly\n"
)
ENV = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}


def write_site(root: Path, stars: str) -> None:
    (root / "docs/notes/202105").mkdir(parents=True)
    (root / "properdocs.yml").write_text(CONFIG, "utf-8")
    (root / "docs/notes/202105/0511.md").write_text(
        f"---\nentries:\n  - title: Under ProperDocs\n    stars: {stars}\n---\n", "utf-8"
    )


def properdocs(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env=ENV,
    )


def test_properdocs_builds_a_notes_site(tmp_path: Path) -> None:
    write_site(tmp_path, "4")
    result = properdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/index.html").read_text("utf-8")
    assert "Under ProperDocs" in html and 'data-stars="4"' in html


def test_properdocs_strict_counts_dairly_problems(tmp_path: Path) -> None:
    write_site(tmp_path, "nine")
    result = properdocs(tmp_path)
    assert result.returncode == 1
    assert (
        "dairly: notes/202105/0511.md:4: entry 1, 'stars': expected a whole number from 0 to 5, "
        "got 'nine'" in result.stderr
    )
    assert "Traceback" not in result.stderr
