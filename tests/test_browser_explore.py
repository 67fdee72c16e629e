"""The explore page in a real browser (Debian's Chromium): each filter, the count, the state
in the URL and back from a shared URL, sorting, rows landing on their card, "show more",
the keyboard, instant navigation in and out, and no JavaScript errors."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest

from .axekit import axe_source, describe
from .browserkit import browser, build_and_serve, open_page
from .conftest import Site

pytestmark = pytest.mark.browser
__all__ = ["axe_source", "browser"]  # fixtures, used by name

EXPLORE = "notes/explore/"
READY = "[data-dairly-explore][data-state='ready']"
ARXIV = "https://arxiv.org/abs/2101.00001"
GITHUB = "https://github.com/someone/thing"
XSS = '<img src=x onerror="window.pwned=1">'
PALETTE = [
    {"scheme": "default", "toggle": {"icon": "material/brightness-7", "name": "Dark mode"}},
    {"scheme": "slate", "toggle": {"icon": "material/brightness-4", "name": "Light mode"}},
]


@pytest.fixture(scope="module")
def explore_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Four days over two years, tags on days and entries, every link kind, a hostile title;
    Material with instant navigation, English labels."""
    root = tmp_path_factory.mktemp("explore-site")
    site = Site(
        root,
        {
            "site_name": "Reading log",
            "theme": {
                "name": "material",
                "language": "en",
                "features": ["navigation.instant"],
                "palette": PALETTE,
            },
            "plugins": ["search", "dairly"],
        },
    )
    site.note("202005/0511.md", {"entries": [
        {"title": "Old convolution", "stars": 3, "paper": ARXIV, "tags": ["cv"]},
    ]})  # fmt: skip
    site.note("202105/0510.md", {"entries": [{"title": "Prior day", "stars": 2, "code": GITHUB}]})
    site.note("202105/0511.md", {"tags": ["nlp"], "entries": [
        {"title": "Low entry", "stars": 1, "abstract": "an ordinary one"},
        {"title": "Important paper", "stars": 5, "paper": ARXIV, "code": GITHUB, "tags": ["cv"],
         "abstract": "**Convolution** beats [attention](https://example.org/a) in pretraining"},
        {"title": "Middle entry", "stars": 3, "demo": "https://example.org/demo"},
    ]})  # fmt: skip
    site.note("202106/0601.md", {"entries": [{"title": XSS, "stars": 4, "tags": ["R&D"]}]})
    yield from build_and_serve(site)


def ready(page) -> None:
    page.wait_for_selector(READY)


def rows(page) -> list[str]:
    return page.eval_on_selector_all(
        ".dairly-explore__rows > li .dairly-explore__title", "as => as.map(a => a.textContent)"
    )


def count(page) -> str:
    return page.inner_text(".dairly-explore__count")


def query(page) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query))


ALL_NEWEST = [XSS, "Low entry", "Important paper", "Middle entry", "Prior day", "Old convolution"]


def test_every_entry_newest_first_each_row_linking_to_its_card(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE)
    ready(page)
    assert rows(page) == ALL_NEWEST
    assert count(page) == "6 of 6 entries"
    hrefs = page.eval_on_selector_all(".dairly-explore__title", "as => as.map(a => a.href)")
    assert hrefs[:2] == [
        explore_site + "notes/202106/0601/#entry-1",
        explore_site + "notes/202105/0511/#entry-1",
    ]
    assert hrefs[2] == explore_site + "notes/202105/0511/#entry-2"
    # The important paper's row: its date, stars, link kinds and tags (its day's too).
    row = page.locator(".dairly-explore__row").nth(2)
    assert row.locator("time").get_attribute("datetime") == "2021-05-11"
    assert row.locator(".dairly-stars").get_attribute("aria-label") == "5 of 5 stars"
    kinds = row.locator(".dairly-explore__kind").all_inner_texts()
    assert kinds == ["Paper", "Code"]
    assert row.locator(".dairly-explore__tag").all_inner_texts() == ["nlp", "cv"]
    assert query(page) == {}
    assert errors == []


def test_a_title_from_front_matter_is_text_never_markup(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE)
    ready(page)
    assert page.locator(".dairly-explore__rows img").count() == 0
    assert page.evaluate("window.pwned") is None
    tag_options = page.eval_on_selector_all(
        "select[name=tag] option", "os => os.map(o => [o.value, o.textContent])"
    )
    assert tag_options == [["", "All tags"], ["R&D", "R&D (1)"], ["cv", "cv (2)"],
                           ["nlp", "nlp (3)"]]  # fmt: skip
    assert errors == []


def test_minimum_stars(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE)
    ready(page)
    page.select_option("select[name=stars]", "3")
    assert rows(page) == [XSS, "Important paper", "Middle entry", "Old convolution"]
    assert count(page) == "4 of 6 entries"
    assert query(page) == {"stars": "3"}
    page.select_option("select[name=stars]", "5")
    assert rows(page) == ["Important paper"]
    page.select_option("select[name=stars]", "0")
    assert rows(page) == ALL_NEWEST
    assert query(page) == {}
    assert errors == []


