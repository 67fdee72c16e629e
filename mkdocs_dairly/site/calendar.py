"""A year's calendar of notes per day: twelve month grids (inline SVG) in a figure with a
heading and a legend (no JavaScript, no MkDocs).

Each month is a small SVG of its own, so the months wrap to the width of the page (four or
more side by side on a desktop, two on a phone) while cells and labels keep their size.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
from collections.abc import Callable
from html import escape

from ..notes.model import Day
from .i18n import Labels

CELL = 16  # px
PITCH = 19  # cell + gap
MONTH_TOP = 18  # the month's name
WEEKDAY_TOP = 34  # the weekday initials, above the first week
TOP = 40  # the first week's cells
WIDTH = 7 * PITCH - (PITCH - CELL)
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


def _month_svg(
    year: int, month: int, by_date: dict[dt.date, Day], labels: Labels,
    url_for: Callable[[Day], str],
) -> str:  # fmt: skip
    """One month: weekdays in columns (Monday first), weeks in rows."""
    first_weekday, length = cal.monthrange(year, month)
    weeks = (first_weekday + length + 6) // 7
    height = TOP + weeks * PITCH - (PITCH - CELL)
    name = labels.year_month(year, month)
    parts = [
        f'<svg class="dairly-calendar__month" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="group" aria-label="{escape(name)}" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">',
        f'<text class="dairly-calendar__label dairly-calendar__label--month" x="0" '
        f'y="{MONTH_TOP - 4}" aria-hidden="true">{escape(labels.month_short(month))}</text>',
    ]
    for weekday in range(7):
        x = weekday * PITCH + CELL // 2
        parts.append(
            f'<text class="dairly-calendar__label" x="{x}" y="{WEEKDAY_TOP}" '
            f'text-anchor="middle" aria-hidden="true">'
            f"{escape(labels.weekday_short(weekday)[:1])}</text>"
        )
    for number in range(1, length + 1):
        date = dt.date(year, month, number)
        offset = first_weekday + number - 1
        x, y = (offset % 7) * PITCH, TOP + (offset // 7) * PITCH
        day = by_date.get(date)
        if day is None:
            parts.append(f'<rect class="dairly-calendar__day" x="{x}" y="{y}" {SIZE} rx="3"/>')
        else:
            text = f"{labels.full_date(date)}: {labels.entries(len(day.entries))}"
            shade = level(len(day.entries))
            parts.append(
                f'<a xlink:href="{escape(url_for(day))}" aria-label="{escape(text)}">'
                f'<rect class="dairly-calendar__day dairly-calendar__day--{shade}"'
                f' x="{x}" y="{y}" {SIZE} rx="3" data-date="{date.isoformat()}">'
                f"<title>{escape(text)}</title></rect></a>"
            )
    parts.append("</svg>")
    return "".join(parts)


def calendar_svg(year: int, days: list[Day], labels: Labels, url_for: Callable[[Day], str]) -> str:
    """The calendar of ``year``: a figure with a heading (the year and its number of days),
    one grid per month (one cell per date, each day with a note a link to it, labelled with
    its date and entry count) and a legend of the four levels.

    Links use ``xlink:href``: Material's instant navigation assigns ``el.href`` on every
    element with an ``href`` attribute, which throws on SVG links.
    """
    by_date = {d.date: d for d in sorted(days, key=lambda d: d.src_uri, reverse=True) if d.date}
    noted = sum(1 for date in by_date if date.year == year)
    title = labels.calendar(year)
    parts = [
        '<figure class="dairly-calendar">',
        f'<figcaption class="dairly-calendar__heading">{escape(title)}'
        f' <span class="dairly-calendar__count">· {escape(labels.days(noted))}</span>'
        "</figcaption>",
        '<div class="dairly-calendar__months">',
    ]
    for month in range(1, 13):
        parts.append(_month_svg(year, month, by_date, labels, url_for))
    parts.append("</div>")
    swatches = "".join(
        f'<span class="dairly-calendar__swatch dairly-calendar__swatch--{n}"></span>'
        for n in range(5)
    )
    parts.append(
        f'<p class="dairly-calendar__legend" aria-hidden="true">'
        f"<span>{escape(labels.fewer)}</span>{swatches}<span>{escape(labels.more)}</span></p>"
    )
    parts.append("</figure>")
    return "".join(parts)
