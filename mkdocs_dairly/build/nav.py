"""The year → month (→ day) tree, attached to the navigation MkDocs (or a nav plugin) built.

dairly does not write ``nav:``. MkDocs builds the navigation from the site's own ``nav:``,
its folders, or a nav plugin (literate-nav, awesome-nav, the blog…); dairly's pages are
``not_in_nav`` for that. In ``on_nav`` the tree is attached to whatever came out: where the
navigation lists the archive page (``notes/index.md``), the tree goes below it; else, with
no ``nav:``, the years and the archive follow the home page; else a section is appended.
The explore page, when dairly made it, goes right after the archive page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from ..integrations.mkdocs_parents import parent_months
from ..notes.archive import Archive, days_in_nav_order
from ..site.i18n import Labels
from .notes_files import file_at


def attach_tree(
    nav: Navigation, files: Files, archive: Archive, labels: Labels, *,
    days: bool, section_title: str | None, site_has_nav: bool, explore: str | None = None,
) -> Navigation:  # fmt: skip
    """``nav`` with the archive's tree attached (see the module's docstring). ``days``:
    months list their days; else a day page belongs to its month's page. ``explore``: the
    explore page dairly generated, placed after the archive unless the nav lists it."""

    def page(src_uri: str, title: str | None = None) -> Page | None:
        file = file_at(files, src_uri)
        if file is None or file.page is None:
            return None
        if title is not None:
            file.page.title = title
        return file.page

    listed = {id(p) for p in nav.pages}  # a day the site's own nav lists keeps its place
    years: list[StructureItem] = []
    # A section's index page keeps the title of its source (section-index and Material's
    # navigation.indexes title it after its section).
    for year in archive.years:
        year_page = page(year.src_uri)
        months: list[StructureItem] = [year_page] if year_page is not None else []
        for month in year.months:
            title = labels.month(month.month)
            month_page = page(month.src_uri)
            if not days:
                if month_page is not None:
                    month_page.title = title
                    months.append(month_page)
                continue
            day_pages = [
                p for d in month.days
                if id(page(d.src_uri)) not in listed
                and (p := page(d.src_uri, labels.day(d.date) if d.date else None)) is not None
            ]  # fmt: skip
            children: list[StructureItem] = [month_page] if month_page is not None else []
            children.extend(day_pages)
            months.append(Section(title, children))
        years.append(Section(labels.year(year.year), months))

    archive_page = page(archive.src_uri)
    explore_page = page(explore) if explore is not None else None
    after = [explore_page] if explore_page is not None and id(explore_page) not in listed else []
    items = nav.items
    found = _find(items, archive_page) if archive_page is not None else None
    if archive_page is None:
        items.extend([*after, *years])
    elif found is None:
        items.append(Section(section_title or labels.notes, [archive_page, *after, *years]))
    else:
        siblings, position, folder = found
        if folder is not None and folder.children == [archive_page]:
            # The notes folder as MkDocs (or awesome-nav) lays out folders: it becomes the tree.
            if not site_has_nav and siblings is items:
                # Without a nav: the years follow the home page, the archive the years.
                del siblings[position]
                start = 1 if items and isinstance(items[0], Page) and items[0].is_homepage else 0
                items[start:start] = [*years, archive_page, *after]
            else:
                folder.children = [archive_page, *after, *years]
        else:
            # `- Notes: notes/index.md` keeps its title for the section that replaces it.
            title = vars(archive_page).pop("title", None) or section_title or labels.notes
            siblings[position] = Section(title, [archive_page, *after, *years])

    # Changed in place: plugins that keep the Navigation they saw (section-index) see this.
    nav.pages[:] = [item for item in _walk(items) if isinstance(item, Page)]
    _link_parents(items, None)
    pages = nav.pages
    for i, p in enumerate(pages):
        p.previous_page = pages[i - 1] if i > 0 else None
        p.next_page = pages[i + 1] if i + 1 < len(pages) else None
    if not days:
        _link_days(archive, files, {id(p) for p in pages})
    return nav


def _find(items: list[Any], target: Page) -> tuple[list[Any], int, Section | None] | None:
    """Where ``target`` is: the list holding the item to replace, its position there, and
    the section ``target`` is the only child of (a folder laid out as a section), if so."""
    for i, item in enumerate(items):
        if item is target:
            return items, i, None
        if isinstance(item, Section):
            if item.children == [target]:
                return items, i, item
            found = _find(item.children, target)
            if found is not None:
                return found
    return None


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


def _link_parents(items: list[Any], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link_parents(item.children, item)


def _link_days(archive: Archive, files: Files, in_nav: set[int]) -> None:
    """Without days in the nav: a day page belongs to its month's page (which the nav then
    opens and highlights), and its previous and next pages (Material's ``p`` / ``n`` keys
    and footer) are the days next to it in the archive's order."""
    ordered = []
    for day, month in days_in_nav_order(archive):
        day_file, month_file = (
            file_at(files, day.src_uri),
            file_at(files, month.src_uri),
        )
        if day_file is None or day_file.page is None or id(day_file.page) in in_nav:
            continue
        month_page = month_file.page if month_file is not None else None
        ordered.append((day_file.page, month_page))
    # Material opens and highlights a page's parents: the month's page stands in.
    parent_months([(d, m) for d, m in ordered if m is not None and m.parent is not None])
    for i, (day_page, _) in enumerate(ordered):
        day_page.previous_page = ordered[i - 1][0] if i > 0 else None
        day_page.next_page = ordered[i + 1][0] if i + 1 < len(ordered) else None


def folders(nav: Navigation) -> set[str]:
    """Every folder a URL of the navigation lies in ("a/", "a/b/" for "a/b/c.html")."""
    urls = [item.url for item in _walk(nav.items) if isinstance(item, Page | Link)]
    return {url[: i + 1] for url in urls for i, c in enumerate(url) if c == "/"}
