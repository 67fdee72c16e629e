"""A note whose page lands where dairly generates one: reported, and the note's page kept."""

from __future__ import annotations

import pytest

from .conftest import Site

CASES = [
    # (the note's path under docs/notes, its URL, the generated page it meets)
    ("2021.md", "notes/2021/", "notes/2021/index.md"),
    ("2021/05.md", "notes/2021/05/", "notes/2021/05/index.md"),
    ("README.md", "notes/", "notes/index.md"),
    ("2021/05/best/index.md", "notes/2021/05/best/", "notes/2021/05/best.md"),
    ("2021/best/index.md", "notes/2021/best/", "notes/2021/best.md"),
]


@pytest.mark.parametrize(("path", "url", "generated"), CASES)
def test_a_note_at_a_generated_pages_url_is_reported_and_kept(
    site: Site, path: str, url: str, generated: str
) -> None:
    site.note("202105/0511.md", {"entries": [{"title": "Ordinary day"}]})
    site.note(path, {"date": "2021-05-12", "entries": [{"title": "Mine, not dairly's"}]})
    build = site.build()
    assert build.aborted is None, build.logs
    line = (
        f"dairly: notes/{path}:1: its page {url} is where a page dairly generates "
        f"({generated}) goes; rename the file"
    )
    assert build.warnings() == [line], build.logs
    titles = [t.get_text(strip=True) for t in build.content(url).select(".dairly-entry__title")]
    assert titles == ["Mine, not dairly's"]
    assert site.build(strict=True).aborted is not None


@pytest.mark.parametrize("path", ["notes/2021/index.md", "notes/2021/05/best.md", "feed.xml"])
def test_a_file_at_a_generated_path_is_reported_and_kept(site: Site, path: str) -> None:
    site.config["site_url"] = "https://notes.example/"
    site.note("202105/0511.md", {"entries": [{"title": "Ordinary day"}]})
    site.write(f"docs/{path}", "# Mine\n\nKept.\n" if path.endswith(".md") else "<feed/>")
    build = site.build()
    assert build.aborted is None, build.logs
    what = "a file dairly writes" if path == "feed.xml" else "a page dairly generates"
    reserved = f"dairly: {path}:1: this path is reserved for {what}; rename the file"
    no_date = (
        f"dairly: {path}:1: no date: add 'date: YYYY-MM-DD' to the front matter or name the "
        "file YYYYMM/MMDD.md, YYYY/MM/DD.md or YYYY-MM-DD.md"
    )
    # A Markdown file under notes/ is a note too: without a date, that is said as well.
    assert build.warnings() == [reserved] + ([no_date] if path.startswith("notes/") else [])
    if path == "feed.xml":
        assert (build.site_dir / "feed.xml").read_text("utf-8") == "<feed/>"
    else:
        url = path.removesuffix(".md").removesuffix("index").rstrip("/") + "/"
        assert "Kept." in build.content(url).get_text()
