"""Under ``mkdocs serve``, a page whose inputs did not change is reused from the previous
build, through the door.

MkDocs' ``build()`` reads and renders every page (``_populate_page``), then renders each
into its template and writes it (``_build_page``), after emptying the site folder. In a
rebuild, for a page whose content key (see ``build.serve_keys``) is the one it had, the
first step restores what it left on the page last time (Markdown, meta, content, table of
contents, title, anchors) and says again what it logged; for a page whose output key is
also the same, the second puts back the very file the previous build wrote, gives
Material's search index the same entries and says again what it logged. Every other page
goes through MkDocs as usual, and what it left is kept for the next rebuild.

Skipping a page's events is invisible only to plugins whose page work is reused here, so
this is on only when every plugin with a page event (or ``on_env``, ``on_post_build``) is
dairly, Material's search, or one instance of Material's tags plugin, whose work is replayed
for a reused page (see ``material_tags``). It rests on ``build()`` calling those two
functions of its module, and on what they and ``Page.render`` do: their source is compared
with the versions this was written against, in every build. If anything differs, the site is built
the plain way and one INFO line says why, once per ``mkdocs serve``.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import logging
import os
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

import jinja2
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from ..speed.listing import RECENT_NS, Listing, sweep
from ..speed.memo import BuildMemo
from .door import source_digest, use
from .material_tags import MODULE as TAGS_MODULE
from .material_tags import TagsReplay, copied_toc, tags_plugins

# sha256 (16 hex digits) of the source of what this stands in for, MkDocs 1.6.x.
KNOWN = {
    "_populate_page": "31a70ea4caef1e12",
    "_build_page": "adcdbd14b2361126",
    "build": "c476b64474acfaa2",
    "clean_directory": "b3c0aa8107311f44",
    "Page.render": "320529348f7a8af1",
    "Files.add_files_from_theme": "0169dd2b1c22ca13",
}
# Events in which a plugin could do page work that a reused page would skip.
PAGE_EVENTS = (
    "pre_page", "page_read_source", "page_markdown", "page_content", "page_context",
    "post_page", "env", "post_build",
)  # fmt: skip
REUSABLE_PLUGINS = ("mkdocs_dairly.", "material.plugins.search.")
# The previous build's files are hidden while MkDocs empties the site folder (it leaves
# hidden entries alone); the marker's time is the build's start, by the folder's own clock.
HIDDEN = ".dairly-kept-"
MARKER = ".dairly-build"
LISTING = "site listing"  # the name the site folder's listing is kept under

Key = Hashable
ContentKey = Callable[[Page], Key | None]
OutputKey = Callable[[Page, Key, Navigation], Key]


@dataclass
class PageRecord:
    """What a page's two steps left and logged in the build that made them."""

    state: tuple[Any, ...]
    populate_logs: list[logging.LogRecord]
    extra: Any = None  # what the plugin kept of the page beside it (a day's lean search view)
    output_key: Key | None = None
    content: str | None = None  # page.content after its template (the search plugin trims it)
    build_logs: list[logging.LogRecord] = field(default_factory=list)
    entries: list[Any] = field(default_factory=list)  # what the page added to search
    tags_input: str | None = None  # the Markdown Material's tags plugin was given
    dest: tuple[str, str, str] | None = None  # (site folder, dest_uri, the file's path)


def _snapshot(page: Page) -> tuple[Any, ...]:
    return (
        page.markdown, dict(page.meta), page.content, page.toc, page._title_from_render,
        page.present_anchor_ids, page.links_to_anchors,
    )  # fmt: skip


def _restore(page: Page, state: tuple[Any, ...]) -> None:
    markdown, meta, content, toc, title, anchors, links = state
    page.markdown, page.meta, page.content, page.toc = markdown, dict(meta), content, toc
    page._title_from_render = title
    page.present_anchor_ids, page.links_to_anchors = anchors, links


