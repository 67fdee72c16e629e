"""The archive tree and the nav built from it, without MkDocs."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_dairly.notes.archive import build_archive, days_in_nav_order
from mkdocs_dairly.notes.model import Day
from mkdocs_dairly.site.i18n import labels_for
from mkdocs_dairly.site.nav import nav_paths, nav_tree, references

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


def test_nav_tree_lists_months_as_pages_or_as_sections_of_days() -> None:
    archive = build_archive(days(), "notes")
    labels = labels_for("en")
    assert nav_tree(archive, labels, days=False) == [
        {"2021": ["notes/2021/index.md", {"May": "notes/2021/05/index.md"},
                  {"April": "notes/2021/04/index.md"}]},
        {"2020": ["notes/2020/index.md", {"December": "notes/2020/12/index.md"}]},
    ]  # fmt: skip
    may = nav_tree(archive, labels)[0]["2021"][1]
    assert may == {"May": ["notes/2021/05/index.md", {"May 11": "notes/202105/0511.md"},
                           {"May 1": "notes/202105/0501.md"}]}  # fmt: skip


def test_nav_paths_and_references_walk_a_nav_config() -> None:
    nav = [
        "index.md",
        {"Guide": ["guide/a.md", {"B": "guide/b.md"}, {"Empty": []}]},
        {"Out": "https://example.org/"},
        {"Notes": [{"Pinned": "notes/202105/0511.md"}]},
        None,  # not a page: skipped
    ]
    assert list(nav_paths(nav)) == [
        "index.md",
        "guide/a.md",
        "guide/b.md",
        "https://example.org/",
        "notes/202105/0511.md",
    ]
    assert references(nav, "guide/b.md")
    assert not references(nav, "guide/c.md")
    assert not references(None, "index.md")
