"""A day note's front matter is read once: MkDocs gets what it would have read itself
(``page.markdown``, ``page.meta``) and the site is the same, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mkdocs_dairly.integrations.mkdocs_source as door_side

from .conftest import Site

HOOK = """
import json, os

seen = {}

def on_page_markdown(markdown, page, config, files):
    meta = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in page.meta.items()}
    seen[page.file.src_uri] = {"markdown": markdown, "meta": meta, "class": type(page).__name__}

def on_post_build(config):
    with open(os.path.join(os.path.dirname(config.config_file_path), "seen.json"), "w") as f:
        json.dump(seen, f, ensure_ascii=False, sort_keys=True, default=str)
"""

NOTES = {
    "202105/0511.md": "---\ntitle: 今天\ntags: [a, b]\nentries:\n  - title: x\n    stars: 2\n---\n# Body\n\ntext\n",
    "202105/0512.md": "---\r\ntitle: crlf\r\nentries:\r\n  - title: y\r\n---\r\nbody\r\n",
    "202105/0513.md": "\ufeff---\ntitle: bom\nentries: []\n---\n",
    "202105/0514.md": "---\ndate: 2021-05-14\nentries:\n  - {title: z, stars: 1}\n...\nafter dots\n",
    "202105/0515.md": "---\ndate: 2021-02-30\nentries: []\n---\n",  # read as text by dairly
    "202105/0516.md": "---\ntitle: [unclosed\n---\nbody kept\n",
    "202105/0517.md": "---\nentries:\n  - title: a\n  - title: a\nhide: [toc]\n---\n\n\n\nlate body\n",
}


def _build(site: Site) -> tuple[dict[str, bytes], dict, list[str]]:
    for path, text in NOTES.items():
        target = site.root / "docs" / "notes" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    site.write("hooks.py", HOOK)
    site.config["hooks"] = ["hooks.py"]
    build = site.build()
    assert build.aborted is None, build.logs
    files = build.files()
    seen = json.loads((site.root / "seen.json").read_text("utf-8"))
    return files, seen, build.logs


def test_mkdocs_gets_what_it_would_have_read_and_the_site_is_the_same(
    make_site, monkeypatch
) -> None:
    once_files, once_seen, once_logs = _build(make_site("once"))
    monkeypatch.setitem(door_side.KNOWN, "read_source", "not the one")
    plain_files, plain_seen, plain_logs = _build(make_site("plain"))
    off = (
        "INFO:dairly: front matter read once off for this build (MkDocs' Page.read_source is "
        "not the one this replicates); building it the plain way"
    )
    assert off not in once_logs and plain_logs.count(off) == 1
    for seen in (once_seen, plain_seen):
        for entry in seen.values():
            entry.pop("class")
    assert once_seen == plain_seen
    assert once_files == plain_files
    assert once_seen["notes/202105/0514.md"]["markdown"] == "after dots\n"


def test_day_pages_outside_the_nav_are_day_pages(site: Site) -> None:
    _, seen, _ = _build(site)
    classes = {
        uri: entry["class"] for uri, entry in seen.items() if uri.startswith("notes/202105/")
    }
    assert len(classes) == len(NOTES) and set(classes.values()) == {"DayPage"}, classes


@pytest.mark.parametrize("source", ["---\ntitle: from a plugin\n---\nreplaced\n", None])
def test_a_plugin_that_gives_the_source_is_heard(site: Site, source: str | None) -> None:
    """on_page_read_source still runs first; what it gives is read as MkDocs reads it."""
    site.write(
        "reader.py",
        "def on_page_read_source(page, config):\n"
        f"    return {source!r} if page.file.src_uri == 'notes/202105/0511.md' else None\n",
    )
    site.config["hooks"] = ["reader.py"]
    for path, text in NOTES.items():
        target = Path(site.root, "docs", "notes", path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    site.config["hooks"].append("hooks.py")
    site.write("hooks.py", HOOK)
    build = site.build()
    assert build.aborted is None, build.logs
    seen = json.loads((site.root / "seen.json").read_text("utf-8"))["notes/202105/0511.md"]
    if source is None:
        assert seen["markdown"] == "# Body\n\ntext\n" and seen["meta"]["tags"][:2] == ["a", "b"]
    else:
        assert seen["markdown"] == "replaced\n"
