"""The day notes among a site's files: read, parsed, and given MkDocs inclusion levels."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel

from ..integrations.mkdocs_serve import PageRecord
from ..notes.errors import Problem
from ..notes.model import Day
from ..notes.parse import parse_day, with_duplicate_dates
from ..site.explore import KeptRows
from ..speed.memo import BuildMemo, KeptBytecode, KeptDumps
from ..speed.search_zh import ChineseSegmenter
from .serve_delta import Shown
from .sources import Written, file_signature

# MkDocs' inclusion levels as tuples, compared by identity, not through the enum's methods
# (thousands of notes a build).
EXCLUDED = tuple(level for level in InclusionLevel if level.is_excluded())
IN_NAV = tuple(level for level in InclusionLevel if level.is_in_nav())
HIDDEN_IN_SERVE = tuple(level for level in InclusionLevel if not level.is_in_serve())
NOT_INCLUDED = tuple(level for level in InclusionLevel if not level.is_included())

# Notes parsed under `mkdocs serve`: (src_uri, notes_dir) -> (the note's text, its Day).
ParsedNotes = dict[tuple[str, str], tuple[str, Day]]


class ServeCache:
    """What `mkdocs serve` keeps from one build to the next (MkDocs keeps the plugin): the
    notes as parsed, so a rebuild parses only the notes that changed, the Chinese
    segmenter's memo, and what each page left (``integrations.mkdocs_serve``)."""

    def __init__(self) -> None:
        self.parsed: ParsedNotes = {}
        self.segmenter: ChineseSegmenter | None = None
        self.pages: BuildMemo[PageRecord] = BuildMemo()
        self.bytecode = KeptBytecode()  # templates compiled once per `mkdocs serve`
        self.search_json = KeptDumps()  # Material's search entries, each encoded once
        # what else a rebuild makes again only from new inputs (see SiteBuild._kept)
        self.kept: BuildMemo[Any] = BuildMemo(lasting=True)
        self.reuse = False  # whether rebuilds reuse unchanged pages (not `serve --dirty`)
        self.reused = (0, 0)  # pages whose content, whose file the last build reused
        self.sources: str | None = None  # the folder of generated sources, for all rebuilds
        self.sources_written: Written = {}  # and what was written there
        # the notes' text by path, with the file's (mtime, size, inode) when it was read
        self.reads: dict[str, tuple[tuple[int, int, int], tuple[str, Problem | None]]] = {}
        self._reads_now: dict[str, tuple[tuple[int, int, int], tuple[str, Problem | None]]] = {}
        self.said: set[str] = set()  # why pages are not reused, said once per `mkdocs serve`
        self.shown: Shown | None = None  # what the last finished rebuild showed
        self.explore_rows = KeptRows()  # each day's explore data, as last made

    def sources_folder(self) -> str:
        """The folder for the sources of generated pages, kept for every rebuild."""
        if self.sources is None or not os.path.isdir(self.sources):
            self.sources = tempfile.mkdtemp(prefix="dairly-serve-")
            self.sources_written = {}
        return self.sources

    def close(self) -> None:
        """`mkdocs serve` stops: remove the folder of generated sources."""
        if self.sources is not None:
            shutil.rmtree(self.sources, ignore_errors=True)
            self.sources = None
            self.sources_written = {}

    def read(self, file: File) -> tuple[str, Problem | None]:
        """``read_text(file)``, or what it gave last build if the file's size, modification
        time and inode are the same (what ``mkdocs serve``'s own watcher compares)."""
        path = file.abs_src_path
        signature = file_signature(path) if path is not None else None
        if path is None or signature is None:
            return read_text(file)
        kept = self.reads.get(path)
        if kept is None or kept[0] != signature:
            kept = (signature, read_text(file))
        self._reads_now[path] = kept
        return kept[1]

    def reads_done(self) -> None:
        """Keep what this build read, let go of the rest (deleted notes)."""
        self.reads, self._reads_now = self._reads_now, {}

    def text(self, src_uri: str, notes_dir: str) -> str | None:
        """The text of the note ``src_uri`` as this build read it."""
        kept = self.parsed.get((src_uri, notes_dir))
        return kept[0] if kept is not None else None

    def parse(self, src_uri: str, text: str, notes_dir: str, parsed: ParsedNotes) -> Day:
        """``parse_day``, or the very day parsed last build from the same text (``parsed``
        collects this build's notes for the next). Shared from build to build, it is never
        changed: a problem the build adds goes on a copy (``read_days``)."""
        key = (src_uri, notes_dir)
        cached = self.parsed.get(key)
        if cached is None or cached[0] != text:
            cached = (text, parse_day(src_uri, text, notes_dir))
        parsed[key] = cached
        return cached[1]


def file_at(files: Files, src_uri: str) -> File | None:
    """The file at ``src_uri``: MkDocs' own index first (``get_file_from_path`` normalizes
    the path with a ``PurePath`` first, for each of a long log's thousands of lookups)."""
    return files.src_uris.get(src_uri) or files.get_file_from_path(src_uri)


def note_files(files: Files, notes_dir: str, added: Iterable[File]) -> list[File]:
    """The Markdown files below ``notes_dir`` that MkDocs has not excluded outright, but
    for the pages dairly ``added``."""
    prefix = notes_dir + "/"
    skip = {id(file) for file in added}
    excluded = InclusionLevel.EXCLUDED
    return [
        file
        for file in files
        if file.src_uri.startswith(prefix)
        and file.is_documentation_page()
        and file.inclusion is not excluded
        and id(file) not in skip
    ]


def read_days(
    notes: list[File], notes_dir: str, cache: ServeCache | None, repaired: Callable[[str, str], str]
) -> list[Day]:
    """Parse every day note (``notes``, see ``note_files``) and set its inclusion: a
    note with ``draft: true`` is a draft (unless MkDocs already hides it more), and dairly
    places the others in the nav itself (``not_in_nav`` for MkDocs' own nav). Levels that
    ``draft_docs``, ``exclude_docs`` or ``not_in_nav`` set are kept. A note that is not
    UTF-8 is read with U+FFFD for its bad bytes, and MkDocs and other plugins read that
    text from the file ``repaired(src_uri, text)`` writes (else MkDocs stops the build)."""
    parsed: ParsedNotes = {}
    days = []
    for file in notes:
        text, unreadable = cache.read(file) if cache is not None else read_text(file)
        if cache is None:
            day = parse_day(file.src_uri, text, notes_dir)
        else:
            day = cache.parse(file.src_uri, text, notes_dir, parsed)
        if unreadable is not None:
            day = dataclasses.replace(day, problems=[unreadable, *day.problems])
            file.abs_src_path = repaired(file.src_uri, text)
        days.append(day)
        if day.draft and file.inclusion not in EXCLUDED:
            file.inclusion = InclusionLevel.DRAFT
        elif file.inclusion in IN_NAV:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    if cache is not None:
        cache.parsed = parsed
        cache.reads_done()
    return with_duplicate_dates(days)


def read_text(file: File) -> tuple[str, Problem | None]:
    """A note's text; bytes that are not UTF-8 become U+FFFD and a problem, not a crash."""
    try:
        return file.content_string, None
    except UnicodeDecodeError as exc:
        message = (
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8"
        )
        data = file.content_bytes
        text = data.decode("utf-8-sig", errors="replace")
        return text, Problem(file.src_uri, message, line=data.count(b"\n", 0, exc.start) + 1)
