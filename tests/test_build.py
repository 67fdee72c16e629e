"""Real builds of notes sites: layouts, nav, cards, home page, errors, overrides, drafts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .conftest import Site

FULL_ENTRY = {
    "title": "Are Pre-trained Convolutions Better than Pre-trained Transformers?",
    "url": "https://mp.weixin.qq.com/s/w70mFSP-l-Zk95ZpEAo8qQ",
    "stars": 2,
    "abstract": "谷歌最新研究表明 **卷积** 在NLP预训练上竟优于Transformer",
    "paper": "https://arxiv.org/abs/2105.03322",
    "code": {"title": "FlyreelAI/sesemi", "url": "https://github.com/FlyreelAI/sesemi"},
    "demo": "https://sanddance.js.org/app/",
    "links": {"bilibili": "https://www.bilibili.com/read/cv13270965"},
    "tips": "通过对大量NLP任务的实验表明:\n\n- 预训练卷积更快\n- `CNN` 也很强\n",
    "image": "https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png",
    "video": "https://example.org/clip.mp4",
    "tags": ["nlp", "cnn"],
}


def three_days(site: Site) -> None:
    site.note("202104/0410.md", {"title": "四月", "entries": [{"title": "April item", "stars": 3}]})
    site.note("202105/0501.md", {"entries": [{"title": "May first", "stars": 1}]})
    site.note("202105/0511.md", {"title": "公众号内容拓展学习笔记", "entries": [FULL_ENTRY]})


def top_nav(build, path: str) -> list[str]:
    """Labels of the top level of the primary nav."""
    nav = build.html(path).select_one("nav.md-nav--primary > ul")
    return [
        li.select_one(".md-nav__link").get_text(" ", strip=True)
        for li in nav.find_all("li", recursive=False)
    ]


def nav_links(build, path: str) -> list[tuple[str, str]]:
    nav = build.html(path).select_one("nav.md-nav--primary")
    return [(a.get_text(" ", strip=True), a["href"]) for a in nav.select("a.md-nav__link[href]")]


def active_nav(build, path: str) -> list[str]:
    """Texts of the primary nav's active leaf links: the current page's, or its month's."""
    nav = build.html(path).select_one("nav.md-nav--primary")
    links = nav.select(
        "a.md-nav__link--active, li.md-nav__item--active:not(.md-nav__item--nested) > a"
    )
    return [a.get_text(" ", strip=True) for a in links]


# -- layouts and nav --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("202105/0511.md", "notes/202105/0511/"),
        ("2021/05/11.md", "notes/2021/05/11/"),
        ("2021-05-11.md", "notes/2021-05-11/"),
        ("archive/2021/2021-05-11.md", "notes/archive/2021/2021-05-11/"),
    ],
)
def test_each_path_layout_becomes_a_dated_day(site: Site, path: str, url: str) -> None:
    site.note(path, {"entries": [{"title": "Only entry", "stars": 1}]})
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    page = build.content(url)
    assert page.select_one("time")["datetime"] == "2021-05-11"
    assert page.select_one("h1").get_text() == "2021年5月11日"  # localized default title
    # The day belongs to its month: the nav opens and highlights "5月".
    assert active_nav(build, url) == ["5月"]
    month = build.content("notes/2021/05/")
    assert [a.get_text() for a in month.select(".dairly-days > li > a")] == ["2021年5月11日"]
    entry = month.select_one("a.dairly-days__entry")  # every listed entry links to its card
    assert entry.get_text() == "Only entry"
    assert urljoin("http://x/notes/2021/05/", entry["href"]) == f"http://x/{url}#entry-1"


def test_nav_is_home_then_years_newest_first_then_months_then_days(site: Site) -> None:
    three_days(site)
    site.note("202012/1231.md", {"entries": [{"title": "Old year"}]})
    site.write("docs/about.md", "# About\n")
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    assert top_nav(build, "notes/202105/0511/") == [
        "首页", "2021年", "2020年", "归档", "探索", "About"
    ]  # fmt: skip
    year = build.html("notes/202105/0511/").select("nav.md-nav--primary > ul > li")[1]
    months = [
        li.select_one(".md-nav__link").get_text(" ", strip=True)
        for li in year.select(":scope > nav > ul > li")
    ]
    assert months == ["5月", "4月"]
    # Days are not nav items (their month's page lists them); the day's month is highlighted.
    assert [t for t, _ in nav_links(build, "notes/202105/0511/") if t.endswith("日")] == []
    assert active_nav(build, "notes/202105/0511/") == ["5月"]
    # Previous/next (Material's p/n keys and footer) are the neighbouring days in nav order
    # (newest first), across months.
    head = build.html("notes/202105/0501/").head
    assert [
        (link["rel"], link["href"]) for link in head.select("link[rel=prev], link[rel=next]")
    ] == [
        (["prev"], "../0511/"),
        (["next"], "../../202104/0410/"),
    ]
    assert build.html("notes/202105/0511/").head.select("link[rel=prev]") == []


