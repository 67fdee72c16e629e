"""The design in a real Chromium (issue #14): lists link to cards, readable stars, the
calendar, the filter's table of contents and count, the day header, phones, drafts, link
icons, failed images, and axe-core on every kind of page in both palettes.

Every check measures what a reader gets (boxes, computed colours, hrefs, where a click
lands), so a regression fails it."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest

from .axekit import axe_source, describe, run_axe
from .browserkit import browser, build_and_serve, open_page, serve_dir
from .conftest import Site

pytestmark = pytest.mark.browser
__all__ = ["axe_source", "browser"]  # fixtures, used by name

REPO = Path(__file__).resolve().parent.parent
DAY = "notes/202105/0511/"
TALL_TIPS = "\n\n".join(
    f"第 {n} 段：很长的笔记，把最后一张图推到首屏之外很远的地方。" for n in range(80)
)


def notes(site: Site) -> None:
    site.note("202005/0511.md", {"entries": [{"title": "去年的今天", "stars": 3}]})
    site.note("202105/0510.md", {"entries": [{"title": "前一天", "stars": 2},
                                             {"title": "前一天的好文", "stars": 4}]})  # fmt: skip
    site.note(
        "202105/0511.md",
        {"title": "读书笔记", "summary": "这一天的摘要", "tags": ["nlp"],
         "entries": [
             {"title": "低分条目", "stars": 1, "abstract": "普通的一篇", "tags": ["cv"],
              "paper": "https://arxiv.org/abs/2105.03322",
              "image": "https://img.example.org/pics/a.png"},
             {"title": "重要论文", "stars": 5, "abstract": "最值得读的一篇",
              "code": "https://github.com/owner/repo",
              "demo": "https://huggingface.co/spaces/owner/demo",
              "links": {"B站": "https://www.bilibili.com/video/BV1xx",
                        "YouTube": "https://www.youtube.com/watch?v=abc",
                        "知乎": "https://zhuanlan.zhihu.com/p/1",
                        "PDF": "https://example.org/files/paper.pdf"}},
             {"title": "无星"},
             {"title": "中等条目", "stars": 3, "tips": TALL_TIPS,
              "image": "https://cdn.example.net/far/away.png"},
         ]},
    )  # fmt: skip


def config(plugins: list) -> dict:
    return {
        "site_name": "设计",
        "theme": {
            "name": "material",
            "language": "zh",
            "features": ["navigation.instant"],
            "palette": [
                {"scheme": "default", "toggle": {"icon": "material/weather-night", "name": "dark"}},
                {"scheme": "slate", "toggle": {"icon": "material/weather-sunny", "name": "light"}},
            ],
        },
        "plugins": plugins,
    }


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A notes site with Material's tags plugin and a palette toggle, served."""
    site = Site(tmp_path_factory.mktemp("design-site"), config(["search", "tags", "dairly"]))
    notes(site)
    site.write("docs/tags.md", "# 标签\n\n<!-- material/tags -->\n")
    yield from build_and_serve(site)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same notes and a newer draft, built as `mkdocs serve` builds (drafts shown)."""
    site = Site(tmp_path_factory.mktemp("draft-site"), config(["search", "dairly"]))
    notes(site)
    site.note("202105/0512.md", {"draft": True, "entries": [{"title": "还没写完", "stars": 2}]})
    build = site.build(serve=True)
    assert build.aborted is None, build.logs
    assert (build.site_dir / "notes/202105/0512/index.html").exists()
    with serve_dir(build.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This repository's own site (the demo), built strictly and served."""
    site_dir = tmp_path_factory.mktemp("own-site-design")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with serve_dir(site_dir) as url:
        yield url


# -- colours -----------------------------------------------------------------------------------

# The colours an element's background is painted with, from the root down to the element:
# composited in Python, so translucent layers (Material's --lightest colours) count.
BACKGROUNDS = """el => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) layers.unshift(getComputedStyle(e).backgroundColor);
  return layers;
}"""


