"""Table-of-contents tokens for the entries dairly adds to a page."""

from __future__ import annotations

from html import escape
from typing import Any

from mkdocs.structure.pages import Page

from ..notes.model import Day
from ..site.render import Renderer


def entry_toc(renderer: Renderer, day: Day, level: int) -> list[dict[str, Any]]:
    """TOC tokens for a day's entries, titled as their cards are."""
    return [toc_token(level, f"entry-{e.number}", renderer.entry_title(e)) for e in day.entries]


def toc_token(level: int, anchor: str, name: str) -> dict[str, Any]:
    """One TOC token for plain-text ``name``."""
    text = escape(name)
    return {"level": level, "id": anchor, "name": text, "html": text, "children": []}


def toc_tokens(page: Page) -> list[dict[str, Any]]:
    """The page's own TOC as tokens, so generated entries can be added to it."""

    def tokens(items: Any) -> list[dict[str, Any]]:
        return [
            {
                "level": i.level,
                "id": i.id,
                "name": i.title,
                "html": i.title,
                "children": tokens(i.children),
            }
            for i in items
        ]

    return tokens(page.toc)