def test_nav_days_lists_each_day_under_its_month(site: Site) -> None:
    three_days(site)
    site.config["plugins"] = ["search", {"dairly": {"nav_days": True}}]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    day_labels = [text for text, _ in nav_links(build, "notes/202105/0511/") if text.endswith("日")]
    assert day_labels == ["5月11日", "5月1日"]
    assert active_nav(build, "notes/202105/0511/") == ["5月11日"]


def test_english_labels(site: Site) -> None:
    site.config["theme"]["language"] = "en"
    three_days(site)
    build = site.build(strict=True)
    texts = [text for text, _ in nav_links(build, "notes/202105/0511/")]
    assert {"Home", "2021", "May", "April", "Archive"} <= set(texts)
    assert build.content("notes/202105/0501/").select_one("h1").get_text() == "May 1, 2021"
    stars = build.content("notes/202104/0410/").select_one(".dairly-stars")
    assert stars["aria-label"] == "3 of 5 stars"
    assert (
        build.content("").select_one("#latest").get_text(" ", strip=True) == "Latest · May 11, 2021"
    )


@pytest.mark.parametrize("nav_days", [None, False])
def test_integrated_toc_keeps_days_in_the_nav_unless_told(site: Site, nav_days) -> None:
    """Material's toc.integrate shows a page's TOC only under its own nav item."""
    three_days(site)
    site.config["theme"]["features"] = ["toc.integrate"]
    if nav_days is not None:
        site.config["plugins"] = ["search", {"dairly": {"nav_days": nav_days}}]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    nav = build.html("notes/202105/0511/").select_one("nav.md-nav--primary")
    toc_links = [a.get_text(strip=True) for a in nav.select("nav.md-nav--secondary a")]
    if nav_days is None:
        assert active_nav(build, "notes/202105/0511/") == ["5月11日"]
        assert toc_links[0] == FULL_ENTRY["title"]
    else:
        assert active_nav(build, "notes/202105/0511/") == ["5月"]
        assert toc_links == []


@pytest.mark.parametrize("nav_days", [False, True])
def test_day_page_nav_does_not_grow_with_the_archive(site: Site, nav_days: bool) -> None:
    """With Material's navigation.prune (added by the plugin) only the open branch is rendered."""
    site.config["plugins"] = ["search", {"dairly": {"nav_days": nav_days}}]
    for year in (2019, 2020, 2021):
        for month in range(1, 13):
            for day in (1, 15):
                site.note(f"{year}{month:02d}/{month:02d}{day:02d}.md", {"entries": []})
    build = site.build(strict=True)
    assert build.aborted is None
    links = nav_links(build, "notes/202105/0515/")
    day_links = [t for t, _ in links if t.endswith("日")]
    # the open month's two days (or none), not the 72 days of the archive
    assert sorted(day_links) == (["5月15日", "5月1日"] if nav_days else [])
    # home, three years, the open year's twelve months, the archive, the explore page (+ the
    # open month's days)
    assert len(links) == 18 + len(day_links)


def test_site_with_its_own_nav_keeps_it_and_places_the_tree_at_notes_index(site: Site) -> None:
    three_days(site)
    site.write("docs/index.md", "# Welcome\n")
    site.write("docs/guide.md", "# Guide\n")
    site.config["nav"] = [
        {"Start": "index.md"},
        {"Reading log": "notes/index.md"},
        {"Guide": "guide.md"},
    ]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    assert top_nav(build, "guide/") == ["Start", "Reading log", "Guide"]
    texts = [t for t, _ in nav_links(build, "notes/202105/0511/")]
    assert "5月" in texts and "2021年" in texts
    assert active_nav(build, "notes/202105/0511/") == ["5月"]


def test_a_day_listed_in_the_sites_own_nav_stays_where_it_is(site: Site) -> None:
    three_days(site)
    site.config["nav"] = [{"Pinned": "notes/202104/0410.md"}, "notes/index.md"]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    assert top_nav(build, "notes/202104/0410/")[0] == "Pinned"
    assert active_nav(build, "notes/202104/0410/") == ["Pinned"]
    assert active_nav(build, "notes/202105/0511/") == ["5月"]


def _site_files(site_dir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site_dir).as_posix(): p.read_bytes()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file() and p.name != "sitemap.xml.gz"
    }


def test_site_with_its_own_nav_but_no_placeholder_gets_the_tree_appended(site: Site) -> None:
    three_days(site)
    site.write("docs/guide.md", "# Guide\n")
    site.config["nav"] = [{"Guide": "guide.md"}]
    site.config["plugins"] = ["search", {"dairly": {"nav_title": "Daily"}}]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    assert top_nav(build, "guide/") == ["Guide", "Daily"]


def test_pages_outside_notes_are_left_alone(site: Site) -> None:
    three_days(site)
    site.write("docs/about.md", "---\nentries: not a day\n---\n# About\n\nPlain page.\n")
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    about = build.content("about/")
    assert about.select_one("h1").get_text(strip=True) == "About"
    assert about.select(".dairly-entry") == []


# -- cards ------------------------------------------------------------------------------------


