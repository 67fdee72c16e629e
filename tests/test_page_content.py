"""Page content without MkDocs: a day's cards and search view, the overviews."""

from __future__ import annotations

import jinja2

from mkdocs_dairly.notes.archive import build_archive
from mkdocs_dairly.notes.errors import Problem
from mkdocs_dairly.notes.parse import parse_day
from mkdocs_dairly.site.content import PageContent
from mkdocs_dairly.site.fields import FieldRenderer
from mkdocs_dairly.site.i18n import labels_for
from mkdocs_dairly.site.render import TEMPLATE_DIR, Renderer, make_environment

NOTE = """---
entries:
  - title: 多模态预训练
    url: https://example.org/a
    stars: 3
    abstract: "**轻量化** 目标检测"
    paper: ../202104/0401.md
---
"""


def _content() -> PageContent:
    day = parse_day("notes/202105/0511.md", NOTE, "notes")
    days = {day.src_uri: day}
    archive = build_archive([day], "notes", True)
    renderer = Renderer(
        make_environment(jinja2.FileSystemLoader(TEMPLATE_DIR)),
        FieldRenderer([], {}),
        labels_for("zh"),
    )
    renderer.days = days
    urls = {day.src_uri: "notes/202105/0511/", archive.src_uri: "notes/"}
    return PageContent(renderer, days, archive, {}, urls.get, star_filter=True, calendar=True)


def test_a_day_renders_its_cards_and_search_view() -> None:
    content = _content()
    day = content.days["notes/202105/0511.md"]
    problems: list[Problem] = []
    html, view = content.day(day, "notes/202105/0511/", problems.append, "")
    assert [p.field for p in problems] == ["paper"]  # the missing note, reported at render
    assert "<strong>轻量化</strong>" in html
    assert view.startswith("<h1>") and '<h2 id="entry-1">多模态预训练</h2>' in view


def test_overviews_and_other_pages() -> None:
    content = _content()
    archive = content.overview(content.archive.src_uri, "notes/", lambda problem: None)
    assert "2021" in archive and 'href="202105/0511/"' in archive
    assert content.overview("about.md", "about/", lambda problem: None) == ""
