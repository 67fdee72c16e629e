"""The explore page's data: every entry of every day shown, as one compact JSON (no MkDocs).

The explore page (``notes/explore.md``) carries no entry in its HTML: its script fetches
``notes/explore.json`` once the page shows and filters it in the browser. The file is
deterministic (the same days give the same bytes) and compact: arrays instead of objects,
each tag written once. Version 1::

    {"v": 1,
     "tags": ["cv", "nlp", ...],                  every tag once, sorted
     "days": [DAY, ...]}                          oldest first

    DAY   = [date, url, [ENTRY, ...]]             + [tag index, ...] when the day has tags
    ENTRY = [number, stars, kinds, title]         + text, + [tag index, ...] (optional)

``date`` is ISO (``2021-05-11``); ``url`` the day page's URL relative to the JSON file's
folder (``202105/0511/``), an entry's card being ``url#entry-<number>``; ``kinds`` the bits
1 (has a paper), 2 (has code), 4 (has a demo); ``title`` what the card shows as title;
``text`` the abstract as plain text ("" when there is none but tags follow), searched
with the title and tags. Nothing here is HTML: the page's script writes it as text.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Hashable, Iterable

from ..notes.model import Day, Entry

VERSION = 1
# The page's script and stylesheet: static files of dairly's templates folder (a file of
# the same path in custom_dir wins), linked from the explore page only.
SCRIPT_URI = "assets/dairly/explore.js"
STYLE_URI = "assets/dairly/explore.css"
PAPER, CODE, DEMO = 1, 2, 4

# Inline Markdown to plain text, each pattern linear (no nested repetition; a bracket
# stops the scan, so a line of "[[[[" costs one pass).
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\s]*>")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_MARKS = re.compile(r"[*`~]+|(?<!\w)_+|_+(?!\w)")
_SPACES = re.compile(r"\s+")


def explore_uri(notes_dir: str) -> str:
    """``notes/explore.md``: the explore page (at ``/notes/explore/``)."""
    return posixpath.join(notes_dir, "explore.md")


def explore_data_uri(notes_dir: str) -> str:
    """``notes/explore.json``: the data the explore page loads."""
    return posixpath.join(notes_dir, "explore.json")


def plain_text(markdown: str) -> str:
    """The words of an inline Markdown field: link texts without their targets, no HTML
    tags, no emphasis marks, whitespace folded."""
    text = _LINK.sub(r"\1", markdown)
    text = _AUTOLINK.sub("", text)
    text = _TAG.sub("", text)
    text = _MARKS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def entry_kinds(entry: Entry) -> int:
    """The bits of the link kinds ``entry`` has: paper 1, code 2, demo 4."""
    return (PAPER if entry.paper else 0) | (CODE if entry.code else 0) | (DEMO if entry.demo else 0)


# What the data holds of one entry: number, stars, kinds, title, text, tag names.
EntryData = tuple[int, int, int, str, str, list[str]]


def day_entries(day: Day, title: Callable[[Entry], str]) -> list[EntryData]:
    """What the explore data holds of ``day``'s entries (``title``: as in ``explore_json``)."""
    return [
        (e.number, e.stars, entry_kinds(e), title(e),
         plain_text(e.abstract) if e.abstract else "", _unique(e.tags))
        for e in day.entries
    ]  # fmt: skip


# A memo of a day's row: ``rows(day, key, make)`` is ``make()``, or what it gave for the
# same day and key (with the day's note unchanged) before.
RowMemo = Callable[[Day, Hashable, Callable[[], str]], str]


def explore_json(
    days: Iterable[Day],
    title: Callable[[Entry], str],
    url: Callable[[Day], str | None],
    rows: RowMemo | None = None,
) -> str:
    """The explore data of ``days`` (those shown, in any order; undated ones are left out)
    as compact JSON text. ``title(entry)`` is the title a card shows; ``url(day)`` the day
    page's URL relative to the JSON file (``None``: the day is not published, left out);
    ``rows``, if given, keeps each day's row (its JSON text) for the next build: the key it
    is given is all a row holds besides the day's note (URL, the tags' positions)."""
    shown: list[tuple[Day, str]] = []
    for day in sorted(days, key=lambda d: d.sort_key):
        day_url = url(day) if day.date is not None else None
        if day_url is not None:
            shown.append((day, day_url))
    tags_of = {day.src_uri: _unique(_tags(day, day.entries)) for day, _ in shown}
    names = sorted({tag for tags in tags_of.values() for tag in tags})
    index = {name: i for i, name in enumerate(names)}
    out = []
    for day, day_url in shown:
        key = (day_url, tuple(index[t] for t in tags_of[day.src_uri]))
        make = lambda day=day, day_url=day_url: _row(day, day_url, title, index)  # noqa: E731
        out.append(make() if rows is None else rows(day, key, make))
    # The same bytes as json.dumps of the whole, compact: rows are joined as they were made.
    head = _dumps({"v": VERSION, "tags": names})[:-1]
    return f'{head},"days":[{",".join(out)}]}}\n'


def _row(day: Day, day_url: str, title: Callable[[Entry], str], index: dict[str, int]) -> str:
    assert day.date is not None
    entries = []
    for number, stars, kinds, entry_title, text, entry_tags in day_entries(day, title):
        item: list[object] = [number, stars, kinds, entry_title]
        tags = [index[t] for t in entry_tags]
        if text or tags:
            item.append(text)
        if tags:
            item.append(tags)
        entries.append(item)
    row: list[object] = [day.date.isoformat(), day_url, entries]
    if day.tags:
        row.append([index[t] for t in _unique(day.tags)])
    return _dumps(row)


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _tags(day: Day, entries: list[Entry]) -> list[str]:
    return [*day.tags, *(t for e in entries for t in e.tags)]


def _unique(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tags))
