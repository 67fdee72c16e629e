"""What a page of ``mkdocs serve``'s rebuild is made from, as keys (public MkDocs only).

A page's *content* (its Markdown read and rendered, and dairly's cards or overview) is made
from: everything a build shares (the site key: dairly, MkDocs and Material versions, the
config file and what it inherits, the theme's folders, every file of the site that is not a
day note, the watched paths), the site's file list (links resolve against it), the page's
own source, and the day notes dairly shows on it (a day page: the day, its older and newer
day and the same date in other years; a month, a year, the archive, the home page: their
days). Its *output* (the HTML file) is made from its content and the navigation with the
titles the pages got (Material renders the navigation into every page).

A key that misses something makes a rebuild differ from a full build; the serve test
(``tests/test_serve_incremental.py``) compares them byte for byte after random edits.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from importlib import metadata
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section

Key = bytes


def digest(parts: Iterable[object]) -> Key:
    """A short digest of ``parts`` (each made a string, separated so none runs into the next)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def _stat(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def _tree(folder: str) -> Iterable[str]:
    """Every file below ``folder`` with its size and modification time, in a stable order."""
    if os.path.isfile(folder):
        yield _stat(folder)
        return
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            yield _stat(os.path.join(root, name))


def config_files(config: MkDocsConfig) -> list[str]:
    """The config file and the files it inherits from (``INHERIT``)."""
    found: list[str] = []
    path: str | None = config.config_file_path
    while path and os.path.isfile(path) and path not in found:
        found.append(path)
        parent = None
        try:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.startswith("INHERIT:"):
                        parent = line.split(":", 1)[1].strip().strip("'\"")
        except (OSError, UnicodeDecodeError):
            break
        path = os.path.normpath(os.path.join(os.path.dirname(path), parent)) if parent else None
    return found


def site_key(config: MkDocsConfig, files: Files, notes: set[str], added: set[str]) -> Key:
    """What every page of the build shares: versions, config, theme folders (but Material's
    own, which its version stands for), every file but the day notes (``notes``) and the
    files dairly writes itself (``added``), and the paths ``mkdocs serve`` watches."""
    parts: list[object] = [_version(d) for d in ("mkdocs", "mkdocs-material", "mkdocs-dairly")]
    for path in config_files(config):
        with open(path, "rb") as f:
            parts.append(f.read())
    import material

    material_dir = os.path.dirname(material.__file__)
    for folder in config.theme.dirs:
        if not os.path.abspath(folder).startswith(material_dir + os.sep):
            parts.extend(_tree(folder))
    for file in files:
        if file.src_uri not in notes and file.src_uri not in added:
            parts.append(f"{file.src_uri}|{file.dest_uri}|{file.inclusion}")
            if file.abs_src_path is not None:
                parts.append(_stat(file.abs_src_path))
            else:
                parts.append(file.content_bytes)
    for watched in sorted(map(str, config.watch)):
        parts.extend(_tree(watched))
    parts.append(config.site_url or "")
    return digest(parts)


def files_key(files: Files) -> Key:
    """The site's file list as links see it: every file's path, URL and inclusion."""
    return digest(f"{f.src_uri}|{f.url}|{f.inclusion}" for f in files)


def source_key(file: File) -> Key:
    """A page's own source."""
    return digest([file.content_bytes])


def nav_key(nav: Navigation) -> Key:
    """The navigation as pages render it: every item's kind, title and URL, in order."""
    parts: list[object] = []

    def walk(items: Iterable[Any], depth: int) -> None:
        for item in items:
            url = getattr(item, "url", "")
            parts.append(f"{depth}|{type(item).__name__}|{item.title}|{url}")
            if isinstance(item, Section):
                walk(item.children, depth + 1)
            elif getattr(item, "is_page", False) and item.parent is not None:
                parts.append(f"^{type(item.parent).__name__}|{item.parent.title}")

    walk(nav.items, 0)
    return digest(parts)
