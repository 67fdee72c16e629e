"""A GitHub-style year calendar of notes per day, as inline SVG (no JavaScript, no MkDocs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from ..notes.model import Day
from .i18n import Labels

CELL = 11  # px
PITCH = 13  # cell + gap
LEFT = 28  # room for weekday labels
TOP = 16  # room for month labels
SIZE = f'width="{CELL}" height="{CELL}"'


def level(entries: int) -> int:
    """Colour level of a day with ``entries`` entries: 1–4 (a note with none is 1)."""
    if entries <= 2:
        return 1
    if entries <= 4:
        return 2
    if entries <= 6:
        return 3
    return 4


def calendar_svg(year: int, days: list[Day], labels: Labels, url_for: Callable[[Day], str]) -> str:
    """The calendar of ``year``: one cell per date (weeks in columns, Monday on top), each day
    with a note a link to it, labelled with its date and entry count.

    Links use ``xlink:href``: Material's instant navigation assigns ``el.href`` on every
    element with an ``href`` attribute, which throws on SVG links.
    """
    by_date = {d.date: d for d in sorted(days, key=lambda d: d.src_uri, reverse=True) if d.date}
    first = dt.date(year, 1, 1)
    # The Monday of the first week (the ordinal, as that Monday is no date in year 1).
    start_ordinal = first.toordinal() - first.weekday()
    last = dt.date(year, 12, 31)
    weeks = (last.toordinal() - start_ordinal) // 7 + 1
    width = LEFT + weeks * PITCH
    height = TOP + 7 * PITCH
    title = labels.calendar(year)
    parts = [
        '<svg class="dairly-calendar" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="group" aria-label="{escape(title)}">'
    ]
    for month in range(1, 13):
        column = (dt.date(year, month, 1).toordinal() - start_ordinal) // 7
        parts.append(
            f'<text class="dairly-calendar__label" x="{LEFT + column * PITCH}" y="10">'
            f"{escape(labels.month_short(month))}</text>"
        )
    for row, name in (
        (0, labels.weekday_short(0)),
        (2, labels.weekday_short(2)),
        (4, labels.weekday_short(4)),
    ):
        parts.append(
            f'<text class="dairly-calendar__label" x="0" y="{TOP + row * PITCH + CELL - 2}">'
            f"{escape(name)}</text>"
        )
    # By ordinal, not date + timedelta: the day after 9999-12-31 is not a date.
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        date = dt.date.fromordinal(ordinal)
        offset = ordinal - start_ordinal
        x, y = LEFT + (offset // 7) * PITCH, TOP + (offset % 7) * PITCH
        day = by_date.get(date)
        if day is None:
            parts.append(f'<rect class="dairly-calendar__day" x="{x}" y="{y}" {SIZE}/>')
        else:
            text = f"{labels.full_date(date)}: {labels.entries(len(day.entries))}"
            shade = level(len(day.entries))
            parts.append(
                f'<a xlink:href="{escape(url_for(day))}" aria-label="{escape(text)}">'
                f'<rect class="dairly-calendar__day dairly-calendar__day--{shade}"'
                f' x="{x}" y="{y}" {SIZE} data-date="{date.isoformat()}">'
                f"<title>{escape(text)}</title></rect></a>"
            )
    parts.append("</svg>")
    return "".join(parts)
