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
from collections.abc import Callable, Iterable

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


class KeptRows:
    """What ``explore_json`` made of each day, for the next build (``mkdocs serve``): the
    day, its tags, its URL and its row (JSON text), and the tag list; ``made_with``: what
    the caller said everything but the days was (the titles, the URLs). While that is the
    same, a day that is the very same ``Day`` has the same URL and, while the tag list is
    the same, the same row."""

    def __init__(self) -> None:
        self.made_with: object = None
        self.rows: dict[str, _Kept] = {}
        self.names: list[str] = []


# A day as ``explore_json`` last saw it: the day, its tags, its URL and its row.
_Kept = tuple[Day, list[str], str | None, str | None]


def explore_json(
    days: Iterable[Day],
    title: Callable[[Entry], str],
    url: Callable[[Day], str | None],
    kept: KeptRows | None = None,
    made_with: object = None,
) -> str:
    """The explore data of ``days`` (those shown, in any order; undated ones are left out)
    as compact JSON text. ``title(entry)`` is the title a card shows; ``url(day)`` the day
    page's URL relative to the JSON file (``None``: the day is not published, left out);
    ``kept``, if given, keeps each day's row for the next build, made with ``made_with``
    (see ``KeptRows``)."""
    valid = kept is not None and kept.made_with is not None and kept.made_with == made_with
    last = kept.rows if kept is not None and valid else {}
    now: dict[str, _Kept] = {}
    shown: list[tuple[Day, list[str], str]] = []
    for day in sorted(days, key=lambda d: d.sort_key):
        if day.date is None:
            continue
        before = last.get(day.src_uri)
        if before is not None and before[0] is day:
            _, tags, day_url, _ = before
        else:
            tags, day_url = _unique(_tags(day, day.entries)), url(day)
        now[day.src_uri] = (day, tags, day_url, None)
        if day_url is not None:
            shown.append((day, tags, day_url))
    names = sorted({tag for _, tags, _ in shown for tag in tags})
    index = {name: i for i, name in enumerate(names)}
    same_tags = kept is not None and valid and names == kept.names
    out = []
    for day, tags, day_url in shown:
        before = last.get(day.src_uri)
        if same_tags and before is not None and before[0] is day and before[3] is not None:
            row = before[3]
        else:
            row = _row(day, day_url, title, index)
        now[day.src_uri] = (day, tags, day_url, row)
        out.append(row)
    if kept is not None:
        kept.rows, kept.names, kept.made_with = now, names, made_with
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
