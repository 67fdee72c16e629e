"""mkdocs-rss-plugin with its defaults: feeds built, day items with plain titles."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from .conftest import AWKWARD, NOTES, SITE_URL, assert_dairly_output, day_url, git_commit


@pytest.fixture(scope="module")
def result(compat_build):
    return compat_build("rss", ["search", "dairly", "rss"], setup=git_commit)


def test_dairly_output(result):
    assert_dairly_output(result)


def test_no_warnings(result):
    result.ok()
    assert result.problems() == []


@pytest.mark.parametrize("feed", ["feed_rss_created.xml", "feed_rss_updated.xml"])
def test_feed_items_have_plain_titles(result, feed):
    tree = ET.fromstring(result.text(feed))
    items = {i.findtext("link"): i.findtext("title") for i in tree.iter("item")}
    link = SITE_URL + day_url(AWKWARD)
    assert link in items, f"{feed} has no item for {AWKWARD}: {sorted(items)}"
    assert items[link] == NOTES[AWKWARD]["title"], f"{feed}: item title {items[link]!r}"


def test_feed_item_description_is_the_summary(result):
    tree = ET.fromstring(result.text("feed_rss_created.xml"))
    for item in tree.iter("item"):
        if item.findtext("link") == SITE_URL + day_url(AWKWARD):
            assert NOTES[AWKWARD]["summary"] in (item.findtext("description") or ""), item.findtext(
                "description"
            )
            return
    pytest.fail(f"no item for {AWKWARD}")
