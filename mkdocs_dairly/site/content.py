"""What dairly puts into the content of its pages: a day's cards, a generated overview.

Nothing here knows MkDocs: the caller gives page URLs, a lookup of a docs path's URL and
where problems go.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..notes.archive import Archive, Month, Year
from ..notes.errors import Problem
from ..notes.model import Day
from .explore import SCRIPT_URI, STYLE_URI, explore_data_uri, explore_uri
from .render import Linker, Renderer

Report = Callable[[Problem], None]


class PageContent:
    """Content of dairly's pages for one build: ``days`` by src_uri, the ``archive``,
    ``best`` (src_uri of a best-of page -> its title and entries), and the options."""

    def __init__(
        self,
        renderer: Renderer,
        days: dict[str, Day],
        archive: Archive,
        best: dict[str, tuple[str, list[Any]]],
        site_url: Callable[[str], str | None],
        *,
        star_filter: bool,
        calendar: bool,
    ) -> None:
        self.renderer = renderer
        self.days = days
        self.archive = archive
        self.best = best
        self.site_url = site_url
        self.star_filter = star_filter
        self.calendar = calendar

    def linker(self, url: str, report: Report) -> Linker:
        """Links as the page at ``url`` writes them."""
        return Linker(url, self.site_url, report)

    def day(self, day: Day, url: str, report: Report, body_html: str) -> tuple[str, str]:
        """A day page's content and its lean search view (``body_html``: the note's own
        Markdown body, rendered)."""
        renderer, linker = self.renderer, self.linker(url, report)
        views = renderer.entry_views(day, linker)
        content = renderer.day_page(
            day, self.archive, linker, body_html, filter=self.star_filter, views=views
        )
        return content, renderer.search_view(day, views, body_html)

    def overview(self, src_uri: str, url: str, report: Report) -> str:
        """The content of a generated page: the archive, a year, a month or a best-of list
        ("" for any other page)."""
        renderer, linker = self.renderer, self.linker(url, report)
        if src_uri == self.archive.src_uri:
            return renderer.archive_page(self.archive, linker, calendar=self.calendar)
        if src_uri == explore_uri(self.archive.notes_dir):
            return self._explore(linker)
        if src_uri in self.best:
            title, entries = self.best[src_uri]
            return renderer.best_page(title, entries, linker)
        group = self.archive.overview(src_uri)
        if isinstance(group, Year):
            return renderer.year_page(group, linker, calendar=self.calendar)
        if isinstance(group, Month):
            return renderer.month_page(group, linker, filter=self.star_filter)
        return ""

    def description(self, src_uri: str) -> str | None:
        """A one-line plain description of a generated overview (``None`` for other pages):
        what it covers and how much, for ``<meta name="description">`` and feeds."""
        t = self.renderer.t

        def counts(days: list[Day]) -> str:
            return f"{t.days(len(days))} · {t.entries(sum(len(d.entries) for d in days))}"

        if src_uri == self.archive.src_uri:
            return f"{t.archive} · {counts(self.archive.chronological)}"
        if src_uri == explore_uri(self.archive.notes_dir):
            return f"{t.explore} · {counts(self.archive.chronological)}"
        if src_uri in self.best:
            title, entries = self.best[src_uri]
            return f"{title} · {t.entries(len(entries))}"
        group = self.archive.overview(src_uri)
        if isinstance(group, Year):
            return f"{t.year(group.year)} · {counts(group.days)}"
        if isinstance(group, Month):
            return f"{t.year_month(group.year, group.month)} · {counts(group.days)}"
        return None

    def _explore(self, linker: Linker) -> str:
        """The explore page, linking its data, script and stylesheet where this build has
        them (a plugin may have moved them, the notes' language folder holds the data)."""

        def url(src_uri: str) -> str:
            return linker.site(self.site_url(src_uri) or src_uri)

        data = url(explore_data_uri(self.archive.notes_dir))
        return self.renderer.explore_page(
            self.archive, linker, data_url=data, script_url=url(SCRIPT_URI),
            style_url=url(STYLE_URI),
        )  # fmt: skip
