"""What a day page tells other plugins in ``page.meta``, and how it reaches the theme.

Other plugins read plain text from ``page.meta`` (feeds, social cards, tag indexes): a day's
``title``, ``date``, ``description`` and ``tags`` are set there as plain text, merged with
what the note's front matter and Material's ``meta`` plugin put there. Material's templates
print ``page.meta.title`` and ``page.meta.description`` without escaping, so for the one
moment MkDocs renders the page's template (between the last ``on_page_context`` and the
first ``on_post_page``) those keys hold escaped text; before and after, plain text.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from mkdocs.structure.pages import Page

from ..notes.model import Day

# page.meta keys that Material's templates print as they are.
PRINTED_RAW = ("title", "description")


def day_meta(page: Page, day: Day, title: str) -> None:
    """Set a day page's plain ``title``, ``date``, ``description`` and ``tags``; its
    ``subtitle`` escaped (Material prints it in the navigation of every page)."""
    meta = page.meta
    meta["title"] = title
    if day.date is not None:
        meta["date"] = day.date
    if not isinstance(meta.get("description"), str):
        described = day.summary or "; ".join(e.title for e in day.entries if e.title)
        if described:
            meta["description"] = described
    subtitle = meta.get("subtitle")
    if isinstance(subtitle, str) and not isinstance(subtitle, Markup):
        # Material prints a nav item's subtitle as it is, on every page the item shows on.
        meta["subtitle"] = escape(subtitle)
    tags = meta.get("tags")
    given = [str(t) for t in tags] if isinstance(tags, list) else []
    merged = [*given, *day.tags, *(t for e in day.entries for t in e.tags)]
    meta["tags"] = list(dict.fromkeys(merged))


class ThemeEscapes:
    """Swaps the raw-printed meta keys of dairly's pages for escaped text while the theme
    renders the page, and back afterwards; likewise the titles of its neighbours (which
    Material's footer prints as they are) when they are day pages titled from their meta."""

    def __init__(self) -> None:
        self._plain: dict[int, dict[str, Any]] = {}
        self._titled: dict[int, list[Page]] = {}

    def open(self, page: Page, neighbours: list[Page]) -> None:
        """Before the template renders ``page``: escaped text in its raw-printed keys."""
        plain = {k: page.meta[k] for k in PRINTED_RAW if isinstance(page.meta.get(k), str)}
        for key, value in plain.items():
            page.meta[key] = Markup(escape(value))
        self._plain[id(page)] = plain
        titled = []
        for other in neighbours:
            title = other.title
            if "title" not in vars(other) and isinstance(title, str):
                other.title = Markup(escape(title))  # an instance value over MkDocs' property
                titled.append(other)
        self._titled[id(page)] = titled

    def close(self, page: Page) -> None:
        """After the template rendered ``page``: the plain text back."""
        page.meta.update(self._plain.pop(id(page), {}))
        for other in self._titled.pop(id(page), []):
            del other.title
