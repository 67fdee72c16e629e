"""The ``dairly`` MkDocs plugin: hooks only, each delegating to the plain modules."""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import posixpath
import sys
import zlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from html import escape
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import nest_paths
from mkdocs.utils.templates import TemplateContext

from . import partial_cache, tree
from .compact import compact_html
from .config import DairlyConfig
from .errors import Problem
from .feed import atom_feed, day_items
from .fields import FieldRenderer
from .forked import ForkedCall, FromTheEnd
from .i18n import Labels, labels_for
from .images import ImageCache, remote_images
from .model import Day
from .notes import attach_duplicate_dates, parse_day
from .page_content import PageContent
from .pages import DayPage
from .render import TEMPLATE_DIR, Linker, Renderer, make_environment
from .search_worker import SearchWorker, page_for_index, worker_functions
from .search_zh import ChineseSegmenter, jieba_cut
from .search_zh import install as install_segmenter
from .worker import Function, Worker
from .worker import available as worker_available

log = get_plugin_logger("dairly")

ASSETS = os.path.join(os.path.dirname(__file__), "assets")
CSS_URI = "assets/dairly/dairly.css"
JS_URI = "assets/dairly/dairly.js"
FEED_URI = "feed.xml"
IMAGES_URI = "assets/dairly/images"
# Pages that show entries ask the browser to send no Referer for anything they load (videos
# too, which have no referrerpolicy attribute): hotlink-protected CDNs refuse a foreign one.
REFERRER_META = '<meta name="referrer" content="no-referrer">'


_UNSET: Any = object()
# A log of this many notes or more is parsed partly (this share, in %) in the build process,
# the rest in a forked process.
PARSE_SPLIT_MIN = 200
PARSE_HERE_SHARE = 55
# Notes parsed under `mkdocs serve`: (src_uri, notes_dir) -> (the note's text, its Day).
ParsedNotes = dict[tuple[str, str], tuple[str, Day]]


def _searches_chinese_with_jieba(index: Any, search_config: Any, language: str) -> bool:
    """Material's search cuts Chinese with jieba, and the site is in Chinese (``language``)
    or its search separator splits at the zero-width spaces jieba's cuts are marked with.
    (Checking the memoized segmenter loads jieba's dictionary: half a second a site in
    another language would otherwise never spend.)"""
    if not getattr(sys.modules.get(type(index).__module__), "jieba", None):
        return False
    separator = str(getattr(search_config, "separator", None) or "")
    return language == "zh" or "\\u200b" in separator or "\u200b" in separator


def _page(files: Files, src_uri: str) -> Page | None:
    file = files.get_file_from_path(src_uri)
    return file.page if file is not None else None