def test_tag_counts_a_days_tags_for_its_entries(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE)
    ready(page)
    page.select_option("select[name=tag]", "cv")
    assert rows(page) == ["Important paper", "Old convolution"]
    page.select_option("select[name=tag]", "nlp")
    assert rows(page) == ["Low entry", "Important paper", "Middle entry"]
    assert query(page) == {"tag": "nlp"}
    assert count(page) == "3 of 6 entries"
    assert errors == []


def test_year_and_month(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE)
    ready(page)
    periods = page.eval_on_selector_all(
        "select[name=period] option", "os => os.map(o => [o.value, o.textContent])"
    )
    assert periods == [["", "Any time"], ["2021", "2021"], ["2021-06", "June 2021"],
                       ["2021-05", "May 2021"], ["2020", "2020"], ["2020-05", "May 2020"]]  # fmt: skip
    page.select_option("select[name=period]", "2021-05")
    assert rows(page) == ["Low entry", "Important paper", "Middle entry", "Prior day"]
    assert query(page) == {"period": "2021-05"}
    page.select_option("select[name=period]", "2021")
    assert rows(page) == [XSS, "Low entry", "Important paper", "Middle entry", "Prior day"]
    page.select_option("select[name=period]", "2020")
    assert rows(page) == ["Old convolution"]
    assert errors == []


def test_link_kinds_combine(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE)
    ready(page)
    page.check("input[name=has][value=paper]")
    assert rows(page) == ["Important paper", "Old convolution"]
    page.check("input[name=has][value=code]")
    assert rows(page) == ["Important paper"]
    assert query(page) == {"has": "paper,code"}
    page.uncheck("input[name=has][value=paper]")
    assert rows(page) == ["Important paper", "Prior day"]
    page.uncheck("input[name=has][value=code]")
    page.check("input[name=has][value=demo]")
    assert rows(page) == ["Middle entry"]
    assert count(page) == "1 of 6 entries"
    assert errors == []


def test_text_typed_as_a_person_types(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE)
    ready(page)
    page.click("input[name=text]")
    page.keyboard.type("convolution")
    # The title of one, the abstract (its words, not its Markdown) of the other.
    assert rows(page) == ["Important paper", "Old convolution"]
    assert query(page) == {"text": "convolution"}
    page.keyboard.type(" PRETRAINING")  # every word, any case
    assert rows(page) == ["Important paper"]
    page.fill("input[name=text]", "")
    page.keyboard.type("example.org")  # a link's target is not its text
    assert rows(page) == []
    assert count(page) == "0 of 6 entries · No entry matches."
    page.fill("input[name=text]", "")
    page.keyboard.type("attention")  # a link's text is
    assert rows(page) == ["Important paper"]
    page.keyboard.press("Enter")  # the form is not sent anywhere
    assert rows(page) == ["Important paper"]
    assert query(page) == {"text": "attention"}
    assert errors == []


def test_sorting_by_date_and_stars(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE)
    ready(page)
    page.select_option("select[name=sort]", "oldest")
    assert rows(page) == ["Old convolution", "Prior day", "Low entry", "Important paper",
                          "Middle entry", XSS]  # fmt: skip
    assert query(page) == {"sort": "oldest"}
    page.select_option("select[name=sort]", "stars")
    # Most stars first; equal stars: the newest first, then the entries' order.
    assert rows(page) == ["Important paper", XSS, "Middle entry", "Old convolution",
                          "Prior day", "Low entry"]  # fmt: skip
    assert query(page) == {"sort": "stars"}
    assert errors == []


def test_a_shared_url_restores_the_view_and_clearing_resets_it(browser, explore_site: str) -> None:
    shared = "?text=r&stars=2&period=2021-05&has=code&sort=stars&tag=cv"
    page, errors = open_page(browser, explore_site + EXPLORE + shared)
    ready(page)
    assert rows(page) == ["Important paper"]
    assert page.input_value("input[name=text]") == "r"
    assert page.input_value("select[name=stars]") == "2"
    assert page.input_value("select[name=tag]") == "cv"
    assert page.input_value("select[name=period]") == "2021-05"
    assert page.input_value("select[name=sort]") == "stars"
    assert page.is_checked("input[name=has][value=code]")
    assert not page.is_checked("input[name=has][value=paper]")
    page.select_option("select[name=tag]", "")
    assert rows(page) == ["Important paper", "Prior day"]
    page.click("button.dairly-explore__reset")
    assert rows(page) == ALL_NEWEST
    assert page.input_value("input[name=text]") == ""
    assert query(page) == {}
    assert errors == []


def test_nonsense_in_a_shared_url_is_dropped(browser, explore_site: str) -> None:
    bad = "?stars=9&tag=nope&period=20xx&has=paper,bogus&sort=random&other=kept"
    page, errors = open_page(browser, explore_site + EXPLORE + bad)
    ready(page)
    assert rows(page) == ["Important paper", "Old convolution"]
    assert query(page) == {"has": "paper", "other": "kept"}
    assert errors == []


