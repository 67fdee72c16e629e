"""mkdocs-exclude: an excluded day is gone, and nothing links to it any more."""

from __future__ import annotations

import json

import pytest

from .conftest import AWKWARD, NOTES, assert_dairly_output, day_url

SHOWN = [n for n in NOTES if n != AWKWARD]


@pytest.fixture(scope="module", params=["dairly-first", "exclude-first"])
def result(request, compat_build):
    exclude = {"exclude": {"glob": ["notes/" + AWKWARD]}}
    plugins = (
        ["search", "dairly", exclude]
        if request.param == "dairly-first"
        else ["search", exclude, "dairly"]
    )
    return compat_build(f"exclude-{request.param}", plugins)


def test_dairly_output_for_the_other_days(result):
    assert_dairly_output(result, notes=SHOWN)


def test_excluded_day_page_is_gone(result):
    result.ok()
    assert not result.exists(day_url(AWKWARD)), f"{day_url(AWKWARD)} was built"


def test_no_page_links_to_the_excluded_day(result):
    result.ok()
    slug = AWKWARD[: -len(".md")]  # 202105/0510
    linking = [
        str(p.relative_to(result.site_dir))
        for p in result.html_files()
        if f"{slug}/" in p.read_text("utf-8")
    ]
    assert linking == [], f"pages that still link to the excluded day: {linking}"


def test_feed_and_search_index_leave_it_out(result):
    slug = AWKWARD[: -len(".md")]
    assert slug not in result.text("feed.xml"), "feed.xml has the excluded day"
    index = json.loads(result.text("search/search_index.json"))
    assert [d["location"] for d in index["docs"] if slug in d["location"]] == []
