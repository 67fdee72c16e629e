"""Dates of day notes: from a note's path, from front matter, and their localized labels."""

from __future__ import annotations

import datetime as dt
import re

# Each layout is matched against the path relative to notes_dir, with "/" separators.
_LAYOUTS = (
    # notes/202105/0511.md: the hand-written repositories' layout
    re.compile(r"^(?:.*/)?(?P<y>\d{4})(?P<m>\d{2})/(?P<m2>\d{2})(?P<d>\d{2})\.md$", re.ASCII),
    # notes/2021/05/11.md
    re.compile(r"^(?:.*/)?(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})\.md$", re.ASCII),
    # notes/…/2021-05-11.md anywhere below notes_dir
    re.compile(r"^(?:.*/)?(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\.md$", re.ASCII),
)

LAYOUT_HELP = "YYYYMM/MMDD.md, YYYY/MM/DD.md or YYYY-MM-DD.md"

# The dates a day may have: four-digit years, as the path layouts write them. Every page,
# calendar and feed of dairly renders each of these dates.
FIRST_DATE = dt.date(1000, 1, 1)
LAST_DATE = dt.date(9999, 12, 31)


def range_problem(date: dt.date) -> str | None:
    """Why ``date`` cannot be a day's date (outside the years 1000–9999), or ``None``."""
    if FIRST_DATE <= date <= LAST_DATE:
        return None
    years = f"{FIRST_DATE.year}–{LAST_DATE.year}"
    return f"{date.isoformat()} is outside the years {years} that dairly supports"


class PathDateError(ValueError):
    """The path looks like a date but is not a valid one."""


def date_from_path(rel_path: str) -> dt.date | None:
    """Return the date a note's path gives, ``None`` if it follows no layout.

    ``rel_path`` is relative to ``notes_dir`` and uses ``/``. Raises :class:`PathDateError`
    when the path follows a layout but names an impossible date (``202102/0230.md``) or
    disagrees with itself (``202105/0611.md``).
    """
    for layout in _LAYOUTS:
        match = layout.match(rel_path)
        if match is None:
            continue
        parts = match.groupdict()
        if parts.get("m2") is not None and parts["m2"] != parts["m"]:
            raise PathDateError(
                f"the folder says month {parts['m']} but the file name says month {parts['m2']}"
            )
        try:
            date = dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        except ValueError:
            raise PathDateError(
                f"{parts['y']}-{parts['m']}-{parts['d']} is not a date in the calendar"
            ) from None
        problem = range_problem(date)
        if problem:
            raise PathDateError(problem)
        return date
    return None


def parse_date(value: object) -> dt.date | None:
    """Return a front-matter ``date:`` as a date, or ``None`` if it is not one.

    Accepts YAML dates, datetimes (their day) and ``YYYY-MM-DD`` strings.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