def rgba(color: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", color)]
    if color.startswith("color(srgb"):
        r, g, b = (n * 255 for n in numbers[:3])
        return r, g, b, numbers[3] if len(numbers) > 3 else 1.0
    return numbers[0], numbers[1], numbers[2], numbers[3] if len(numbers) > 3 else 1.0


def over(top: tuple[float, ...], below: tuple[float, ...]) -> tuple[float, float, float, float]:
    a = top[3]
    return (*(top[i] * a + below[i] * (1 - a) for i in range(3)), 1.0)  # type: ignore[return-value]


def background(layers: list[str]) -> tuple[float, float, float, float]:
    color = (255.0, 255.0, 255.0, 1.0)  # the canvas
    for layer in layers:
        color = over(rgba(layer), color)
    return color


def luminance(color: tuple[float, ...]) -> float:
    lin = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
           for c in color[:3]]  # fmt: skip
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str | tuple[float, ...], bg: tuple[float, ...]) -> float:
    """WCAG contrast ratio of ``fg`` (composited over ``bg``) against ``bg``."""
    top = over(rgba(fg) if isinstance(fg, str) else fg, bg)
    hi, lo = sorted((luminance(top), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def color_contrast(page, selector: str, prop: str = "color", pseudo: str | None = None) -> float:
    """Contrast of ``selector``'s ``prop`` (of its ``pseudo`` element) against what it sits on."""
    element = page.locator(selector).first
    layers = element.evaluate(BACKGROUNDS)
    value = element.evaluate(f"(el) => getComputedStyle(el, {pseudo!r} || null)[{prop!r}]"
                             if pseudo else f"(el) => getComputedStyle(el)[{prop!r}]")  # fmt: skip
    return contrast(value, background(layers))


def goto(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def palette(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


# -- lists link to cards -----------------------------------------------------------------------


def test_every_listed_entry_links_to_its_card_and_lands_there(browser, design: str) -> None:
    page, errors = open_page(browser, design, wait="load")
    for path, selector in (("", "a.dairly-days__entry"), ("notes/2021/05/", "a.dairly-days__entry"),
                           ("notes/2021/", "a.dairly-days__entry"),
                           ("notes/2021/best/", "a.dairly-best__title")):  # fmt: skip
        goto(page, design + path)
        titles = page.locator(selector)
        assert titles.count() >= 2, path
        for i in range(titles.count()):
            href = titles.nth(i).get_attribute("href") or ""
            assert re.search(r"/#entry-\d+$", href), (path, href)
        target = titles.filter(has_text="前一天的好文").first
        expected = urljoin(page.url, target.get_attribute("href") or "")
        target.click()
        page.wait_for_url(expected)
        assert urlsplit(page.url).fragment == "entry-2"
        card = page.locator("article#entry-2")
        assert card.locator(".dairly-entry__title").inner_text() == "前一天的好文"
        top = card.evaluate("el => el.getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"] / 2, (path, top)  # scrolled to the card
    assert errors == []


# -- stars -------------------------------------------------------------------------------------


@pytest.mark.parametrize("dark", [False, True], ids=["light", "slate"])
def test_stars_are_readable_at_a_glance(browser, design: str, dark: bool) -> None:
    page, errors = open_page(browser, design + DAY, dark=dark, wait="load")
    assert palette(page) == ("slate" if dark else "default")
    for path, where in ((DAY, "article.dairly-entry"), ("notes/2021/05/", ".dairly-days__entries"),
                        ("notes/2021/best/", ".dairly-best"), ("", ".dairly-days__entries")):  # fmt: skip
        goto(page, design + path)
        stars = f"{where} .dairly-stars[data-stars='2'], {where} .dairly-stars[data-stars='1']"
        size = box(page, stars)
        assert size["height"] >= 15, (path, size)  # was 10 px in lists
        assert size["width"] >= 5 * size["height"] * 0.95, (path, size)
        filled = page.locator(stars).first.evaluate(
            "el => parseFloat(getComputedStyle(el, '::after').width)"
        )
        assert 0 < filled < size["width"] * 0.5, path  # 1–2 of 5 filled
        for pseudo in ("::before", "::after"):  # empty stars, filled stars
            ratio = color_contrast(page, stars, "backgroundColor", pseudo)
            assert ratio >= 3, (path, pseudo, ratio)  # empty ones were 1.1:1
    assert errors == []


# -- calendar ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "dark"), [(1280, False), (360, True)], ids=["light", "slate"])
def test_calendar_has_big_cells_labels_legend_heading_and_distinct_levels(
    browser, design: str, dark: bool, width: int
) -> None:
    page, errors = open_page(browser, design + "notes/2021/", width=width, dark=dark, wait="load")
    calendar = page.locator("figure.dairly-calendar")
    heading = calendar.locator("figcaption")
    assert heading.inner_text().startswith("2021年笔记日历")
    assert heading.is_visible()
    cell = box(page, "figure.dairly-calendar rect[data-date='2021-05-11']")
    assert cell["width"] >= 14 and cell["height"] >= 14, cell  # was 10 px
    month = page.locator(".dairly-calendar__label--month").nth(4)
    assert month.text_content() == "5月"
    assert float(month.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 12
    label_box = month.bounding_box()
    assert label_box is not None and label_box["height"] >= 11
    weekday = page.locator(".dairly-calendar__label:not(.dairly-calendar__label--month)").first
    assert float(weekday.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 11
    legend = calendar.locator(".dairly-calendar__legend")
    assert legend.is_visible() and legend.locator(".dairly-calendar__swatch").count() == 5
    # The lightest level against an empty day: WCAG non-text contrast (3:1).
    fills = page.evaluate(
        """() => {
        const fill = (sel) => getComputedStyle(document.querySelector(sel)).fill;
        return {empty: fill('rect.dairly-calendar__day:not([data-date])'),
                one: fill('rect.dairly-calendar__day--1')};
    }"""
    )
    page_bg = background(page.locator("figure.dairly-calendar").evaluate(BACKGROUNDS))
    empty = over(rgba(fills["empty"]), page_bg)
    assert contrast(fills["one"], empty) >= 3, fills
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert errors == []


# -- star filter: table of contents and count --------------------------------------------------


def toc_titles(page) -> list[str]:
    return page.eval_on_selector_all(
        ".md-sidebar--secondary .md-nav--secondary a.md-nav__link[href*='#entry-']",
        "links => links.filter(a => a.offsetParent !== null).map(a => a.textContent.trim())",
    )


def test_star_filter_hides_toc_entries_and_counts_what_it_shows(browser, design: str) -> None:
    page, errors = open_page(browser, design + DAY, wait="load")
    count = page.locator(".dairly-day__meta [data-dairly-count]")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == "4 篇"
    assert toc_titles(page) == ["低分条目", "重要论文", "无星", "中等条目"]
    page.click("[data-dairly-filter] button[data-min-stars='3']")
    assert toc_titles(page) == ["重要论文", "中等条目"]
    assert count.inner_text() == "显示 2 / 4 篇"
    page.click("[data-dairly-filter] button[data-min-stars='5']")
    assert toc_titles(page) == ["重要论文"]
    assert count.inner_text() == "显示 1 / 4 篇"
    page.click("[data-dairly-filter] button[data-min-stars='0']")
    assert toc_titles(page) == ["低分条目", "重要论文", "无星", "中等条目"]
    assert count.inner_text() == "4 篇"
    # A month page counts its listed entries the same way, also when opened filtered.
    page.goto(design + "notes/2021/05/?stars=4")
    month = page.locator(".dairly-day__meta [data-dairly-count]")
    assert month.inner_text() == "显示 2 / 6 篇"
    assert errors == []


def test_filtered_count_and_toc_follow_instant_navigation(browser, design: str) -> None:
    page, errors = open_page(browser, design, wait="load")
    page.click("[data-dairly-filter] button[data-min-stars='4']")
    assert page.locator(".dairly-home [data-dairly-count]").inner_text() == "显示 1 / 4 篇"
    page.click("p.dairly-home__more a")
    page.wait_for_url("**/notes/202105/0511/**")
    page.wait_for_selector("[data-dairly-filter]:not([hidden])")
    assert page.locator(".dairly-day__meta [data-dairly-count]").inner_text() == "显示 1 / 4 篇"
    assert toc_titles(page) == ["重要论文"]
    assert errors == []


# -- the day page's header ---------------------------------------------------------------------


@pytest.mark.parametrize("dark", [False, True])
def test_day_header_is_one_hierarchy_with_one_row_of_tags(browser, design: str, dark: bool) -> None:
    page, errors = open_page(browser, design + DAY, dark=dark, wait="load")
    # Material's tags plugin shows the page's tags: dairly adds no second row of them.
    assert page.locator(".md-content__inner > .md-tags").count() == 1
    assert page.locator(".dairly-day__header .dairly-tags").count() == 0
    order = [box(page, s)["y"] for s in (".dairly-day__meta time", "h1.dairly-day__title",
                                         ".dairly-day__summary", "[data-dairly-filter]")]  # fmt: skip
    assert order == sorted(order), order  # date, title, summary, filter
    title = page.locator("h1.dairly-day__title")
    assert int(title.evaluate("el => getComputedStyle(el).fontWeight")) >= 600
    assert color_contrast(page, "h1.dairly-day__title") >= 7  # was 4.6 (Material's h1 grey)
    for part in (".dairly-day__summary", ".dairly-day__meta", "article .dairly-entry__abstract"):
        assert color_contrast(page, part) >= 7, part  # were Material's mid-grey
    assert errors == []


# -- phones --------------------------------------------------------------------------------------


def test_cards_on_a_phone_keep_number_with_title_and_no_empty_row(browser, design: str) -> None:
    page, errors = open_page(browser, design + DAY, width=360, wait="load")
    for width in (360, 390, 414):
        page.set_viewport_size({"width": width, "height": 900})
        phone_cards(page)
    assert errors == []


def phone_cards(page) -> None:
    for n in range(1, 5):
        card = f"article#entry-{n}"
        number, title = (
            box(page, f"{card} .dairly-entry__number"),
            box(page, f"{card} .dairly-entry__title"),
        )
        line = float(page.locator(f"{card} .dairly-entry__title").evaluate(
            "el => parseFloat(getComputedStyle(el).lineHeight)"))  # fmt: skip
        assert number["y"] < title["y"] + line and number["y"] + number["height"] > title["y"], n
        assert number["x"] < title["x"]  # beside it, not above it
    # A card without stars: the header is the title's height (the permalink takes no row).
    header = box(page, "article#entry-3 .dairly-entry__header")
    title = box(page, "article#entry-3 .dairly-entry__title")
    assert header["height"] <= title["height"] + 2, (header, title)
    permalink = box(page, "article#entry-3 .dairly-entry__permalink")
    assert permalink["y"] < title["y"] + title["height"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


# -- drafts ------------------------------------------------------------------------------------


DRAFT_PLACES = [("notes/202105/0512/", ".dairly-day__meta"), ("", ".dairly-home .dairly-day__meta"),
                ("notes/2021/05/", ".dairly-days"), ("notes/", ".dairly-archive__days")]  # fmt: skip


def test_drafts_shown_by_serve_carry_a_visible_badge(browser, drafts: str) -> None:
    page, errors = open_page(browser, drafts, wait="load")
    for path, where in DRAFT_PLACES:
        goto(page, drafts + path)
        draft_badge(page, where)
    assert errors == []


def draft_badge(page, where: str) -> None:
    badges = page.locator(f"{where} .dairly-draft")
    assert badges.count() == 1
    assert badges.first.inner_text() in ("草稿", "草稿".upper())
    size = badges.first.bounding_box()
    assert size is not None and size["width"] > 16 and size["height"] > 10
    assert color_contrast(page, f"{where} .dairly-draft") >= 4.5
    if where == ".dairly-days":  # next to the draft day, not the others
        item = page.locator(".dairly-days > li", has=page.locator(".dairly-draft"))
        assert item.locator("time").first.get_attribute("datetime") == "2021-05-12"


def test_a_normal_build_has_no_draft_badge(design: str, drafts: str) -> None:
    for path, _ in DRAFT_PLACES[1:]:
        assert "dairly-draft" not in urlopen(design + path).read().decode(), path
        assert "dairly-draft" in urlopen(drafts + path).read().decode(), path
    for path in (DAY, "notes/202005/0511/"):  # shown by serve too, but no drafts
        assert "dairly-draft" not in urlopen(drafts + path).read().decode(), path


# -- link icons ----------------------------------------------------------------------------------

# How much of a 24 × 24 px square an icon mask covers (the arXiv icon drawn hollow covered
# little and read as "<").
INK = """async (url) => {
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 24;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0, 24, 24);
  const data = ctx.getImageData(0, 0, 24, 24).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 127) ink++;
  return ink / (24 * 24);
}"""


def test_links_have_recognizable_icons(browser, design: str) -> None:
    page, errors = open_page(browser, design + DAY, wait="load")
    kinds = ["arxiv", "github", "huggingface", "bilibili", "youtube", "zhihu", "pdf"]
    masks = {}
    for kind in kinds:
        link = page.locator(f"li.dairly-link--{kind} > a").first
        mask = link.evaluate("el => getComputedStyle(el, '::before').maskImage")
        assert mask.startswith('url("data:image/svg+xml'), (kind, mask[:40])
        size = link.evaluate(
            "el => [parseFloat(getComputedStyle(el, '::before').width),"
            " parseFloat(getComputedStyle(el, '::before').height)]"
        )
        assert min(size) >= 16, (kind, size)
        masks[kind] = mask
        url = mask[len('url("') : -len('")')]
        ink = page.evaluate(INK, url)
        assert ink >= 0.15, (kind, ink)  # the hollow arXiv icon: 0.10
    assert len(set(masks.values())) == len(kinds)  # each its own icon
    assert errors == []


# -- images that fail ------------------------------------------------------------------------


def placeholder(page, figure: str) -> dict:
    return page.locator(figure).evaluate(
        """f => ({img: f.querySelectorAll('img').length,
                 text: Array.from(f.querySelectorAll('span'), s => s.textContent).join(' '),
                 height: f.getBoundingClientRect().height,
                 label: (f.querySelector('[role=img]') || {}).ariaLabel})"""
    )


def test_an_image_that_fails_later_becomes_a_placeholder_naming_its_host(
    browser, design: str
) -> None:
    page, errors = open_page(browser, design + DAY, wait="load")  # remote images are refused
    far = "article#entry-4 figure.dairly-figure"
    # Lazy and far below the fold: not requested yet, so it fails after dairly.js bound.
    assert page.locator(f"{far} img").evaluate("img => img.complete") is False
    page.locator(far).scroll_into_view_if_needed()
    page.wait_for_selector(f"{far} .dairly-figure__failed")
    found = placeholder(page, far)
    assert found["img"] == 0
    assert found["text"] == "图片未能加载 cdn.example.net"
    assert found["label"] == "中等条目"
    assert 60 <= found["height"] <= 200
    assert color_contrast(page, f"{far} .dairly-figure__host") >= 4.5
    assert errors == []


def test_an_image_that_failed_before_the_script_ran_is_replaced_too(browser, design: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    local = design.rstrip("/")
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local)
               and not route.request.url.endswith("dairly.js") else route.abort())  # fmt: skip
    page.goto(design + DAY)
    page.wait_for_load_state("load")
    first = "article#entry-1 figure.dairly-figure"
    page.wait_for_function(
        f"() => {{ const i = document.querySelector('{first} img');"
        " return i.complete && i.naturalWidth === 0; }"
    )
    assert placeholder(page, first)["img"] == 1  # broken, and no script yet
    page.unroute("**/*")
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local)
               else route.abort())  # fmt: skip
    page.add_script_tag(url=design + "assets/dairly/dairly.js")
    page.wait_for_selector(f"{first} .dairly-figure__failed")
    assert placeholder(page, first)["text"] == "图片未能加载 img.example.org"
    assert errors == []
    context.close()


# -- axe-core ----------------------------------------------------------------------------------


def test_materials_search_dialog_is_named_after_its_field(browser, own_site: str) -> None:
    """Material 9.8's search dialog (<div class="md-search" role="dialog">) has no name of
    its own (axe: aria-dialog-name, serious); dairly.js gives it its field's."""
    page, errors = open_page(browser, own_site, wait="load")
    named = page.eval_on_selector(
        ".md-search[role='dialog']",
        "d => [d.getAttribute('aria-label'), d.querySelector('input').getAttribute('aria-label')]",
    )
    assert named[0] and named[0] == named[1], named
    assert errors == []


@pytest.mark.parametrize(
    "path", ["", "notes/202205/0511/", "notes/2022/05/", "notes/", "notes/explore/"],
    ids=["home", "day", "month", "archive", "explore"],
)  # fmt: skip
def test_axe_finds_no_serious_violations_in_either_palette(
    browser, own_site: str, axe_source: str, path: str
) -> None:
    page, errors = open_page(browser, own_site + path, placeholder_images=True, wait="load")
    assert page.locator("article.md-content__inner h1").count() >= 1, path  # not a 404
    found = {}
    for scheme in ("default", "slate"):
        if scheme == "slate":  # Material's palette toggle, as a reader switches, then the
            # page again as the reader who chose it gets it (Chromium keeps the styles of rows
            # under content-visibility: auto, as the explore page's, from before the switch)
            page.click("form[data-md-component='palette'] label[for='__palette_1']")
            page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
            page.reload(wait_until="load")
        assert palette(page) == scheme
        if path == "notes/explore/":  # its rows are checked too, once loaded
            page.wait_for_selector("[data-dairly-explore][data-state='ready']")
            assert page.locator("[data-dairly-explore] li, [data-dairly-explore] tr").count() > 0
        serious = []
        for v in run_axe(page, axe_source):
            if v["impact"] not in ("serious", "critical"):
                continue
            serious.append(v)
        found[scheme] = describe(serious)
    assert found == {"default": "", "slate": ""}, "\n".join(
        f"{path or 'home'} ({scheme}):\n{text}" for scheme, text in found.items() if text
    )
    assert errors == []