@contextlib.contextmanager
def _captured() -> Iterator[list[logging.LogRecord]]:
    """The records MkDocs' loggers (plugins' included) emit meanwhile; they still go out."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def _replay(records: list[logging.LogRecord]) -> None:
    for record in records:
        logging.getLogger(record.name).handle(record)


class ServeReuse:
    """One rebuild's reuse of the previous build's pages."""

    def __init__(
        self, memo: BuildMemo[PageRecord], kept: BuildMemo[Any], site_dir: str,
        content_key: ContentKey, output_key: OutputKey,
        search_entries: Callable[[], list[Any] | None],
        extra: tuple[Callable[[Page], Any], Callable[[Page, Any], None]],
        tags: TagsReplay | None = None,
    ) -> None:  # fmt: skip
        self.memo = memo
        self.tags = tags  # Material's tags plugin, its work replayed for reused pages
        self.kept = kept  # what else the build keeps (the theme's static files)
        self.extra = extra  # what dairly keeps of a page beside it: (get, set)
        self.site_dir = site_dir
        self.content_key = content_key
        self.output_key = output_key
        self.search_entries = search_entries
        self._records: dict[str, PageRecord] = {}  # src_uri -> this build's record
        self._originals: tuple[Any, Any, Any] | None = None
        self._hidden: list[str] = []
        self._started: int | None = None  # ns; set when the previous build's files are kept
        self._kept: set[str] = set()
        self._listing: Listing | None = None  # the site folder as the last build left it
        self._entries: tuple[list[Any] | None] | None = None
        self.reused_content = 0
        self.reused_output = 0

    # -- MkDocs' two steps, wrapped ----------------------------------------------------

    def populate(self, original: Any, page: Page, *args: Any, **kwargs: Any) -> None:
        src_uri = page.file.src_uri
        key = self.content_key(page)
        record = self.memo.get(src_uri, key) if key is not None else None
        if record is not None:
            _restore(page, record.state)
            if self.tags is not None:
                self.tags.replay(page, record.tags_input, args[1])
                if self.tags.holds_listing(page):  # its on_env rewrites the toc in place
                    page.toc = copied_toc(page.toc)
            self.extra[1](page, record.extra)
            _replay(record.populate_logs)
            self._records[src_uri] = record
            self.reused_content += 1
            return
        with _captured() as logs:
            original(page, *args, **kwargs)
        if key is not None:
            state = _snapshot(page)
            record = PageRecord(state, logs, self.extra[0](page))
            if self.tags is not None:
                record.tags_input = self.tags.inputs.get(src_uri)
                if self.tags.holds_listing(page):  # as it was before on_env rewrites it
                    record.state = (*state[:3], copied_toc(page.toc), *state[4:])
            self._records[src_uri] = record
            self.memo.put(src_uri, key, record)

    def build_page(
        self, original: Any, page: Page, config: MkDocsConfig, doc_files: Any,
        nav: Navigation, *args: Any, **kwargs: Any,
    ) -> None:  # fmt: skip
        src_uri = page.file.src_uri
        record = self._records.get(src_uri)
        key = self.content_key(page) if record is not None else None
        output_key = self.output_key(page, key, nav) if key is not None else None
        if output_key is not None and self.tags is not None:
            # the content as the template gets it (a listing is rendered into it in on_env)
            # and the tag links the tags plugin gives the template
            output_key = (output_key, page.content, self.tags.links(page))
        if self._entries is None:  # Material's list, made in its on_config
            self._entries = (self.search_entries(),)
        entries = self._entries[0]
        same = record is not None and output_key is not None and record.output_key == output_key
        if same and record is not None and self._put_back(self._dest(page, record)):
            if entries is not None:
                entries.extend(record.entries)
            _replay(record.build_logs)
            page.content = record.content
            self.reused_output += 1
            return
        before = len(entries) if entries is not None else 0
        with _captured() as logs:
            original(page, config, doc_files, nav, *args, **kwargs)
        if record is not None:
            record.output_key = output_key
            record.dest = None
            record.content = page.content
            record.build_logs = logs
            record.entries = entries[before:] if entries is not None else []

    def theme_files(self, original: Any, files: Files, env: Any, config: MkDocsConfig) -> None:
        """``Files.add_files_from_theme``: the theme's static files as MkDocs found them last
        build, while no folder of the theme changed (a folder's time changes with every file
        added, removed or renamed in it); MkDocs lists every file of the theme's folders to
        find them (Material's hold 14,000 icons). Those the docs have stay the docs'."""
        theme, name = config.theme, "theme files"
        key = (tuple(theme.dirs), tuple(theme.static_templates), config.site_dir,
               config.use_directory_urls)  # fmt: skip
        kept = self.kept.get(name, key)
        if kept is None or not _unchanged(kept[0]):
            started = time.time_ns()
            folders = _folder_times(theme.dirs)
            found = Files([])  # what MkDocs adds to docs that have none of them
            original(found, env, config)
            kept = (folders, [(f.src_uri, f.src_dir) for f in found])
            if all(t < started - RECENT_NS for _, t in folders):
                self.kept.put(name, key, kept)
        for path, folder in kept[1]:
            if files.get_file_from_path(path) is None:
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))

    def _dest(self, page: Page, record: PageRecord) -> str:
        """The path of ``page``'s file (normalized), as its record kept it."""
        uri = page.file.dest_uri
        if record.dest is None or record.dest[:2] != (self.site_dir, uri):
            record.dest = (self.site_dir, uri, os.path.normpath(page.file.abs_dest_path))
        return record.dest[2]

    def _put_back(self, dest: str) -> bool:
        """The previous build's file for a page is where it was: keep it."""
        listing = self._listing  # none yet in the first rebuild
        if not (listing.holds(dest) if listing is not None else os.path.isfile(dest)):
            return False
        self._kept.add(dest)
        return True

    # -- a build's start and end -------------------------------------------------------

    def install(self) -> None:
        """Keep the previous build's files from MkDocs' emptying of the site folder (see
        ``keep_previous``); wrap MkDocs' two steps."""
        self._hidden = []
        self._listing = self.kept.get(LISTING, os.path.normpath(self.site_dir))
        if len(self.memo) and os.path.isdir(self.site_dir):
            marker = os.path.join(self.site_dir, MARKER)
            with open(marker, "wb"):
                pass
            self._started = os.stat(marker).st_mtime_ns
            for name in sorted(os.listdir(self.site_dir)):
                if not name.startswith("."):
                    os.replace(
                        os.path.join(self.site_dir, name),
                        os.path.join(self.site_dir, HIDDEN + name),
                    )
                    self._hidden.append(name)
        populate, build_page = mkdocs_build._populate_page, mkdocs_build._build_page
        theme_files = Files.add_files_from_theme
        self._originals = (populate, build_page, theme_files)

        def _populate_page(page: Page, *args: Any, **kwargs: Any) -> None:
            self.populate(populate, page, *args, **kwargs)

        def _build_page(page: Page, *args: Any, **kwargs: Any) -> None:
            self.build_page(build_page, page, *args, **kwargs)

        def add_files_from_theme(files: Files, env: Any, config: MkDocsConfig) -> None:
            self.theme_files(theme_files, files, env, config)

        wrappers: list[Any] = [_populate_page, _build_page, add_files_from_theme]
        for wrapper in wrappers:
            wrapper.__dairly__ = True
        if self.tags is not None:
            self.tags.install()
        mkdocs_build._populate_page = _populate_page
        mkdocs_build._build_page = _build_page
        Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign,assignment]

    def keep_previous(self) -> None:
        """After MkDocs emptied the site folder (it leaves hidden entries alone): the
        previous build's files, hidden meanwhile, go back where they were. A reused page's
        file stays; every other file is written again, and what a build neither wrote nor
        kept is removed when it finishes."""
        for name in self._hidden:
            os.replace(
                os.path.join(self.site_dir, HIDDEN + name), os.path.join(self.site_dir, name)
            )
        self._hidden = []

    def finish(self, *, built: bool) -> None:
        """Put MkDocs' functions back; remove the files this build neither wrote nor kept;
        keep the records if the build finished, else forget them (the site folder may not
        hold what they describe)."""
        if self._originals is not None:
            populate, build_page, theme_files = self._originals
            mkdocs_build._populate_page, mkdocs_build._build_page = populate, build_page
            Files.add_files_from_theme = theme_files  # type: ignore[method-assign]
            self._originals = None
        if self.tags is not None:
            self.tags.uninstall()
        self.keep_previous()
        if self._started is not None:
            self._remove_stale()
        if built:
            self.memo.finish()
            collect_garbage_later()
        else:
            self.memo.forget()

    def _remove_stale(self) -> None:
        """Files older than this build's start that it did not keep (a deleted note's page,
        a file no longer in the site), then the folders left empty (see ``speed.listing``)."""
        assert self._started is not None
        listing = sweep(self.site_dir, self._started, self._kept, self._listing)
        self.kept.put(LISTING, listing.top, listing)
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(self.site_dir, MARKER))
        self._started = None