def test_every_field_is_rendered_by_the_html_contract(site: Site) -> None:
    three_days(site)
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    page = build.content("notes/202105/0511/")
    card = page.select_one("article.dairly-entry#entry-1")
    assert card["data-stars"] == "2"
    title = card.select_one(".dairly-entry__title a")
    assert title.get_text() == FULL_ENTRY["title"]
    assert (title["href"], title["target"], title["rel"]) == (
        FULL_ENTRY["url"],
        "_blank",
        ["noopener"],
    )
    stars = card.select_one(".dairly-stars")
    assert (stars["data-stars"], stars["aria-label"], stars["role"]) == (
        "2",
        "2 星（满分 5 星）",
        "img",
    )
    abstract = card.select_one(".dairly-entry__abstract")
    assert abstract.select_one("strong").get_text() == "卷积"
    links = [
        (li["class"][1], li.select_one(".dairly-link__label").get_text(), li.a["href"])
        for li in card.select(".dairly-links li")
    ]
    assert links == [
        ("dairly-link--arxiv", "论文", "https://arxiv.org/abs/2105.03322"),
        ("dairly-link--github", "代码", "https://github.com/FlyreelAI/sesemi"),
        ("dairly-link--demo", "演示", "https://sanddance.js.org/app/"),
        ("dairly-link--bilibili", "bilibili", "https://www.bilibili.com/read/cv13270965"),
    ]
    assert (
        card.select_one(".dairly-link--github .dairly-link__text").get_text() == "FlyreelAI/sesemi"
    )
    tips = card.select_one(".dairly-entry__tips")
    assert [li.get_text() for li in tips.select("ul > li")] == ["预训练卷积更快", "CNN 也很强"]
    assert tips.select_one("code").get_text() == "CNN"
    img, video = (
        card.select("figure.dairly-figure > img"),
        card.select("figure.dairly-figure > video"),
    )
    assert [(i["src"], i["loading"], i["referrerpolicy"]) for i in img] == [
        (FULL_ENTRY["image"], "lazy", "no-referrer")
    ]
    assert [v["src"] for v in video] == ["https://example.org/clip.mp4"]
    assert [t.get_text() for t in card.select(".dairly-tags .dairly-tag")] == ["nlp", "cnn"]


def test_cards_are_in_the_page_content_so_search_indexes_them(site: Site) -> None:
    three_days(site)
    build = site.build(strict=True)
    index = json.loads((build.site_dir / "search" / "search_index.json").read_text("utf-8"))
    texts = " ".join(
        doc["text"] for doc in index["docs"] if doc["location"].startswith("notes/202105/0511/")
    )
    texts = texts.replace("\u200b", "")  # Material's search segments Chinese with jieba
    assert "谷歌最新研究表明" in texts
    assert "预训练卷积更快" in texts


def test_day_title_summary_tags_body_and_toc(site: Site) -> None:
    site.note(
        "202105/0511.md",
        {"title": "公众号内容拓展学习笔记", "summary": "卷积 vs Transformer", "tags": ["nlp"],
         "entries": [{"title": "One"}, {"title": "Two", "stars": 5}]},
        body="\nMy own **notes** of the day.\n",
    )  # fmt: skip
    build = site.build(strict=True)
    html = build.html("notes/202105/0511/")
    assert html.title.get_text() == "公众号内容拓展学习笔记 - 测试笔记"
    page = build.content("notes/202105/0511/")
    assert [h.get_text() for h in page.select("h1")] == ["公众号内容拓展学习笔记"]
    assert page.select_one(".dairly-day__summary").get_text() == "卷积 vs Transformer"
    body = page.select_one(".dairly-day__body")
    assert body.select_one("strong").get_text() == "notes"
    # the body comes after the cards
    assert str(page).index("dairly-entries") < str(page).index("dairly-day__body")
    toc = html.select_one("nav.md-nav--secondary")
    assert [(a.get_text(strip=True), a["href"]) for a in toc.select("a")] == [
        ("One", "#entry-1"), ("Two", "#entry-2"),
    ]  # fmt: skip


EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize(
    "shape", ["plain", "tags plugin and footer", "days in the nav", "English, file URLs"]
)
def test_front_matter_text_is_escaped_everywhere(site: Site, shape: str) -> None:
    evil = EVIL
    site.note(
        "202105/0511.md",
        {"title": evil, "summary": evil, "description": evil, "subtitle": evil,
         "entries": [{"title": evil, "abstract": evil, "links": {evil: "https://a.org"},
                      "image": {"src": "https://a.org/i.png", "alt": evil}}]},
    )  # fmt: skip
    site.note("202105/0510.md", {"title": f'"{evil}', "entries": [{"title": evil}]})
    site.note("202105/0512.md", {"title": f"'>{evil}", "entries": [{"title": "x"}]})
    theme = site.config["theme"]
    if shape == "tags plugin and footer":
        site.config["plugins"] = ["search", "tags", "dairly"]
        theme["features"] = ["navigation.footer"]
    if shape == "days in the nav":
        site.config["plugins"] = ["search", {"dairly": {"nav_days": True}}]
    if shape == "English, file URLs":
        theme["language"] = "en"
        site.config["use_directory_urls"] = False
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    day_path = "notes/202105/0511.html" if shape == "English, file URLs" else "notes/202105/0511/"
    pages = [p for p in build.site_dir.rglob("*.html")]
    assert len(pages) > 8
    for path in pages:
        html = build.html(str(path.relative_to(build.site_dir)))
        assert not [s for s in html.select("script") if "alert" in s.get_text()], path
        assert not html.select("img[onerror]"), path
    head = build.html(day_path)
    assert head.select_one('meta[name="description"]')["content"] == evil
    if shape == "tags plugin and footer":
        footer = [
            a.select_one(".md-ellipsis").get_text(strip=True)
            for a in head.select(".md-footer__link")
        ]
        assert footer == [f"'>{evil}", f'"{evil}'], footer
    if shape == "English, file URLs":
        return
    page = build.content(day_path)
    assert page.select_one(".dairly-entry__title").get_text() == evil
    assert page.select_one(".dairly-entry__abstract").get_text() == evil
    assert page.select_one("figure img")["alt"] == evil
    assert head.title.get_text() == f"{evil} - 测试笔记"


