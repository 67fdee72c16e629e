"""Under ``mkdocs serve``: the day pages a rebuild may change, when only notes' text did.

A page's content key (``serve_keys``) costs a few microseconds to make; a ten-year log has
3,650 day pages, and the usual rebuild follows the save of one note. When everything the
build shares is as it was (the site key, which holds the site's file list), and the days
shown are the same notes in the same order with the same dates, a day page's key can only
differ from last build's if a day it shows changed: itself, its older and newer day, or a
day of the same date in an earlier year. Every other day page has last build's key.

``tests/test_serve_incremental.py`` compares served sites with full builds, byte for byte,
after random edits of neighbours and of days that share a date.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from ..notes.archive import Archive
from ..notes.model import Day


@dataclass
class Shown:
    """What a finished build showed: its site key, its days (in the build's order) and the
    order of the archive, and the content key each day page had."""

    site: bytes
    days: dict[str, Day]
    order: list[str]
    keys: dict[str, Hashable] = field(default_factory=dict)


def shown(
    site: bytes, days: dict[str, Day], archive: Archive, keys: Mapping[str, Hashable | None]
) -> Shown:
    """What this build showed, for the next (``keys``: the content keys it made, day
    pages' kept)."""
    day_keys: dict[str, Hashable] = {}
    for uri in days:
        key = keys.get(uri)
        if key is not None:
            day_keys[uri] = key
    return Shown(site, dict(days), [d.src_uri for d in archive.chronological], day_keys)


def affected_days(
    last: Shown | None, site: bytes, days: dict[str, Day], archive: Archive
) -> set[str] | None:
    """The day pages (``src_uri``) whose content key may differ from ``last`` build's, or
    ``None``: more than the text of days changed (the site key, a day added, removed,
    moved or given another date), and every key is to be made anew."""
    if last is None or last.site != site or list(days) != list(last.days):
        return None
    if [d.src_uri for d in archive.chronological] != last.order:
        return None
    affected: set[str] = set()
    for uri, day in days.items():
        before = last.days[uri]
        if before is day:  # a note read again with the same text is the same Day
            continue
        if before.date != day.date:
            return None
        affected.add(uri)
        for other in (archive.older(day), archive.newer(day), *archive.later_same_date(day)):
            if other is not None:
                affected.add(other.src_uri)
    return affected
