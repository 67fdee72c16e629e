"""Material's tags plugin next to a ``mkdocs serve`` rebuild that reuses pages, through the
door.

The tags plugin collects each page's tags and listing directives in its
``on_page_markdown``, renders the listings into their pages' content and table of contents
in ``on_env`` (the table of contents in place), and gives each tagged page its tag links
in ``on_page_context``. A reused page skips the first and the last. So for a reused page
the plugin's ``on_page_markdown`` is called again with the very Markdown it was given when
the page was made (kept with the page); a page holding a listing keeps a copy of its table
of contents from before ``on_env`` and gets a fresh copy of it; and a page's output is
reused only if its tag links, as ``on_page_context`` gives them, are the same. The
plugin's code is compared with the version this was written against, in every build.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .door import source_digest

# sha256 (16 hex digits) of the parts of Material 9.x's tags plugin this relies on.
KNOWN = {
    "TagsPlugin.on_page_markdown": "0e5f03833587fbbe",
    "TagsPlugin.on_env": "0ecf212f76b5fa00",
    "TagsPlugin.on_page_context": "c0a11a61e4dea891",
    "ListingManager.add": "c10aa0068a48c8f4",
    "ListingManager.populate": "23325ed3315d4159",
    "MappingManager.add": "ca543f1548fd1925",
    "toc.populate": "cf9ea3fb2f6665e6",
}
MODULE = "material.plugins.tags."


def tags_plugins(config: MkDocsConfig) -> list[Any]:
    """The instances of Material's tags plugin in the site."""
    return [p for p in config.plugins.values() if type(p).__module__.startswith(MODULE)]


class TagsReplay:
    """What a reused page needs of Material's tags plugin in one rebuild."""

    def __init__(self, plugin: Any, config: MkDocsConfig) -> None:
        self.plugin = plugin
        self.config = config
        self.inputs: dict[str, str] = {}  # src_uri -> the Markdown the plugin was given
        self._events: list[Any] | None = None
        self._original: Any = None

    def check(self) -> str | None:
        """Why the plugin's work cannot be replayed (``None``: it can)."""
        from material.plugins.tags.plugin import TagsPlugin
        from material.plugins.tags.structure.listing.manager import ListingManager, toc
        from material.plugins.tags.structure.mapping.manager import MappingManager

        parts = {
            "TagsPlugin.on_page_markdown": TagsPlugin.on_page_markdown,
            "TagsPlugin.on_env": TagsPlugin.on_env,
            "TagsPlugin.on_page_context": TagsPlugin.on_page_context,
            "ListingManager.add": ListingManager.add,
            "ListingManager.populate": ListingManager.populate,
            "MappingManager.add": MappingManager.add,
            "toc.populate": toc.populate,
        }
        for name, function in parts.items():
            if source_digest(function) != KNOWN[name]:
                return f"Material's tags plugin's {name} is not the one this was written against"
        if not isinstance(getattr(self.plugin.listings, "data", None), set):
            return "Material's tags plugin keeps its listings otherwise"
        return None

    def install(self) -> None:
        """Keep the Markdown the plugin's ``on_page_markdown`` is given, page by page."""
        events = self.config.plugins.events["page_markdown"]
        mine = [i for i, m in enumerate(events) if getattr(m, "__self__", None) is self.plugin]
        if not mine:
            return
        i = mine[0]
        original = events[i]

        def recorded(markdown: str, *, page: Page, **kwargs: Any) -> Any:
            self.inputs[page.file.src_uri] = markdown
            return original(markdown, page=page, **kwargs)

        events[i] = recorded
        self._events, self._original = events, (i, original)

    def uninstall(self) -> None:
        """Give MkDocs' list of events its own method back."""
        if self._events is not None:
            i, original = self._original
            self._events[i] = original
            self._events = None

    def replay(self, page: Page, markdown: str | None, files: Any) -> None:
        """A reused page: the plugin collects its tags and listings again."""
        if markdown is not None:
            self.plugin.on_page_markdown(markdown, page=page, config=self.config, files=files)

    def holds_listing(self, page: Page) -> bool:
        """Whether the plugin renders a listing into ``page`` (its table of contents too)."""
        return any(listing.page is page for listing in self.plugin.listings.data)

    def links(self, page: Page) -> Hashable:
        """The tag links ``on_page_context`` gives the page's template."""
        context: dict[str, Any] = {}
        self.plugin.on_page_context(context, page=page)
        refs = context.get(self.plugin.config.tags_name_variable) or []
        return tuple(
            (ref.name, tuple((link.title, link.url) for link in ref.links)) for ref in refs
        )


def copied_toc(toc: Any) -> Any:
    """A table of contents the plugin may rewrite without touching ``toc``."""
    return copy.deepcopy(toc)
