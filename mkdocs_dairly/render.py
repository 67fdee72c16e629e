"""Rendering days, cards, the home section and index pages through Jinja templates (no MkDocs here).

Templates live under ``partials/dairly/`` and are looked up through the theme's loader, so a
file at the same path in the site's ``custom_dir`` replaces the packaged one. They are
rendered with autoescaping on: every front-matter string is escaped unless it went through
:class:`~mkdocs_dairly.fields.FieldRenderer` first.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .errors import Problem
from .fields import FieldRenderer
from .i18n import Labels
from .model import Day, Entry, Link
from .tree import Archive, Month, Year
from .urls import docs_path, is_relative, relative_url, split_fragment, url_problem

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


@dataclass
class Linker:
    """Turns URLs written in a note into URLs that work on the page being rendered.

    ``lookup`` maps a ``docs_dir``-relative path to its site URL (``None`` if no such file);
    ``report`` receives a problem for every refused or missing target.
    """

    page_url: str
    lookup: Callable[[str], str | None]
    report: Callable[[Problem], None]

    def url(self, url: str, day: Day, entry: int | None, field: str) -> str | None:
        """The URL to write for ``url`` from ``day``'s note, or ``None`` if it is refused."""
        problem = url_problem(url)
        if problem:
            self.report(Problem(day.src_uri, problem, entry=entry, field=field))
            return None
        url = url.strip()
        if not is_relative(url):
            return url
        target = docs_path(url, day.src_uri)
        rest = split_fragment(url)[1]
        site_url = self.lookup(target)
        if site_url is None:
            self.report(
                Problem(
                    day.src_uri,
                    f"{url!r} points at {target}, which is not in docs_dir",
                    entry=entry,
                    field=field,
                )
            )
            site_url = target
        return relative_url(site_url, self.page_url) + rest

    def page(self, src_uri: str) -> str:
        """Relative URL of a page of this site given its ``docs_dir`` path."""
        return relative_url(self.lookup(src_uri) or src_uri, self.page_url)


@dataclass
class LinkView:
    """A link as the card shows it: kind (for the icon), label, text and URL."""

    kind: str
    label: str
    text: str
    url: str


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


@dataclass
class DayView:
    """A day as index pages and the home page list it."""

    day: Day
    url: str
    title: str
    date_label: str
    iso_date: str
    stars_max: int
    entries: list[tuple[str, int]]  # (title, stars)


def link_kind(kind: str, url: str, label: str = "") -> str:
    """The icon for a link: from what it is (paper/code/demo) and where it points."""
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.")
    name = label.lower()
    if host.endswith("arxiv.org"):
        return "arxiv"
    if host == "github.com" or host.endswith(".github.io"):
        return "github" if host == "github.com" else kind if kind != "link" else "link"
    if host == "gitlab.com":
        return "gitlab"
    if "bilibili" in host or name in ("bilibili", "b站", "哔哩哔哩"):
        return "bilibili"
    if host.endswith(("youtube.com", "youtu.be")):
        return "youtube"
    if host.endswith("zhihu.com") or name in ("知乎", "zhihu"):
        return "zhihu"
    if re.search(r"\.(mp4|webm|mov)$", urlsplit(url).path, re.I) or name in ("video", "视频"):
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


