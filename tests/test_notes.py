"""Unit tests of the notes model: paths, dates, every field's validation, exact problem lines."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_dairly.notes.dates import PathDateError, date_from_path
from mkdocs_dairly.notes.model import Link, Media
from mkdocs_dairly.notes.parse import duplicate_dates, parse_day, split_front_matter
from mkdocs_dairly.notes.urls import relative_url, url_problem


def note(front_matter: str, body: str = "") -> str:
    return f"---\n{front_matter.strip()}\n---\n{body}"


def problems(day) -> list[str]:
    return [str(p) for p in day.problems]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("202105/0511.md", dt.date(2021, 5, 11)),
        ("2021/05/11.md", dt.date(2021, 5, 11)),
        ("2021-05-11.md", dt.date(2021, 5, 11)),
        ("2021/2021-05-11.md", dt.date(2021, 5, 11)),
        ("misc/deep/2020-02-29.md", dt.date(2020, 2, 29)),
        ("readme.md", None),
        ("202105/05011.md", None),
    ],
)
def test_date_from_each_path_layout(path: str, expected: dt.date | None) -> None:
    assert date_from_path(path) == expected


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("202102/0230.md", "2021-02-30 is not a date in the calendar"),
        ("202105/0611.md", "the folder says month 05 but the file name says month 06"),
    ],
)
def test_impossible_path_dates_are_errors(path: str, message: str) -> None:
    with pytest.raises(PathDateError, match=message):
        date_from_path(path)


def test_full_entry_parses_every_field() -> None:
    day = parse_day(
        "notes/202105/0511.md",
        note(
            """
