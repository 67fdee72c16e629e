"""Rendering days, cards, the home section and index pages through Jinja templates (no MkDocs here).

Templates live under ``partials/dairly/`` and are looked up through the theme's loader, so a
file at the same path in the site's ``custom_dir`` replaces the packaged one. They are
rendered with autoescaping on: every front-matter string is escaped unless it went through
:class:`~mkdocs_dairly.fields.FieldRenderer` first.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar, cast
from urllib.parse import urljoin, urlsplit

import jinja2
from markupsafe import Markup

from ..notes.archive import Archive, Month, Year
from ..notes.errors import Problem, show
from ..notes.model import Day, Entry, Link
from ..notes.urls import docs_path, is_relative, relative_url, split_fragment, url_problem
from .calendar import calendar_svg
from .fields import FieldRenderer
from .i18n import Labels

TEMPLATE_DIR = posixpath.join(posixpath.dirname(__file__).replace("\\", "/"), "templates")


def make_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """A Jinja environment over the theme's loader with autoescaping on."""
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
    )


def field_problem(day: Day, message: str, entry: int | None, field: str) -> Problem:
    """A problem found while rendering a field of ``day``'s note, on the line of that field
    (for a URL inside ``tips`` or ``abstract``: the line of the key, not of its Markdown)."""
    return Problem(day.src_uri, message, entry, field, day.lines.field(entry, field))


@dataclass
class Linker:
    """Turns URLs written in a note into URLs that work on the page being rendered.

    ``lookup`` maps a ``docs_dir``-relative path to its site URL (``None`` if no such file);
    ``report`` receives a problem for every refused or missing target, on the line of the
    note's field that holds the URL (see :func:`field_problem`).
    """

    page_url: str
    lookup: Callable[[str], str | None]
    report: Callable[[Problem], None]
    base: str | None = None  # the page's absolute URL, for feeds: every URL comes out absolute

    def url(self, url: str, day: Day, entry: int | None, field: str) -> str | None:
        """The URL to write for ``url`` from ``day``'s note, or ``None`` if it is refused."""
        problem = url_problem(url)
        if problem:
            self.report(field_problem(day, problem, entry, field))
            return None
        url = url.strip()
        if not is_relative(url):
            return url
        target = docs_path(url, day.src_uri)
        rest = split_fragment(url)[1]
        site_url = self.lookup(target)
        if site_url is None:
            message = f"{show(url)} points at {target}, which is not in docs_dir"
            self.report(field_problem(day, message, entry, field))
            site_url = target
        return self._out(relative_url(site_url, self.page_url) + rest)

    def anchor(self, fragment: str) -> str:
        """A link to ``fragment`` of the page being rendered (absolute in feeds)."""
        return self._out(fragment)

    def site(self, site_url: str) -> str:
        """URL of a file of the built site (``assets/…``) from the page being rendered."""
        return self._out(relative_url(site_url, self.page_url))

    def page(self, src_uri: str) -> str:
        """URL of a page of this site given its ``docs_dir`` path."""
        return self._out(relative_url(self.lookup(src_uri) or src_uri, self.page_url))

    def _out(self, url: str) -> str:
        return urljoin(self.base, url) if self.base else url


@dataclass
class LinkView:
    """A link as the card shows it: kind (for the icon), label, text, URL, and whether it
    leaves the site (external links open in a new tab)."""

    kind: str
    label: str
    text: str
    url: str
    external: bool = True


@dataclass
class MediaView:
    """An image or video as the card shows it."""

    kind: str
    src: str
    alt: str
    width: str | None


@dataclass
class EntryView:
    """An entry with its URLs resolved for one page and its Markdown fields rendered."""

    number: int
    title: str
    url: str | None
    stars: int
    stars_label: str
    abstract: Markup | None
    links: list[LinkView] = field(default_factory=list)
    tips: Markup | None = None
    media: list[MediaView] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    anchor: str = ""  # the card's permalink: "#entry-N" (absolute in feeds)


@dataclass
class ItemView:
    """An entry as lists show it: its title, stars and the URL of its card on its day."""

    title: str
    stars: int
    stars_label: str
    url: str