class DairlyPlugin(BasePlugin[DairlyConfig]):
    """Turns the day notes under ``notes_dir`` into cards, a year/month nav and a home page."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.nav_days = False
        # Kept from build to build under `mkdocs serve` (MkDocs keeps the plugin instance).
        self.serve_segmenter: ChineseSegmenter | None = None
        self.serve_parsed: ParsedNotes = {}
        self.worker: Worker | None = None
        # Pages rendered by a forked process from the last one back (see ``forked``).
        self.ahead: FromTheEnd[tuple[str, str], tuple[bytes, str, list[Problem]]] | None = None
        self.gc_frozen = False
        self._reset()

    def _reset(self) -> None:
        self.days: dict[str, Day] = {}
        self.archive = tree.Archive(notes_dir="notes", newest_first=True)
        self.labels: Labels = labels_for(None)
        self.generated: dict[str, str | None] = {}  # src_uri -> title of a generated page
        self.best: dict[str, tuple[str, list[Any]]] = {}  # src_uri -> (title, entries)
        self.home_uri: str | None = None
        self.feed_url: str | None = None
        self.reported: set[Problem] = set()
        self.renderer: Renderer | None = None
        self.page_content: PageContent | None = None
        self.image_map: dict[str, str] = {}  # remote image URL -> site path of its cached copy
        self.search_index: Any = _UNSET  # Material's search index, looked up on first use
        self.search_config: Any = None
        self.held: dict[str, bytes] = {}  # src_uri -> compressed content until it is written
        self.taken: dict[str, tuple[str, bytes]] = {}  # src_uri -> content from self.ahead
        self.in_nav: set[int] = set()  # ids of the pages the nav lists
        # Every folder the nav's URLs lie in or below ("a/", "a/b/" for "a/b/c.html").
        self.nav_folders: set[str] = set()
        self.partial_cache: partial_cache.PartialCache | None = None
        self._stop_workers()  # left by a build that failed
        self.search_worker: SearchWorker | None = None
        self.search_functions: dict[str, Function] = {}
        self.ahead_numbers: dict[str, int] = {}  # src_uri -> its number in self.ahead
        self._unfreeze()

    # -- lifecycle ----------------------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether drafts are shown (only under ``mkdocs serve``)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check options, pick the language, and wire templates, assets and nav features."""
        self._reset()
        notes_dir = self.config.notes_dir.strip().strip("/")
        if not notes_dir or notes_dir.startswith("..") or os.path.isabs(self.config.notes_dir):
            raise PluginError(
                "dairly: 'notes_dir' must be a folder inside docs_dir like 'notes', "
                f"got {self.config.notes_dir!r}"
            )
        self.config.notes_dir = notes_dir
        for name, least in (("home_recent", 0), ("best_count", 1), ("feed_count", 1),
                            ("images_max_bytes", 1)):  # fmt: skip
            if self.config[name] < least:
                raise PluginError(
                    f"dairly: '{name}' must be at least {least}, got {self.config[name]}"
                )
        if self.config.images_timeout <= 0:
            raise PluginError(
                f"dairly: 'images_timeout' must be a number of seconds above 0, "
                f"got {self.config.images_timeout}"
            )
        theme = config.theme
        language = self.config.language or theme.get("language") or config.get("locale")
        self.labels = labels_for(str(language) if language else None)
        if self.labels.lang == "zh":
            # jieba (Chinese word segmentation for Material's search) logs to stderr on load.
            logging.getLogger("jieba").setLevel(logging.WARNING)

        # Our templates go right after the site's custom_dir, before the theme's own.
        position = 1 if theme.custom_dir else 0
        if TEMPLATE_DIR not in theme.dirs:
            theme.dirs.insert(position, TEMPLATE_DIR)
        if CSS_URI not in config.extra_css:
            config.extra_css.insert(0, CSS_URI)
        if self.config.star_filter and JS_URI not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        features = (theme.get("features") or []) if theme.name == "material" else []
        nav_days = self.config.nav_days
        # Material shows an integrated table of contents only under the page's own nav item.
        self.nav_days = "toc.integrate" in features if nav_days is None else nav_days
        if theme.name == "material":
            wanted = [("navigation.prune", self.config.prune_nav),
                      ("navigation.indexes", self.config.section_indexes)]  # fmt: skip
            theme["features"] = features + [f for f, on in wanted if on and f not in features]
        self.user_nav = config.nav
        feed = self.config.feed
        if feed and not config.site_url:
            log.warning("feed: true needs site_url in mkdocs.yml (a feed's links must be absolute)")
        if (feed is None or feed) and config.site_url:
            self.feed_url = urljoin(config.site_url, FEED_URI)
        return config

    # -- files and nav ------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Read every day note, add the generated pages and assets, and lay out the nav."""
        notes_dir = self.config.notes_dir
        prefix = notes_dir + "/"
        days = []
        parsed: ParsedNotes = {}
        notes = [
            (file, *_read_text(file))
            for file in files.documentation_pages(inclusion=InclusionLevel.all)
            if file.src_uri.startswith(prefix) and file.inclusion != InclusionLevel.EXCLUDED
        ]
        half, parsed_half = self._parse_half_forked([(f.src_uri, t) for f, t, _ in notes])
        for number, (file, text, unreadable) in enumerate(notes):
            if number < half:
                day = self._parse(file.src_uri, text, notes_dir, parsed)
            else:
                day = parsed_half()[number - half]
            if unreadable is not None:
                day.problems.insert(0, unreadable)
            days.append(day)
            if day.draft:
                file.inclusion = InclusionLevel.DRAFT
            elif not self.nav_days:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            # MkDocs would parse the whole front matter again (with the pure-Python YAML
            # loader); hand it only the keys meant for it. The body comes in on_page_markdown.
            # Set the content in place so abs_src_path stays for plugins that read the file.
            file._content = _page_source(day.page_meta)
        self.serve_parsed = parsed
        attach_duplicate_dates(days)
        for day in days:
            for problem in day.problems:
                self.report(problem)
        self.days = {d.src_uri: d for d in days}
        shown = [d for d in days if self.serving or not d.draft]
        self.archive = tree.build_archive(shown, notes_dir, self.config.order == "newest")
        if not days:
            log.info(f"no day notes found under '{notes_dir}/' in docs_dir")

        for generated in tree.generated_pages(self.archive, self.labels, self.config.best_count):
            self._generate(files, config, generated.src_uri, generated.title, generated.in_nav)
            if generated.best is not None:
                self.best[generated.src_uri] = (generated.title, list(generated.best))
        if self.config.home:
            if files.get_file_from_path("index.md") is None:
                self._generate(files, config, "index.md", None)
            self.home_uri = "index.md"
        self._add_asset(files, config, CSS_URI, abs_src_path=os.path.join(ASSETS, "dairly.css"))
        if self.config.star_filter:
            self._add_asset(files, config, JS_URI, abs_src_path=os.path.join(ASSETS, "dairly.js"))
        if self.config.images == "cache":
            self._cache_images(files, config)
        if self.feed_url:
            self._add_asset(files, config, FEED_URI, content=self._feed(config, files))
        config.nav = self._nav(files)
        if not self.nav_days:
            listed = set(tree.nav_paths(config.nav))  # a page in the nav gets its title there
            for day in self.days.values():
                day_file = files.get_file_from_path(day.src_uri)
                if day_file is not None and day_file.page is None and day.src_uri not in listed:
                    DayPage(None, day_file, config)
        return files

    def _parse_half_forked(
        self, notes: list[tuple[str, str]]
    ) -> tuple[int, Callable[[], list[Day]]]:
        """Have a forked process parse the end of a large log while this one parses the
        start: ``(half, second)``, ``second()`` giving the days from ``half`` on."""
        count, notes_dir = len(notes), self.config.notes_dir
        if count < PARSE_SPLIT_MIN or not self._workers_on():
            return count, list
        # The forked process also pickles its days, and this one unpickles them: it gets less.
        half = count * PARSE_HERE_SHARE // 100

        def second_half() -> list[Day]:
            return [parse_day(src_uri, text, notes_dir) for src_uri, text in notes[half:]]

        try:
            call = ForkedCall(second_half)
        except OSError:
            return count, list
        days: list[list[Day]] = []

        def result() -> list[Day]:
            if not days:
                days.append(call.result())
                if call.failure:
                    log.info(f"worker: the second process failed ({call.failure}); parsed here")
            return days[0]

        return half, result

    def _parse(
        self,
        src_uri: str,
        text: str,
        notes_dir: str,
        parsed: ParsedNotes,
    ) -> Day:
        """Parse a note; under ``mkdocs serve``, a note unchanged since the last build is not
        parsed again (``parsed`` collects this build's notes for the next one)."""
        if not self.serving:
            return parse_day(src_uri, text, notes_dir)
        key = (src_uri, notes_dir)
        cached = self.serve_parsed.get(key)
        if cached is None or cached[0] != text:
            cached = (text, parse_day(src_uri, text, notes_dir))
        parsed[key] = cached
        day = cached[1]
        # The build adds problems to a day (duplicate dates); the cached one stays as parsed.
        return dataclasses.replace(day, problems=list(day.problems))

    def _cache_images(self, files: Files, config: MkDocsConfig) -> None:
        """Download the remote images of shown days into the cache and add them to the site."""
        wanted = remote_images(self.archive.chronological)
        if not wanted:
            return
        folder = self.config.images_cache_dir
        root = os.path.dirname(config.config_file_path or os.path.join(os.getcwd(), "mkdocs.yml"))
        cache = ImageCache(
            Path(root, folder),
            max_bytes=self.config.images_max_bytes,
            timeout=float(self.config.images_timeout),
        )
        try:
            result = cache.fetch_all(wanted)
        except OSError as exc:
            log.warning(f"images: cannot use the cache folder {folder}: {exc}")
            return
        for url, image in result.images.items():
            uri = f"{IMAGES_URI}/{image.name}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(image.path)))
            self.image_map[url] = uri
        level = logging.WARNING if self.config.images_strict else logging.INFO
        for url, reason in sorted(result.failures.items()):
            day, number = wanted[url]
            message = f"{url} not cached ({reason}); the remote URL stays"
            log.log(level, str(Problem(day.src_uri, message, number, "image")))
        cached, kept = len(result.images), len(result.failures)
        log.info(f"images: {cached} cached in {folder}, {kept} kept remote")

    def _add_asset(self, files: Files, config: MkDocsConfig, uri: str, **source: str) -> None:
        """Add a file dairly writes (stylesheet, script, feed), never over one of the site's."""
        if files.get_file_from_path(uri) is not None:
            self.report(
                Problem(uri, "this path is reserved for a file dairly writes; rename the file")
            )
            return
        files.append(File.generated(config, uri, **source))  # type: ignore[call-overload]

    def _generate(
        self,
        files: Files,
        config: MkDocsConfig,
        src_uri: str,
        title: str | None,
        in_nav: bool = True,
    ) -> None:
        """Add an empty page at ``src_uri``; its content is rendered in ``on_page_content``."""
        if files.get_file_from_path(src_uri) is not None:
            self.report(
                Problem(
                    src_uri, "this path is reserved for a page dairly generates; rename the file"
                )
            )
            return
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
        self.generated[src_uri] = title

    def _nav(self, files: Files) -> Any:
        notes_prefix = self.config.notes_dir + "/"
        others = [
            f.src_uri
            for f in sorted(files.documentation_pages(), key=file_sort_key)
            if f.inclusion.is_in_nav()
            and not f.src_uri.startswith(notes_prefix)
            and f.src_uri != "index.md"
        ]
        home = None
        if files.get_file_from_path("index.md") is not None:
            home = self.labels.home if "index.md" in self.generated else "index.md"
        return tree.site_nav(
            self.archive, self.labels, user_nav=self.user_nav, nav_title=self.config.nav_title,
            home=home, other_nav=nest_paths(others), days=self.nav_days,
        )  # fmt: skip

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Link the day pages into the nav (see ``_link_days``); start the worker, or give
        Material's search the memoized Chinese segmenter."""
        self.in_nav = {id(page) for page in nav.pages}  # a day the site's nav lists stays there
        self.nav_folders = {
            url[: i + 1] for url in _nav_urls(nav.items) for i, c in enumerate(url) if c == "/"
        }
        if not self.nav_days:
            self._link_days(nav, files)
        if not self.serving:
            # The notes, files and pages live to the end of the build: the garbage collector
            # need not go through them again and again, and the worker (forked next) shares
            # their memory pages instead of copying them as the collector touches them.
            gc.freeze()
            self.gc_frozen = True
        # The last step before MkDocs reads the pages: a process forked now has it all.
        index = self._search_index(config)
        segment = index is not None and _searches_chinese_with_jieba(
            index, self.search_config, self.labels.lang
        )
        if self._workers_on():
            self._start_ahead(config, files)
            if index is not None and self.config.search_view:
                # Filled as MkDocs reads the pages; the worker starts in on_env.
                self.search_functions = worker_functions(index, segment=segment)
                self.search_worker = SearchWorker(self.search_functions)
                if segment:
                    index._segment_chinese = self.search_worker
        if segment and self.search_worker is None:
            install_segmenter(index, self._segmenter(self.search_config))
        return nav

    def _link_days(self, nav: Navigation, files: Files) -> None:
        """Without days in the nav: a day page belongs to its month's page (which the nav
        then opens and highlights), and its previous and next pages (Material's ``p`` / ``n``
        keys and footer) are the days next to it in nav order."""
        listed = self.in_nav
        ordered = [
            (page, month.src_uri)
            for day, month in tree.days_in_nav_order(self.archive)
            if (page := _page(files, day.src_uri)) is not None and id(page) not in listed
        ]
        for i, (page, month_uri) in enumerate(ordered):
            month_page = _page(files, month_uri)
            if month_page is not None and month_page.parent is not None:
                page.parent = month_page  # type: ignore[assignment]
            page.previous_page = ordered[i - 1][0] if i > 0 else None
            page.next_page = ordered[i + 1][0] if i + 1 < len(ordered) else None

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Have Material's navigation and other partials rendered once per month for the day
        pages that are not in the nav (see ``partial_cache``); start the worker that indexes
        pages for search."""
        self.partial_cache = None
        if config.theme.name == "material" and self.days:
            self.partial_cache = partial_cache.install(env, self._nav_key, _material_templates())
        ahead, self.ahead = self.ahead, None
        if ahead is not None and not ahead.close():
            log.info(f"worker: the second process failed ({ahead.failure}); built in one")
        if self.search_worker is not None:
            # MkDocs has read every page: a worker forked now indexes them for search while
            # MkDocs writes the pages.
            try:
                self.worker = Worker(self.search_functions)
            except OSError as exc:
                log.info(f"worker: cannot start a second process ({exc}); building in one")
            self.search_worker.start(self.worker)
        return env

    def _start_ahead(self, config: MkDocsConfig, files: Files) -> None:
        """Fork a process that renders the content of dairly's pages (the days whose
        Markdown body is empty, the generated overviews) from the last one back, while
        MkDocs reads the pages from the first on."""
        self._page_content(config, files).renderer.preload()  # compiled once, before the fork
        order = [
            (f.src_uri, f.url)
            for f in files.documentation_pages()
            if ((day := self.days.get(f.src_uri)) is not None and not day.body.strip())
            or (f.src_uri in self.generated and f.src_uri != self.home_uri)
        ]
        if not order:
            return
        try:
            self.ahead = FromTheEnd(order, self._page_content(config, files).ahead)
        except OSError as exc:
            log.info(f"worker: cannot start a second process ({exc}); building in one")
            return
        self.ahead_numbers = {src_uri: number for number, (src_uri, _) in enumerate(order)}

    def _take_ahead(self, src_uri: str) -> tuple[str, str] | None:
        """The content and search view the forked process rendered for a page, if it has
        (and the problems it found are reported); else None: render it here."""
        number = self.ahead_numbers.get(src_uri)
        if number is None or self.ahead is None:
            return None
        done, result = self.ahead.take(number)
        if not done or result is None:
            return None
        compressed, view, problems = result
        for problem in problems:
            self.report(problem)
        content = zlib.decompress(compressed).decode("utf-8")
        self.taken[src_uri] = (content, compressed)  # held as it is, if nothing changes it
        return content, view

    def _nav_key(self, context: Mapping[str, Any]) -> Hashable | None:
        """What Material's navigation (and the other cached partials) of a day page depend
        on: the page's nav ancestors (the open, highlighted items) and its folder (the
        relative links)."""
        page = context.get("page")
        if page is None or id(page) in self.in_nav or page.file.src_uri not in self.days:
            return None
        url = page.url
        # With directory URLs a link below the page's own folder is relative to the page.
        if url.endswith("/") and url in self.nav_folders:
            return None
        return posixpath.dirname(url.rstrip("/")), url.endswith("/"), id(page.parent)

    def _feed(self, config: MkDocsConfig, files: Files) -> str:
        """The Atom feed: the newest days (or their entries) with absolute URLs."""
        assert self.feed_url is not None
        site_url = config.site_url or ""

        def linker_for(day: Day) -> tuple[Linker, str]:
            page_url = _site_url(files, day.src_uri) or day.src_uri
            base = urljoin(site_url, page_url)
            return Linker(page_url, lambda path: _site_url(files, path), self.report, base), base

        items = day_items(
            self.archive.recent(self.config.feed_count), self._renderer(config), linker_for,
            per_entry=self.config.feed_per == "entry",
        )  # fmt: skip
        return atom_feed(
            title=config.site_name, site_url=site_url, feed_url=self.feed_url,
            language=self.labels.lang, items=items,
        )  # fmt: skip

    # -- pages --------------------------------------------------------------------------------

    @event_priority(50)  # Before Material's tags plugin reads the page's tags.
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give day pages their parsed body, title and tags; give generated pages their titles."""
        src_uri = page.file.src_uri
        day = self.days.get(src_uri)
        if day is not None:
            # Material prints meta titles and tags unescaped; these come from front matter.
            page.meta["title"] = escape(self._renderer(config).day_title(day))
            tags = list(dict.fromkeys([*day.tags, *(t for e in day.entries for t in e.tags)]))
            page.meta["tags"] = [escape(tag) for tag in tags]
            return day.body
        if src_uri in self.generated:
            title = self.generated[src_uri]
            if title is not None:
                page.meta["title"] = title
                # Overviews repeat the days' text: leave them out of the search index.
                page.meta["search"] = {"exclude": True}
        return markdown

    @event_priority(50)  # Before other plugins read the content.
    def _render_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the cards, home section and index listings into the page content."""
        src_uri = page.file.src_uri
        renderer = self._renderer(config)
        options = self.config
        day = self.days.get(src_uri)
        if day is not None:
            page.toc = get_toc(_entry_toc(renderer, day, 2) + _toc_tokens(page))  # type: ignore[arg-type]
            ahead = self._take_ahead(src_uri)
            if ahead is not None and not html:
                content, view = ahead
            else:  # the forked process has not rendered it, or the body is not empty
                content, view = self._page_content(config, files).day(
                    day, page.url, self.report, html
                )
            self._index_day(page, config, view)
            return content
        if src_uri == self.home_uri and options.home:
            generated = src_uri in self.generated
            linker = self._page_content(config, files).linker(page.url, self.report)
            section = renderer.home(
                self.archive, linker, recent=options.home_recent,
                site_name=config.site_name if generated else None,
                calendar=options.calendar, filter=options.star_filter,
            )  # fmt: skip
            if self.archive.newest is not None:
                extra = [_token(2, "latest", self.labels.latest)]
                extra[0]["children"] = _entry_toc(renderer, self.archive.newest, 3)
                page.toc = get_toc(_toc_tokens(page) + extra)  # type: ignore[arg-type]
            return html + section
        if src_uri in self.generated:
            ahead = self._take_ahead(src_uri)
            if ahead is not None:
                return ahead[0]
            return self._page_content(config, files).overview(src_uri, page.url, self.report)
        return html

    @event_priority(-100)  # After every other plugin has seen and changed the content.
    def _hold_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Keep the content of dairly's pages compressed until the page is written.

        MkDocs renders the content of every page before it writes the first one, so without
        this a ten-year log would hold all its cards at once (over 100 MB); compressed they
        take a sixth of that. ``on_page_context`` puts the content back.
        """
        src_uri = page.file.src_uri
        taken = self.taken.pop(src_uri, None)
        if html and self._is_ours(src_uri):
            if taken is not None and taken[0] is html:  # as the forked process compressed it
                self.held[src_uri] = taken[1]
            else:
                self.held[src_uri] = zlib.compress(html.encode("utf-8"), 1)
            return ""
        return html

    on_page_content = CombinedEvent(_render_content, _hold_content)

    @event_priority(100)  # Before Material's search plugin and every other plugin.
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Put back the content held compressed."""
        held = self.held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        return context

    def _index_day(self, page: Page, config: MkDocsConfig, search_view: str) -> None:
        """Index a day page from its lean search view (see ``search_view``) as soon as it is
        rendered (so that its cards need not wait in memory for the page's turn to be
        written), or queue the view for the search worker."""
        index = self._search_index(config) if self.config.search_view else None
        if index is None or (page.meta.get("search") or {}).get("exclude"):
            return
        if self.search_worker is not None:
            view = page_for_index(page.title, page.url, page.toc, page.meta, search_view)
            index.entries.append(self.search_worker.index_page(view))
        else:
            page_content = page.content
            page.content = search_view
            try:
                index.add_entry_from_context(page)
            finally:
                page.content = page_content
        # Indexed: Material's search plugin skips the page when it comes to it.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}

    def _search_index(self, config: MkDocsConfig) -> Any:
        """Material's search index, if its plugin is on and takes entries as we expect
        (``search_config``: its options)."""
        if self.search_index is not _UNSET:
            return self.search_index
        self.search_index = None
        for plugin in config.plugins.values():
            if type(plugin).__module__.startswith("material.plugins.search"):
                index = getattr(plugin, "search_index", None)
                search_config = getattr(plugin, "config", None)
                if getattr(search_config, "enabled", True) and callable(
                    getattr(index, "add_entry_from_context", None)
                ):
                    self.search_index = index
                    self.search_config = search_config
                break
        return self.search_index

    @event_priority(100)  # Before Material's search plugin writes the index.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Put what the worker did for search into Material's index; stop the worker."""
        self._unfreeze()
        search, self.search_worker = self.search_worker, None
        if search is not None and self.search_index not in (None, _UNSET):
            # (Done here by the build process if the worker could not start.)
            self.search_index.entries = search.fill_in(self.search_index.entries)
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.close()
            if worker.failure:
                log.info(f"worker: the second process failed ({worker.failure}); built in one")

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the worker processes of a failed build."""
        self._unfreeze()
        self._stop_workers()

    def _segmenter(self, search_config: Any) -> ChineseSegmenter:
        """The memoized segmenter for this build. Under ``mkdocs serve`` the plugin lives
        from build to build: one segmenter that remembers every run makes a rebuild's
        segmentation nearly free (not with a custom jieba dictionary, which may change)."""
        custom = getattr(search_config, "jieba_dict", None) or getattr(
            search_config, "jieba_dict_user", None
        )
        if not self.serving or custom:
            return ChineseSegmenter(jieba_cut)
        if self.serve_segmenter is None:
            self.serve_segmenter = ChineseSegmenter(jieba_cut, memo_max_chars=None)
        return self.serve_segmenter

    @event_priority(-100)  # After every other plugin has changed the page.
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Advertise the feed on every page; compact the HTML of the pages dairly renders and
        let go of their rendered content."""
        if self.feed_url:
            link = (
                f'<link rel="alternate" type="application/atom+xml" '
                f'title="{escape(config.site_name)}" href="{escape(self.feed_url)}">'
            )
            output = output.replace("</head>", f"{link}\n</head>", 1)
        if not self._is_ours(page.file.src_uri):
            return output
        # Written next and never read again: MkDocs would hold every day's HTML to the end
        # of the build (a ten-year log's cards take about 100 MB).
        page.content = None
        output = output.replace("</head>", f"{REFERRER_META}\n</head>", 1)
        return compact_html(output) if self.config.compact_html else output

    # -- helpers ------------------------------------------------------------------------------

    def _workers_on(self) -> bool:
        """Whether this build forks worker processes (see the ``worker`` option)."""
        return self.config.worker and not self.serving and worker_available()

    def _stop_workers(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.close()
        ahead, self.ahead = self.ahead, None
        if ahead is not None:
            ahead.close()

    def _unfreeze(self) -> None:
        if self.gc_frozen:
            gc.unfreeze()
            self.gc_frozen = False

    def _is_ours(self, src_uri: str) -> bool:
        """A page dairly renders: a day, a generated page or the home page."""
        return src_uri in self.days or src_uri in self.generated or src_uri == self.home_uri

    def report(self, problem: Problem) -> None:
        """Log a problem once per build as a warning (``--strict`` turns it into a failure)."""
        if problem not in self.reported:
            self.reported.add(problem)
            log.warning(str(problem))

    def _page_content(self, config: MkDocsConfig, files: Files) -> PageContent:
        """What renders the content of dairly's pages in this build."""
        if self.page_content is None:
            self.page_content = PageContent(
                self._renderer(config), self.days, self.archive, self.best,
                lambda path: _site_url(files, path),
                star_filter=self.config.star_filter, calendar=self.config.calendar,
            )  # fmt: skip
        return self.page_content

    def _renderer(self, config: MkDocsConfig) -> Renderer:
        if self.renderer is None:
            env = make_environment(config.theme.get_env().loader)  # type: ignore[arg-type]
            fields = FieldRenderer(config.markdown_extensions, config.mdx_configs)
            self.renderer = Renderer(env, fields, self.labels)
        self.renderer.days = self.days
        self.renderer.image_map = self.image_map
        return self.renderer


def _nav_urls(items: Iterable[Any]) -> Iterable[str]:
    for item in items:
        if isinstance(item, Section):
            yield from _nav_urls(item.children)
        elif isinstance(item, (Page, Link)):
            yield item.url


def _material_templates() -> str:
    """The folder of Material's own templates."""
    import material

    return os.path.join(os.path.dirname(material.__file__), "templates")


def _read_text(file: File) -> tuple[str, Problem | None]:
    """A note's text; bytes that are not UTF-8 become U+FFFD and a problem, not a crash."""
    try:
        return file.content_string, None
    except UnicodeDecodeError as exc:
        message = (
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8"
        )
        text = file.content_bytes.decode("utf-8-sig", errors="replace")
        return text, Problem(file.src_uri, message)


def _page_source(page_meta: dict[str, Any]) -> str:
    """What MkDocs reads for a day page: front matter with the keys meant for other plugins."""
    if not page_meta:
        return ""  # MkDocs would parse an empty front matter with its pure-Python YAML
    return "---\n" + yaml.safe_dump(page_meta, allow_unicode=True, sort_keys=True) + "---\n"


def _site_url(files: Files, path: str) -> str | None:
    file = files.get_file_from_path(path)
    return None if file is None else file.url


def _entry_toc(renderer: Renderer, day: Day, level: int) -> list[dict[str, Any]]:
    """TOC tokens for a day's entries, titled as their cards are."""
    return [_token(level, f"entry-{e.number}", renderer.entry_title(e)) for e in day.entries]


def _token(level: int, anchor: str, name: str) -> dict[str, Any]:
    return {
        "level": level,
        "id": anchor,
        "name": escape(name),
        "html": escape(name),
        "children": [],
    }


def _toc_tokens(page: Page) -> list[dict[str, Any]]:
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
