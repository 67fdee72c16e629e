"""Material's search indexing of day pages, and its Chinese segmentation, in the worker.

Indexing a Chinese reading log for search is about a quarter of its build: Material's HTML
parser splits each page into sections, and jieba cuts every section's Han characters into
words (after loading its dictionary, half a second by itself). None of it feeds anything
else in the build, so the worker process (see ``worker``) does it while the build goes on:

- a day page's lean view (see ``Renderer.search_view``) is queued as MkDocs reads the page,
  and holds its place in the index with a ``PendingEntries``;
- every other text Material segments (its own pages, as MkDocs writes them) is queued too,
  and holds its place in its entry with a ``Pending``;
- the worker starts once MkDocs has read every page (``start``: until then another forked
  process renders pages, see ``forked``) and takes the queues as they fill;
- before Material writes the index, ``fill_in`` puts the worker's results in their places.

The worker runs Material's own ``add_entry_from_context`` on a copy of the index (forked
with the process) and segments with Material's method, or with the memoized segmenter of
``search_zh`` after checking it cuts a sample exactly the same, so the index is the same,
byte for byte. If the worker fails, the build process does what it did not do. Nothing here
knows MkDocs.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from types import SimpleNamespace
from typing import Any

from .search_zh import HAN, ZWSP, ChineseSegmenter, cuts_alike, jieba_cut
from .worker import Function, Queue, Worker

Segment = Callable[[str], str]

# Texts sent at a time: large enough that sending costs little, small enough that the
# worker keeps up with the build.
TEXT_BATCH = 256
PAGE_BATCH = 8
# Short texts (titles, labels) repeat: each distinct one is sent once.
SHARED_MAX_CHARS = 64


def best_segmenter(material_segment: Segment) -> Segment:
    """The memoized segmenter if it cuts the probe as ``material_segment`` does, else
    Material's own method."""
    memoized = ChineseSegmenter(jieba_cut)
    return memoized if cuts_alike(material_segment, memoized) else material_segment


def page_for_index(
    title: str, url: str, toc: Any, meta: Mapping[str, Any], content: str
) -> SimpleNamespace:
    """What Material's ``add_entry_from_context`` reads of a page (and nothing else of it,
    so that it can be sent to the worker)."""
    kept = {key: meta[key] for key in ("title", "tags", "search") if key in meta}
    return SimpleNamespace(title=title, url=url, toc=toc, meta=kept, content=content)


def worker_functions(index: Any, *, segment: bool) -> dict[str, Function]:
    """What the worker needs to index pages for Material's search ``index`` (a copy of it
    in the worker) and, with ``segment``, to segment Chinese text (with the best segmenter
    it finds there)."""
    material_segment: Segment = index._segment_chinese
    best: list[Segment] = []

    def segment_text(text: str) -> str:
        if not best:  # in the worker, on first use: jieba loads its dictionary there
            best.append(best_segmenter(material_segment))
        return best[0](text)

    def index_page(page: Any) -> list[dict[str, Any]]:
        # A copy with entries of its own: what Material makes of the page, nothing else.
        copied = copy.copy(index)
        copied._segment_chinese = segment_text if segment else material_segment
        copied.entries = []
        copied.add_entry_from_context(page)
        entries: list[dict[str, Any]] = copied.entries
        return entries

    return {"search.segment": segment_text, "search.index": index_page}


class Pending:
    """A text's place in an index entry until its words come back; ``str()`` gives them."""

    __slots__ = ("number", "search")

    def __init__(self, number: int, search: SearchWorker) -> None:
        self.number = number
        self.search = search

    def __str__(self) -> str:
        return self.search.texts()[self.number]

    def __repr__(self) -> str:
        return f"Pending({self.number})"


class PendingEntries:
    """A day page's place in the index until the worker has made its entries."""

    __slots__ = ("number", "search")

    def __init__(self, number: int, search: SearchWorker) -> None:
        self.number = number
        self.search = search

    def __repr__(self) -> str:
        return f"PendingEntries({self.number})"


class SearchWorker:
    """Indexing and segmentation for Material's search index with ``functions`` (from
    ``worker_functions(index)``), by a worker once it has one (``start``).

    Install it as the index's ``_segment_chinese``: ``search(text)`` returns the text itself
    if it has nothing to segment, else a ``Pending``. ``search.index_page(page)`` returns the
    ``PendingEntries`` to put in the index's entries for a page. ``search.fill_in(entries)``
    gives the entries with every placeholder replaced.
    """

    def __init__(self, functions: dict[str, Function]) -> None:
        self._segment = functions["search.segment"]
        self._texts = Queue("search.segment", self._segment, TEXT_BATCH)
        self._pages = Queue("search.index", functions["search.index"], PAGE_BATCH)
        self._shared: dict[str, Pending] = {}
        self._text_results: list[str] | None = None

    def __call__(self, text: str) -> Any:
        if not HAN.search(text):
            return text.strip(ZWSP)  # what Material's method returns for it
        if self._text_results is not None:  # after fill_in: nothing left to wait for
            return self._segment(text)
        shared = len(text) <= SHARED_MAX_CHARS
        pending = self._shared.get(text) if shared else None
        if pending is None:
            pending = Pending(self._texts.add(text), self)
            if shared:
                self._shared[text] = pending
        return pending

    def start(self, worker: Worker | None) -> None:
        """Hand ``worker`` the texts and pages so far, and the rest as they come (with no
        worker, everything is done here at the end)."""
        self._texts.start(worker)
        self._pages.start(worker)

    def index_page(self, page: SimpleNamespace) -> PendingEntries:
        """Send a page (see ``page_for_index``) to be indexed; its place in the entries."""
        return PendingEntries(self._pages.add(page), self)

    def texts(self) -> list[str]:
        """The words of every text handed out as ``Pending``, in order."""
        if self._text_results is None:
            self._text_results = self._texts.results()
            self._shared.clear()
        return self._text_results

    def fill_in(self, entries: Iterable[Any]) -> list[dict[str, Any]]:
        """``entries`` with each ``PendingEntries`` replaced by the page's entries and each
        ``Pending`` by its words."""
        texts = self.texts()
        pages = self._pages.results()
        out: list[dict[str, Any]] = []
        for entry in entries:
            if isinstance(entry, PendingEntries) and entry.search is self:
                out.extend(pages[entry.number])
                continue
            for key in ("title", "text"):
                value = entry.get(key)
                if isinstance(value, Pending) and value.search is self:
                    entry[key] = texts[value.number]
            out.append(entry)
        return out
