"""Browser checks in a real Chromium (Debian's, driven by Playwright): what a reader sees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .browserkit import browser, build_and_serve, make_png, open_page, screenshot
from .conftest import Site

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # a fixture, used by name


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A built notes site with local images, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("browser-site")
    site = Site(
        root,
        {
            "site_name": "测试笔记",
            "theme": {
                "name": "material",
                "language": "zh",
                "features": ["navigation.instant"],
                "palette": [
                    {
                        "scheme": "default",
                        "toggle": {"icon": "material/weather-night", "name": "dark"},
                    },
                    {
                        "scheme": "slate",
                        "toggle": {"icon": "material/weather-sunny", "name": "light"},
                    },
                ],
            },
            "plugins": ["search", "dairly"],
        },
    )
    (root / "docs/notes/202105/images").mkdir(parents=True)
    (root / "docs/notes/202105/images/wide.png").write_bytes(make_png(240, 120))
    site.note("202105/0501.md", {"entries": [{"title": "Earlier day", "stars": 1}]})
    long_title = (
        "一个非常非常长的标题" * 8 + "_averyveryverylongunbreakablewordwithoutanyspaces" * 3
    )
    site.note(
        "202105/0511.md",
        {
            "title": "公众号内容拓展学习笔记",
            "entries": [
                {"title": "Centered image", "url": "https://example.org/a", "stars": 2,
                 "abstract": "摘要 **重点**", "image": "images/wide.png",
                 "code": "https://github.com/owner/a-very-long-repository-name-that-goes-on"},
                {"title": long_title, "stars": 5, "tips": "- 第一点\n- 第二点\n",
                 "paper": "https://arxiv.org/abs/2105.03322"},
            ],
        },
    )  # fmt: skip
    yield from build_and_serve(site)


def test_home_shows_cards_and_stars_without_errors(browser, served: str) -> None:
    page, errors = open_page(browser, served)
    cards = page.locator("article.dairly-entry")
    assert cards.count() == 2
    assert cards.first.is_visible()
    stars = page.locator(".dairly-stars").first
    assert stars.is_visible()
    assert stars.get_attribute("aria-label") == "2 星（满分 5 星）"
    box = stars.bounding_box()
    assert box is not None and box["width"] > 5 * box["height"] * 0.9 and box["height"] > 8
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('.dairly-stars')).getPropertyValue('--dairly-fill')"
    )
    assert fill.strip() == "40%"
    screenshot(page, "home-desktop.png")
    assert errors == []


def test_images_are_horizontally_centered_in_their_card(browser, served: str) -> None:
    page, errors = open_page(browser, served + "notes/202105/0511/")
    img = page.locator("figure.dairly-figure img").first
    img.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.dairly-figure img').naturalWidth > 0")
    card = page.locator("article#entry-1").bounding_box()
    box = img.bounding_box()
    assert card is not None and box is not None
    left = box["x"] - card["x"]
    right = card["x"] + card["width"] - (box["x"] + box["width"])
    assert box["width"] > 10
    assert abs(left - right) <= 2, (left, right)
    assert errors == []


def test_no_horizontal_overflow_on_a_phone(browser, served: str) -> None:
    for path in ("", "notes/202105/0511/", "notes/2021/05/", "notes/"):
        page, errors = open_page(browser, served + path, width=375)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
        assert errors == [], path
        if path == "notes/202105/0511/":
            screenshot(page, "day-phone.png")
        page.context.close()


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_card_text_is_readable_in_light_and_dark_palettes(browser, served: str, dark: bool) -> None:
    page, errors = open_page(browser, served + "notes/202105/0511/", dark=dark)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == ("slate" if dark else "default")
    colors = page.evaluate(
        """() => {
        const card = document.querySelector('article.dairly-entry');
        const style = (sel) => getComputedStyle(card.querySelector(sel));
        let bg = getComputedStyle(card).backgroundColor;
        return {
          bg: bg,
          title: style('.dairly-entry__title a').color,
          abstract: style('.dairly-entry__abstract').color,
          link: style('.dairly-link a').color,
        };
    }"""
    )
    for part in ("title", "abstract", "link"):
        assert _contrast(colors[part], colors["bg"]) >= 4.5, (part, colors)
    if dark:
        screenshot(page, "day-dark.png")
    assert errors == []