# A rebuild drops the previous build's pages, files and navigation, which refer to each
# other: garbage only Python's cycle collector frees, and a full collection of a long log's
# heap takes most of a second. Left to itself it comes in the middle of the next rebuild,
# while the writer waits; collected once the page is served, it comes while they write.
GC_DELAY = 0.3  # seconds after a rebuild: `mkdocs serve` has answered the reload by then


def collect_garbage_later() -> None:
    """A full garbage collection shortly after this rebuild, off the path of the next."""
    timer = threading.Timer(GC_DELAY, gc.collect)
    timer.daemon = True
    timer.start()


def _folder_times(roots: list[str]) -> list[tuple[str, int]]:
    """Every folder below ``roots`` with its modification time (links not followed, as
    Jinja's ``FileSystemLoader`` lists them)."""
    return [
        (folder, os.stat(folder).st_mtime_ns) for root in roots for folder, _, _ in os.walk(root)
    ]


def _unchanged(folders: list[tuple[str, int]]) -> bool:
    try:
        return all(os.stat(folder).st_mtime_ns == t for folder, t in folders)
    except OSError:
        return False


def reuse_pages(
    config: MkDocsConfig, memo: BuildMemo[PageRecord], kept: BuildMemo[Any],
    content_key: ContentKey, output_key: OutputKey, search_entries: Callable[[], list[Any] | None],
    extra: tuple[Callable[[Page], Any], Callable[[Page, Any], None]], said: set[str],
) -> ServeReuse | None:  # fmt: skip
    """Reuse the unchanged pages of the previous build in this one (``on_pre_build`` of a
    ``mkdocs serve`` rebuild), if MkDocs and the site's plugins allow it."""
    found = tags_plugins(config)
    tags = TagsReplay(found[0], config) if len(found) == 1 else None
    reuse = ServeReuse(
        memo, kept, config.site_dir, content_key, output_key, search_entries, extra, tags
    )

    def check() -> str | None:
        functions = {
            "_populate_page": mkdocs_build._populate_page,
            "_build_page": mkdocs_build._build_page,
            "build": mkdocs_build.build,
            "clean_directory": utils.clean_directory,
            "Page.render": Page.render,
            "Files.add_files_from_theme": Files.add_files_from_theme,
        }
        for name, function in functions.items():
            if getattr(function, "__dairly__", False):
                return f"{name} is wrapped already"
            if source_digest(function) != KNOWN[name]:
                return f"MkDocs' {name} is not the one this was written against"
        search_entries()  # raises if Material's search is on but keeps no list of entries
        if len(found) > 1:
            return "more than one instance of Material's tags plugin works on pages"
        reason = tags.check() if tags is not None else None
        if reason is not None:
            return reason
        reusable = REUSABLE_PLUGINS + ((TAGS_MODULE,) if tags is not None else ())
        for event in PAGE_EVENTS:
            for method in config.plugins.events[event]:
                owner = getattr(method, "__self__", None)
                module = type(owner).__module__ if owner is not None else method.__module__
                if not module.startswith(reusable):
                    name = _plugin_name(config, event, method)
                    return f"{name} works on pages in on_{event}"
        return None

    if use("serve: unchanged pages reused", check, reuse.install, once=said):
        return reuse
    memo.forget()
    return None


