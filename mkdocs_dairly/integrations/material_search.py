"""Material's search plugin, through the door: a day page indexed from its lean view, and
Chinese cut into words with a memo.

Material's search plugin indexes a page in its ``on_page_context`` by calling its index's
``add_entry_from_context(page)``, which reads ``page.content``. For a day page dairly hands
it a lean copy of the same text (one section per entry, no card markup) for that one call
only: no other plugin sees the swap. Material's ``_segment_chinese`` (jieba, per run of Han
characters) is replaced by a memoized segmenter only if it cuts a probe text identically.
Both are private; both are checked in every build.

Material's search worker cuts a typed Chinese run into words found in the index but never
keeps the run's last word ("目标检测" is searched as "目标* 检*", "注意力机制" as "注意力*"), any
one of the words matches, and titles weigh a thousandfold; an English word its stemmer
shortens finds only what was not stemmed ("transformer*" misses "transform", the stem of
"Transformer"). ``typed_first`` gives the worker a few lines before and after Material's
own code (which stays byte for byte as it is): the sections whose title or text contains
the query as typed come first, in Material's order, with those its query missed; the rest of
Material's results follow. The worker's code is checked in every build.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..speed.memo import KeptDumps
from ..speed.search_zh import ChineseSegmenter, cuts_alike
from .door import source_digest, use

SearchView = Callable[[Page], str | None]


def search_plugin(config: MkDocsConfig) -> Any | None:
    """Material's search plugin of this site, if it has one."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search"):
            return plugin
    return None


def material_index(config: MkDocsConfig) -> tuple[Any, Any] | None:
    """Material's search index and its plugin's options, if Material's search is on."""
    plugin = search_plugin(config)
    if plugin is None:
        return None
    options = getattr(plugin, "config", None)
    if not getattr(options, "enabled", True):
        return None
    index = getattr(plugin, "search_index", None)
    return (index, options) if index is not None else None


def index_lean_views(index: Any, view: SearchView) -> bool:
    """Have ``index`` index a page from ``view(page)`` when that gives text (a day page)."""
    original: Any = getattr(index, "add_entry_from_context", None)

    def check() -> str | None:
        if not callable(original):
            return "Material's search index has no add_entry_from_context"
        if getattr(original, "__dairly__", False):
            return "already installed"
        return None

    def install() -> None:
        def add_entry_from_context(page: Page) -> Any:
            lean = view(page)
            if lean is None:
                return original(page)
            content = page.content
            page.content = lean
            try:
                return original(page)
            finally:
                page.content = content

        add_entry_from_context.__dairly__ = True  # type: ignore[attr-defined]
        index.add_entry_from_context = add_entry_from_context

    return use("search: lean day views", check, install)


# sha256 (16 hex digits) of Material 9.x's SearchPlugin.on_page_context
ON_PAGE_CONTEXT = "33eb62fd1688be4d"
DATA_SEARCH = "data-search-"  # what Material's pattern removes starts so


def skip_needless_scan(config: MkDocsConfig) -> bool:
    """Material's search indexes a page in its ``on_page_context``, then removes its
    ``data-search-*`` attributes from the content with a pattern that is tried at every
    character (``\\s?data-search-…``): 16 ms on the archive page of a ten-year log, a few
    tenths of a millisecond on every day page. A page whose content has no ``data-search-``
    is indexed the same and its content left as it is, which is what that removal gives it."""
    plugin = search_plugin(config)
    if plugin is None:
        return False
    events = config.plugins.events["page_context"]
    mine = [i for i, m in enumerate(events) if getattr(m, "__self__", None) is plugin]

    def check() -> str | None:
        if source_digest(type(plugin).on_page_context) != ON_PAGE_CONTEXT:
            return "Material's SearchPlugin.on_page_context is not the one this was written against"
        if len(mine) != 1:
            return "Material's search is not in MkDocs' list of page_context events once"
        return None

    def install() -> None:
        original = events[mine[0]]

        def on_page_context(context: Any, *, page: Page, **kwargs: Any) -> Any:
            content = page.content
            if not isinstance(content, str) or DATA_SEARCH in content:
                return original(context, page=page, **kwargs)
            if plugin.config.enabled:
                plugin.search_index.add_entry_from_context(page)
            return None

        on_page_context.__dairly__ = True  # type: ignore[attr-defined]
        events[mine[0]] = on_page_context

    return use("search: content without data-search- left unscanned", check, install)


