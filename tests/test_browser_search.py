"""Material's search in Debian's Chromium, typed as a person types (Chinese committed word by
word by an input method, Latin letters key by key): the first result contains what was
typed. The same notes with ``search_typed_first: false`` show the problem this solves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browserkit import COUNT_SEARCH_MESSAGES, browser, build_and_serve, type_search
from .conftest import Site

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # a fixture, used by name

# Day 0510's entries hold parts of the queries (in titles, which Material weighs 1,000
# times its text); day 0511's hold the queries themselves, in their abstracts.
PARTS = [
    {"title": "训练目标与检测头", "stars": 3, "abstract": "把检测头换成轻量结构。"},
    {"title": "注意力可视化", "stars": 3, "abstract": "画出每一层的权重。"},
    {"title": "LoRA 原理", "stars": 3, "abstract": "低秩分解的推导。"},
    {"title": "数据变换 Transformation", "stars": 3, "abstract": "归一化与增强。"},
]
WHOLE = [
    {"title": "一篇论文", "stars": 3, "abstract": "本文改进了目标检测的训练方法。"},
    {"title": "长文本", "stars": 3, "abstract": "线性复杂度的注意力机制。"},
    {"title": "省显存", "stars": 3, "abstract": "用 LoRA 微调大模型，只训练百分之一的参数。"},
    {"title": "图解 Swin Transformer", "stars": 3, "abstract": "窗口注意力。"},
]
QUERIES = [
    ("目标检测", "notes/202105/0511/#entry-1"),
    ("注意力机制", "notes/202105/0511/#entry-2"),
    ("LoRA 微调", "notes/202105/0511/#entry-3"),
    ("lora微调", "notes/202105/0511/#entry-3"),
    ("Transformer", "notes/202105/0511/#entry-4"),
]


def _served(root: Path, typed_first: bool) -> Iterator[str]:
    options = {} if typed_first else {"search_typed_first": False}
    site = Site(
        root,
        {
            "site_name": "读书笔记",
            "theme": {"name": "material", "language": "zh"},
            "plugins": ["search", {"dairly": options}],
        },
    )
    site.note("202105/0510.md", {"entries": PARTS})
    site.note("202105/0511.md", {"entries": WHOLE})
    yield from build_and_serve(site)


@pytest.fixture(scope="module")
def typed_first(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _served(tmp_path_factory.mktemp("typed-first"), True)


@pytest.fixture(scope="module")
def materials_own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _served(tmp_path_factory.mktemp("materials-own"), False)


@pytest.fixture
def search(browser):
    """``search(url, query)``: the result items after typing ``query`` on ``url``'s notes
    page, and the JavaScript errors so far."""
    contexts = []
    errors: list[str] = []

    def run(url: str, query: str) -> list[list[dict[str, object]]]:
        if not contexts:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(COUNT_SEARCH_MESSAGES)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            # Nothing leaves the machine (web fonts): aborted requests are not errors here.
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort()
            )
            page.goto(url + "notes/")
            page.click("input.md-search__input")
            contexts.append((context, page))
        return type_search(contexts[0][1], query)

    run.errors = errors  # type: ignore[attr-defined]
    yield run
    for context, _ in contexts:
        context.close()


def first(items: list[list[dict[str, object]]]) -> str:
    """The first result a reader sees: the first item's first link not folded away that
    leads to an entry."""
    assert items, "no results"
    links = [str(link["href"]) for link in items[0] if not link["folded"]]
    return next((href for href in links if "#" in href), links[0]).lstrip("/")


@pytest.mark.parametrize(("query", "entry"), QUERIES)
def test_the_first_result_contains_what_was_typed(
    search, typed_first: str, query: str, entry: str
) -> None:
    items = search(typed_first, query)
    assert first(items) == entry
    assert [e for e in search.errors if e != "Failed to load resource: net::ERR_FAILED"] == []


def test_the_entries_with_parts_of_the_query_follow(search, typed_first: str) -> None:
    items = search(typed_first, "目标检测")
    hrefs = [str(link["href"]).lstrip("/") for item in items for link in item]
    assert hrefs.index("notes/202105/0511/#entry-1") < hrefs.index("notes/202105/0510/#entry-1")


def test_a_query_in_materials_syntax_is_materials(search, typed_first: str) -> None:
    """``+`` and ``-`` keep their meaning: no entry that says 可视化."""
    items = search(typed_first, "注意力 -可视化")
    assert "notes/202105/0510/#entry-2" not in [
        str(link["href"]).lstrip("/") for item in items for link in item
    ]


@pytest.mark.parametrize(("query", "entry"), QUERIES[:2] + QUERIES[4:])
def test_materials_own_search_puts_a_title_with_a_part_first(
    search, materials_own: str, query: str, entry: str
) -> None:
    """Without dairly's lines the same queries do not find the entry first: what the tests
    above would see if the lines did nothing."""
    items = search(materials_own, query)
    assert not items or first(items) != entry