def test_a_row_lands_on_its_card(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE + "?stars=5")
    ready(page)
    page.click("text=Important paper")
    page.wait_for_url("**/notes/202105/0511/#entry-2")
    card = page.locator("article.dairly-entry#entry-2")
    assert card.locator(".dairly-entry__title").inner_text() == "Important paper"
    page.wait_for_function(
        "() => { const r = document.getElementById('entry-2').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )
    assert errors == []


def test_instant_navigation_in_out_and_back(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site)
    page.click("nav.md-nav--primary a[href$='notes/explore/']")
    page.wait_for_url("**/notes/explore/")
    ready(page)
    assert page.evaluate("typeof window.document$") == "object"  # no full reload happened
    assert rows(page) == ALL_NEWEST
    page.select_option("select[name=stars]", "4")
    assert rows(page) == [XSS, "Important paper"]
    page.click("text=Important paper")
    page.wait_for_url("**/notes/202105/0511/#entry-2")
    page.wait_for_selector("article.dairly-entry#entry-2")
    page.go_back()
    page.wait_for_url("**/notes/explore/?stars=4")
    ready(page)
    assert rows(page) == [XSS, "Important paper"]  # bound once, the state from the URL
    page.click("nav.md-nav--primary a[href$='notes/2021/']")
    page.wait_for_url("**/notes/2021/")
    page.click("nav.md-nav--primary a[href$='notes/explore/']")
    page.wait_for_url("**/notes/explore/")
    ready(page)
    assert rows(page) == ALL_NEWEST
    page.click("input[name=text]")
    page.keyboard.type("prior")
    assert rows(page) == ["Prior day"]
    assert page.evaluate("performance.getEntriesByName('dairly-explore-fetch').length") == 1
    assert errors == []


def test_the_keyboard_reaches_every_control(browser, explore_site: str) -> None:
    page, errors = open_page(browser, explore_site + EXPLORE)
    ready(page)
    page.focus("input[name=text]")
    page.keyboard.type("entry")
    page.keyboard.press("Tab")  # the stars
    assert page.evaluate("document.activeElement.name") == "stars"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.input_value("select[name=stars]") == "2"
    assert rows(page) == ["Middle entry"]
    page.keyboard.press("ArrowUp")
    assert rows(page) == ["Low entry", "Middle entry"]
    for name in ("tag", "period", "sort", "has"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == name
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the demo box
    assert rows(page) == ["Middle entry"]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # clear filters
    assert rows(page) == ALL_NEWEST
    assert errors == []


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One day of 230 entries, more than one screen of rows."""
    root = tmp_path_factory.mktemp("explore-long")
    site = Site(root, {"site_name": "Long", "plugins": ["search", "dairly"],
                       "theme": {"name": "material", "language": "zh", "palette": PALETTE}})  # fmt: skip
    site.note("202201/0101.md", {"entries": [{"title": f"第 {n} 条"} for n in range(1, 231)]})
    yield from build_and_serve(site)


def test_show_more_adds_rows_and_moves_the_focus_to_them(browser, long_site: str) -> None:
    page, errors = open_page(browser, long_site + EXPLORE)
    ready(page)
    assert count(page) == "230 / 230 篇"
    assert len(rows(page)) == 100
    more = page.locator("button.dairly-explore__more")
    assert more.inner_text() == "再显示 100 篇"
    more.focus()
    page.keyboard.press("Enter")
    assert len(rows(page)) == 200
    assert page.evaluate("document.activeElement.textContent") == "第 101 条"
    assert more.inner_text() == "再显示 30 篇"
    more.click()
    assert len(rows(page)) == 230
    assert more.is_hidden()
    page.click("input[name=text]")
    page.keyboard.type("第 22")  # every word: 第 and 22
    assert rows(page) == ["第 22 条", "第 122 条"] + [f"第 {n} 条" for n in range(220, 230)]
    assert more.is_hidden()
    assert errors == []


@pytest.mark.parametrize(
    ("which", "query"),
    [("explore_site", ""), ("explore_site", "?stars=5&text=nothing"), ("long_site", "")],
    ids=["rows", "none", "rows-below-the-screen"],
)
def test_axe_finds_no_serious_violations_in_either_palette(
    browser, request: pytest.FixtureRequest, axe_source: str, which: str, query: str
) -> None:
    """The page's content with its rows (or none; or 100, most below the screen, which a
    palette switch must restyle too), as axe-core sees it in both palettes. Material's own
    header and footer are left to test_browser_design.py's check of this repository's site
    (whose extra.css fixes the footer's contrast)."""
    page, errors = open_page(browser, request.getfixturevalue(which) + EXPLORE + query)
    ready(page)
    page.add_script_tag(content=axe_source)
    found = {}
    for scheme in ("default", "slate"):
        if scheme == "slate":  # Material's palette toggle, as a reader switches
            page.click("form[data-md-component='palette'] label[for='__palette_1']")
            page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        result = page.evaluate(
            "axe.run('article.md-content__inner', {resultTypes: ['violations']})"
        )
        assert result["passes"] or result["incomplete"]  # axe did look at the content
        serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        found[scheme] = describe(serious)
    assert found == {"default": "", "slate": ""}, found
    assert errors == []