THEME_GET_ENV = "9c26120fb96f9204"  # sha256 (16 hex digits) of MkDocs 1.6's Theme.get_env


def compile_once(config: MkDocsConfig, bytecode: jinja2.BytecodeCache, said: set[str]) -> None:
    """Every Jinja environment of this build's theme keeps its compiled templates in
    ``bytecode`` (for the whole ``mkdocs serve``): MkDocs makes one for the pages, Material's
    search another three times in its ``on_config`` for its language template, each
    compiling them anew."""
    theme = config.theme

    def check() -> str | None:
        if getattr(theme.get_env, "__dairly__", False):
            return "Theme.get_env is wrapped already"
        if source_digest(Theme.get_env) != THEME_GET_ENV:
            return "MkDocs' Theme.get_env is not the one this was written against"
        return None

    def install() -> None:
        original = theme.get_env

        def get_env() -> jinja2.Environment:
            env = original()
            if env.bytecode_cache is None:
                env.bytecode_cache = bytecode
            return env

        get_env.__dairly__ = True  # type: ignore[attr-defined]
        theme.get_env = get_env  # type: ignore[method-assign]

    use("serve: templates compiled once", check, install, once=said)


def _plugin_name(config: MkDocsConfig, event: str, method: Any) -> str:
    for name, plugin in config.plugins.items():
        if getattr(plugin, f"on_{event}", None) == method:
            kind = "hook" if inspect.ismodule(plugin) else "plugin"
            return f"the {kind} '{name}'"
    return f"the plugin '{method.__module__}'"
