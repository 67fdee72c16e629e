"""The explore page: its data (``site/explore.py``, no MkDocs) and real builds — the page, its
place in the navigation, the JSON the browser loads, inclusion levels, options, overrides."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mkdocs_dairly.notes.model import Day, Entry, Link
from mkdocs_dairly.site.explore import explore_json, plain_text

from .conftest import Site

ARXIV = "https://arxiv.org/abs/2101.00001"
GITHUB = "https://github.com/someone/thing"


def day(date: str, *entries: Entry, tags: list[str] | None = None, src: str = "") -> Day:
    d = dt.date.fromisoformat(date)
    src_uri = src or f"notes/{d:%Y%m}/{d:%m%d}.md"
    return Day(src_uri, d, entries=list(entries), tags=tags or [])


def url_of(d: Day) -> str:
    return d.src_uri.removeprefix("notes/").removesuffix(".md") + "/"


def title_of(entry: Entry) -> str:
    return entry.title or "(untitled)"


# -- the data, without MkDocs ------------------------------------------------------------


def test_compact_arrays_oldest_first_with_one_tag_table() -> None:
    days = [
        day("2021-05-11",
            Entry(1, "Convolution", stars=5, abstract="**Bold** [words](https://x.org/a)",
                  paper=[Link(ARXIV)], code=[Link(GITHUB)], tags=["cv", "nlp", "cv"]),
            Entry(2, None, stars=0, demo=[Link("https://x.org/demo")]),
            tags=["nlp"]),
        day("2020-01-02", Entry(1, "Old", stars=2, tags=["历史"])),
    ]  # fmt: skip
    data = json.loads(explore_json(days, title_of, url_of))
    assert data == {
        "v": 1,
        "tags": ["cv", "nlp", "历史"],
        "days": [
            ["2020-01-02", "202001/0102/", [[1, 2, 0, "Old", "", [2]]]],
            ["2021-05-11", "202105/0511/", [
                [1, 5, 3, "Convolution", "Bold words", [0, 1]],
                [2, 0, 4, "(untitled)"],
            ], [1]],
        ],
    }  # fmt: skip


def test_same_days_same_bytes_whatever_their_order() -> None:
    days = [
        day("2021-05-11", Entry(1, "甲", stars=3, tags=["b", "a"])),
        day("2021-05-10", Entry(1, "乙", tags=["c"])),
    ]
    one = explore_json(days, title_of, url_of)
    assert one == explore_json(list(reversed(days)), title_of, url_of)
    assert one.endswith("\n") and "\n" not in one[:-1]
    assert " " not in one  # no padding between tokens (the titles here have no spaces)
    assert "甲" in one  # text as UTF-8, not \\u escapes


def test_unpublished_and_undated_days_are_left_out() -> None:
    shown = day("2021-05-11", Entry(1, "Shown"))
    unpublished = day("2021-05-12", Entry(1, "Not published"))
    undated = Day("notes/misc.md", None, entries=[Entry(1, "No date")])
    data = json.loads(
        explore_json(
            [shown, unpublished, undated], title_of,
            lambda d: None if d is unpublished else url_of(d),
        )
    )  # fmt: skip
    assert [d[0] for d in data["days"]] == ["2021-05-11"]


def test_text_from_front_matter_stays_text() -> None:
    hostile = '<img src=x onerror="alert(1)"></script>'
    days = [day("2021-05-11", Entry(1, hostile, abstract="a <b>bold</b> & </script> claim"))]
    text = explore_json(days, title_of, url_of)
    entry = json.loads(text)["days"][0][2][0]
    assert entry[3] == hostile  # the title as written: the page writes it with textContent
    assert entry[4] == "a bold & claim"


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("plain words", "plain words"),
        ("**bold** and *it* and `code` and ~~gone~~", "bold and it and code and gone"),
        ("_emphasis_ keeps snake_case_names", "emphasis keeps snake_case_names"),
        ("see [the paper](https://arxiv.org/abs/1) now", "see the paper now"),
        ("![an image](images/x.png) and <https://x.org> here", "an image and here"),
        ("a <span class='x'>tagged</span>\nline\t break", "a tagged line break"),
        ("unclosed [bracket and (paren", "unclosed [bracket and (paren"),
        ("卷积**很**重要", "卷积很重要"),
    ],
)
def test_plain_text_of_an_abstract(markdown: str, plain: str) -> None:
    assert plain_text(markdown) == plain


def test_plain_text_is_linear_on_adversarial_lines() -> None:
    # Quadratic patterns would take minutes here; these take milliseconds.
    for line in ("[" * 50_000, "[a](" * 20_000, "<a" * 30_000, "_" * 50_000 + "x"):
        assert len(plain_text(line)) <= len(line)


# -- real builds -------------------------------------------------------------------------


def notes(site: Site) -> None:
    site.note("202105/0510.md", {"entries": [{"title": "Prior", "stars": 2, "code": GITHUB}]})
    site.note("202105/0511.md", {"tags": ["nlp"], "entries": [
        {"title": "First", "stars": 1},
        {"title": "Second", "stars": 5, "paper": ARXIV, "abstract": "**Very** good", "tags": ["cv"]},
    ]})  # fmt: skip


def data(site_dir: Path, path: str = "notes/explore.json") -> dict:
    return json.loads((site_dir / path).read_text("utf-8"))


def test_the_page_links_its_data_script_and_stylesheet(site: Site) -> None:
    site.config["theme"]["language"] = "en"
    notes(site)
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    html = build.html("notes/explore/")
    root = html.select_one("[data-dairly-explore]")
    assert root is not None and root["data-src"] == "../explore.json"
    assert html.select_one("article script")["src"] == "../../assets/dairly/explore.js"
    assert html.select_one("article link[rel=stylesheet]")["href"] == (
        "../../assets/dairly/explore.css"
    )
    assert (build.site_dir / "assets/dairly/explore.js").is_file()
    assert (build.site_dir / "assets/dairly/explore.css").is_file()
    assert html.select_one("h1").get_text() == "Explore"
    assert html.select_one("meta[name=description]")["content"] == "Explore · 2 days · 3 entries"
    labels = [label.get_text(strip=True) for label in root.select("label[for]")]
    assert labels == ["Search titles, abstracts and tags", "Stars", "Tag", "Period", "Sort"]
    for label in root.select("label[for]"):
        assert html.select_one(f"#{label['for']}") is not None
    periods = [(o["value"], o.get_text()) for o in html.select("select[name=period] option")]
    assert periods == [("", "Any time"), ("2021", "2021"), ("2021-05", "May 2021")]
    # No entry is in the page itself, and the page is not in the search index.
    assert "Second" not in html.select_one("article").get_text()
    index = data(build.site_dir, "search/search_index.json")
    assert not [d for d in index["docs"] if d["location"].startswith("notes/explore/")]
    # Only the explore page loads its script and stylesheet.
    day_page = build.html("notes/202105/0511/")
    assert "explore.js" not in str(day_page) and "explore.css" not in str(day_page)
    assert data(build.site_dir) == {
        "v": 1,
        "tags": ["cv", "nlp"],
        "days": [
            ["2021-05-10", "202105/0510/", [[1, 2, 2, "Prior"]]],
            ["2021-05-11", "202105/0511/", [[1, 1, 0, "First"],
                                            [2, 5, 1, "Second", "Very good", [0]]], [1]],
        ],
    }  # fmt: skip


def test_rows_link_to_the_anchors_of_the_cards(site: Site) -> None:
    notes(site)
    build = site.build(strict=True)
    for date, url, entries, *_ in data(build.site_dir)["days"]:
        page = build.html("notes/" + url)
        anchors = [a["id"] for a in page.select("article.dairly-entry")]
        assert anchors == [f"entry-{e[0]}" for e in entries], date


def test_the_nav_has_it_after_the_archive(site: Site) -> None:
    notes(site)
    build = site.build(strict=True)
    items = build.html("notes/explore/").select("nav.md-nav--primary > ul > li > a")
    assert [a.get_text(strip=True) for a in items][-2:] == ["归档", "探索"]
    active = build.html("notes/explore/").select("nav.md-nav--primary li.md-nav__item--active a")
    assert [a.get_text(strip=True) for a in active] == ["探索"]


def test_a_site_nav_gets_it_in_the_notes_section(site: Site) -> None:
    notes(site)
    site.write("docs/index.md", "# Welcome\n")
    site.config["nav"] = [{"Start": "index.md"}, {"Reading log": "notes/index.md"}]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    section = build.html("notes/explore/").select("nav.md-nav--primary > ul > li")[1]
    # The archive is the section's own page (Material's navigation.indexes), then explore.
    assert section.select_one(":scope > div > a").get_text(strip=True) == "Reading log"
    assert section.select_one(":scope > div > a")["href"] == "../"
    titles = [a.get_text(strip=True) for a in section.select(":scope > nav > ul > li > a")]
    assert titles == ["探索", "2021年"]


def test_a_site_nav_listing_it_keeps_it_where_it_is(site: Site) -> None:
    notes(site)
    site.write("docs/index.md", "# Welcome\n")
    site.config["nav"] = [
        {"Start": "index.md"}, {"Find": "notes/explore.md"}, {"Log": "notes/index.md"},
    ]  # fmt: skip
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    top = build.html("").select(
        "nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label"
    )
    titles = [a.get_text(strip=True) for a in top]
    assert titles[:2] == ["Start", "Find"]
    assert titles.count("Find") == 1
    links = [a["href"] for a in build.html("").select("nav.md-nav--primary a")]
    assert links.count("notes/explore/") == 1


def test_inclusion_levels_decide_the_entries_as_they_decide_the_pages(site: Site) -> None:
    notes(site)
    site.note("202105/0512.md", {"draft": True, "entries": [{"title": "Draft"}]})
    site.note("202105/0513.md", {"entries": [{"title": "Excluded"}]})
    site.config["exclude_docs"] = "notes/202105/0513.md\n"
    built = site.build(strict=True)
    assert [d[0] for d in data(built.site_dir)["days"]] == ["2021-05-10", "2021-05-11"]
    assert not (built.site_dir / "notes/202105/0512/index.html").exists()
    served = site.build(serve=True)
    dates = [d[0] for d in data(served.site_dir)["days"]]
    assert dates == ["2021-05-10", "2021-05-11", "2021-05-12"]  # drafts, as serve shows them
    assert (served.site_dir / "notes/202105/0512/index.html").exists()


def test_without_directory_urls_the_rows_link_to_html_files(site: Site) -> None:
    notes(site)
    site.config["use_directory_urls"] = False
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    assert [d[1] for d in data(build.site_dir)["days"]] == ["202105/0510.html", "202105/0511.html"]
    html = build.html("notes/explore.html")
    assert html.select_one("[data-dairly-explore]")["data-src"] == "explore.json"
    assert html.select_one("article script")["src"] == "../assets/dairly/explore.js"


def test_explore_false_makes_neither_page_nor_data(site: Site) -> None:
    notes(site)
    site.config["plugins"] = ["search", {"dairly": {"explore": False}}]
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    assert not (build.site_dir / "notes/explore").exists()
    assert not (build.site_dir / "notes/explore.json").exists()
    assert "探索" not in build.html("").select_one("nav.md-nav--primary").get_text()


def test_a_file_of_the_site_at_its_path_is_reported_and_kept(site: Site) -> None:
    notes(site)
    site.write("docs/notes/explore.json", '{"mine": true}')
    build = site.build()
    assert build.warnings() == [
        "dairly: notes/explore.json:1: this path is reserved for a file dairly writes; "
        "rename the file"
    ]
    assert data(build.site_dir) == {"mine": True}


def test_a_custom_dir_template_replaces_the_page(site: Site) -> None:
    notes(site)
    site.config["theme"]["custom_dir"] = "overrides"
    site.write(
        "overrides/partials/dairly/explore.html",
        '<h1>{{ title }}!</h1><div data-dairly-explore data-src="{{ data_url }}"></div>\n',
    )
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    article = build.content("notes/explore/")
    assert article.select_one("h1").get_text() == "探索!"
    assert article.select_one("[data-dairly-explore]")["data-src"] == "../explore.json"


# -- the benchmark's notes ---------------------------------------------------------------


def test_the_benchmark_writes_valid_notes_with_tags_and_demos(tmp_path: Path) -> None:
    import importlib.util

    from mkdocs_dairly.notes.parse import parse_day

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "explore.py"
    spec = importlib.util.spec_from_file_location("dairly_explore_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bench = module.load_bench()
    root = module.write_site(bench, 8, tmp_path / "site", bench.DEFAULT_SEED)
    notes = sorted((root / "docs" / "notes").rglob("*.md"))
    assert len(notes) == 8 and (root / "mkdocs.yml").is_file()
    days = [parse_day(f"notes/{p.parent.name}/{p.name}", p.read_text("utf-8"), "notes")
            for p in notes]  # fmt: skip
    assert [d.problems for d in days] == [[]] * 8
    entries = [e for d in days for e in d.entries]
    assert len(entries) == 48
    assert all(e.paper and e.code and e.stars for e in entries)
    assert 0 < sum(bool(e.demo) for e in entries) < 48
    assert 0 < sum(bool(e.tags) for e in entries) < 48
    assert module.write_site(bench, 8, tmp_path / "again", bench.DEFAULT_SEED)
    again = sorted((tmp_path / "again" / "docs" / "notes").rglob("*.md"))
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in notes]
