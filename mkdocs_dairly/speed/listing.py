"""A site folder's files, kept from one build to the next, and the sweep of what a build left
stale (``mkdocs serve``; nothing here knows MkDocs).

A rebuild removes the files it neither wrote nor kept, which means knowing every file of
the site: a ten-year log's site has some 4,000 folders, and listing each again takes longer
than the rest of what a rebuild does with them. A folder's modification time changes with
every entry added, removed or renamed in it (not when a file in it is written again), so a
folder whose time is the one kept holds the entries kept; only the others are listed again.
A folder whose time was this close to the listing's may change again within its clock's
resolution without its time showing it: it is listed again next time too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

RECENT_NS = 3_000_000_000


@dataclass
class Folder:
    """A folder as last listed: its modification time, files and folders (full paths)."""

    mtime: int
    files: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)


@dataclass
class Listing:
    """Every folder below ``top`` (``top`` included, its hidden entries left out), as the
    last sweep left them; ``taken``: the time of that sweep's build, by the folder's clock."""

    top: str
    taken: int
    folders: dict[str, Folder] = field(default_factory=dict)

    def holds(self, path: str) -> bool:
        """Whether ``path`` (normalized) was a file of the folder when it was listed."""
        folder = self.folders.get(os.path.dirname(path))
        return folder is not None and path in folder.files


def sweep(top: str, started: int, kept: set[str], listing: Listing | None) -> Listing:
    """Remove below ``top`` every file older than ``started`` (ns, by the folder's clock)
    that is not in ``kept``, then the folders left empty; the listing of what is left.
    ``listing`` is the last sweep's (``None``: list every folder); hidden entries of
    ``top`` are not the site's and are left alone."""
    top = os.path.normpath(top)
    if listing is not None and listing.top != top:
        listing = None
    old = listing.folders if listing is not None else {}
    recent = listing.taken - RECENT_NS if listing is not None else 0
    now: dict[str, Folder] = {}
    changed: set[str] = set()  # folders whose entries this sweep changed
    order: list[tuple[str, str]] = []  # (folder, its parent), parents first
    todo = [(top, "")]
    while todo:
        path, parent = todo.pop()
        try:
            mtime = os.stat(path).st_mtime_ns
        except FileNotFoundError:  # gone since it was listed
            now[parent].folders.remove(path)
            changed.add(parent)
            continue
        order.append((path, parent))
        folder = old.get(path)
        if folder is None or folder.mtime != mtime or folder.mtime >= recent:
            folder = _listed(path, mtime, skip_hidden=path == top)
        now[path] = folder
        todo.extend((sub, path) for sub in folder.folders)
        stale = [f for f in folder.files if f not in kept and _older(f, started)]
        for file in stale:
            os.unlink(file)
        if stale:
            gone = set(stale)
            folder.files = [f for f in folder.files if f not in gone]
            changed.add(path)
    for path, parent in reversed(order[1:]):  # a folder's own folders first
        folder = now[path]
        if not folder.files and not folder.folders:
            os.rmdir(path)
            del now[path]
            now[parent].folders.remove(path)
            changed.add(parent)
    for path in changed & now.keys():  # its time, as the folder's clock has it now
        now[path].mtime = os.stat(path).st_mtime_ns
    return Listing(top, started, now)


def _listed(path: str, mtime: int, *, skip_hidden: bool) -> Folder:
    folder = Folder(mtime)
    with os.scandir(path) as entries:
        for entry in entries:
            if skip_hidden and entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                folder.folders.append(entry.path)
            else:
                folder.files.append(entry.path)
    return folder


def _older(path: str, started: int) -> bool:
    try:
        return os.lstat(path).st_mtime_ns < started
    except FileNotFoundError:
        return False
