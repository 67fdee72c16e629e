"""What other plugins observe of dairly's pages: ``hooks:`` files at priority 60 (between
dairly's page events at 100 and Material's meta plugin at 50) and -60 (after most plugins)
record, for every page, what MkDocs hands them. The expected Markdown is what MkDocs' own
front-matter reader gives."""

from __future__ import annotations

import pytest
from mkdocs.utils.meta import get_data

from .conftest import AWKWARD, BODY_DAY, NOTES, note_text, observed, write

HOOK = """
import json, os
from mkdocs.plugins import event_priority

PRIORITY = {priority}
seen = {{}}

def _record(page, event, value):
    seen.setdefault(page.file.src_uri, {{}})[event] = value

@event_priority(PRIORITY)
def on_page_markdown(markdown, page, config, files):
    _record(page, "markdown", markdown)
    _record(page, "meta", {{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                           for k, v in page.meta.items()}})
    _record(page, "meta_types", {{k: type(v).__name__ for k, v in page.meta.items()}})
    path = page.file.abs_src_path
    _record(page, "abs_src_path", [path, bool(path) and os.path.isfile(path)])

@event_priority(PRIORITY)
def on_page_content(html, page, config, files):
    _record(page, "on_page_content", html if isinstance(html, str) else repr(html))

@event_priority(PRIORITY)
def on_page_context(context, page, config, nav):
    _record(page, "on_page_context", page.content if isinstance(page.content, str) else repr(page.content))

@event_priority(PRIORITY)
def on_post_page(output, page, config):
    _record(page, "on_post_page", page.content if isinstance(page.content, str) else repr(page.content))

def on_post_build(config):
    path = os.path.join(os.path.dirname(config.config_file_path), "observed{priority}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(seen, f, ensure_ascii=False)
"""

PRIORITIES = [60, -60]
GENERATED = [
    "notes/index.md",
    "notes/2021/index.md",
    "notes/2021/05/index.md",
    "notes/2021/05/best.md",
]


def _setup(root):
    for priority in PRIORITIES:
        write(root, f"hooks/observe{priority}.py", HOOK.format(priority=priority))


@pytest.fixture(scope="module")
def observations(compat_build):
    result = compat_build(
        "observers",
        ["search", "dairly"],
        setup=_setup,
        hooks=[f"hooks/observe{p}.py" for p in PRIORITIES],
    )
    result.ok()
    return {p: observed(result.root, p) for p in PRIORITIES}


@pytest.mark.parametrize("priority", PRIORITIES)
@pytest.mark.parametrize("note", [BODY_DAY, AWKWARD])
def test_on_page_markdown_gets_the_body_as_mkdocs_gives_it(observations, priority, note):
    from .conftest import BODY

    expected, _ = get_data(note_text(note, BODY if note == BODY_DAY else ""))
    got = observations[priority]["notes/" + note]["markdown"]
    assert got == expected, (
        f"priority {priority}: markdown of {note} is {got!r}, MkDocs gives {expected!r}"
    )


@pytest.mark.parametrize("priority", PRIORITIES)
def test_page_meta_has_plain_title_date_description_tags(observations, priority):
    meta = observations[priority]["notes/" + AWKWARD]["meta"]
    fm = NOTES[AWKWARD]
    problems = []
    if meta.get("title") != fm["title"]:
        problems.append(f"title {meta.get('title')!r} != {fm['title']!r}")
    if not str(meta.get("date", "")).startswith("2021-05-10"):
        problems.append(f"date {meta.get('date')!r}, expected 2021-05-10")
    if meta.get("description") != fm["summary"]:
        problems.append(f"description {meta.get('description')!r} != summary {fm['summary']!r}")
    expected_tags = list(
        dict.fromkeys([*fm["tags"], *(t for e in fm["entries"] for t in e.get("tags", []))])
    )
    if meta.get("tags") != expected_tags:
        problems.append(f"tags {meta.get('tags')!r} != {expected_tags!r}")
    assert not problems, f"priority {priority}, page.meta of {AWKWARD}: " + "; ".join(problems)


@pytest.mark.parametrize("priority", PRIORITIES)
def test_description_falls_back_to_the_entry_titles(observations, priority):
    note = "202106/0601.md"  # no summary
    description = observations[priority]["notes/" + note]["meta"].get("description")
    titles = [e["title"] for e in NOTES[note]["entries"]]
    assert isinstance(description, str) and all(t in description for t in titles), (
        f"priority {priority}: description of {note} is {description!r}, expected the entry titles {titles}"
    )


def test_meta_date_is_a_date(observations):
    kind = observations[-60]["notes/" + AWKWARD]["meta_types"].get("date")
    assert kind in {"date", "datetime"}, f"page.meta['date'] is a {kind}, expected a date"


@pytest.mark.parametrize("priority", PRIORITIES)
@pytest.mark.parametrize("event", ["on_page_content", "on_page_context", "on_post_page"])
@pytest.mark.parametrize(
    "page", ["notes/" + AWKWARD, "notes/" + BODY_DAY, "index.md", "notes/2021/05/index.md"]
)
def test_page_content_is_nonempty_html(observations, priority, event, page):
    content = observations[priority][page][event]
    assert isinstance(content, str) and "<" in content and content.strip(), (
        f"priority {priority}, {event}: the content of {page} is {content[:80]!r}"
    )


@pytest.mark.parametrize("priority", PRIORITIES)
@pytest.mark.parametrize("page", ["notes/" + AWKWARD, "index.md", *GENERATED])
def test_abs_src_path_is_an_existing_file(observations, priority, page):
    path, exists = observations[priority][page]["abs_src_path"]
    assert exists, (
        f"priority {priority}: page.file.abs_src_path of {page} is {path!r}, not an existing file"
    )


def test_day_content_has_cards_for_late_observers(observations):
    content = observations[-60]["notes/" + AWKWARD]["on_page_content"]
    assert content.count('class="dairly-entry"') == len(NOTES[AWKWARD]["entries"]), content[:200]
