"""Which day pages a rebuild may change when only notes' text did (``build.serve_delta``):
the notes model only, no MkDocs. (The serve test proves the same on served sites.)"""

from __future__ import annotations

import dataclasses
import datetime as dt

from mkdocs_dairly.build.serve_delta import Shown, affected_days, shown
from mkdocs_dairly.notes.archive import build_archive
from mkdocs_dairly.notes.model import Day
from mkdocs_dairly.notes.parse import parse_day

SITE = b"site key"


def day(path: str, title: str = "读了一篇", date: str | None = None) -> Day:
    front = f"date: '{date}'\n" if date else ""
    text = f"---\n{front}entries:\n  - title: {title}\n    url: https://example.com/\n---\n"
    return parse_day(f"notes/{path}", text, "notes")


def days_of(*days: Day) -> dict[str, Day]:
    return {d.src_uri: d for d in days}


def last_build(days: dict[str, Day]) -> Shown:
    keys = {uri: (SITE, uri, uri, "text", ()) for uri in days}
    return shown(SITE, days, build_archive(list(days.values()), "notes"), keys)


def test_nothing_changed_no_day_page_is_affected() -> None:
    days = days_of(day("202105/0510.md"), day("202105/0511.md"), day("202205/0511.md"))
    last = last_build(days)
    assert (
        affected_days(last, SITE, dict(days), build_archive(list(days.values()), "notes")) == set()
    )


def test_an_edited_day_its_neighbours_and_the_same_date_later() -> None:
    a, b, c = day("202105/0510.md"), day("202105/0511.md"), day("202105/0512.md")
    later, other = day("202205/0511.md"), day("202205/0601.md")
    earlier = day("202005/0511.md")
    days = days_of(earlier, a, b, c, later, other)
    last = last_build(days)
    now = dict(days, **{b.src_uri: day("202105/0511.md", "改了标题")})
    archive = build_archive(list(now.values()), "notes")
    # b itself, a and c (their links show its title), 2022-05-11 (its "on this day");
    # not 2020-05-11, which b's own page lists but which does not list b
    assert affected_days(last, SITE, now, archive) == {
        "notes/202105/0511.md", "notes/202105/0510.md", "notes/202105/0512.md",
        "notes/202205/0511.md",
    }  # fmt: skip


def test_anything_beyond_text_makes_every_key_anew() -> None:
    essay = day("misc/essay.md", date="2021-08-10")
    later = day("202208/0810.md")
    days = days_of(day("202105/0511.md"), essay, later)
    last = last_build(days)

    def affected(now: dict[str, Day]) -> set[str] | None:
        return affected_days(last, SITE, now, build_archive(list(now.values()), "notes"))

    # the same place in time, another date: 2022-08-10 no longer lists it
    moved = day("misc/essay.md", date="2021-08-11")
    assert affected(dict(days, **{essay.src_uri: moved})) is None
    added = day("202105/0512.md")
    assert affected(dict(days, **{added.src_uri: added})) is None
    assert affected({k: v for k, v in days.items() if k != later.src_uri}) is None
    assert (
        affected_days(last, b"another site key", days, build_archive(list(days.values()), "notes"))
        is None
    )
    assert affected_days(None, SITE, days, build_archive(list(days.values()), "notes")) is None
    # the same days in another order of the build's own
    assert affected(dict(reversed(days.items()))) is None


def test_a_copy_of_the_same_day_counts_as_changed() -> None:
    """A day the build gave a problem of its own (a duplicate date) is a copy each build:
    not the same ``Day``, so its page's key is made anew, never taken for last build's."""
    a, b = day("202105/0511.md"), day("202105/0512.md")
    days = days_of(a, b)
    last = last_build(days)
    now = dict(days, **{a.src_uri: dataclasses.replace(a, problems=list(a.problems))})
    assert affected_days(last, SITE, now, build_archive(list(now.values()), "notes")) == {
        a.src_uri, b.src_uri,
    }  # fmt: skip
    assert a.date == dt.date(2021, 5, 11)
