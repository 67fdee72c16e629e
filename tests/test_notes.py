"""Unit tests of the notes model: paths, dates, every field's validation, exact problem lines."""

from __future__ import annotations

import datetime as dt
import posixpath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert problems(day) == [f"notes/202105/0511.md:5: {expected}"]  # the bad field's line
    assert [e.title for e in day.entries] == ["Kept", "Next"]
    if not line.startswith("abstract"):
        assert day.entries[0].abstract == "also kept"


@pytest.mark.parametrize(
    ("front_matter", "path", "expected"),
    [
        ("date: 2021-05-12", "notes/202105/0511.md",
         "notes/202105/0511.md:2: 'date': 2021-05-12 disagrees with the path, which gives 2021-05-11"),
        ("date: yesterday", "notes/202105/0511.md",
         "notes/202105/0511.md:2: 'date': expected a date like 2021-05-11, got 'yesterday'"),
        ("title: x", "notes/misc/readme.md",
         "notes/misc/readme.md:1: no date: add 'date: YYYY-MM-DD' to the front matter or name the "
         "file YYYYMM/MMDD.md, YYYY/MM/DD.md or YYYY-MM-DD.md"),
        ("title: x", "notes/202102/0230.md",
         "notes/202102/0230.md:1: the path gives no valid date: 2021-02-30 is not a date in the calendar"),
        ("draft: maybe", "notes/202105/0511.md",
         "notes/202105/0511.md:2: 'draft': expected true or false, got 'maybe'"),
        ("entries: {title: x}", "notes/202105/0511.md",
         "notes/202105/0511.md:2: 'entries': expected a list of entries, got a mapping"),
        ("titel: x", "notes/202105/0511.md",
         "notes/202105/0511.md:2: unknown key 'titel'; did you mean 'title'?"),
        ("stars: 3", "notes/202105/0511.md",
         "notes/202105/0511.md:2: 'stars' is an entry field: put it under 'entries'"),
        ("stras: 3", "notes/202105/0511.md",
         "notes/202105/0511.md:2: unknown key 'stras'; did you mean 'stars' (an entry field: put it "
         "under 'entries')?"),
        ("- a\n- b", "notes/202105/0511.md",
         "notes/202105/0511.md:2: front matter must be a mapping of keys to values, got a list"),
        ("title: [unclosed", "notes/202105/0511.md",
         "notes/202105/0511.md:2: front matter is not valid YAML: the '[' that starts the value of "
         "'title' is never closed; end the list with ']', or, if it is text, quote it: "
         '`title: "[unclosed"`'),
        ("entries:\n  - abstract: no title", "notes/202105/0511.md",
         "notes/202105/0511.md:3: entry 1, 'title': required: every entry needs a title, got nothing"),
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
        "notes/202105/0511.md:1: 'date': 2021-05-11 is also the date of notes/2021/2021-05-11.md"
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


# -- issue #13: every problem names the line of the note ------------------------------------

LINED = """---
title: [a, b]
tags: [ok, {no: 1}]
entries:
  - title: First
    stars: three
    paper:
      - https://arxiv.org/abs/2105.03322
      - javascript:alert(1)
    links:
      ok: https://ok.example/
      bilibili: ftp://x
    image:
      - {src: images/x.png, widht: 60%}
      - src: images/y.png
        width: wide
    code: {title: [t], url: "https://github.com/a/b"}
  - just text
  - title: Third
    strs: 2
    url: https://a.example/
    url: https://b.example/
---
Body.
"""
LINED_PROBLEMS = [
    "notes/202105/0511.md:22: entry 3: duplicate key 'url' (also on line 21); the later value is used",
    "notes/202105/0511.md:2: 'title': expected text, got a list",
    "notes/202105/0511.md:3: 'tags': expected each tag to be text, got a mapping",
    "notes/202105/0511.md:6: entry 1, 'stars': expected a whole number from 0 to 5, got 'three'",
    "notes/202105/0511.md:9: entry 1, 'paper': expected an http(s):// or mailto: URL or a path "
    "relative to the note, got a javascript: URL",
    "notes/202105/0511.md:17: entry 1, 'code': link title: expected text, got a list",
    "notes/202105/0511.md:12: entry 1, 'links.bilibili': expected an http(s):// or mailto: URL or "
    "a path relative to the note, got a ftp: URL",
    "notes/202105/0511.md:14: entry 1, 'image': takes 'src', 'alt' and 'width', got the key 'widht'",
    "notes/202105/0511.md:16: entry 1, 'image': width: expected a number of pixels or a percentage "
    "like 60%, got 'wide'",
    "notes/202105/0511.md:18: entry 2: expected a mapping with at least 'title', got the text "
    "'just text'",
    "notes/202105/0511.md:20: entry 3: unknown key 'strs'; did you mean 'stars'?",
]


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom"], ids=["lf", "crlf", "bom"])
def test_each_problem_names_the_line_of_its_key_item_or_nested_key(variant: str) -> None:
    """Day keys, list items, entry items, entry fields, labelled links and nested keys each
    name their own line, counted in the file (the opening '---' is line 1); a byte-order mark
    is no line and CRLF is one line end."""
    text = {"lf": LINED, "crlf": LINED.replace("\n", "\r\n"), "bom": "\ufeff" + LINED}[variant]
    day = parse_day("notes/202105/0511.md", text, "notes")
    assert problems(day) == LINED_PROBLEMS
    assert [e.title for e in day.entries] == ["First", "just text", "Third"]


def test_lines_count_line_ends_as_editors_do() -> None:
    """U+2028 and a lone CR inside a quoted value are line breaks to YAML, not to an editor."""
    day = parse_day("notes/202105/0511.md", note('summary: "a\u2028b\rc"\ndraft: maybe'), "notes")
    assert problems(day) == ["notes/202105/0511.md:3: 'draft': expected true or false, got 'maybe'"]


def test_problems_of_the_path_are_on_line_1_and_a_written_date_has_its_own() -> None:
    bad_path = parse_day("notes/202102/0230.md", note("title: x\nstars: 1"), "notes")
    assert problems(bad_path) == [
        "notes/202102/0230.md:1: the path gives no valid date: 2021-02-30 is not a date in the "
        "calendar",
        "notes/202102/0230.md:3: 'stars' is an entry field: put it under 'entries'",
    ]
    first = parse_day("notes/2021/05/11.md", note("title: a"), "notes")
    by_path = parse_day("notes/202105/0511.md", note("title: b"), "notes")
    by_key = parse_day("notes/misc/z.md", note("title: c\ndate: 2021-05-11"), "notes")
    assert [str(p) for p in duplicate_dates([first, by_path, by_key])] == [
        "notes/202105/0511.md:1: 'date': 2021-05-11 is also the date of notes/2021/05/11.md",
        "notes/misc/z.md:3: 'date': 2021-05-11 is also the date of notes/2021/05/11.md",
    ]


YAML_SLIPS = {
    "tab before a key": (
        "entries:\n  - title: A\n\tstars: 2",
        4, "tabs cannot indent YAML; use spaces",
    ),
    "tab before a list item": (
        "entries:\n\t- title: A",
        3, "tabs cannot indent YAML; use spaces",
    ),
    "colon in an entry title": (
        "entries:\n  - title: Longformer: The Long-Document Transformer\n    stars: 2",
        3, "': ' inside a value starts a new key in YAML; quote the title: "
        '`title: "Longformer: The Long-Document Transformer"`',
    ),
    "colon in the day's title": (
        "title: 笔记: 卷积 vs Transformer\nentries: []",
        2, "': ' inside a value starts a new key in YAML; quote the title: "
        '`title: "笔记: 卷积 vs Transformer"`',
    ),
    "colon in an abstract with quotes in it": (
        'entries:\n  - title: A\n    abstract: He said "no": twice',
        4, "': ' inside a value starts a new key in YAML; quote the abstract: "
        "`abstract: 'He said \"no\": twice'`",
    ),
    "key indented too far": (
        "entries:\n  - title: A\n      stars: 2",
        4, "the key 'stars' is indented by 6 spaces; indent it by 4 like 'title' on line 3 "
        "(the keys of one mapping line up)",
    ),
    "key indented too little": (
        "entries:\n  - title: A\n   stars: 2",
        4, "the key 'stars' is indented by 3 spaces; indent it by 4 like 'title' on line 3 "
        "(the keys of one mapping line up)",
    ),
    "key at the list's dash": (
        "entries:\n  - title: A\n    url: https://a.example/\n  stars: 2",
        5, "the key 'stars' is indented by 2 spaces; indent it by 4 like 'url' on line 4 "
        "(the keys of one mapping line up)",
    ),
    "key under a nested mapping": (
        "entries:\n  - title: A\n    code:\n      title: x\n      url: https://g.example/\n"
        "   stars: 2",
        7, "the key 'stars' is indented by 3 spaces; indent it by 4 like 'code' on line 4 "
        "(the keys of one mapping line up)",
    ),
    "double quote never closed": (
        'title: "Attention\nentries: []',
        2, "the \" that starts the value of 'title' is never closed; end the value with \"",
    ),
    "single quote never closed": (
        "entries:\n  - title: 'Attention\n    stars: 2",
        3, "the ' that starts the value of 'title' is never closed; end the value with '",
    ),
    "quote closed by the next quoted value": (
        'title: "Attention\nentries:\n  - title: "x"',
        2, "the \" that starts the value of 'title' is never closed; end the value with \"",
    ),
    "text after the closing quote": (
        'title: "Attention" is all you need',
        2, "the value of 'title' goes on after its closing quote; quote all of it: "
        "`title: '\"Attention\" is all you need'`",
    ),
    "bracket never closed": (
        "tags: [nlp, cnn\nentries: []",
        2, "the '[' that starts the value of 'tags' is never closed; end the list with ']', or, "
        'if it is text, quote it: `tags: "[nlp, cnn"`',
    ),
    "brace never closed": (
        "entries:\n  - title: A\n    code: {title: a, url: https://g.example/\n    stars: 2",
        4, "the '{' that starts the value of 'code' is never closed; end the mapping with '}', "
        'or, if it is text, quote it: `code: "{title: a, url: https://g.example/"`',
    ),
    "a value starting with @": (
        "title: @karpathy on tokenizers",
        2, 'a value cannot start with \'@\' in YAML; quote the title: `title: "@karpathy on '
        'tokenizers"`',
    ),
    "a backslash in double quotes": (
        'entries:\n  - title: "C:\\Users"',
        3, "a backslash in double quotes starts an escape like \\n; write \\\\ for a backslash, "
        "or quote the value with ' instead",
    ),
    "a tag that does not fit": ("x: !!int abc", 2, "cannot read 'abc' as int"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(YAML_SLIPS))
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_yaml_slips_are_said_in_the_writers_words_on_their_line(name: str, crlf: bool) -> None:
    front_matter, line, message = YAML_SLIPS[name]
    text = note(front_matter, "Body.\n")
    day = parse_day("notes/202105/0511.md", text.replace("\n", "\r\n") if crlf else text, "notes")
    assert problems(day) == [
        f"notes/202105/0511.md:{line}: front matter is not valid YAML: {message}"
    ]
    assert day.unread_front_matter and day.body.rstrip().endswith("Body.")


def test_unclosed_front_matter_is_on_line_1() -> None:
    day = parse_day("notes/202105/0511.md", "---\ntitle: x\n\nBody.\n", "notes")
    assert problems(day) == [
        "notes/202105/0511.md:1: the front matter opened by '---' has no closing '---' line; "
        "the note is read as Markdown without front matter"
    ]


@settings(max_examples=500, deadline=None)
@given(
    target=st.lists(
        st.sampled_from(["a", "b", "notes", "2021", ".", "..", "", "x.html"]), max_size=5
    ).map("/".join),
    base=st.lists(st.sampled_from(["a", "b", "notes", "2021", ".", "..", ""]), max_size=5).map(
        "/".join
    ),
)
def test_relpath_by_segments_is_posixpath_relpath(target: str, base: str) -> None:
    from mkdocs_dairly.notes.urls import _relpath

    assert _relpath(target, base + "/") == posixpath.relpath("/" + target, "/" + base + "/")
    assert _relpath(target, base) == posixpath.relpath("/" + target, "/" + base)
