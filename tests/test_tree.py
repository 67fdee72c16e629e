"""The archive tree and the order of its days, without MkDocs."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_dairly.notes.archive import build_archive, days_in_nav_order
from mkdocs_dairly.notes.model import Day

DATES = [dt.date(2020, 12, 31), dt.date(2021, 4, 10), dt.date(2021, 5, 1), dt.date(2021, 5, 11)]


def days() -> list[Day]:
    return [Day(src_uri=f"notes/{d:%Y%m}/{d:%m%d}.md", date=d) for d in DATES]


@pytest.mark.parametrize("newest_first", [True, False])
def test_days_in_nav_order_follow_the_archive_with_their_months(newest_first: bool) -> None:
    archive = build_archive(days(), "notes", newest_first)
    ordered = days_in_nav_order(archive)
    expected = sorted(DATES, reverse=newest_first)
    assert [day.date for day, _ in ordered] == expected
    assert all(
        (month.year, month.month) == (day.date.year, day.date.month) for day, month in ordered
    )  # type: ignore[union-attr]