@dataclass
class DayView:
    """A day as index pages and the home page list it."""

    day: Day
    url: str
    title: str
    date_label: str
    short_label: str
    iso_date: str
    stars_max: int
    entries: list[tuple[str, int]]  # (title, stars)
    items: list[ItemView] = field(default_factory=list)  # the entries, linking to their cards
    draft: bool = False  # a draft shown by `mkdocs serve`


@dataclass
class MonthView:
    """A month as year and archive pages show it."""

    month: Month
    label: str
    url: str
    best_url: str
    average: str | None
    days: list[DayView]


@dataclass
class BestView:
    """One entry of a best-of list."""

    title: str
    url: str | None
    stars: int
    stars_label: str
    day: DayView
    entry_url: str
    abstract: Markup | None


def link_kind(kind: str, url: str, label: str = "") -> str:
    """The icon for a link: from what it is (paper/code/demo) and where it points."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    name = label.lower()
    if host.endswith("arxiv.org"):
        return "arxiv"
    if host == "github.com":
        return "github"
    if host.endswith(".github.io"):  # a project page, not code
        return kind
    if host == "gitlab.com":
        return "gitlab"
    if "bilibili" in host or name in ("bilibili", "b站", "哔哩哔哩"):
        return "bilibili"
    if host.endswith(("youtube.com", "youtu.be")):
        return "youtube"
    if host.endswith("zhihu.com") or name in ("知乎", "zhihu"):
        return "zhihu"
    if host == "huggingface.co" or host.endswith(".hf.space"):
        return "huggingface"
    if parts.path.lower().endswith(".pdf"):
        return "pdf"
    if re.search(r"\.(mp4|webm|mov)$", parts.path, re.I) or name in ("video", "视频"):
        return "video"
    return kind


def link_text(link: Link) -> str:
    """What a link shows: its title, else a short form of its URL (``owner/repo``, ``arXiv:…``)."""
    if link.title:
        return link.title
    parts = urlsplit(link.url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.strip("/")
    if host == "github.com" and path.count("/") >= 1:
        return "/".join(path.split("/")[:2])
    match = re.match(r"(?:abs|pdf)/(\d{4}\.\d{4,5}(?:v\d+)?)", path)
    if host.endswith("arxiv.org") and match:
        return f"arXiv:{match.group(1)}"
    text = f"{host}/{path}" if host else link.url
    return text if len(text) <= 60 else text[:59] + "…"


T = TypeVar("T")
Remember = Callable[[str, list[Day], Linker, Callable[[], Any]], Any]


class Renderer:
    """Renders cards, day pages, the home section and index pages for one build."""

    def __init__(self, env: jinja2.Environment, fields: FieldRenderer, labels: Labels) -> None:
        self.env = env
        self.fields = fields
        self.t = labels
        self.days: dict[str, Day] = {}
        self.image_map: dict[str, str] = {}  # remote image URL -> site path of a cached copy
        self.drafts: set[str] = set()  # src_uri of the drafts shown (only by `mkdocs serve`)
        self.theme_tags = False  # the theme shows a page's tags itself (Material's tags plugin)
        # ``remember(name, days, linker, make)``: ``make()``, or what it gave for the same
        # days and page before (``mkdocs serve`` keeps month lists and calendars that way)
        self.remember: Remember | None = None
        self._templates: dict[str, jinja2.Template] = {}

    def preload(self) -> None:
        """Load (compile) every template of ``partials/dairly/`` now."""
        folder = os.path.join(TEMPLATE_DIR, "partials", "dairly")
        for name in sorted(os.listdir(folder)):
            if name.endswith(".html") and name not in self._templates:
                self._templates[name] = self.env.get_template(f"partials/dairly/{name}")

    def _render(self, name: str, **context: Any) -> Markup:
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.env.get_template(f"partials/dairly/{name}")
        return Markup(template.render(t=self.t, **context))

    def day_title(self, day: Day) -> str:
        """The day's title, or the localized date when it has none."""
        if day.title:
            return day.title
        return self.t.full_date(day.date) if day.date else posixpath.basename(day.src_uri)

    def entry_title(self, entry: Entry) -> str:
        """An entry's title; without one, a short form of its URL, else "(untitled)"."""
        if entry.title:
            return entry.title
        return link_text(Link(entry.url)) if entry.url else self.t.untitled

    def entry_view(self, entry: Entry, day: Day, linker: Linker) -> EntryView:
        """Resolve one entry for the page ``linker`` renders."""

        def resolver(field_name: str) -> Callable[[str], str | None]:
            return lambda url: linker.url(url, day, entry.number, field_name)

        def reporter(field_name: str) -> Callable[[str], None]:
            return lambda message: linker.report(
                field_problem(day, message, entry.number, field_name)
            )

        view = EntryView(
            number=entry.number,
            title=self.entry_title(entry),
            url=linker.url(entry.url, day, entry.number, "url") if entry.url else None,
            stars=entry.stars,
            stars_label=self.t.stars(entry.stars),
            abstract=self.fields.inline(entry.abstract, resolver("abstract"), reporter("abstract"))
            if entry.abstract
            else None,
            tips=self.fields.block(entry.tips, resolver("tips"), reporter("tips"))
            if entry.tips
            else None,
            tags=entry.tags,
            anchor=linker.anchor(f"#entry-{entry.number}"),
        )
        named = (("paper", self.t.paper, entry.paper), ("code", self.t.code, entry.code),
                 ("demo", self.t.demo, entry.demo))  # fmt: skip
        groups = [(kind, label, link) for kind, label, links in named for link in links]
        groups += [("link", label, link) for label, link in entry.links]
        for kind, label, link in groups:
            field_name = kind if kind != "link" else f"links.{label}"
            url = linker.url(link.url, day, entry.number, field_name)
            if url is None:
                continue
            if is_relative(link.url):
                text = link.title or self._note_label(docs_path(link.url, day.src_uri)) or link.url
                view.links.append(LinkView("note", label, text, url, external=False))
            else:
                view.links.append(
                    LinkView(link_kind(kind, link.url, label), label, link_text(link), url)
                )
        for medium in entry.media:
            cached = self.image_map.get(medium.src) if medium.kind == "image" else None
            if cached is not None:
                src: str | None = linker.site(cached)
            else:
                src = linker.url(medium.src, day, entry.number, medium.kind)
            if src is not None:
                alt = medium.alt or view.title
                view.media.append(MediaView(medium.kind, src, alt, medium.width))
        return view

    def _note_label(self, src_uri: str) -> str | None:
        """A linked note's date (and title), for links that point at another day."""
        day = self.days.get(src_uri)
        if day is None or day.date is None:
            return None
        date = self.t.full_date(day.date)
        return f"{date} · {day.title}" if day.title else date

    def cards(
        self, day: Day, linker: Linker, heading: int = 2, entries: list[Entry] | None = None,
        views: list[EntryView] | None = None,
    ) -> Markup:  # fmt: skip
        """Entry cards of ``day`` (the ``entry.html`` template once per entry)."""
        if views is None:
            views = self.entry_views(day, linker, entries)
        parts = [self._render("entry.html", entry=v, heading=heading, day=day) for v in views]
        return Markup("\n").join(parts)

    def entry_views(
        self, day: Day, linker: Linker, entries: list[Entry] | None = None
    ) -> list[EntryView]:
        """Every entry of ``day`` (or the given ones) resolved for the page ``linker`` renders."""
        chosen = day.entries if entries is None else entries
        return [self.entry_view(e, day, linker) for e in chosen]

    def search_view(self, day: Day, views: list[EntryView], body_html: str) -> str:
        """The day as Material's search indexes it: the same text as the page with a fraction
        of the markup (parsing the cards' markup was a fifth of a build), one section per
        entry so results link to ``#entry-N``."""
        parts = [f"<h1>{escape(self.day_title(day))}</h1>"]
        if day.summary:
            parts.append(f"<p>{escape(day.summary)}</p>")
        # The day's own notes belong to the day, not to its last entry.
        parts.append(body_html)
        for view in views:
            parts.append(f'<h2 id="entry-{view.number}">{escape(view.title)}</h2>')
            if view.abstract:
                parts.append(f"<p>{view.abstract}</p>")
            if view.links:
                links = " ".join(f"{escape(link.label)} {escape(link.text)}" for link in view.links)
                parts.append(f"<p>{links}</p>")
            if view.tips:
                parts.append(str(view.tips))
            if view.tags:
                parts.append(f"<p>{escape(' '.join(view.tags))}</p>")
        return "\n".join(parts)

    def day_view(self, day: Day, linker: Linker) -> DayView:
        """A day as lists show it."""
        assert day.date is not None
        url = linker.page(day.src_uri)
        return DayView(
            day=day,
            url=url,
            title=self.day_title(day),
            date_label=self.t.full_date(day.date),
            short_label=self.t.day(day.date),
            iso_date=day.date.isoformat(),
            stars_max=max((e.stars for e in day.entries), default=0),
            entries=[(self.entry_title(e), e.stars) for e in day.entries],
            items=[self.item_view(e, url) for e in day.entries],
            draft=day.src_uri in self.drafts,
        )

    def item_view(self, entry: Entry, day_url: str) -> ItemView:
        """An entry as lists show it, linking to its card on the day at ``day_url``."""
        title, stars = self.entry_title(entry), entry.stars
        return ItemView(title, stars, self.t.stars(stars), f"{day_url}#entry-{entry.number}")

    def day_page(
        self, day: Day, archive: Archive, linker: Linker, body_html: str, *, filter: bool,
        views: list[EntryView] | None = None,
    ) -> str:  # fmt: skip
        """The content of a day's own page: heading, cards, the note's own Markdown, then links
        to the older and newer day and to the same date in earlier years."""
        older, newer = archive.older(day), archive.newer(day)
        return str(
            self._render(
                "day.html",
                day=day,
                title=self.day_title(day),
                date_label=self.t.full_date(day.date) if day.date else "",
                draft=day.src_uri in self.drafts,
                theme_tags=self.theme_tags,
                cards=self.cards(day, linker, views=views),
                body=Markup(body_html),
                filter=filter and any(e.stars for e in day.entries),
                older=self.day_view(older, linker) if older else None,
                newer=self.day_view(newer, linker) if newer else None,
                on_this_day=[self.day_view(d, linker) for d in archive.on_this_day(day)],
            )
        )

    def home(
        self, archive: Archive, linker: Linker, *, recent: int, site_name: str | None,
        calendar: bool, filter: bool,
    ) -> str:  # fmt: skip
        """The home section: the newest day's cards, earlier days, this year's calendar and
        the archive link."""
        newest = archive.newest
        year = None  # the newest year, first or last in display order
        if archive.years:
            year = archive.years[0] if archive.newest_first else archive.years[-1]
        return str(
            self._render(
                "home.html",
                site_name=site_name,
                newest=self.day_view(newest, linker) if newest else None,
                cards=self.cards(newest, linker, heading=3) if newest else Markup(""),
                filter=filter and newest is not None and any(e.stars for e in newest.entries),
                earlier=[self.day_view(d, linker) for d in archive.recent(recent, skip=1)],
                calendar=self.calendar(year, linker) if calendar and year else None,
                archive_url=linker.page(archive.src_uri),
            )
        )

    def calendar(self, year: Year, linker: Linker) -> Markup:
        """The inline SVG calendar of ``year``."""

        def make() -> Markup:
            svg = calendar_svg(year.year, year.days, self.t, lambda d: linker.page(d.src_uri))
            return Markup(svg)

        return self._remembered(f"calendar {year.src_uri}", year.days, linker, make)

    def _remembered(
        self, name: str, days: list[Day], linker: Linker, make: Callable[[], T]
    ) -> T:
        """``make()``, or, with ``remember``, what it gave for ``name`` while ``days`` and
        the page ``linker`` writes for are the same."""
        if self.remember is None:
            return make()
        return cast(T, self.remember(name, days, linker, make))

    def month_view(self, month: Month, linker: Linker) -> MonthView:
        """A month with its statistics and days."""
        make = lambda: self._month_view(month, linker)  # noqa: E731
        return self._remembered(f"month {month.src_uri}", month.days, linker, make)

    def _month_view(self, month: Month, linker: Linker) -> MonthView:
        average = month.average_stars
        return MonthView(
            month=month,
            label=self.t.month(month.month),
            url=linker.page(month.src_uri),
            best_url=linker.page(month.best_uri),
            average=self.t.average_stars(average) if average is not None else None,
            days=[self.day_view(d, linker) for d in month.days],
        )

    def month_page(self, month: Month, linker: Linker, *, filter: bool) -> str:
        """A month's overview: statistics, then each day with its entries and stars."""
        return str(
            self._render(
                "month.html",
                title=self.t.year_month(month.year, month.month),
                view=self.month_view(month, linker),
                filter=filter,
            )
        )

    def year_page(self, year: Year, linker: Linker, *, calendar: bool) -> str:
        """A year's overview: its calendar, then each month with its days."""
        months = [self.month_view(m, linker) for m in year.months]
        sections = []
        for view in months:

            def section(view: MonthView = view) -> Markup:
                return self._render("year-month.html", view=view)

            name = f"year-month {view.month.src_uri}"
            sections.append(self._remembered(name, view.month.days, linker, section))
        return str(
            self._render(
                "year.html",
                title=self.t.year(year.year),
                year=year,
                best_url=linker.page(year.best_uri),
                calendar=self.calendar(year, linker) if calendar else None,
                months=months,
                sections=sections,
            )
        )

    def archive_page(self, archive: Archive, linker: Linker, *, calendar: bool) -> str:
        """The archive: every year (the newest open) → month → day, with counts and calendars."""
        newest = archive.newest.date if archive.newest else None
        newest_year = newest.year if newest else None
        newest_month = (newest.year, newest.month) if newest else None
        years = []
        for y in archive.years:
            days = y.days
            year: dict[str, Any] = {
                "label": self.t.year(y.year),
                "url": linker.page(y.src_uri),
                "open": y.year == newest_year,
                "open_month": newest_month,
                "days": len(days),
                "entries": sum(len(d.entries) for d in days),
                "calendar": self.calendar(y, linker) if calendar else None,
                "months": [self.month_view(m, linker) for m in y.months],
            }

            def section(year: dict[str, Any] = year) -> Markup:
                return self._render("archive-year.html", year=year)

            # the open month is one of the newest year's, if any
            opened = f"{year['open']} {newest_month if year['open'] else ''}"
            name = f"archive-year {y.src_uri} {calendar} {opened}"
            year["section"] = self._remembered(name, days, linker, section)
            years.append(year)
        return str(self._render("archive.html", title=self.t.archive, years=years))

    def best_page(self, title: str, entries: list[tuple[Day, Entry]], linker: Linker) -> str:
        """A best-of list: the highest-rated entries with their day."""
        views = []
        for day, entry in entries:
            day_view = self.day_view(day, linker)
            view = self.entry_view(entry, day, linker)
            views.append(
                BestView(view.title, view.url, entry.stars, view.stars_label, day_view,
                         f"{day_view.url}#entry-{entry.number}", view.abstract)
            )  # fmt: skip
        return str(self._render("best.html", title=title, entries=views))

    def explore_page(
        self, archive: Archive, linker: Linker, *, data_url: str, script_url: str,
        style_url: str,
    ) -> str:  # fmt: skip
        """The explore page: its controls, the periods (years and months, in display order)
        to choose from, and where its script, stylesheet and data are; the entries come from
        the data, in the browser."""
        periods = []
        for year in archive.years:
            periods.append((f"{year.year:04d}", self.t.year(year.year)))
            for month in year.months:
                value = f"{month.year:04d}-{month.month:02d}"
                periods.append((value, self.t.year_month(month.year, month.month)))
        days = archive.chronological
        return str(
            self._render(
                "explore.html",
                title=self.t.explore,
                periods=periods,
                days=len(days),
                entries=sum(len(d.entries) for d in days),
                data_url=data_url,
                script_url=script_url,
                style_url=style_url,
                archive_url=linker.page(archive.src_uri),
            )
        )
