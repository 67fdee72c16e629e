"""The reader's side at build level: archive, calendar, best-of, links in time, feed, tags."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser
import pytest

from .conftest import Site


def days_2020_2021(site: Site) -> None:
    site.note("202005/0511.md", {"title": "去年今日", "entries": [{"title": "Old A", "stars": 4}]})
    site.note(
        "202104/0410.md", {"summary": "四月的一天", "entries": [{"title": "April", "stars": 2}]}
    )
    site.note(
        "202105/0501.md", {"entries": [{"title": "May one", "stars": 5}, {"title": "May two"}]}
    )
    site.note(
        "202105/0511.md",
        {"title": "公众号内容拓展学习笔记", "tags": ["nlp"],
         "entries": [{"title": "卷积优于Transformer", "stars": 3, "abstract": "谷歌最新研究表明卷积更好",
                      "image": "https://mmbiz.qpic.cn/a/640", "tags": ["cnn"]},
                     {"title": "Second", "stars": 1}]},
    )  # fmt: skip


def test_archive_lists_years_months_days_with_counts_and_newest_year_open(site: Site) -> None:
    days_2020_2021(site)
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    page = build.content("notes/")
    years = page.select("details.dairly-archive__year")
    assert [y.summary.get_text(" ", strip=True) for y in years] == [
        "2021年 · 3 天 · 5 篇",
        "2020年 · 1 天 · 1 篇",
    ]
    assert [y.has_attr("open") for y in years] == [True, False]
    months = years[0].select("details.dairly-archive__month")
    assert [m.summary.get_text(" ", strip=True) for m in months] == [
        "5月 · 2 天 · 4 篇 · 平均 3.0 星",
        "4月 · 1 天 · 1 篇 · 平均 2.0 星",
    ]
    # A summary holds no link (axe: nested-interactive); each opens onto its page's link.
    assert years[0].select("summary a") == []
    assert years[0].select_one("p.dairly-archive__page a")["href"] == "2021/"
    assert months[0].select_one("p.dairly-archive__page a")["href"] == "2021/05/"
    may = [li.get_text(" ", strip=True) for li in months[0].select("li")]
    assert may == ["5月11日 卷积优于Transformer", "5月1日 May one"]
    april = [li.get_text(" ", strip=True) for li in months[1].select("li")]
    assert april == ["4月10日 四月的一天"]


def test_calendar_has_a_cell_per_date_and_links_each_note(site: Site) -> None:
    days_2020_2021(site)
    build = site.build(strict=True)
    svg = build.content("notes/2021/").select_one("figure.dairly-calendar")
    assert svg.figcaption.get_text(" ", strip=True) == "2021年笔记日历 · 3 天"
    assert [m["aria-label"] for m in svg.select("svg.dairly-calendar__month")] == [
        f"2021年{m}月" for m in range(1, 13)
    ]
    assert len(svg.select("rect.dairly-calendar__day")) == 365
    legend = svg.select_one(".dairly-calendar__legend")
    assert legend.get_text(" ", strip=True) == "少 多"
    assert len(legend.select(".dairly-calendar__swatch")) == 5
    links = {
        a["data-date"] if a.has_attr("data-date") else a.rect["data-date"]: a
        for a in svg.select("a")
    }
    assert sorted(links) == ["2021-04-10", "2021-05-01", "2021-05-11"]
    assert links["2021-05-11"]["xlink:href"] == "../202105/0511/"
    assert links["2021-05-11"].title.get_text() == "2021年5月11日: 2 篇"
    assert "dairly-calendar__day--1" in links["2021-05-11"].rect["class"]
    home_svg = build.content("").select_one("figure.dairly-calendar")
    assert home_svg.figcaption.get_text(" ", strip=True) == "2021年笔记日历 · 3 天"


def test_best_of_pages_list_the_highest_rated_entries(site: Site) -> None:
    days_2020_2021(site)
    build = site.build(strict=True)
    best = build.content("notes/2021/best/")
    rows = [
        (li.select_one(".dairly-best__title").get_text(), li["data-stars"])
        for li in best.select("li.dairly-best__entry")
    ]
    assert rows == [("May one", "5"), ("卷积优于Transformer", "3"), ("April", "2"), ("Second", "1")]
    assert best.select_one("li .dairly-best__day")["href"] == "../../202105/0501/#entry-1"
    month_best = build.content("notes/2021/05/best/")
    titles = [t.get_text() for t in month_best.select(".dairly-best__title")]
    assert titles == ["May one", "卷积优于Transformer", "Second"]
    assert build.content("notes/2021/05/").select_one(".dairly-day__meta a")["href"] == "best/"


def test_day_pages_link_older_newer_and_on_this_day(site: Site) -> None:
    days_2020_2021(site)
    build = site.build(strict=True)
    nav = build.content("notes/202105/0501/").select_one("nav.dairly-daynav")
    older, newer = nav.select_one(".dairly-daynav__older"), nav.select_one(".dairly-daynav__newer")
    assert (older["href"], older.time.get_text()) == ("../../202104/0410/", "2021年4月10日")
    assert (newer["href"], newer.time.get_text()) == ("../0511/", "2021年5月11日")
    on_this_day = build.content("notes/202105/0511/").select(".dairly-daynav__onthisday a")
    assert [(a["href"], a.get_text()) for a in on_this_day] == [
        ("../../202005/0511/", "2020年5月11日")
    ]
    first = build.content("notes/202005/0511/").select_one("nav.dairly-daynav")
    assert first.select_one(".dairly-daynav__older") is None


def test_entries_have_anchors_and_visible_permalinks(site: Site) -> None:
    days_2020_2021(site)
    page = site.build(strict=True).content("notes/202105/0511/")
    for n, card in enumerate(page.select("article.dairly-entry"), start=1):
        assert card["id"] == f"entry-{n}"
        assert card.select_one("a.dairly-entry__permalink")["href"] == f"#entry-{n}"


def test_star_filter_control_is_on_day_month_and_home_pages(site: Site) -> None:
    days_2020_2021(site)
    build = site.build(strict=True)
    for path in ("", "notes/202105/0511/", "notes/2021/05/"):
        control = build.content(path).select_one("[data-dairly-filter]")
        assert control is not None, path
        assert [b["data-min-stars"] for b in control.select("button")] == ["0", "2", "3", "4", "5"]
    assert 'src="assets/dairly/dairly.js"' in str(build.html("").select("script"))


def test_feed_is_atom_with_absolute_urls_and_is_advertised(site: Site) -> None:
    site.config["site_url"] = "https://example.org/notes-site/"
    site.write("docs/notes/202105/images/x.png", "png")
    days_2020_2021(site)
    site.note(
        "202105/0512.md", {"entries": [{"title": "Rel", "image": "images/x.png", "stars": 2}]}
    )
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    raw = (build.site_dir / "feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.feed.title == "测试笔记"
    assert [e.link for e in feed.entries] == [
        "https://example.org/notes-site/notes/202105/0512/",
        "https://example.org/notes-site/notes/202105/0511/",
        "https://example.org/notes-site/notes/202105/0501/",
        "https://example.org/notes-site/notes/202104/0410/",
        "https://example.org/notes-site/notes/202005/0511/",
    ]
    assert feed.entries[1].title == "公众号内容拓展学习笔记 · 2021年5月11日"
    assert (
        'src="https://example.org/notes-site/notes/202105/images/x.png"'
        in feed.entries[0].content[0].value
    )
    # feedparser's sanitizer drops attributes it does not know; the feed itself carries it
    contents = [c.text for c in ET.fromstring(raw).iter("{http://www.w3.org/2005/Atom}content")]
    assert 'referrerpolicy="no-referrer"' in contents[1]
    assert all(' src="http' in c for c in contents[:2])
    for path in ("", "notes/202105/0511/", "notes/2021/"):
        link = build.html(path).select_one('head link[rel=alternate][type="application/atom+xml"]')
        assert link["href"] == "https://example.org/notes-site/feed.xml", path


def test_feed_per_entry_and_count(site: Site) -> None:
    site.config["site_url"] = "https://example.org/"
    site.config["plugins"] = ["search", {"dairly": {"feed_per": "entry", "feed_count": 1}}]
    days_2020_2021(site)
    feed = feedparser.parse((site.build(strict=True).site_dir / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == [
        "https://example.org/notes/202105/0511/#entry-2",
        "https://example.org/notes/202105/0511/#entry-1",
    ]


def test_feed_without_site_url_is_skipped_or_a_warning_when_asked_for(site: Site) -> None:
    days_2020_2021(site)
    build = site.build(strict=True)
    assert not (build.site_dir / "feed.xml").exists()
    site.config["plugins"] = ["search", {"dairly": {"feed": True}}]
    build = site.build()
    assert build.warnings() == [
        "dairly: feed: true needs site_url in mkdocs.yml (a feed's links must be absolute)"
    ]


def test_day_and_entry_tags_feed_materials_tags_plugin(site: Site) -> None:
    site.config["plugins"] = ["search", "tags", "dairly"]
    days_2020_2021(site)
    site.write("docs/tags.md", "# Tags\n\n<!-- material/tags -->\n")
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    tags_page = build.content("tags/")
    headings = [h.get_text(" ", strip=True) for h in tags_page.select("h2")]
    assert any("nlp" in h for h in headings) and any("cnn" in h for h in headings)
    links = [a["href"] for a in tags_page.select("a[href*='0511']")]
    assert links and all("notes/202105/0511/" in href for href in links)


@pytest.mark.parametrize("word", ["卷积", "谷歌", "研究"])
def test_chinese_words_are_indexed_for_search(site: Site, word: str) -> None:
    days_2020_2021(site)
    build = site.build(strict=True)
    index = json.loads((build.site_dir / "search/search_index.json").read_text("utf-8"))
    separator = index["config"]["separator"]
    assert "\\u200b" in separator
    docs = [
        d
        for d in index["docs"]
        if word in d["text"].split("\u200b") or word in d["title"].split("\u200b")
    ]
    # the entry on the day's page only: the home page's copy of the day is not indexed twice
    assert [d["location"] for d in docs] == ["notes/202105/0511/#entry-1"]


def test_overview_pages_are_left_out_of_the_search_index(site: Site) -> None:
    days_2020_2021(site)
    build = site.build(strict=True)
    index = json.loads((build.site_dir / "search/search_index.json").read_text("utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "notes/202105/0511/" in locations
    assert not locations & {"notes/", "notes/2021/", "notes/2021/05/", "notes/2021/best/"}


def test_search_indexes_each_entry_as_its_own_section(site: Site) -> None:
    site.note(
        "202105/0511.md",
        {"title": "Day", "entries": [
            {"title": "First entry", "abstract": "alpha **beta**", "paper": "https://arxiv.org/abs/2105.03322",
             "tips": "- gamma\n- delta", "tags": ["cnn"]},
            {"title": "Second entry", "abstract": "epsilon"}]},
        body="\nOwn words zeta.\n",
    )  # fmt: skip
    build = site.build(strict=True)
    index = json.loads((build.site_dir / "search/search_index.json").read_text("utf-8"))
    docs = {
        d["location"]: d for d in index["docs"] if d["location"].startswith("notes/202105/0511/")
    }
    assert sorted(docs) == [
        "notes/202105/0511/",
        "notes/202105/0511/#entry-1",
        "notes/202105/0511/#entry-2",
    ]
    first = docs["notes/202105/0511/#entry-1"]
    assert first["title"] == "First entry"
    text = first["text"].replace("\u200b", "")  # jieba's word boundaries
    for part in ("alpha beta", "论文 arXiv:2105.03322", "<li>gamma</li>", "delta", "cnn"):
        assert part in text, part
    assert "epsilon" in docs["notes/202105/0511/#entry-2"]["text"]
    # the day's own notes belong to the day, not to its last entry
    assert "Own words zeta." in docs["notes/202105/0511/"]["text"]
    assert "zeta" not in docs["notes/202105/0511/#entry-2"]["text"]


def test_search_view_can_be_turned_off(site: Site) -> None:
    site.config["plugins"] = ["search", {"dairly": {"search_view": False}}]
    site.note("202105/0511.md", {"entries": [{"title": "First entry", "abstract": "alpha"}]})
    build = site.build(strict=True)
    index = json.loads((build.site_dir / "search/search_index.json").read_text("utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("notes/202105/0511/")]
    assert [d["location"] for d in docs] == ["notes/202105/0511/"]
    assert "alpha" in docs[0]["text"] and "dairly-entry" not in docs[0]["text"]


def test_feed_permalinks_are_absolute(site: Site) -> None:
    site.config["site_url"] = "https://example.org/"
    days_2020_2021(site)
    raw = (site.build(strict=True).site_dir / "feed.xml").read_bytes()
    contents = [c.text for c in ET.fromstring(raw).iter("{http://www.w3.org/2005/Atom}content")]
    assert 'href="https://example.org/notes/202105/0511/#entry-2"' in contents[0]
    assert 'href="#' not in "".join(contents)


def test_a_site_file_at_feed_xml_is_kept_and_reported(site: Site) -> None:
    site.config["site_url"] = "https://example.org/"
    days_2020_2021(site)
    site.write("docs/feed.xml", "<mine/>")
    build = site.build()
    assert build.warnings() == [
        "dairly: feed.xml:1: this path is reserved for a file dairly writes; rename the file"
    ]
    assert (build.site_dir / "feed.xml").read_text("utf-8") == "<mine/>"


def test_english_counts_are_singular_for_one(site: Site) -> None:
    site.config["theme"]["language"] = "en"
    site.note("202105/0511.md", {"entries": [{"title": "Only", "stars": 2}]})
    archive = site.build(strict=True).content("notes/")
    assert (
        archive.select_one("details summary").get_text(" ", strip=True) == "2021 · 1 day · 1 entry"
    )


def test_archive_opens_the_newest_month_also_oldest_first(site: Site) -> None:
    site.config["plugins"] = ["search", {"dairly": {"order": "oldest"}}]
    days_2020_2021(site)
    page = site.build(strict=True).content("notes/")
    opened = [
        d.summary.select_one(".dairly-archive__label").get_text()
        for d in page.select("details.dairly-archive__month[open]")
    ]
    assert opened == ["5月"]
    year = page.select("details.dairly-archive__year")[-1]
    assert year.has_attr("open") and year.summary.span.get_text() == "2021年"


def test_untitled_entries_show_their_url_in_lists_too(site: Site) -> None:
    site.note("202105/0511.md", {"entries": [{"url": "https://github.com/owner/repo", "stars": 3}]})
    build = site.build()
    assert (
        build.content("notes/202105/0511/").select_one(".dairly-entry__title").get_text()
        == "owner/repo"
    )
    items = [
        li.get_text(" ", strip=True)
        for li in build.content("notes/2021/05/").select(".dairly-days__entries li")
    ]
    assert items == ["owner/repo"]
    toc = build.html("notes/202105/0511/").select_one("nav.md-nav--secondary")
    assert [a.get_text(strip=True) for a in toc.select("a")] == ["owner/repo"]


def test_best_of_without_rated_entries_says_so(site: Site) -> None:
    site.note("202105/0511.md", {"entries": [{"title": "Unrated"}]})
    best = site.build(strict=True).content("notes/2021/05/best/")
    assert best.select_one(".dairly-best__none").get_text() == "这段时间还没有打星的条目。"
    assert best.select("li") == []


def test_day_tags_show_once_and_links_get_icons_from_where_they_point(site: Site) -> None:
    site.note(
        "202105/0511.md",
        {"tags": ["nlp"], "entries": [{"title": "A", "links": {
            "HF": "https://huggingface.co/spaces/o/d", "PDF": "https://example.org/a/paper.PDF",
            "arXiv PDF": "https://arxiv.org/pdf/2105.03322"}}]},
    )  # fmt: skip
    page = site.build(strict=True).content("notes/202105/0511/")
    assert [t.get_text() for t in page.select(".dairly-day__header .dairly-tag")] == ["nlp"]
    kinds = [li["class"][1] for li in page.select("li.dairly-link")]
    assert kinds == ["dairly-link--huggingface", "dairly-link--pdf", "dairly-link--arxiv"]
    # With Material's tags plugin the page's tags are shown above it: not a second time.
    site.config["plugins"] = ["search", "tags", "dairly"]
    page = site.build(strict=True).content("notes/202105/0511/")
    assert page.select(".dairly-day__header .dairly-tags") == []
