"""The pages dairly generates: the archive, the years, the months, their best-of pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..notes.archive import Archive, best_entries
from ..notes.model import Day, Entry
from .explore import explore_uri
from .i18n import Labels


@dataclass(frozen=True)
class GeneratedPage:
    """A page dairly adds to the site: its path, title, and for best-of pages the entries
    they list."""

    src_uri: str
    title: str
    best: tuple[tuple[Day, Entry], ...] | None = None


# ``best(src_uri, days, count)``: the best-of page's entries, ``best_entries(days, count)``
# (or what that gave for the very same days before).
Best = Callable[[str, list[Day], int], tuple[tuple[Day, Entry], ...]]


def _best(src_uri: str, days: list[Day], count: int) -> tuple[tuple[Day, Entry], ...]:
    return tuple(best_entries(days, count))


def generated_pages(
    archive: Archive, labels: Labels, best_count: int, *, explore: bool = False,
    best: Best = _best,
) -> list[GeneratedPage]:  # fmt: skip
    """The archive page (and the explore page), then per year its overview and best-of
    page, then its months'."""
    pages = [GeneratedPage(archive.src_uri, labels.archive)]
    if explore:
        pages.append(GeneratedPage(explore_uri(archive.notes_dir), labels.explore))
    for year in archive.years:
        name = labels.year(year.year)
        pages.append(GeneratedPage(year.src_uri, name))
        listed = best(year.best_uri, year.days, best_count * 2)
        pages.append(GeneratedPage(year.best_uri, f"{name} · {labels.best_of}", listed))
        for month in year.months:
            name = labels.year_month(year.year, month.month)
            pages.append(GeneratedPage(month.src_uri, name))
            listed = best(month.best_uri, month.days, best_count)
            pages.append(GeneratedPage(month.best_uri, f"{name} · {labels.best_of}", listed))
    return pages