class Renderer:
    """Renders cards, day pages, the home section and index pages for one build."""

    def __init__(self, env: jinja2.Environment, fields: FieldRenderer, labels: Labels) -> None:
        self.env = env
        self.fields = fields
        self.t = labels
        self._templates: dict[str, jinja2.Template] = {}

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

    def entry_view(self, entry: Entry, day: Day, linker: Linker) -> EntryView:
        """Resolve one entry for the page ``linker`` renders."""

        def resolver(field_name: str) -> Callable[[str], str | None]:
            return lambda url: linker.url(url, day, entry.number, field_name)

        view = EntryView(
            number=entry.number,
            title=entry.title or (link_text(Link(entry.url)) if entry.url else self.t.untitled),
            url=linker.url(entry.url, day, entry.number, "url") if entry.url else None,
            stars=entry.stars,
            stars_label=self.t.stars(entry.stars),
            abstract=self.fields.inline(entry.abstract, resolver("abstract"))
            if entry.abstract
            else None,
            tips=self.fields.block(entry.tips, resolver("tips")) if entry.tips else None,
            tags=entry.tags,
        )
        named = (("paper", self.t.paper, entry.paper), ("code", self.t.code, entry.code),
                 ("demo", self.t.demo, entry.demo))  # fmt: skip
        groups = [(kind, label, link) for kind, label, links in named for link in links]
        groups += [("link", label, link) for label, link in entry.links]
        for kind, label, link in groups:
            field_name = kind if kind != "link" else f"links.{label}"
            url = linker.url(link.url, day, entry.number, field_name)
            if url is not None:
                view.links.append(
                    LinkView(link_kind(kind, link.url, label), label, link_text(link), url)
                )
        for medium in entry.media:
            src = linker.url(medium.src, day, entry.number, medium.kind)
            if src is not None:
                alt = medium.alt or view.title
                view.media.append(MediaView(medium.kind, src, alt, medium.width))
        return view

    def cards(self, day: Day, linker: Linker, heading: int = 2) -> Markup:
        """All entry cards of ``day`` (the ``entry.html`` template once per entry)."""
        parts = [
            self._render(
                "entry.html", entry=self.entry_view(e, day, linker), heading=heading, day=day
            )
            for e in day.entries
        ]
        return Markup("\n").join(parts)

    def day_page(self, day: Day, linker: Linker, body_html: str) -> str:
        """The content of a day's own page: its heading, cards, then its Markdown body."""
        return self._render(
            "day.html",
            day=day,
            title=self.day_title(day),
            date_label=self.t.full_date(day.date) if day.date else "",
            cards=self.cards(day, linker),
            body=Markup(body_html),
        )

    def day_view(self, day: Day, linker: Linker) -> DayView:
        """A day as lists show it."""
        assert day.date is not None
        return DayView(
            day=day,
            url=linker.page(day.src_uri),
            title=self.day_title(day),
            date_label=self.t.full_date(day.date),
            iso_date=day.date.isoformat(),
            stars_max=max((e.stars for e in day.entries), default=0),
            entries=[(e.title or self.t.untitled, e.stars) for e in day.entries],
        )

    def home(self, archive: Archive, linker: Linker, recent: int, site_name: str | None) -> str:
        """The home section: the newest day's cards, then earlier days and the archive link."""
        newest = archive.newest
        return self._render(
            "home.html",
            site_name=site_name,
            newest=self.day_view(newest, linker) if newest else None,
            cards=self.cards(newest, linker, heading=3) if newest else Markup(""),
            earlier=[self.day_view(d, linker) for d in archive.recent(recent, skip=1)],
            archive_url=linker.page(archive.src_uri),
        )

    def month_page(self, month: Month, linker: Linker) -> str:
        """A month's overview: each day with its entries and stars."""
        return self._render(
            "month.html",
            title=self.t.year_month(month.year, month.month),
            month=month,
            days=[self.day_view(d, linker) for d in month.days],
        )

    def year_page(self, year: Year, linker: Linker) -> str:
        """A year's overview: each month with its days."""
        months = [
            (
                m,
                self.t.month(m.month),
                linker.page(m.src_uri),
                [self.day_view(d, linker) for d in m.days],
            )
            for m in year.months
        ]
        return self._render("year.html", title=self.t.year(year.year), year=year, months=months)

    def archive_page(self, archive: Archive, linker: Linker) -> str:
        """The archive overview: years and months with their counts."""
        years = [
            (
                self.t.year(y.year),
                linker.page(y.src_uri),
                [
                    (self.t.month(m.month), linker.page(m.src_uri), len(m.days), m.entry_count)
                    for m in y.months
                ],
            )
            for y in archive.years
        ]
        return self._render("archive.html", title=self.t.archive, years=years)
