"""MkDocs' own inclusion rules: ``draft_docs`` and ``exclude_docs`` keep a day out of a
normal build everywhere; ``not_in_nav`` keeps it published."""

from __future__ import annotations

import json

import pytest

from .conftest import AWKWARD, NOTES, assert_dairly_output, day_url, links_to

SHOWN = [n for n in NOTES if n != AWKWARD]
SLUG = AWKWARD[: -len(".md")]


@pytest.fixture(scope="module", params=["draft_docs", "exclude_docs"])
def result(request, compat_build):
    return compat_build(
        f"inclusion-{request.param}", ["search", "dairly"], **{request.param: "notes/" + AWKWARD}
    )


def test_other_days_published(result):
    assert_dairly_output(result, notes=SHOWN)


def test_day_not_published(result):
    result.ok()
    assert not result.exists(day_url(AWKWARD)), f"{day_url(AWKWARD)} was built"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "notes/",
        "notes/2021/",
        "notes/2021/05/",
        "notes/2021/best/",
        "notes/2021/05/best/",
        day_url("202105/0509.md"),
        day_url("202105/0511.md"),
    ],
)
def test_no_page_links_to_it(result, url):
    assert not links_to(result.html(url), url, day_url(AWKWARD)), (
        f"{url} links to the unpublished day"
    )
    assert NOTES[AWKWARD]["entries"][1]["title"] not in result.content(url).get_text(), (
        f"{url} shows its entries"
    )


def test_not_in_feed_or_search(result):
    assert SLUG not in result.text("feed.xml"), "feed.xml has the unpublished day"
    index = json.loads(result.text("search/search_index.json"))
    assert [d["location"] for d in index["docs"] if SLUG in d["location"]] == []


@pytest.fixture(scope="module")
def not_in_nav(compat_build):
    return compat_build(
        "inclusion-not_in_nav", ["search", "dairly"], not_in_nav="notes/" + AWKWARD, strict=True
    )


def test_not_in_nav_day_stays_published(not_in_nav):
    assert_dairly_output(not_in_nav)
    assert not_in_nav.problems() == []
    assert links_to(not_in_nav.content("notes/2021/05/"), "notes/2021/05/", day_url(AWKWARD))