@pytest.mark.parametrize("where", ["day", "entry"])
@pytest.mark.parametrize("tag", ["<b>x", "a>b", EVIL])
def test_a_tag_with_markup_is_one_problem(site: Site, where: str, tag: str) -> None:
    """Material's tags index prints tag names as they are: '<' and '>' are refused."""
    entry: dict[str, object] = {"title": "x"}
    note: dict[str, object] = {"entries": [entry]}
    (note if where == "day" else entry)["tags"] = [tag, "R&D"]
    site.note("202105/0511.md", note)
    site.config["plugins"] = ["search", "tags", "dairly"]
    build = site.build()
    assert build.aborted is None, build.logs
    # the tag's own line: the list item under 'tags:' (line 5 at either level)
    prefix = "notes/202105/0511.md:5: " + ("entry 1, " if where == "entry" else "")
    shown = tag if len(tag) <= 60 else tag[:57] + "..."
    assert build.warnings() == [
        f"dairly: {prefix}'tags': a tag cannot hold '<' or '>', got {shown!r}"
    ]


# -- home page --------------------------------------------------------------------------------


def test_home_shows_the_newest_day_and_earlier_days(site: Site) -> None:
    three_days(site)
    build = site.build(strict=True)
    home = build.content("")
    assert home.select_one("h1").get_text() == "测试笔记"
    latest = home.select_one("#latest")
    assert latest.get_text(" ", strip=True) == "今日要点 · 2021年5月11日"
    assert latest.a["href"] == "notes/202105/0511/"
    cards = home.select("article.dairly-entry")
    assert [c.select_one(".dairly-entry__title").get_text() for c in cards] == [FULL_ENTRY["title"]]
    assert cards[0].select_one(".dairly-entry__title").name == "h3"
    earlier = [a["href"] for a in home.select(".dairly-days > li > a")]
    assert earlier == ["notes/202105/0501/", "notes/202104/0410/"]
    assert home.select_one(".dairly-home__archive a")["href"] == "notes/"


def test_a_newer_day_moves_the_home_page(site: Site) -> None:
    three_days(site)
    assert "2021年5月11日" in site.build().content("").select_one("#latest").get_text()
    site.note("202106/0601.md", {"entries": [{"title": "June news"}]})
    home = site.build().content("")
    assert home.select_one("#latest").get_text(" ", strip=True) == "今日要点 · 2021年6月1日"
    assert home.select_one(".dairly-entry__title").get_text() == "June news"


def test_relative_images_and_links_resolve_on_day_and_home_pages(site: Site) -> None:
    site.note("202104/0410.md", {"entries": [{"title": "Earlier"}]})
    site.write("docs/notes/202105/images/0511.png", "png")
    site.write("docs/notes/202105/paper.pdf", "pdf")
    site.note(
        "202105/0511.md",
        {"entries": [{"title": "Rel", "image": "images/0511.png", "paper": "paper.pdf",
                      "links": {"前情": "../202104/0410.md#entry-1"},
                      "tips": "See [that day](../202104/0410.md) and ![x](images/0511.png)"}]},
    )  # fmt: skip
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    for path in ("notes/202105/0511/", ""):
        page = build.content(path)
        base = build.site_dir / path
        srcs = [
            page.select_one("figure img")["src"],
            page.select_one(".dairly-entry__tips img")["src"],
        ]
        hrefs = [a["href"] for a in page.select(".dairly-links a")]
        hrefs.append(page.select_one(".dairly-entry__tips a")["href"])
        for url in srcs + hrefs:
            target = (base / url.split("#")[0]).resolve()
            assert target.exists(), (path, url)
        assert hrefs[1].endswith("#entry-1")
    assert build.content("").select_one("figure img")["src"] == "notes/202105/images/0511.png"


def test_existing_index_md_stays_on_top_as_intro(site: Site) -> None:
    three_days(site)
    site.write("docs/index.md", "# My reading log\n\nWelcome, this is the intro.\n")
    build = site.build(strict=True)
    home = build.content("")
    text = home.get_text(" ", strip=True)
    assert text.index("Welcome, this is the intro.") < text.index("今日要点")
    assert [h.get_text() for h in home.select("h1")] == ["My reading log"]
    # the intro is HTML, not escaped source shown as text
    assert home.select_one("p").get_text() == "Welcome, this is the intro."
    assert "<h1" not in home.get_text()


