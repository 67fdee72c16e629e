"""Navigation plugins: mkdocs-awesome-nav (no ``nav:``, a ``.nav.yml``), mkdocs-literate-nav
(a SUMMARY.md pointing at the archive page) and mkdocs-section-index."""

from __future__ import annotations

import pytest

from .conftest import AWKWARD, assert_dairly_output, day_url, links_to, write


def primary_nav(result, url):
    nav = result.html(url).select_one("nav.md-nav--primary")
    assert nav is not None, f"{url} has no primary nav"
    return nav


def _awesome(root):
    write(root, "docs/.nav.yml", "nav:\n  - index.md\n  - notes\n  - about.md\n")


@pytest.fixture(scope="module")
def awesome(compat_build):
    return compat_build(
        "awesome-nav", ["search", "dairly", "awesome-nav"], setup=_awesome, strict=True
    )


def test_awesome_nav_strict_build_with_dairly_output(awesome):
    assert_dairly_output(awesome)
    assert awesome.problems() == []


def test_awesome_nav_lists_the_year_and_month_pages(awesome):
    # Material's navigation.prune (on by default) renders only the open branch: a day page
    # opens its year and month.
    url = day_url(AWKWARD)
    nav = primary_nav(awesome, url)
    for target in ("notes/", "notes/2021/", "notes/2021/05/", "notes/2021/06/", "notes/2020/"):
        assert links_to(nav, url, target), f"the nav of {url} has no link to {target}"


def _literate(root):
    write(
        root,
        "docs/SUMMARY.md",
        "* [首页](index.md)\n* [笔记](notes/index.md)\n* [关于](about.md)\n",
    )


@pytest.fixture(scope="module", params=["dairly-first", "literate-first"])
def literate(request, compat_build):
    plugins = ["search", "dairly", "literate-nav"]
    if request.param == "literate-first":
        plugins = ["search", "literate-nav", "dairly"]
    return compat_build(f"literate-{request.param}", plugins, setup=_literate, strict=True)


def test_literate_nav_strict_build_with_dairly_output(literate):
    assert_dairly_output(literate)
    assert literate.problems() == []


def test_literate_nav_gets_the_year_month_tree(literate):
    url = day_url(AWKWARD)  # (navigation.prune renders the open branch)
    nav = primary_nav(literate, url)
    for target in ("notes/", "notes/2021/", "notes/2021/05/", "notes/2021/06/", "notes/2020/"):
        assert links_to(nav, url, target), f"the nav of {url} has no link to {target}"


def test_literate_nav_marks_the_active_month_on_a_day_page(literate):
    nav = primary_nav(literate, day_url(AWKWARD))
    # A day is not a nav item: its month is the active leaf (li.md-nav__item--active).
    active = [
        li.select_one(":scope > a.md-nav__link[href]")
        for li in nav.select("li.md-nav__item--active:not(.md-nav__item--nested)")
    ]
    active = [a for a in active if a is not None]
    assert active, "no active nav link on the day page"
    assert any(links_to(a.parent, day_url(AWKWARD), "notes/2021/05/") for a in active), (
        f"the active nav item is {[a['href'] for a in active]}, expected the month notes/2021/05/"
    )


@pytest.fixture(scope="module")
def section_index(compat_build):
    return compat_build(
        "section-index",
        # Material's navigation.prune renders a pruned section as a link to its first
        # child whatever section-index says: turned off here (see the compatibility page).
        ["search", {"dairly": {"section_indexes": False, "prune_nav": False}}, "section-index"],
        strict=True,
    )


def test_section_index_strict_build_with_dairly_output(section_index):
    assert_dairly_output(section_index)
    assert section_index.problems() == []


def test_section_index_makes_year_sections_links(section_index):
    nav = primary_nav(section_index, "about/")
    assert links_to(nav, "about/", "notes/2021/"), "the year section does not link to its page"
    labels = [
        a.get_text(" ", strip=True)
        for a in nav.select("a[href]")
        if a["href"].rstrip("/").endswith("2021")
    ]
    assert len(labels) == 1, f"the year page appears {len(labels)} times in the nav: {labels}"