# sha256 (16 hex digits) of Material 9.x's SearchIndex.generate_search_index
GENERATE_SEARCH_INDEX = "59ba9853f37a2b42"


def dump_entries_once(index: Any, kept: KeptDumps, said: set[str]) -> bool:
    """Under ``mkdocs serve``, have ``index`` write its JSON from the text of each entry kept
    since the build that made it: the same bytes as Material's one ``json.dumps`` (a list's
    items joined by its separator), without encoding again what reused pages gave back."""
    original: Any = getattr(index, "generate_search_index", None)

    def check() -> str | None:
        if getattr(original, "__dairly__", False):
            return "already installed"
        if source_digest(type(index).generate_search_index) != GENERATE_SEARCH_INDEX:
            return "Material's generate_search_index is not the one this was written against"
        if not isinstance(index.entries, list) or not isinstance(index.config, dict):
            return "Material's search index keeps no list of entries"
        return None

    def install() -> None:
        def dumps(data: Any) -> str:
            return json.dumps(data, separators=(",", ":"), default=str)

        def generate_search_index(prev: Any) -> str:
            if prev:  # `serve --dirty` merges the previous index: Material's own way
                return str(original(prev))
            keys = ["lang", "separator", "pipeline", "fields"]
            head = dumps({"config": {key: index.config[key] for key in keys}})[:-1]
            return f'{head},"docs":[{",".join(kept.each(index.entries, dumps))}]}}'

        generate_search_index.__dairly__ = True  # type: ignore[attr-defined]
        index.generate_search_index = generate_search_index

    return use("search: index entries encoded once", check, install, once=said)


def searches_chinese_with_jieba(index: Any, options: Any, language: str) -> bool:
    """Material's search cuts Chinese with jieba, and the site is in Chinese or its search
    separator splits at the zero-width spaces jieba's cuts are marked with. (Checking the
    memoized segmenter loads jieba's dictionary: half a second a site in another language
    would otherwise spend for nothing.)"""
    if not getattr(sys.modules.get(type(index).__module__), "jieba", None):
        return False
    separator = str(getattr(options, "separator", None) or "")
    return language == "zh" or "\\u200b" in separator or "\u200b" in separator


def memoize_segmentation(index: Any, segmenter: ChineseSegmenter) -> bool:
    """Give ``index`` the memoized segmenter, if its own cuts a probe text the same way."""

    def check() -> str | None:
        if not cuts_alike(getattr(index, "_segment_chinese", None), segmenter):
            return "Material's _segment_chinese does not cut the probe text as jieba does"
        return None

    def install() -> None:
        index._segment_chinese = segmenter

    return use("search: memoized Chinese segmentation", check, install)


# Material's search worker among the theme's files, and what the added lines rely on: lunr
# exposed on the worker's global scope, the index searched with Index.prototype.search, the
# queries received by a "message" listener (added after the one dairly adds first).
WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
WORKER_NEEDS = ("self.lunr=", "this.index.search(", 'addEventListener("message"')
_WORKER_PARTS = (
    Path(__file__)
    .with_name("material_search_worker.js")
    .read_text("utf-8")
    .split("/* dairly: Material's worker */\n")
)
BEFORE, AFTER = _WORKER_PARTS[0], "\n" + _WORKER_PARTS[1]


def typed_first(files: Files) -> bool:
    """Material's search worker with dairly's lines around it: the sections containing the
    query as typed first (see the module's text)."""
    workers = [file for file in files if WORKER.fullmatch(file.src_uri)]

    def check() -> str | None:
        if len(workers) != 1:
            return f"{len(workers)} search workers among the theme's files, not one"
        text = workers[0].content_string
        for needed in WORKER_NEEDS:
            if needed not in text:
                return f"Material's search worker has no '{needed}'"
        return None

    def install() -> None:
        worker = workers[0]
        text = worker.content_string
        if not text.startswith(BEFORE):
            worker.content_string = BEFORE + text + AFTER

    return use("search: results containing the words typed first", check, install)


def entries(index: Any) -> list[Any] | None:
    """The entries of Material's search index, in the order pages added them."""
    found = getattr(index, "entries", None)
    return found if isinstance(found, list) else None
