"""The reader's side in a real browser: star filter, search in Chinese, calendar, moving in
time, and no JavaScript errors anywhere — on a fresh notes repo and on this repo's own site."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .browserkit import browser, build_and_serve, open_page, screenshot, serve_dir
from .conftest import Site

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # a fixture, used by name

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh notes repo: Material with instant navigation, ``plugins: [search, tags, dairly]``."""
    root = tmp_path_factory.mktemp("reader-site")
    site = Site(
        root,
        {
            "site_name": "读书笔记",
            "theme": {"name": "material", "language": "zh", "features": ["navigation.instant"]},
            "plugins": ["search", "tags", "dairly"],
        },
    )
    site.note("202005/0511.md", {"entries": [{"title": "去年的今天", "stars": 3}]})
    site.note("202105/0510.md", {"entries": [{"title": "前一天", "stars": 2}]})
    site.note(
        "202105/0511.md",
        {"title": "公众号内容拓展学习笔记", "tags": ["nlp"],
         "entries": [{"title": "低分条目", "stars": 1, "abstract": "普通的一篇"},
                     {"title": "重要论文", "stars": 5, "abstract": "谷歌最新研究表明卷积在预训练上竟优于注意力机制"},
                     {"title": "中等条目", "stars": 3}]},
    )  # fmt: skip
    site.write("docs/tags.md", "# 标签\n\n<!-- material/tags -->\n")
    yield from build_and_serve(site)


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """This repository's own site, built strictly and served."""
    site_dir = tmp_path_factory.mktemp("own-site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with serve_dir(site_dir) as url:
        yield url, site_dir


def visible_titles(page) -> list[str]:
    return page.eval_on_selector_all(
        "article.md-content__inner article.dairly-entry",
        "cards => cards.filter(c => c.offsetParent !== null)"
        ".map(c => c.querySelector('.dairly-entry__title').textContent.trim())",
    )


def test_star_filter_hides_and_restores_entries_and_keeps_state_in_the_url(
    browser, fresh: str
) -> None:
    page, errors = open_page(browser, fresh + "notes/202105/0511/")
    assert visible_titles(page) == ["低分条目", "重要论文", "中等条目"]
    page.click("[data-dairly-filter] button[data-min-stars='3']")
    assert visible_titles(page) == ["重要论文", "中等条目"]
    assert urlsplit(page.url).query == "stars=3"
    page.click("[data-dairly-filter] button[data-min-stars='5']")
    assert visible_titles(page) == ["重要论文"]
    assert page.get_attribute("button[data-min-stars='5']", "aria-pressed") == "true"
    page.click("[data-dairly-filter] button[data-min-stars='0']")
    assert visible_titles(page) == ["低分条目", "重要论文", "中等条目"]
    assert urlsplit(page.url).query == ""
    assert errors == []


def test_a_shared_filtered_url_applies_on_load(browser, fresh: str) -> None:
    page, errors = open_page(browser, fresh + "notes/202105/0511/?stars=3")
    assert visible_titles(page) == ["重要论文", "中等条目"]
    assert page.get_attribute("button[data-min-stars='3']", "aria-pressed") == "true"
    assert errors == []


def test_star_filter_survives_an_instant_navigation_click(browser, fresh: str) -> None:
    page, errors = open_page(browser, fresh)
    page.click("[data-dairly-filter] button[data-min-stars='3']")
    assert visible_titles(page) == ["重要论文", "中等条目"]
    page.click("a.dairly-home__more a, p.dairly-home__more a")
    page.wait_for_url("**/notes/202105/0511/**")
    page.wait_for_selector("[data-dairly-filter]:not([hidden])")
    # instant navigation swapped the page without a reload: the filter was bound again
    assert page.evaluate("typeof window.document$") == "object"
    assert visible_titles(page) == ["重要论文", "中等条目"]
    assert urlsplit(page.url).query == "stars=3"
    page.click("[data-dairly-filter] button[data-min-stars='0']")
    assert visible_titles(page) == ["低分条目", "重要论文", "中等条目"]
    assert errors == []


@pytest.mark.parametrize("query", ["卷积", "注意力机制"])
def test_a_chinese_query_finds_the_day(browser, fresh: str, query: str) -> None:
    page, errors = open_page(browser, fresh + "notes/2021/")
    page.click("input.md-search__input")
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material searches on key events
    first = page.wait_for_selector(".md-search-result__list li a", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__list li > a", "as => as.map(a => a.href)")
    day = [h for h in hrefs if "/notes/202105/0511/" in h]
    assert day, hrefs
    assert first is not None
    assert errors == []


def test_calendar_cell_click_lands_on_its_day(browser, fresh: str) -> None:
    page, errors = open_page(browser, fresh + "notes/2021/")
    page.click("figure.dairly-calendar rect[data-date='2021-05-11']")
    page.wait_for_url("**/notes/202105/0511/")
    assert page.inner_text("h1") == "公众号内容拓展学习笔记"
    assert errors == []


def test_newer_and_older_links_move_in_time(browser, fresh: str) -> None:
    page, errors = open_page(browser, fresh + "notes/202105/0510/")
    page.click("a.dairly-daynav__newer")
    page.wait_for_url("**/notes/202105/0511/")
    assert page.inner_text(".dairly-day__meta time") == "2021年5月11日"
    page.click("a.dairly-daynav__older")
    page.wait_for_url("**/notes/202105/0510/")
    page.goto(fresh + "notes/202105/0511/")
    page.click(".dairly-daynav__onthisday a")
    page.wait_for_url("**/notes/202005/0511/")
    assert errors == []


def test_a_day_page_highlights_its_month_and_keys_step_between_days(browser, fresh: str) -> None:
    page, errors = open_page(browser, fresh + "notes/202105/0510/")
    nav = "nav.md-nav--primary"
    month = page.locator(f"{nav} li.md-nav__item--active:not(.md-nav__item--nested) > a")
    assert month.inner_text().strip() == "5月"
    home = page.locator(f"{nav} > ul > li:first-child > a")
    color = "el => getComputedStyle(el).color"
    assert month.evaluate(color) != home.evaluate(color)  # Material's active colour
    # Material's keys: "n" and "p" follow the nav order (newest first) from day to day.
    page.keyboard.press("n")
    page.wait_for_url("**/notes/202005/0511/")
    page.keyboard.press("p")
    page.wait_for_url("**/notes/202105/0510/")
    page.keyboard.press("p")
    page.wait_for_url("**/notes/202105/0511/")
    assert errors == []


def test_no_javascript_errors_on_any_page_of_the_fresh_site(
    browser, fresh: str, tmp_path: Path
) -> None:
    for path in ("", "notes/", "notes/2021/", "notes/2021/05/", "notes/2021/best/",
                 "notes/202105/0511/", "notes/202005/0511/", "tags/"):  # fmt: skip
        page, errors = open_page(browser, fresh + path)
        assert errors == [], path
        page.context.close()


def test_own_site_pages_have_no_javascript_errors(browser, own_site: tuple[str, Path]) -> None:
    url, site_dir = own_site
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html"))
    assert len(pages) > 20
    for rel in pages:
        page, errors = open_page(browser, url + rel.removesuffix("index.html"), wait="load")
        assert errors == [], rel
        page.context.close()


def test_own_site_home_dark_and_phone_screenshots(browser, own_site: tuple[str, Path]) -> None:
    url, _ = own_site
    shots = []
    for name, width, dark in (
        ("desktop", 1280, False),
        ("dark", 1280, True),
        ("phone", 390, False),
    ):
        page, errors = open_page(browser, url, width=width, dark=dark, placeholder_images=True)
        assert page.locator("article.dairly-entry").count() >= 3
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.locator("#latest").scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, document.querySelector('#latest').offsetTop - 80)")
        screenshot(page, f"own-home-{name}.png", full_page=False)
        if os.environ.get("DAIRLY_README_SCREENSHOTS"):  # refresh the README's images
            readme_name = {"desktop": "home"}.get(name, name)
            page.screenshot(path=str(REPO / f"docs/assets/screenshot-{readme_name}.png"))
        shots.append(errors)
        page.context.close()
    assert shots == [[], [], []]