def test_home_false_turns_injection_off(site: Site) -> None:
    three_days(site)
    site.write("docs/index.md", "# Mine\n")
    site.config["plugins"] = ["search", {"dairly": {"home": False}}]
    build = site.build(strict=True)
    assert build.content("").select(".dairly-entry") == []
    assert build.content("").select_one("h1").get_text() == "Mine"


# -- drafts ------------------------------------------------------------------------------------


def test_drafts_are_left_out_of_build_but_shown_in_serve(site: Site) -> None:
    three_days(site)
    site.note("202105/0520.md", {"draft": True, "entries": [{"title": "Not yet"}]})
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    assert not (build.site_dir / "notes/202105/0520").exists()
    assert "Not yet" not in (build.site_dir / "index.html").read_text("utf-8")
    assert "5月20日" not in [t for t, _ in nav_links(build, "notes/202105/0511/")]
    served = site.build(serve=True)
    assert (served.site_dir / "notes/202105/0520/index.html").exists()
    assert served.content("").select_one(".dairly-entry__title").get_text() == "Not yet"


# -- bad input ---------------------------------------------------------------------------------


BAD_NOTE = """
entries:
  - title: Good one
    stars: 2
  - title: Bad stars
    stars: three
    abstract: still here
  - title: Evil link
    url: javascript:alert(1)
    strs: 1
"""


def test_non_strict_build_warns_drops_the_bad_field_and_keeps_everything_else(site: Site) -> None:
    site.note("202105/0511.md", BAD_NOTE)
    build = site.build()
    assert build.aborted is None
    assert build.warnings() == [
        "dairly: notes/202105/0511.md:6: entry 2, 'stars': expected a whole number from 0 to 5, got 'three'",
        "dairly: notes/202105/0511.md:10: entry 3: unknown key 'strs'; did you mean 'stars'?",
        "dairly: notes/202105/0511.md:9: entry 3, 'url': expected an http(s):// or mailto: URL or a path "
        "relative to the note, got a javascript: URL",
    ]
    page = build.content("notes/202105/0511/")
    cards = page.select("article.dairly-entry")
    assert [c.select_one(".dairly-entry__title").get_text() for c in cards] == [
        "Good one",
        "Bad stars",
        "Evil link",
    ]
    assert cards[1].select(".dairly-stars") == []
    assert cards[1].select_one(".dairly-entry__abstract").get_text() == "still here"
    assert cards[2].select_one(".dairly-entry__title a") is None
    assert "javascript" not in str(page)


def test_strict_build_fails_with_the_problem_lines(site: Site) -> None:
    site.note("202105/0511.md", BAD_NOTE)
    build = site.build(strict=True)
    assert build.aborted == "Aborted with 3 warnings in strict mode!"


def test_strict_cli_build_fails_without_a_traceback(site: Site) -> None:
    site.note("202105/0511.md", BAD_NOTE)
    site.note("202105/0512.md", "title: [unclosed\n")
    site.build()  # writes mkdocs.yml
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site.root, capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in result.stderr.splitlines()]
    assert (
        "WARNING -  dairly: notes/202105/0511.md:6: entry 2, 'stars': expected a whole number from 0 to 5, got 'three'"
        in lines
    )
    assert (
        "WARNING -  dairly: notes/202105/0512.md:2: front matter is not valid YAML: the '[' that starts "
        "the value of 'title' is never closed; end the list with ']', or, if it is text, quote it: "
        '`title: "[unclosed"`' in lines
    )
    assert result.stdout.strip().splitlines()[-1] == "Aborted with 4 warnings in strict mode!"


def test_duplicate_dates_and_undated_notes_are_reported_and_nothing_is_lost(site: Site) -> None:
    site.note("202105/0511.md", {"entries": [{"title": "First file"}]})
    site.note("2021/2021-05-11.md", {"entries": [{"title": "Second file"}]})
    site.note("misc/reading.md", {"entries": [{"title": "Undated"}]})
    build = site.build()
    assert build.warnings() == [
        "dairly: notes/202105/0511.md:1: 'date': 2021-05-11 is also the date of notes/2021/2021-05-11.md",
        "dairly: notes/misc/reading.md:1: no date: add 'date: YYYY-MM-DD' to the front matter or name "
        "the file YYYYMM/MMDD.md, YYYY/MM/DD.md or YYYY-MM-DD.md",
    ]
    for url, title in (("notes/202105/0511/", "First file"), ("notes/2021/2021-05-11/", "Second file"),
                       ("notes/misc/reading/", "Undated")):  # fmt: skip
        assert build.content(url).select_one(".dairly-entry__title").get_text() == title
    month = [a["href"] for a in build.content("notes/2021/05/").select(".dairly-days > li > a")]
    assert len(month) == 2


def test_missing_relative_image_is_reported(site: Site) -> None:
    site.note("202105/0511.md", {"entries": [{"title": "X", "image": "images/missing.png"}]})
    build = site.build()
    assert build.warnings() == [
        "dairly: notes/202105/0511.md:4: entry 1, 'image': 'images/missing.png' points at "
        "notes/202105/images/missing.png, which is not in docs_dir"
    ]


