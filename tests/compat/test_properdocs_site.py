"""The realistic site under ProperDocs (the maintained fork of MkDocs 1.x): the same pages
as MkDocs builds, with the cards."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import AWKWARD, NOTES, base_config, day_url, run_build, write_site

pytestmark = pytest.mark.compat


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    pytest.importorskip("properdocs", reason="properdocs is part of the test extras")
    root = tmp_path_factory.mktemp("properdocs")
    write_site(root)
    (root / "properdocs.yml").write_text(
        yaml.safe_dump(base_config(["search", "dairly"]), allow_unicode=True), "utf-8"
    )
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    reference_root = tmp_path_factory.mktemp("properdocs-reference")
    write_site(reference_root)
    reference = run_build(reference_root, base_config(["search", "dairly"]), strict=True)
    return root, done, reference


def test_properdocs_builds_the_realistic_site_strict(sites):
    _, done, _ = sites
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_same_pages_as_mkdocs(sites):
    root, _done, reference = sites
    reference.ok()
    ours = sorted(str(p.relative_to(root / "site")) for p in (root / "site").rglob("*.html"))
    theirs = sorted(str(p.relative_to(reference.site_dir)) for p in reference.html_files())
    assert ours == theirs


def test_day_page_cards(sites):
    root, _, _ = sites
    soup = BeautifulSoup(
        (root / "site" / day_url(AWKWARD) / "index.html").read_text("utf-8"), "html.parser"
    )
    titles = [
        t.get_text(strip=True) for t in soup.select("article.dairly-entry .dairly-entry__title")
    ]
    assert titles == [e["title"] for e in NOTES[AWKWARD]["entries"]]
