"""The archive: days grouped into years and months, neighbours, best entries (no MkDocs)."""

from __future__ import annotations

import datetime as dt
import heapq
import posixpath
from dataclasses import dataclass, field

from .model import Day, Entry


@dataclass
class Month:
    """One month of the archive with its days, in display order."""

    year: int
    month: int
    days: list[Day] = field(default_factory=list)
    src_uri: str = ""

    @property
    def entry_count(self) -> int:
        """Entries of all days of the month."""
        return sum(len(d.entries) for d in self.days)

    @property
    def best_uri(self) -> str:
        """``notes/2021/05/best.md``: the month's best-rated entries."""
        return posixpath.join(posixpath.dirname(self.src_uri), "best.md")

    @property
    def average_stars(self) -> float | None:
        """Mean rating of the month's rated entries (``None`` if none is rated)."""
        return average_stars(self.days)


@dataclass
class Year:
    """One year of the archive with its months, in display order."""

    year: int
    months: list[Month] = field(default_factory=list)
    src_uri: str = ""

    @property
    def days(self) -> list[Day]:
        """All days of the year, in display order."""
        return [d for m in self.months for d in m.days]

    @property
    def best_uri(self) -> str:
        """``notes/2021/best.md``: the year's best-rated entries."""
        return posixpath.join(posixpath.dirname(self.src_uri), "best.md")


_Groups = tuple[dict[str, Year | Month], dict[str, Year | Month]]  # overview, best-of pages


@dataclass
class Archive:
    """All dated days, grouped. ``chronological`` is oldest first whatever the display order."""

    notes_dir: str
    newest_first: bool
    years: list[Year] = field(default_factory=list)
    chronological: list[Day] = field(default_factory=list)

    @property
    def src_uri(self) -> str:
        """The generated archive overview page."""
        return archive_uri(self.notes_dir)

    @property
    def newest(self) -> Day | None:
        """The newest day, which the home page shows."""
        return self.chronological[-1] if self.chronological else None

    def __post_init__(self) -> None:
        self._position = {d.src_uri: i for i, d in enumerate(self.chronological)}
        self._indexed: tuple[list[int], _Groups] | None = None
        self._by_month_day: dict[tuple[int, int], list[Day]] = {}
        self._on_this_day: dict[str, list[Day]] = {}
        for day in self.chronological:
            assert day.date is not None
            self._by_month_day.setdefault((day.date.month, day.date.day), []).append(day)

    def older(self, day: Day) -> Day | None:
        """The day before ``day`` in time, whatever the display order."""
        position = self._position.get(day.src_uri)
        return self.chronological[position - 1] if position else None

    def newer(self, day: Day) -> Day | None:
        """The day after ``day`` in time."""
        position = self._position.get(day.src_uri)
        if position is None or position + 1 >= len(self.chronological):
            return None
        return self.chronological[position + 1]

    def on_this_day(self, day: Day) -> list[Day]:
        """Days of the same month and day in earlier years, newest first (the list is the
        archive's own: not to be changed)."""
        if day.date is None:
            return []
        found = self._on_this_day.get(day.src_uri)
        if found is None:
            same = self._by_month_day.get((day.date.month, day.date.day), [])
            found = [d for d in reversed(same) if d.date and d.date.year < day.date.year]
            self._on_this_day[day.src_uri] = found
        return found

    def later_same_date(self, day: Day) -> list[Day]:
        """Days of the same month and day in later years: those whose ``on_this_day``
        lists ``day``."""
        if day.date is None:
            return []
        same = self._by_month_day.get((day.date.month, day.date.day), [])
        return [d for d in same if d.date and d.date.year > day.date.year]

    def overview(self, src_uri: str) -> Year | Month | None:
        """The year or month whose overview page is ``src_uri``, if any."""
        return self._groups()[0].get(src_uri)

    def best_of(self, src_uri: str) -> Year | Month | None:
        """The year or month whose best-of page is ``src_uri``, if any."""
        return self._groups()[1].get(src_uri)

    def _groups(self) -> _Groups:
        # Indexed on first use: `years` is filled after the archive is made.
        key = [id(y) for y in self.years]
        if self._indexed is None or self._indexed[0] != key:
            overviews: dict[str, Year | Month] = {}
            bests: dict[str, Year | Month] = {}
            for year in self.years:
                overviews[year.src_uri], bests[year.best_uri] = year, year
                for month in year.months:
                    overviews[month.src_uri], bests[month.best_uri] = month, month
            self._indexed = (key, (overviews, bests))
        return self._indexed[1]

    def recent(self, count: int, skip: int = 0) -> list[Day]:
        """Up to ``count`` days, newest first, after skipping the ``skip`` newest."""
        newest_first = self.chronological[::-1]
        return newest_first[skip : skip + count]


def average_stars(days: list[Day]) -> float | None:
    """Mean rating of the rated entries of ``days``."""
    rated = [e.stars for d in days for e in d.entries if e.stars]
    return sum(rated) / len(rated) if rated else None


def best_entries(days: list[Day], count: int) -> list[tuple[Day, Entry]]:
    """The ``count`` best-rated entries of ``days``: most stars first, then the newest."""
    rated = [(d, e) for d in days for e in d.entries if e.stars]
    # the same as sorted(rated, key=...)[:count], without sorting them all
    return heapq.nsmallest(
        count,
        rated,
        key=lambda de: (
            -de[1].stars,
            -(de[0].date or dt.date.min).toordinal(),
            de[0].src_uri,
            de[1].number,
        ),
    )


def archive_uri(notes_dir: str) -> str:
    """``notes/index.md``: the archive overview."""
    return posixpath.join(notes_dir, "index.md")


def year_uri(notes_dir: str, year: int) -> str:
    """``notes/2021/index.md``: a year's overview."""
    return posixpath.join(notes_dir, f"{year:04d}", "index.md")


def month_uri(notes_dir: str, year: int, month: int) -> str:
    """``notes/2021/05/index.md``: a month's overview."""
    return posixpath.join(notes_dir, f"{year:04d}", f"{month:02d}", "index.md")


def build_archive(days: list[Day], notes_dir: str, newest_first: bool = True) -> Archive:
    """Group dated days into years and months. Undated days are left out (they have a problem)."""
    dated = sorted((d for d in days if d.date is not None), key=lambda d: d.sort_key)
    archive = Archive(notes_dir=notes_dir, newest_first=newest_first, chronological=dated)
    years: dict[int, Year] = {}
    months: dict[tuple[int, int], Month] = {}
    for day in dated:
        date: dt.date = day.date  # type: ignore[assignment]
        if date.year not in years:
            years[date.year] = Year(date.year, src_uri=year_uri(notes_dir, date.year))
        key = (date.year, date.month)
        if key not in months:
            months[key] = Month(date.year, date.month, src_uri=month_uri(notes_dir, *key))
            years[date.year].months.append(months[key])
        months[key].days.append(day)
    archive.years = list(years.values())
    if newest_first:
        archive.years.reverse()
        for year in archive.years:
            year.months.reverse()
            for month in year.months:
                month.days.reverse()
    return archive


def days_in_nav_order(archive: Archive) -> list[tuple[Day, Month]]:
    """Every day of the archive with its month, in the order the nav and the archive list them."""
    return [(day, month) for year in archive.years for month in year.months for day in month.days]