# -- templates ---------------------------------------------------------------------------------


def test_custom_dir_override_of_the_card_wins(site: Site) -> None:
    three_days(site)
    site.config["theme"]["custom_dir"] = "overrides"
    site.write(
        "overrides/partials/dairly/entry.html",
        '<article class="dairly-entry my-card" id="entry-{{ entry.number }}">'
        "<b>{{ entry.title }}</b> {{ entry.stars }}★</article>\n",
    )
    build = site.build(strict=True)
    cards = build.content("notes/202105/0511/").select("article.my-card")
    assert [c.get_text() for c in cards] == [f"{FULL_ENTRY['title']} 2★"]
    # other packaged templates still apply, and Material's own are untouched
    assert build.content("notes/202105/0511/").select_one(".dairly-day__meta") is not None
    assert build.html("notes/202105/0511/").select_one("header.md-header") is not None


def test_templates_dir_goes_right_after_custom_dir(site: Site) -> None:
    from mkdocs.config import load_config

    site.config["theme"]["custom_dir"] = "overrides"
    (site.root / "overrides").mkdir()
    site.build()
    config = load_config(config_file=str(site.root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    dirs = config.theme.dirs
    assert dirs[0] == str(site.root / "overrides")
    assert dirs[1].endswith("mkdocs_dairly/site/templates")
    assert "material" in dirs[2]


def test_stylesheet_is_added_and_copied(site: Site) -> None:
    three_days(site)
    build = site.build(strict=True)
    hrefs = [link["href"] for link in build.html("").select("link[rel=stylesheet]")]
    assert "assets/dairly/dairly.css" in hrefs
    assert "dairly-entry" in (build.site_dir / "assets/dairly/dairly.css").read_text("utf-8")


def test_builds_are_deterministic(make_site) -> None:
    outputs = []
    for name in ("a", "b"):
        site = make_site(name)
        three_days(site)
        build = site.build(strict=True)
        files = sorted(p for p in build.site_dir.rglob("*") if p.is_file() and p.suffix != ".gz")
        outputs.append({p.relative_to(build.site_dir).as_posix(): p.read_bytes() for p in files})
    assert outputs[0].keys() == outputs[1].keys()
    differing = [k for k in outputs[0] if outputs[0][k] != outputs[1][k]]
    assert differing == []


def test_notes_repo_elsewhere_with_only_search_and_dairly(tmp_path: Path) -> None:
    """A newcomer's repo: a plain mkdocs.yml with `plugins: [search, dairly]`, built by the CLI."""
    (tmp_path / "docs/notes/202109").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: My reading log\ntheme:\n  name: material\nplugins:\n  - search\n  - dairly\n",
        "utf-8",
    )
    (tmp_path / "docs/notes/202109/0930.md").write_text(
        "---\nentries:\n  - title: ResRep\n    url: https://mp.weixin.qq.com/s/88nRC3\n    stars: 2\n---\n",
        "utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/index.html").read_text("utf-8")
    assert "ResRep" in html and 'data-stars="2"' in html


def test_front_matter_meant_for_material_still_reaches_it(site: Site) -> None:
    site.note("202105/0511.md", {"hide": ["toc", "navigation"], "entries": [{"title": "One"}]})
    site.note("202105/0512.md", {"entries": [{"title": "Two"}]})
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    hidden = build.html("notes/202105/0511/")
    assert hidden.select_one("div.md-sidebar--secondary").has_attr("hidden")
    assert hidden.select_one("div.md-sidebar--primary").has_attr("hidden")
    shown = build.html("notes/202105/0512/")
    assert not shown.select_one("div.md-sidebar--secondary").has_attr("hidden")


def test_a_note_that_is_not_utf8_is_one_problem_and_still_renders(site: Site) -> None:
    target = site.note("202105/0511.md", {"entries": [{"title": "Café latin-1"}]})
    target.write_bytes(target.read_bytes().replace("é".encode(), b"\xe9"))
    site.note("202105/0512.md", {"entries": [{"title": "Fine"}]})
    build = site.build()
    assert build.aborted is None
    assert build.warnings() == [
        "dairly: notes/202105/0511.md:3: not UTF-8 text (byte 0xe9 at offset 25); save the file as UTF-8"
    ]
    assert (
        build.content("notes/202105/0511/").select_one(".dairly-entry__title").get_text()
        == "Caf\ufffd latin-1"
    )
    assert (
        build.content("notes/202105/0512/").select_one(".dairly-entry__title").get_text() == "Fine"
    )
    assert site.build(strict=True).aborted == "Aborted with 1 warnings in strict mode!"


def test_links_work_without_directory_urls(site: Site) -> None:
    site.config["use_directory_urls"] = False
    site.write("docs/notes/202105/images/a.png", "png")
    site.note("202104/0410.md", {"entries": [{"title": "Earlier", "stars": 1}]})
    site.note(
        "202105/0511.md",
        {"entries": [{"title": "Rel", "stars": 2, "image": "images/a.png",
                      "links": {"前情": "../202104/0410.md"}}]},
    )  # fmt: skip
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    checked = 0
    for page in ("index.html", "notes/202105/0511.html", "notes/index.html", "notes/2021/index.html",
                 "notes/2021/05/index.html", "notes/2021/best.html"):  # fmt: skip
        soup = build.content(page)
        base = (build.site_dir / page).parent
        for tag, attr in (("a", "href"), ("img", "src")):
            for element in soup.select(f"{tag}[{attr}]"):
                url = element[attr]
                if url.startswith(("http", "#", "mailto:")):
                    continue
                target = (base / url.split("#")[0]).resolve()
                assert target.exists(), (page, url)
                checked += 1
    assert checked > 15


def test_a_new_site_without_notes_builds_strictly(site: Site) -> None:
    site.config["theme"]["language"] = "en"
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    assert "INFO:dairly: no day notes found under 'notes/' in docs_dir" in build.logs
    home = build.content("")
    assert (
        home.select_one(".dairly-home").get_text(" ", strip=True) == "No notes yet. Full archive →"
    )
    assert top_nav(build, "") == ["Home", "Archive", "Explore"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("feed_count", 0, "dairly: 'feed_count' must be at least 1, got 0"),
        ("best_count", 0, "dairly: 'best_count' must be at least 1, got 0"),
        ("home_recent", -1, "dairly: 'home_recent' must be at least 0, got -1"),
        (
            "notes_dir",
            "../outside",
            "dairly: 'notes_dir' must be a folder inside docs_dir like 'notes', got '../outside'",
        ),
        (
            "images_timeout",
            0,
            "dairly: 'images_timeout' must be a number of seconds above 0, got 0",
        ),
    ],
)
def test_bad_options_stop_the_build_with_one_line(
    site: Site, option: str, value: object, message: str
) -> None:
    site.config["plugins"] = ["search", {"dairly": {option: value}}]
    site.build()  # writes mkdocs.yml
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=site.root, capture_output=True, text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert result.returncode == 1
    assert f"ERROR   -  {message}" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_day_files_keep_their_source_path_for_other_plugins(site: Site) -> None:
    """Plugins like git-revision-date read ``page.file.abs_src_path``; dairly must not unset it."""
    site.note("202105/0511.md", {"entries": [{"title": "One"}]})
    site.write(
        "hooks.py",
        """
        def on_page_markdown(markdown, page, config, files):
            return markdown + f"\\n\\nsource: {page.file.abs_src_path}\\n"
        """,
    )
    site.config["hooks"] = ["hooks.py"]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    body = build.content("notes/202105/0511/").select_one(".dairly-day__body").get_text(strip=True)
    assert body == f"source: {site.root / 'docs/notes/202105/0511.md'}"


