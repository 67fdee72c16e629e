"""One build of a notes site: the state of a build, made fresh in ``on_config``, and what
each of the plugin's hooks delegates to.

The flow: ``on_files`` reads the notes (``notes_files``) and adds the generated pages and
assets (``sources``); ``on_nav`` decides which days are shown (MkDocs' inclusion levels and
other plugins have had their say by then), builds the archive and attaches its tree to the
navigation (``nav``); each page then goes through MkDocs as any page does, and dairly adds
its plain meta (``meta``) and its rendered content (``site.content``).
"""

from __future__ import annotations

import logging
import operator
import os
from collections.abc import Callable, Hashable
from html import escape
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urljoin

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..config import DairlyConfig
from ..integrations import material_nav, material_search, mkdocs_serve, mkdocs_source
from ..notes.archive import Archive, best_entries, build_archive
from ..notes.errors import Problem
from ..notes.model import Day, Entry
from ..notes.parse import settle_page_meta
from ..notes.urls import relative_url
from ..site.compact import compact_html
from ..site.content import PageContent
from ..site.explore import explore_data_uri, explore_json, explore_uri
from ..site.feed import atom_feed, day_items
from ..site.fields import FieldRenderer
from ..site.images import ImageCache, remote_images
from ..site.nav import generated_pages
from ..site.render import Linker, Renderer, make_environment
from ..speed.memo import RenderMemo
from ..speed.search_zh import ChineseSegmenter, jieba_cut, quiet_jieba
from . import nav as site_nav
from . import serve_delta, serve_keys
from .configure import FEED_URI, Settings
from .meta import ThemeEscapes, day_meta
from .notes_files import (
    HIDDEN_IN_SERVE,
    NOT_INCLUDED,
    ServeCache,
    file_at,
    note_files,
    read_days,
)  # fmt: skip
from .sources import Sources, output_prefix
from .toc import entry_toc, toc_token, toc_tokens

log = get_plugin_logger("dairly")

IMAGES_URI = "assets/dairly/images"
SRC_URI = operator.attrgetter("src_uri")
# Pages that show entries ask the browser to send no Referer for anything they load (videos
# too, which have no referrerpolicy attribute): hotlink-protected CDNs refuse a foreign one.
REFERRER_META = '<meta name="referrer" content="no-referrer">'


