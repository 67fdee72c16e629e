"""The site's navigation and generated pages in ``nav:`` form (no MkDocs here)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..notes.archive import Archive, best_entries
from ..notes.model import Day, Entry
from .i18n import Labels


def nav_tree(archive: Archive, labels: Labels, days: bool = True) -> list[dict[str, Any]]:
    """The day tree in ``nav:`` form: years → months → days (without ``days``: years →
    months, each month its page), each section led by its index page."""
    tree = []
    for year in archive.years:
        months: list[Any] = []
        for month in year.months:
            if not days:
                months.append({labels.month(month.month): month.src_uri})
                continue
            items: list[Any] = [month.src_uri]
            items.extend({labels.day(d.date): d.src_uri} for d in month.days if d.date)
            months.append({labels.month(month.month): items})
        tree.append({labels.year(year.year): [year.src_uri, *months]})
    return tree


@dataclass(frozen=True)
class GeneratedPage:
    """A page dairly adds to the site: its path, title, whether the nav lists it, and for
    best-of pages the entries they list."""

    src_uri: str
    title: str
    in_nav: bool = True
    best: tuple[tuple[Day, Entry], ...] | None = None


def generated_pages(archive: Archive, labels: Labels, best_count: int) -> list[GeneratedPage]:
    """The archive page, then per year its overview and best-of page, then its months'."""
    pages = [GeneratedPage(archive.src_uri, labels.archive)]
    for year in archive.years:
        name = labels.year(year.year)
        pages.append(GeneratedPage(year.src_uri, name))
        best = tuple(best_entries(year.days, best_count * 2))
        pages.append(GeneratedPage(year.best_uri, f"{name} · {labels.best_of}", False, best))
        for month in year.months:
            name = labels.year_month(year.year, month.month)
            pages.append(GeneratedPage(month.src_uri, name))
            best = tuple(best_entries(month.days, best_count))
            pages.append(GeneratedPage(month.best_uri, f"{name} · {labels.best_of}", False, best))
    return pages


def site_nav(
    archive: Archive,
    labels: Labels,
    *,
    user_nav: Any,
    nav_title: str | None,
    home: str | None,
    other_nav: list[Any],
    days: bool = True,
) -> Any:
    """The ``nav:`` MkDocs builds the site with.

    A site's own ``nav:`` is kept: an entry pointing at the archive page becomes the day tree,
    or else the tree is appended as a section called ``nav_title``. Without one: the home page
    (``home``: ``"index.md"`` or a label for a generated one), the years, the archive, then
    ``other_nav`` (the pages outside ``notes_dir`` as MkDocs would lay them out). ``days``:
    whether the months list their days.
    """
    day_tree = nav_tree(archive, labels, days)
    if user_nav is not None:
        title = nav_title or labels.notes
        if references(user_nav, archive.src_uri):
            return replace_reference(user_nav, archive.src_uri, day_tree, title)
        return [*user_nav, {title: [archive.src_uri, *day_tree]}]
    nav: list[Any] = []
    if home == "index.md":
        nav.append("index.md")
    elif home is not None:
        nav.append({home: "index.md"})
    nav.extend(day_tree)
    nav.append({labels.archive: archive.src_uri})
    nav.extend(other_nav)
    return nav


def nav_paths(nav: Any) -> Iterator[str]:
    """Every page path (or link) a ``nav:`` config names, in order."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)


def references(nav: Any, target: str) -> bool:
    """True if a ``nav:`` config mentions the page ``target`` anywhere."""
    return any(path == target for path in nav_paths(nav))


def replace_reference(nav: Any, target: str, tree: list[dict[str, Any]], title: str) -> Any:
    """Return ``nav`` with the entry for ``target`` replaced by a section holding ``tree``.

    ``- Notes: notes/index.md`` becomes ``- Notes: [notes/index.md, 2021: [...], ...]``; a bare
    ``- notes/index.md`` becomes a section called ``title``.
    """
    if isinstance(nav, list):
        out = []
        for item in nav:
            if item == target:
                out.append({title: [target, *tree]})
            else:
                out.append(replace_reference(item, target, tree, title))
        return out
    if isinstance(nav, dict):
        out_dict = {}
        for key, value in nav.items():
            if value == target:
                out_dict[key] = [target, *tree]
            else:
                out_dict[key] = replace_reference(value, target, tree, title)
        return out_dict
    return nav