def test_page_content_of_dairly_pages_is_what_mkdocs_defines_at_every_event(site: Site) -> None:
    """Other plugins read page.content between reading and writing and after: dairly's
    pages keep their full HTML there, as MkDocs' own pages do."""
    three_days(site)
    site.write("docs/about.md", "# About\n\nKept.\n")
    site.write(
        "hooks.py",
        """
        import json

        def on_post_build(config):
            pages = {f.src_uri: f.page.content for f in FILES if f.page is not None}
            with open(config.config_file_path + ".json", "w") as out:
                json.dump(pages, out)

        def on_files(files, config):
            global FILES
            FILES = files

        def on_env(env, config, files):
            with open(config.config_file_path + ".env.json", "w") as out:
                json.dump({f.src_uri: f.page.content for f in files if f.page is not None}, out)
        """,
    )
    site.config["hooks"] = ["hooks.py"]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    for name in ("mkdocs.yml.env.json", "mkdocs.yml.json"):
        contents = json.loads((site.root / name).read_text("utf-8"))
        assert "dairly-entry" in contents["notes/202105/0511.md"], name
        assert "202105/0511/" in contents["notes/2021/05/index.md"], name
        assert "dairly" in contents["index.md"], name
        assert "Kept." in contents["about.md"], name


def test_serve_rebuilds_parse_only_the_notes_that_changed(site: Site, monkeypatch) -> None:
    import mkdocs_dairly.build.notes_files as plugin_module

    parsed: list[str] = []
    parse_day = plugin_module.parse_day

    def counting_parse_day(src_uri: str, text: str, notes_dir: str):
        parsed.append(src_uri)
        return parse_day(src_uri, text, notes_dir)

    monkeypatch.setattr(plugin_module, "parse_day", counting_parse_day)
    three_days(site)
    site.note("202105/0511-again.md", {"date": "2021-05-11", "entries": [{"title": "Twin"}]})
    duplicate = (
        "WARNING:dairly: notes/202105/0511.md:1: 'date': 2021-05-11 is also the date of "
        "notes/202105/0511-again.md"
    )
    first = site.build(serve=True)
    assert len(parsed) == 4
    assert first.logs.count(duplicate) == 1, first.logs
    parsed.clear()
    site.note("202105/0501.md", {"entries": [{"title": "May first, edited", "stars": 2}]})
    second = site.build(serve=True)
    assert parsed == ["notes/202105/0501.md"]
    # Problems of unchanged notes are reported on every rebuild, once each.
    assert second.logs.count(duplicate) == 1, second.logs
    card = second.content("notes/202105/0501/").select_one(".dairly-entry__title")
    assert card.get_text() == "May first, edited"
    parsed.clear()
    site.build()  # not serve: every note is read afresh
    assert len(parsed) == 4