class SiteBuild:
    """The state of one build and the work of each hook."""

    def __init__(
        self, options: DairlyConfig, config: MkDocsConfig, settings: Settings, *,
        serving: bool, cache: ServeCache,
    ) -> None:  # fmt: skip
        self.options = options
        self.config = config
        self.labels = settings.labels
        self.nav_days = settings.nav_days
        self.feed_url = settings.feed_url
        self.serving = serving
        self.cache = cache
        self.site_has_nav = config.nav is not None
        kept = serving and cache.reuse
        self.sources = Sources(cache.sources_folder() if kept else None, cache.sources_written)
        self.parsed: dict[str, Day] = {}  # every note read, shown or not
        self.days: dict[str, Day] = {}  # the notes shown in this build
        self.archive = Archive(notes_dir=options.notes_dir, newest_first=True)
        self.generated: dict[str, str | None] = {}  # src_uri -> title of a generated page
        self.best: dict[str, tuple[str, list[Any]]] = {}  # src_uri -> (title, entries)
        self.home_uri: str | None = None
        self.feed_file: File | None = None
        self.explore_file: File | None = None  # the explore page's data (notes/explore.json)
        self.added: dict[str, File] = {}  # src_uri -> a file dairly added to this build
        self.in_nav: set[int] = set()  # ids of the pages in the navigation
        self.nav_folders: set[str] = set()  # every folder a navigation URL lies in
        self.sidebar: RenderMemo | None = None
        self._theme_env: jinja2.Environment | None = None
        self._notes_read: list[int] | None = None  # the note files last read (ids)
        self.files: Files | None = None
        self.image_map: dict[str, str] = {}  # remote image URL -> site path of its cached copy
        self.reported: set[Problem] = set()
        self.drafts: set[str] = set()  # src_uri of the drafts shown (only by `mkdocs serve`)
        self.theme = ThemeEscapes()
        self.search_views: dict[str, str] = {}  # src_uri -> a day's lean view, until indexed
        self._renderer: Renderer | None = None
        self._content: PageContent | None = None
        self.reuse: mkdocs_serve.ServeReuse | None = None
        self._site_key: serve_keys.Key | None = None
        self._files_settled = False
        self._day_keys: dict[str, Hashable] | None = None
        self._page_keys: dict[str, Hashable | None] = {}
        # the day pages whose key may differ from last build's (False: not known yet;
        # None: any may, see ``serve_delta``)
        self._affected: set[str] | Literal[False] | None = False
        self._shown_ids: list[int] | None = None  # the days the archive was built from
        self._generated: tuple[Archive, list[Any]] | None = None  # and its generated pages
        self._nav_keys: dict[int, serve_keys.Key] = {}

    # -- on_pre_build: under `mkdocs serve`, reuse the unchanged pages -------------------

    def pre_build(self) -> None:
        """A rebuild of ``mkdocs serve`` reuses the pages whose inputs did not change."""
        if self.serving and self.cache.reuse:
            self.reuse = mkdocs_serve.reuse_pages(
                self.config, self.cache.pages, self.cache.kept, self._content_key,
                self._output_key, self._search_entries, (self._kept_view, self._restore_view),
                self.cache.said,
            )  # fmt: skip
            if self.reuse is None:
                self.cache.kept.forget()
                self.cache.shown = None

    def _kept_view(self, page: Page) -> str | None:
        return self.search_views.get(page.file.src_uri)

    def _restore_view(self, page: Page, view: str | None) -> None:
        if view is not None:
            self.search_views[page.file.src_uri] = view

    def _content_key(self, page: Page) -> Hashable | None:
        """What a page's content is made from (see ``serve_keys``)."""
        if self.files is None:
            return None
        src_uri = page.file.src_uri
        if src_uri in self._page_keys:
            return self._page_keys[src_uri]
        key = self._page_keys[src_uri] = self._make_content_key(page)
        return key

    def _make_content_key(self, page: Page) -> Hashable | None:
        site = self._site_keys()
        src_uri = page.file.src_uri
        day = self.days.get(src_uri)
        if day is not None:
            if self._affected is False:
                self._affected = serve_delta.affected_days(
                    self.cache.shown, site, self.days, self.archive
                )
            if self._affected is not None and src_uri not in self._affected:
                assert self.cache.shown is not None
                kept = self.cache.shown.keys.get(src_uri)
                if isinstance(kept, tuple) and kept[2] == page.url:
                    return kept  # the day and those it shows are as last build
            text = self.cache.text(src_uri, self.options.notes_dir)
            if text is None:
                return None
            source: Hashable = text
            older, newer = self.archive.older(day), self.archive.newer(day)
            shown = [day, older, newer, *self.archive.on_this_day(day)]
            days_key: Hashable = self._days_key([d for d in shown if d is not None])
        else:
            source = serve_keys.source_key(page.file)
            days_key = self._overview_key(src_uri)
        # Tuples, not digests: a key is compared with the one kept, and an unchanged
        # note's text is the very string kept (compared by identity first).
        return (site, src_uri, page.url, source, days_key)

    def _site_keys(self) -> bytes:
        """What every page of this build shares, and the site's file list (see ``serve_keys``)."""
        if self._site_key is None:
            # made of the files as every plugin left them: not before the last on_files
            assert self.files is not None and self._files_settled
            notes, added = set(self.parsed), set(self.added)
            self._site_key = serve_keys.digest([
                serve_keys.site_key(self.config, self.files, notes, added),
                serve_keys.files_key(self.files),
            ])  # fmt: skip
        return self._site_key

    def _overview_key(self, src_uri: str) -> Hashable:
        """The days a page of dairly's (but a day's) shows: its year's or month's; the home
        page the newest days and the newest year (its calendar); a best-of list the entries
        it lists; the explore page only the periods and counts (its entries are data); the
        archive all."""
        if not (src_uri in self.generated or src_uri == self.home_uri):
            return ()
        archive = self.archive
        if src_uri == self.home_uri and archive.years:
            year = archive.years[0] if archive.newest_first else archive.years[-1]
            recent = archive.recent(self.options.home_recent + 1)
            return (self._days_key(recent), self._days_key(year.days))
        if src_uri in self.best:  # a best-of list: the entries it lists, not all its days
            title, best = self.best[src_uri]
            return (title, self._days_key([d for d, _ in best]), tuple(e.number for _, e in best))
        if src_uri == explore_uri(self.options.notes_dir):  # the periods and the counts
            days = archive.chronological
            periods = tuple((m.year, m.month) for y in archive.years for m in y.months)
            return (periods, len(days), sum(len(d.entries) for d in days))
        group = archive.overview(src_uri)
        days = group.days if group is not None else archive.chronological
        return self._days_key(days)

    def _days_key(self, days: list[Day]) -> tuple[Hashable, ...]:
        """Each day's note and whether it is a draft (its URL and whether it is shown: the
        site's file list, in the site key), made once a build for all the days shown."""
        if self._day_keys is None:
            notes_dir, drafts = self.options.notes_dir, self.drafts
            self._day_keys = {
                uri: (uri, self.cache.text(uri, notes_dir), uri in drafts) for uri in self.days
            }
        return tuple(map(self._day_keys.__getitem__, map(SRC_URI, days)))

    def _output_key(self, page: Page, content_key: Hashable, nav: Navigation) -> Hashable:
        """What a page's HTML is made from: its content and the navigation."""
        nav_key = self._nav_keys.get(id(nav))
        if nav_key is None:
            nav_key = self._nav_keys[id(nav)] = serve_keys.nav_key(nav)
        return (content_key, nav_key, page.file.inclusion)

    def _search_entries(self) -> list[Any] | None:
        found = material_search.material_index(self.config)
        if found is None:
            return None
        entries = material_search.entries(found[0])
        if entries is None:
            raise RuntimeError("Material's search index keeps no list of entries")
        return entries

    # -- on_files ------------------------------------------------------------------------

    def add_files(self, files: Files, *, final: bool) -> Files:
        """Read every day note; add the generated pages and the feed.

        Called twice: early (``final=False``), so that other plugins' ``on_files`` see the
        generated pages as files (mkdocs-redirects keeps a list of them), and last, on the
        files as every other plugin left them: notes are read again only if their files
        changed (mkdocs-static-i18n makes new ones per language), pages another plugin
        dropped are added again, and problems are reported then, once."""
        if self.reuse is not None and not final:
            self.reuse.keep_previous()  # MkDocs has emptied the site folder by now
        self.files = files
        notes = note_files(files, self.options.notes_dir, self.added.values())
        if [id(f) for f in notes] != self._notes_read:
            self._notes_read = [id(f) for f in notes]
            self._read_notes(files, notes)
        self._set_shown(files)
        self._place_pages(files, final=final)
        if final:
            self._files_settled = True
            for day in self.parsed.values():
                for problem in day.problems:
                    self.report(problem)
            if not self.parsed:
                log.info(f"no day notes found under '{self.options.notes_dir}/' in docs_dir")
            if self.options.images == "cache":
                self._cache_images(files)
        return files

    def _read_notes(self, files: Files, notes: list[File]) -> None:
        if not self.serving:
            self.cache.parsed.clear()  # only `mkdocs serve` rebuilds keep notes as parsed
        cache = self.cache if self.serving else None
        days = read_days(notes, self.options.notes_dir, cache, self.sources.write)
        self.parsed = {d.src_uri: d for d in days}
        first = file_at(files, days[0].src_uri) if days else None
        self.sources.dest_prefix = output_prefix(first, self.config) if first else ""

    def _place_pages(self, files: Files, *, final: bool) -> None:
        """Add the generated pages and the feed that are not there yet (reporting, when
        ``final``, a file of the site's own at their path); remove those no longer planned
        (a month left without a day to show); the best-of lists of the days shown."""
        planned: dict[str, tuple[dict[str, Any] | None, bool]] = {}
        titles: dict[str, str] = {}  # of the overviews (the home page takes the site's name)
        self.best.clear()
        explore = self.options.explore
        if self._generated is None or self._generated[0] is not self.archive:
            best_count = self.options.best_count
            pages = generated_pages(
                self.archive, self.labels, best_count, explore=explore, best=self._best_entries
            )
            self._generated = (self.archive, pages)
        pages = self._generated[1]
        for page in pages:
            titles[page.src_uri] = page.title
            if page.best is not None:
                self.best[page.src_uri] = (page.title, list(page.best))
            # The archive page is in the nav where MkDocs or a nav plugin places the notes
            # folder; dairly attaches the rest of the tree to it (see ``nav``).
            overview = {"title": page.title, "search": {"exclude": True}}
            planned[page.src_uri] = (overview, page.src_uri == self.archive.src_uri)
        self.home_uri = "index.md" if self.options.home else None
        if self.options.home and self._ours("index.md", files) in (None, True):
            planned["index.md"] = ({"title": self.labels.home}, True)
        if self.feed_url:
            planned[FEED_URI] = (None, False)
        explore_data = explore_data_uri(self.options.notes_dir)
        if explore:
            planned[explore_data] = (None, False)
        occupied: dict[str, File] | None = None  # the site's own files by output path
        for src_uri, (meta, in_nav) in planned.items():
            mine = self._ours(src_uri, files)
            if mine:
                continue
            if occupied is None:
                mine_now = set(map(id, self.added.values()))
                occupied = {f.dest_uri: f for f in files if id(f) not in mine_now}
            theirs = occupied.get(self.sources.dest_uri(src_uri, self.config))
            if mine is False or (mine is None and theirs is not None):
                # Never over a file of the site's own: its page stays, dairly's is not made.
                if final and src_uri != "index.md":
                    self._report_taken(src_uri, theirs, "a page dairly generates" if meta else
                                       "a file dairly writes")  # fmt: skip
                continue
            if mine is None:
                if meta is None:
                    self.added[src_uri] = self.sources.asset(files, self.config, src_uri)
                else:
                    added = self.sources.page(files, self.config, src_uri, meta, in_nav=in_nav)
                    self.added[src_uri] = added
        for src_uri in [uri for uri in self.added if uri not in planned]:
            file = self.added.pop(src_uri)
            if file_at(files, src_uri) is file:
                files.remove(file)
        files_written = (FEED_URI, explore_data)
        self.generated = {uri: titles.get(uri) for uri in self.added if uri not in files_written}
        self.feed_file = self.added.get(FEED_URI)
        self.explore_file = self.added.get(explore_data)

    def _best_entries(
        self, src_uri: str, days: list[Day], count: int
    ) -> tuple[tuple[Day, Entry], ...]:
        """A best-of page's entries; in a rebuild, those of last build for the very same
        days (a day whose note is unchanged is the same ``Day``; the days are kept with
        the entries, so that their ids stay theirs). Nothing else goes in: this runs before
        the site's files are settled."""
        if self.reuse is None:
            return tuple(best_entries(days, count))
        name, key = f"best {src_uri}", (count, tuple(map(id, days)))
        kept = self.cache.kept.get(name, key)
        if kept is None:
            kept = (days, tuple(best_entries(days, count)))
            self.cache.kept.put(name, key, kept)
        return cast(tuple[tuple[Day, Entry], ...], kept[1])

    def _report_taken(self, src_uri: str, theirs: File | None, what: str) -> None:
        if theirs is None or theirs.src_uri == src_uri:
            message = f"this path is reserved for {what}; rename the file"
            self.report(Problem(src_uri, message, line=1))
            return
        message = f"its page {theirs.url} is where {what} ({src_uri}) goes; rename the file"
        self.report(Problem(theirs.src_uri, message, line=1))

    def _ours(self, src_uri: str, files: Files) -> bool | None:
        """Whether the file at ``src_uri`` is one dairly added (None: there is none)."""
        file = file_at(files, src_uri)
        return None if file is None else file is self.added.get(src_uri)

    def _set_shown(self, files: Files) -> None:
        """The days this build shows: those whose file is still there and included."""
        shown = []
        self.drafts = set()  # shown only by `mkdocs serve`: they carry a "draft" badge
        hidden = self._hidden
        for src_uri, day in self.parsed.items():
            file = file_at(files, src_uri)
            if file is not None and file.inclusion not in hidden:
                shown.append(day)
                if file.inclusion in NOT_INCLUDED:
                    self.drafts.add(src_uri)
        self.days = {d.src_uri: d for d in shown}
        shown_ids = [id(d) for d in shown]
        if shown_ids != self._shown_ids:  # other plugins left the days shown as they were
            self._shown_ids = shown_ids
            newest_first = self.options.order == "newest"
            self.archive = build_archive(shown, self.options.notes_dir, newest_first)
        self._content = None

    @property
    def _hidden(self) -> tuple[InclusionLevel, ...]:
        """The inclusion levels of files this build does not show (drafts only in a build)."""
        return HIDDEN_IN_SERVE if self.serving else NOT_INCLUDED

    def _shows(self, file: File) -> bool:
        return file.inclusion not in self._hidden

    def _cache_images(self, files: Files) -> None:
        """Download the remote images of shown days into the cache and add them to the site."""
        wanted = remote_images(self.archive.chronological)
        if not wanted:
            return
        folder = self.options.images_cache_dir
        config_file = self.config.config_file_path or os.path.join(os.getcwd(), "mkdocs.yml")
        cache = ImageCache(
            Path(os.path.dirname(config_file), folder),
            max_bytes=self.options.images_max_bytes,
            timeout=float(self.options.images_timeout),
        )
        try:
            result = cache.fetch_all(wanted)
        except OSError as exc:
            log.warning(f"images: cannot use the cache folder {folder}: {exc}")
            return
        for url, image in result.images.items():
            uri = f"{IMAGES_URI}/{image.name}"
            if file_at(files, uri) is None:
                files.append(File.generated(self.config, uri, abs_src_path=str(image.path)))
            self.image_map[url] = uri
        level = logging.WARNING if self.options.images_strict else logging.INFO
        for url, reason in sorted(result.failures.items()):
            day, number = wanted[url]
            message = f"{url} not cached ({reason}); the remote URL stays"
            line = day.lines.field(number, "image")
            log.log(level, str(Problem(day.src_uri, message, number, "image", line=line)))
        cached, kept = len(result.images), len(result.failures)
        log.info(f"images: {cached} cached in {folder}, {kept} kept remote")

    # -- on_nav --------------------------------------------------------------------------

    def attach_nav(self, nav: Navigation, files: Files) -> Navigation:
        """Settle which days are shown (other plugins may have removed files since
        ``on_files``), attach the day tree to the navigation, and meet Material's search."""
        self.files = files
        self._set_shown(files)
        self._place_pages(files, final=False)
        explore = explore_uri(self.options.notes_dir)  # the page dairly made, if it did
        nav = site_nav.attach_tree(
            nav, files, self.archive, self.labels, days=self.nav_days,
            section_title=self.options.nav_title, site_has_nav=self.site_has_nav,
            explore=explore if explore in self.generated else None,
        )  # fmt: skip
        self._read_front_matter_once(files)
        self.in_nav = {id(page) for page in nav.pages}
        self.nav_folders = site_nav.folders(nav)
        self._meet_search()
        return nav

    def _read_front_matter_once(self, files: Files) -> None:
        read = []
        for src_uri, day in self.days.items():
            file = file_at(files, src_uri)
            if file is not None:
                read.append((file, day.front_matter))
                if not self.serving:  # the page holds it now (serve reuses the days)
                    day.front_matter = None
        mkdocs_source.read_front_matter_once(read)

    def prepare_env(self, env: Any) -> None:
        """Before MkDocs writes the pages: Material's sidebar rendered once per month for the
        day pages outside the navigation (see ``integrations.material_nav``); the feed. (Under
        ``mkdocs serve`` the theme's environments keep compiled templates: ``compile_once``.)"""
        if self.config.theme.name == "material" and self.days and not self.nav_days:
            import material

            templates = os.path.join(os.path.dirname(material.__file__), "templates")
            self.sidebar = material_nav.memoize_sidebar(
                env, templates, self.in_nav, self.nav_folders
            )
        self.write_feed()
        self.write_explore()

    def _meet_search(self) -> None:
        found = material_search.material_index(self.config)
        if found is None:
            return
        index, options = found
        material_search.skip_needless_scan(self.config)
        if self.options.search_view:
            material_search.index_lean_views(index, self._search_view)
        if self.reuse is not None:
            material_search.dump_entries_once(index, self.cache.search_json, self.cache.said)
        if self.options.search_typed_first and self.files is not None:
            material_search.typed_first(self.files)
        if material_search.searches_chinese_with_jieba(index, options, self.labels.lang):
            with quiet_jieba():
                material_search.memoize_segmentation(index, self._segmenter(options))

    def _segmenter(self, search_options: Any) -> ChineseSegmenter:
        """The memoized segmenter. Under ``mkdocs serve`` one segmenter that remembers every
        run lives from build to build (not with a custom jieba dictionary, which may change)."""
        custom = getattr(search_options, "jieba_dict", None) or getattr(
            search_options, "jieba_dict_user", None
        )
        if not self.serving or custom:
            return ChineseSegmenter(jieba_cut)
        if self.cache.segmenter is None:
            self.cache.segmenter = ChineseSegmenter(jieba_cut, memo_max_chars=None)
        return self.cache.segmenter

    def _search_view(self, page: Page) -> str | None:
        return self.search_views.pop(page.file.src_uri, None)

    # -- pages ---------------------------------------------------------------------------

    def page_markdown(self, markdown: str, page: Page) -> str:
        """A day page's plain meta (title, date, description, tags), a generated page's
        description; a day's Markdown is left as
        MkDocs and the other plugins gave it (unless MkDocs could not read the front matter
        either: then it is shown verbatim, see ``Day.body``)."""
        src_uri = page.file.src_uri
        day = self.days.get(src_uri)
        if day is None:
            if src_uri in self.generated and not isinstance(page.meta.get("description"), str):
                described = self.content.description(src_uri)
                if src_uri == self.home_uri:
                    newest = self.archive.newest
                    described = self.config.site_description or (
                        self.renderer.day_title(newest) if newest else None
                    )
                if described:
                    page.meta["description"] = described
            return markdown
        # Keys meant for MkDocs, Material or other plugins (hide, template, …) reach them
        # only as the note's validation kept them (a bad one is a problem already).
        settle_page_meta(page.meta, day)
        day_meta(page, day, self.renderer.day_title(day))
        self._check_template(page, day)
        if day.unread_front_matter and markdown.lstrip("\ufeff").startswith("---"):
            return day.body  # the front matter MkDocs could not read, shown verbatim
        return markdown

    def _check_template(self, page: Page, day: Day) -> None:
        """A ``template`` must exist in the theme (MkDocs would stop the build)."""
        template = page.meta.get("template")
        if isinstance(template, str) and not self._template_exists(template):
            message = f"no template '{template}' in the theme or custom_dir; main.html is used"
            line = day.lines.field(None, "template")
            self.report(Problem(day.src_uri, message, field="template", line=line))
            del page.meta["template"]

    def _template_exists(self, name: str) -> bool:
        if self._theme_env is None:
            self._theme_env = self.config.theme.get_env()
        try:
            self._theme_env.get_template(name)
        except jinja2.TemplateNotFound:
            return False
        except jinja2.TemplateError:
            return True  # it exists; MkDocs reports what is wrong inside it
        return True

    def page_content(self, html: str, page: Page) -> str:
        """Put the cards, home section and index listings into the page content."""
        src_uri = page.file.src_uri
        day = self.days.get(src_uri)
        content = self.content
        if day is not None:
            page.toc = get_toc(entry_toc(self.renderer, day, 2) + toc_tokens(page))  # type: ignore[arg-type]
            html, view = content.day(day, page.url, self.report, html)
            if self.options.search_view:
                self.search_views[src_uri] = view
            return html
        if src_uri == self.home_uri and self.options.home:
            generated = src_uri in self.generated
            section = self.renderer.home(
                self.archive, content.linker(page.url, self.report),
                recent=self.options.home_recent,
                site_name=self.config.site_name if generated else None,
                calendar=self.options.calendar, filter=self.options.star_filter,
            )  # fmt: skip
            if self.archive.newest is not None:
                latest = toc_token(2, "latest", self.labels.latest)
                latest["children"] = entry_toc(self.renderer, self.archive.newest, 3)
                page.toc = get_toc([*toc_tokens(page), latest])  # type: ignore[list-item]
            return html + section
        if src_uri in self.generated:
            return content.overview(src_uri, page.url, self.report)
        return html

    def before_template(self, page: Page) -> None:
        """The page's template is rendered next: escaped text where the theme prints raw."""
        if self.is_ours(page.file.src_uri):
            neighbours = (page.previous_page, page.next_page)
            self.theme.open(page, [n for n in neighbours if n and n.file.src_uri in self.days])

    def after_template(self, page: Page) -> None:
        """The page's template has been rendered: plain meta again."""
        self.theme.close(page)

    def post_page(self, output: str, page: Page) -> str:
        """Advertise the feed on every page; on dairly's pages, ask for no Referer and
        compact the HTML."""
        if self.feed_url:
            link = (
                f'<link rel="alternate" type="application/atom+xml" '
                f'title="{escape(self.config.site_name)}" href="{escape(self.feed_url)}">'
            )
            output = output.replace("</head>", f"{link}\n</head>", 1)
        if not self.is_ours(page.file.src_uri):
            return output
        output = output.replace("</head>", f"{REFERRER_META}\n</head>", 1)
        return compact_html(output) if self.options.compact_html else output

    # -- on_env / end --------------------------------------------------------------------

    def write_feed(self) -> None:
        """Write the feed's source, before MkDocs copies it into the site."""
        feed_url = self.feed_url
        if self.feed_file is None or feed_url is None:
            return
        site_url = self.config.site_url or ""
        recent = self.archive.recent(self.options.feed_count)

        def linker_for(day: Day) -> tuple[Linker, str]:
            page_url = self.site_url(day.src_uri) or day.src_uri
            base = urljoin(site_url, page_url)
            return Linker(page_url, self.site_url, self.report, base), base

        def cards(day: Day, linker: Linker, entries: list[Entry] | None) -> str:
            def draw() -> str:
                return str(self.renderer.cards(day, linker, entries=entries))

            numbers = None if entries is None else tuple(e.number for e in entries)
            name = f"feed cards {day.src_uri} {numbers} {linker.page_url} {linker.base}"
            return str(self._kept(name, self._days_key([day]), draw))

        def make() -> str:
            items = day_items(
                recent, self.renderer, linker_for,
                per_entry=self.options.feed_per == "entry", cards=cards,
            )  # fmt: skip
            return atom_feed(
                title=self.config.site_name, site_url=site_url, feed_url=feed_url,
                language=self.labels.lang, items=items,
            )  # fmt: skip

        self.sources.write(FEED_URI, self._kept("feed", self._days_key(recent), make))

    def write_explore(self) -> None:
        """Write the explore page's data, before MkDocs copies it into the site: the days
        shown, each linked relative to the data file."""
        if self.explore_file is None:
            return
        base = self.explore_file.url

        def day_url(day: Day) -> str | None:
            page_url = self.site_url(day.src_uri)
            return None if page_url is None else relative_url(page_url, base)

        kept, site = None, None
        if self.reuse is not None:  # the rows of last build's days, made for the same site
            kept, site = self.cache.explore_rows, self._site_keys()
        data = explore_json(
            self.archive.chronological, self.renderer.entry_title, day_url, kept, made_with=site
        )
        self.sources.write(explore_data_uri(self.options.notes_dir), data)

    def close(self, *, built: bool) -> None:
        """Remove what the build wrote for itself; under ``mkdocs serve``, keep what the
        pages left for the next rebuild if the build finished."""
        if self.reuse is not None:
            self.reuse.finish(built=built)
            if built:
                self.cache.kept.finish()
            else:
                self.cache.kept.forget()
            self.cache.shown = None
            if built and self._site_key is not None:
                self.cache.shown = serve_delta.shown(
                    self._site_key, self.days, self.archive, self._page_keys
                )
            self.cache.reused = (self.reuse.reused_content, self.reuse.reused_output)
            self.reuse = None
        self.sources.close()

    # -- helpers -------------------------------------------------------------------------

    def is_ours(self, src_uri: str) -> bool:
        """A page dairly renders: a day, a generated page or the home page."""
        return src_uri in self.days or src_uri in self.generated or src_uri == self.home_uri

    def report(self, problem: Problem) -> None:
        """Log a problem once per build as a warning (``--strict`` turns it into a failure)."""
        if problem not in self.reported:
            self.reported.add(problem)
            log.warning(str(problem))

    def site_url(self, src_uri: str) -> str | None:
        """The URL of the page or file ``src_uri`` of this build (``None``: not published)."""
        if self.files is None:
            return None
        file = file_at(self.files, src_uri)
        if file is None or not self._shows(file):
            return None
        return file.url

    @property
    def renderer(self) -> Renderer:
        """The renderer of dairly's templates for this build."""
        if self._renderer is None:
            env = make_environment(self.config.theme.get_env().loader)  # type: ignore[arg-type]
            if self.serving:
                env.bytecode_cache = self.cache.bytecode
            fields = FieldRenderer(self.config.markdown_extensions, self.config.mdx_configs)
            self._renderer = Renderer(env, fields, self.labels)
        self._renderer.days = self.days
        self._renderer.image_map = self.image_map
        self._renderer.drafts = self.drafts
        # Material's tags plugin shows a page's tags above its content: no second row of them.
        self._renderer.theme_tags = "material/tags" in self.config.plugins
        self._renderer.remember = self._remember if self.reuse is not None else None
        return self._renderer

    def _remember(self, name: str, days: list[Day], linker: Linker, make: Callable[[], Any]) -> Any:
        """A month's list or a year's calendar, as the page ``linker`` writes for shows it."""
        return self._kept(f"{name} {linker.page_url} {linker.base}", self._days_key(days), make)

    def _kept(self, name: str, key: Hashable, make: Callable[[], Any]) -> Any:
        """``make()``; in a rebuild of ``mkdocs serve``, what it gave for ``name`` last build
        if ``key`` and the site's key are the same (the feed, a day's explore data, a month's
        list, a year's calendar)."""
        if self.reuse is None:
            return make()
        key = (self._site_keys(), key)
        value = self.cache.kept.get(name, key)
        if value is None:
            value = make()
            self.cache.kept.put(name, key, value)
        return value

    @property
    def content(self) -> PageContent:
        """What renders the content of dairly's pages in this build."""
        if self._content is None:
            self._content = PageContent(
                self.renderer, self.days, self.archive, self.best, self.site_url,
                star_filter=self.options.star_filter, calendar=self.options.calendar,
            )  # fmt: skip
        return self._content
