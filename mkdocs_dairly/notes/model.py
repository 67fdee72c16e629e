"""The notes model: plain data classes for days and their entries (no MkDocs here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem
from .lines import Lines


@dataclass(frozen=True, slots=True)
class Link:
    """A link: an allowed URL and an optional title."""

    url: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Media:
    """An image or video of an entry."""

    kind: str  # "image" or "video"
    src: str
    alt: str | None = None
    width: str | None = None


@dataclass(slots=True)
class Entry:
    """One item of a day's reading list, validated. Bad fields are absent, never half-valid."""

    number: int
    title: str | None = None
    url: str | None = None
    stars: int = 0
    abstract: str | None = None
    paper: list[Link] = field(default_factory=list)
    code: list[Link] = field(default_factory=list)
    demo: list[Link] = field(default_factory=list)
    links: list[tuple[str, Link]] = field(default_factory=list)
    tips: str | None = None
    media: list[Media] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Day:
    """One day note: its file, date, front matter fields, entries and free Markdown body."""

    src_uri: str
    date: dt.date | None
    title: str | None = None
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    entries: list[Entry] = field(default_factory=list)
    body: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Front-matter keys meant for MkDocs, Material or other plugins (hide, template, …).
    page_meta: dict[str, Any] = field(default_factory=dict)
    # The front matter is not valid YAML or not a mapping: MkDocs leaves it in the page's
    # Markdown, and ``body`` shows it verbatim instead.
    unread_front_matter: bool = False
    # The line of each part of the front matter in the file, for problems found later
    # (a URL of the tips refused while rendering).
    lines: Lines = field(default_factory=Lines, compare=False, repr=False)
    # The front matter as written (its YAML text) and as PyYAML's safe loader reads it, when
    # dairly's own reading of it took no different turn: MkDocs would read the same.
    front_matter: tuple[str, dict[str, Any]] | None = field(default=None, compare=False, repr=False)

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        """Chronological order; files of the same date by path."""
        return (self.date or dt.date.min, self.src_uri)

    @property
    def stars_total(self) -> int:
        """The sum of the day's star ratings."""
        return sum(e.stars for e in self.entries)