def test_breadcrumbs_lead_through_the_month(site: Site) -> None:
    """Material's navigation.path shows a day page's ancestors: its year, then its month."""
    three_days(site)
    site.config["theme"]["features"] = ["navigation.path"]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    path = build.html("notes/202105/0511/").select("nav.md-path a.md-path__link")
    assert [(a.get_text(strip=True), a["href"]) for a in path] == [
        ("首页", "../../.."),
        ("2021年", "../../2021/"),
        ("5月", "../../2021/05/"),
    ]


def test_the_removed_worker_option_still_builds_strictly_with_a_notice(site: Site) -> None:
    three_days(site)
    site.config["plugins"] = ["search", {"dairly": {"worker": False}}]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    notice = (
        "INFO:dairly: 'worker' does nothing since 0.2 (dairly builds in one process); remove it"
    )
    assert build.logs.count(notice) == 1, build.logs


@pytest.mark.parametrize(
    "template", ["nope.html", "partials/dairly/none.html", "nope/blog-post.html"]
)
def test_a_template_that_does_not_exist_is_one_problem_and_the_page_builds(
    site: Site, template: str
) -> None:
    site.note("202105/0511.md", {"template": template, "entries": [{"title": "Kept"}]})
    site.note("202105/0512.md", {"template": "main.html", "entries": [{"title": "Also kept"}]})
    build = site.build()
    assert build.aborted is None, build.logs
    assert build.warnings() == [
        f"dairly: notes/202105/0511.md:2: 'template': no template '{template}' in the theme "
        "or custom_dir; main.html is used"
    ]
    for path, title in (("notes/202105/0511/", "Kept"), ("notes/202105/0512/", "Also kept")):
        assert build.content(path).select_one(".dairly-entry__title").get_text() == title


@pytest.mark.parametrize("how", ["draft_docs", "exclude_docs", "draft: true"])
def test_a_month_whose_days_are_all_hidden_has_no_page(site: Site, how: str) -> None:
    three_days(site)  # April (one day) and May
    if how == "draft: true":
        site.note("202104/0410.md", {"draft": True, "entries": [{"title": "April item"}]})
    else:
        site.config[how] = "notes/202104/*.md\n"
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    for gone in ("notes/2021/04/index.html", "notes/2021/04/best/index.html",
                 "notes/202104/0410/index.html"):  # fmt: skip
        assert not (build.site_dir / gone).exists(), gone
    for page in build.site_dir.rglob("*.html"):
        links = [
            a.get("href", "") for a in build.html(str(page.relative_to(build.site_dir))).select("a")
        ]
        assert not [h for h in links if "2021/04" in h or "202104" in h], (page, links)
    assert (build.site_dir / "notes/2021/05/index.html").exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [("search", 5), ("hide", 5), ("template", 5), ("hide", {"toc": 1}), ("search", "no"),
     ("template", ["main.html"]), ("icon", 5), ("status", [1]), ("subtitle", {})],
)  # fmt: skip
def test_a_passthrough_key_of_the_wrong_type_is_one_problem_and_the_page_builds(
    site: Site, key: str, value: object
) -> None:
    """MkDocs and Material read these keys from the note themselves: a bad one must not
    reach them (MkDocs stopped the build on `template: 5`, Material on `search: 5`)."""
    site.note("202105/0511.md", {key: value, "entries": [{"title": "Kept"}]})
    build = site.build()
    assert build.aborted is None, build.logs
    warnings = build.warnings()
    assert len(warnings) == 1 and f"'{key}'" in warnings[0], warnings
    assert warnings[0].startswith("dairly: notes/202105/0511.md:2: "), warnings  # the key's line
    assert (
        build.content("notes/202105/0511/").select_one(".dairly-entry__title").get_text() == "Kept"
    )


def test_tips_written_as_on_github_render_their_lists(site: Site) -> None:
    """A list right after a line of text is a list in the built page (Python-Markdown alone
    would run it into the paragraph); a code fence and the note's own body are left alone."""
    tips = "要点：\n- 浅层保留位置\n    - 细小缺陷\n- 深层区分类别\n\n```\nx\n- y\n```\n"
    site.note(
        "202105/0511.md", {"entries": [{"title": "T", "tips": tips}]}, "Body:\n- not a list\n"
    )
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    page = build.content("notes/202105/0511/")
    card = page.select_one(".dairly-entry__tips")
    assert card.select_one("p").get_text() == "要点："
    assert [li.get_text(" ", strip=True) for li in card.select("ul > li")] == [
        "浅层保留位置 细小缺陷",
        "细小缺陷",
        "深层区分类别",
    ]
    assert card.select_one("code").get_text() == "x\n- y\n"
    body = page.select_one(".dairly-day__body")
    assert body.select("li") == [] and "Body:\n- not a list" in body.get_text()
