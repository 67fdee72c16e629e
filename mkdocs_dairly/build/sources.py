"""Files dairly adds to a site, each with a real source file in a folder of its own.

Plugins that read a page's source (``abs_src_path``: feeds, translations, git dates) find
a real file for every page and asset dairly adds: a generated page's source holds its front
matter (title, search settings) as any Markdown page would. The folder is made fresh for
each build and removed when the build ends; ``mkdocs serve`` keeps one for all its
rebuilds and removes it when it stops.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

# What a kept folder's files were written with: path -> (text, (mtime, size, inode)).
Written = dict[str, tuple[str, tuple[int, int, int] | None]]


class Sources:
    """The build folder holding the sources of the files dairly adds to ``files``."""

    def __init__(self, folder: str | None = None, written: Written | None = None) -> None:
        # ``folder``: one that outlives the build (``mkdocs serve`` keeps one for all its
        # rebuilds, and a source already written with the same text is left as it is);
        # ``written``: what was written there, kept with the folder.
        self.kept = folder is not None
        self.folder = folder or tempfile.mkdtemp(prefix="dairly-")
        self.written: Written = written if written is not None else {}
        # Where the notes go in the built site, before their own path: "" usually, "zh/" in
        # the build of a second language by mkdocs-static-i18n (see ``output_prefix``).
        self.dest_prefix = ""

    def write(self, src_uri: str, text: str) -> str:
        """Write ``text`` as the source of ``src_uri``; its absolute path."""
        path = os.path.join(self.folder, *src_uri.split("/"))
        if self.kept and self._holds(path, text):
            return path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        if self.kept:
            self.written[path] = (text, file_signature(path))
        return path

    def _holds(self, path: str, text: str) -> bool:
        """Whether the file at ``path`` holds ``text``: it is the file this folder's last
        write there left (same size, time and inode), of that text."""
        kept = self.written.get(path)
        return kept is not None and kept[0] == text and kept[1] == file_signature(path)

    def page(
        self, files: Files, config: MkDocsConfig, src_uri: str, meta: dict[str, Any],
        *, in_nav: bool,
    ) -> File:  # fmt: skip
        """Add a generated Markdown page whose source is ``meta`` as front matter (its
        content is rendered later)."""
        front = _front_matter(json.dumps(meta, sort_keys=True)) if meta else ""
        path = self.write(src_uri, f"---\n{front}---\n" if front else "")
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, src_uri, abs_src_path=path, inclusion=inclusion)
        return self._append(files, file)

    def asset(self, files: Files, config: MkDocsConfig, src_uri: str) -> File:
        """Add a file dairly writes (the feed) from the build folder (written later, before
        MkDocs copies it)."""
        file = File.generated(config, src_uri, abs_src_path=self.write(src_uri, ""))
        return self._append(files, file)

    def dest_uri(self, src_uri: str, config: MkDocsConfig) -> str:
        """Where the built site has the file dairly would add at ``src_uri``."""
        return self.dest_prefix + _dest_uri(src_uri, config.use_directory_urls)

    def _append(self, files: Files, file: File) -> File:
        if self.dest_prefix:
            file.dest_uri = self.dest_prefix + file.dest_uri
        files.append(file)
        return file

    def close(self) -> None:
        """Remove the build folder (unless it outlives the build)."""
        if not self.kept:
            shutil.rmtree(self.folder, ignore_errors=True)


@functools.lru_cache(maxsize=4096)
def _dest_uri(src_uri: str, use_directory_urls: bool) -> str:
    """MkDocs' ``dest_uri`` for a file at ``src_uri`` (a ten-year log plans hundreds of
    pages a build; a ``File`` is costly to make only to ask it)."""
    return File(src_uri, None, "", use_directory_urls).dest_uri


@functools.lru_cache(maxsize=1024)
def _front_matter(meta: str) -> str:
    """The YAML of a generated page's ``meta`` (given as JSON: titles and flags), made once
    for all the pages and rebuilds that share it."""
    return str(yaml.safe_dump(json.loads(meta), allow_unicode=True, sort_keys=True))


def file_signature(path: str) -> tuple[int, int, int] | None:
    """A file's (modification time, size, inode), what ``mkdocs serve``'s own watcher
    compares; ``None`` if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def output_prefix(file: File, config: MkDocsConfig) -> str:
    """What stands before a note's own path in the built site: ``""``, unless a plugin
    moved the notes (mkdocs-static-i18n builds a second language under ``zh/``)."""
    own = File(file.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
    dest = file.dest_uri
    return dest[: -len(own.dest_uri)] if dest.endswith(own.dest_uri) else ""
