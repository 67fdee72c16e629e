"""``speed.listing``: what a rebuild left stale is removed, from a listing kept between
builds; a folder whose time changed is listed again, so nothing new is missed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from mkdocs_dairly.speed.listing import Listing, sweep

NOW = time.time_ns()
OLD = NOW - 100 * 10**9  # ns: files of the previous build
START = NOW - 50 * 10**9  # this build's start: files written now are this build's


def make(root: Path, *names: str, when: int | None = None) -> list[str]:
    paths = []
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")
        if when is not None:
            os.utime(path, ns=(when, when))
        paths.append(os.path.normpath(path))
    return paths


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def folders(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir())


def listed(listing: Listing, root: Path) -> list[str]:
    return sorted(
        os.path.relpath(f, root) for folder in listing.folders.values() for f in folder.files
    )


def test_stale_files_and_empty_folders_go_kept_and_new_ones_stay(tmp_path: Path) -> None:
    kept = make(tmp_path, "a/0511/index.html", when=OLD)
    make(tmp_path, "a/0512/index.html", "b/c/d/old.html", "sitemap.xml", when=OLD)
    make(tmp_path, "sitemap.xml", "a/new/index.html")  # written by this build: new times
    make(tmp_path, ".git/HEAD", when=OLD)  # hidden at the top: not the site's
    listing = sweep(str(tmp_path), START, set(kept), None)
    assert files(tmp_path) == [".git/HEAD", "a/0511/index.html", "a/new/index.html", "sitemap.xml"]
    assert "b" not in folders(tmp_path) and "a/0512" not in folders(tmp_path)
    assert listed(listing, tmp_path) == ["a/0511/index.html", "a/new/index.html", "sitemap.xml"]


def test_the_next_sweep_lists_again_only_what_changed_and_misses_nothing(tmp_path: Path) -> None:
    kept = make(tmp_path, "a/0511/index.html", "a/0512/index.html", "z/index.html", when=OLD)
    first = sweep(str(tmp_path), START, set(kept), None)
    # The next build, started later: one page kept, one written again (its folder's time
    # unchanged), new files in a known folder and in new folders, one page not written.
    later = time.time_ns() + 10**9
    make(tmp_path, "z/index.html", "a/0512/extra.html", "a/deep/er/new.html", when=later + 1)
    second = sweep(str(tmp_path), later, {os.path.normpath(tmp_path / "a/0511/index.html")}, first)
    assert files(tmp_path) == ["a/0511/index.html", "a/0512/extra.html", "a/deep/er/new.html",
                               "z/index.html"]  # fmt: skip
    assert listed(second, tmp_path) == files(tmp_path)
    assert second.holds(os.path.normpath(tmp_path / "a/deep/er/new.html"))
    assert not second.holds(os.path.normpath(tmp_path / "a/0512/index.html"))


def test_a_listing_trusted_only_while_folders_keep_their_times(tmp_path: Path) -> None:
    """A folder changed behind the listing's back (an entry added) is listed again: the
    entry is found, and removed when stale; an unchanged folder is taken as listed."""
    kept = make(tmp_path, "a/index.html", "b/index.html", when=OLD)
    first = sweep(str(tmp_path), START, set(kept), None)
    # listed a minute after the folders last changed (by their own clock, not this test's)
    first.taken = max(folder.mtime for folder in first.folders.values()) + 60 * 10**9
    make(tmp_path, "a/stray.html", when=OLD)
    (tmp_path / "b" / "index.html").unlink()  # a change the listing cannot see: b's time
    os.utime(tmp_path / "b", ns=(first.folders[os.path.normpath(tmp_path / "b")].mtime,) * 2)
    second = sweep(str(tmp_path), first.taken + 60 * 10**9, set(kept), first)
    assert files(tmp_path) == ["a/index.html"]  # the stray is found and goes
    assert listed(second, tmp_path) == ["a/index.html", "b/index.html"]  # b: as listed


def test_a_folder_gone_since_or_another_top_is_no_failure(tmp_path: Path) -> None:
    kept = make(tmp_path, "site/a/index.html", "site/b/index.html", when=OLD)
    first = sweep(str(tmp_path / "site"), START, set(kept), None)
    (tmp_path / "site" / "b" / "index.html").unlink()
    (tmp_path / "site" / "b").rmdir()
    second = sweep(str(tmp_path / "site"), START, set(kept), first)
    assert listed(second, tmp_path / "site") == ["a/index.html"]
    other = sweep(str(tmp_path / "site" / "a"), START, set(kept), second)  # not its listing
    assert listed(other, tmp_path / "site" / "a") == ["index.html"]


def test_a_folder_changed_just_before_the_listing_is_listed_again(tmp_path: Path) -> None:
    """A clock of coarse resolution may leave a folder's time as it was after a change:
    a folder whose time was within seconds of the listing is never taken as listed."""
    kept = make(tmp_path, "a/index.html", when=OLD)
    first = sweep(str(tmp_path), START, set(kept), None)
    folder = os.path.normpath(tmp_path / "a")
    first.taken = first.folders[folder].mtime + 10**9  # listed one second after its change
    make(tmp_path, "a/stray.html", when=OLD)
    os.utime(folder, ns=(first.folders[folder].mtime,) * 2)  # the clock did not move
    sweep(str(tmp_path), first.taken + 60 * 10**9, set(kept), first)
    assert files(tmp_path) == ["a/index.html"]