title: 公众号内容拓展学习笔记
summary: 卷积 vs Transformer
tags: [nlp]
entries:
  - title: Are Pre-trained Convolutions Better?
    url: https://mp.weixin.qq.com/s/w70mFSP
    stars: 2
    abstract: 谷歌最新研究
    paper: [https://arxiv.org/abs/2105.03322, {title: P2, url: "https://b.org/p2"}]
    code: {title: FlyreelAI/sesemi, url: https://github.com/FlyreelAI/sesemi}
    demo: https://sanddance.js.org/app/
    links: {bilibili: "https://www.bilibili.com/read/cv13270965", 知乎: {title: Z, url: "https://zhihu.com/q"}}
    tips: |
      - one
      - two
    image: [https://mmbiz.qpic.cn/a/640, {src: images/x.png, alt: X, width: 60%}]
    video: https://example.org/clip.mp4
    tags: [nlp, cnn]
""",
            "Body text.\n",
        ),
        "notes",
    )
    assert problems(day) == []
    assert day.date == dt.date(2021, 5, 11)
    assert (day.title, day.summary, day.tags, day.body) == (
        "公众号内容拓展学习笔记", "卷积 vs Transformer", ["nlp"], "Body text.\n",
    )  # fmt: skip
    (entry,) = day.entries
    assert entry.title == "Are Pre-trained Convolutions Better?"
    assert entry.url == "https://mp.weixin.qq.com/s/w70mFSP"
    assert entry.stars == 2
    assert entry.abstract == "谷歌最新研究"
    assert entry.paper == [Link("https://arxiv.org/abs/2105.03322"), Link("https://b.org/p2", "P2")]
    assert entry.code == [Link("https://github.com/FlyreelAI/sesemi", "FlyreelAI/sesemi")]
    assert entry.demo == [Link("https://sanddance.js.org/app/")]
    assert entry.links == [
        ("bilibili", Link("https://www.bilibili.com/read/cv13270965")),
        ("知乎", Link("https://zhihu.com/q", "Z")),
    ]
    assert entry.tips == "- one\n- two"
    assert entry.media == [
        Media("image", "https://mmbiz.qpic.cn/a/640"),
        Media("image", "images/x.png", "X", "60%"),
        Media("video", "https://example.org/clip.mp4"),
    ]
    assert entry.tags == ["nlp", "cnn"]


BAD_CASES = [
    ("stars: three", "entry 1, 'stars': expected a whole number from 0 to 5, got 'three'"),
    ("stars: 6", "entry 1, 'stars': expected a whole number from 0 to 5, got 6"),
    ("stars: 2.5", "entry 1, 'stars': expected a whole number from 0 to 5, got 2.5"),
    ("stars: true", "entry 1, 'stars': expected a whole number from 0 to 5, got true"),
    ("strs: 2", "entry 1: unknown key 'strs'; did you mean 'stars'?"),
    ("url: javascript:alert(1)",
     "entry 1, 'url': expected an http(s):// or mailto: URL or a path relative to the note, "
     "got a javascript: URL"),
    ("image: 'data:image/png;base64,AAAA'",
     "entry 1, 'image': expected an http(s):// or mailto: URL or a path relative to the note, "
     "got a data: URL"),
    ("paper: {title: P}", "entry 1, 'paper': expected {title: …, url: …} with a URL, got url nothing"),
    ("code: 42", "entry 1, 'code': expected a URL, {title: …, url: …} or a list of them, got 42"),
    ("links: [1]", "entry 1, 'links': expected a URL, {title: …, url: …} or a list of them, got 1"),
    ("links: https://x.org",
     "entry 1, 'links': expected a mapping of labels to URLs like {bilibili: https://…}, "
     "got 'https://x.org'"),
    ("tips: [a, b]", "entry 1, 'tips': expected Markdown text, got a list"),
    ("abstract: {a: 1}", "entry 1, 'abstract': expected text, got a mapping"),
    ("tags: {a: 1}", "entry 1, 'tags': expected a list of tags like [nlp, cnn], got a mapping"),
    ("image: {src: x.png, width: wide}",
     "entry 1, 'image': width: expected a number of pixels or a percentage like 60%, got 'wide'"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), BAD_CASES)
def test_bad_entry_field_gives_one_contract_line_and_keeps_the_rest(
    line: str, expected: str
) -> None:
    kept = "tips" if line.startswith("abstract") else "abstract"  # no duplicate key
    day = parse_day(
        "notes/202105/0511.md",
        note(f"entries:\n  - title: Kept\n    {kept}: also kept\n    {line}\n  - title: Next"),
        "notes",
    )
    assert problems(day) == [f"notes/202105/0511.md: {expected}"]
    assert [e.title for e in day.entries] == ["Kept", "Next"]
    if not line.startswith("abstract"):
        assert day.entries[0].abstract == "also kept"


@pytest.mark.parametrize(
    ("front_matter", "path", "expected"),
    [
        ("date: 2021-05-12", "notes/202105/0511.md",
         "notes/202105/0511.md: 'date': 2021-05-12 disagrees with the path, which gives 2021-05-11"),
        ("date: yesterday", "notes/202105/0511.md",
         "notes/202105/0511.md: 'date': expected a date like 2021-05-11, got 'yesterday'"),
        ("title: x", "notes/misc/readme.md",
         "notes/misc/readme.md: no date: add 'date: YYYY-MM-DD' to the front matter or name the "
         "file YYYYMM/MMDD.md, YYYY/MM/DD.md or YYYY-MM-DD.md"),
        ("title: x", "notes/202102/0230.md",
         "notes/202102/0230.md: the path gives no valid date: 2021-02-30 is not a date in the calendar"),
        ("draft: maybe", "notes/202105/0511.md",
         "notes/202105/0511.md: 'draft': expected true or false, got 'maybe'"),
        ("entries: {title: x}", "notes/202105/0511.md",
         "notes/202105/0511.md: 'entries': expected a list of entries, got a mapping"),
        ("titel: x", "notes/202105/0511.md",
         "notes/202105/0511.md: unknown key 'titel'; did you mean 'title'?"),
        ("stars: 3", "notes/202105/0511.md",
         "notes/202105/0511.md: 'stars' is an entry field: put it under 'entries'"),
        ("stras: 3", "notes/202105/0511.md",
         "notes/202105/0511.md: unknown key 'stras'; did you mean 'stars' (an entry field: put it "
         "under 'entries')?"),
        ("- a\n- b", "notes/202105/0511.md",
         "notes/202105/0511.md: front matter must be a mapping of keys to values, got a list"),
        ("title: [unclosed", "notes/202105/0511.md",
         "notes/202105/0511.md: front matter is not valid YAML: line 3: did not find expected ',' "
         "or ']'"),
        ("entries:\n  - abstract: no title", "notes/202105/0511.md",
         "notes/202105/0511.md: entry 1, 'title': required: every entry needs a title, got nothing"),
    ],
)  # fmt: skip
def test_day_level_problems(front_matter: str, path: str, expected: str) -> None:
    day = parse_day(path, note(front_matter), "notes")
    assert problems(day) == [expected]


def test_date_in_front_matter_serves_a_path_without_one() -> None:
    day = parse_day("notes/misc/reading.md", note("date: 2021-05-11"), "notes")
    assert problems(day) == []
    assert day.date == dt.date(2021, 5, 11)


def test_invalid_yaml_keeps_the_text_in_the_body() -> None:
    day = parse_day("notes/202105/0511.md", note("title: [unclosed", "Body.\n"), "notes")
    assert "title: [unclosed" in day.body
    assert day.body.endswith("Body.\n")
    assert day.date == dt.date(2021, 5, 11)


def test_duplicate_dates_name_both_files() -> None:
    a = parse_day("notes/202105/0511.md", note("title: a"), "notes")
    b = parse_day("notes/2021/2021-05-11.md", note("title: b"), "notes")
    assert [str(p) for p in duplicate_dates([a, b])] == [
        "notes/202105/0511.md: 'date': 2021-05-11 is also the date of notes/2021/2021-05-11.md"
    ]


def test_note_without_front_matter_is_an_empty_day() -> None:
    assert split_front_matter("# Just text\n") == (None, "# Just text\n")
    day = parse_day("notes/202105/0511.md", "# Just text\n", "notes")
    assert (problems(day), day.entries, day.body) == ([], [], "# Just text\n")


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://a.org/x", True),
        ("http://a.org", True),
        ("mailto:me@a.org", True),
        ("images/x.png", True),
        ("../202104/0410.md#entry-2", True),
        ("#entry-1", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("vbscript:x", False),
        ("data:text/html,x", False),
        ("/absolute/path.png", False),
        ("https:evil", False),
        ("", False),
    ],
)
def test_url_policy(url: str, allowed: bool) -> None:
    assert (url_problem(url) is None) is allowed


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("notes/202104/images/a.png", "notes/202104/0410/", "../images/a.png"),
        ("notes/202104/images/a.png", "", "notes/202104/images/a.png"),
        ("notes/202104/0410/", "notes/202105/0511/", "../../202104/0410/"),
        ("", "notes/2021/", "../../"),
        ("notes/202104/0410.html", "notes/202105/0511.html", "../202104/0410.html"),
    ],
)
def test_relative_url(target: str, page: str, expected: str) -> None:
    assert relative_url(target, page) == expected
