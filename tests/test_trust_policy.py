"""Issue #12 at the unit level: the URL policy after decoding, the attribute allow-list of
Markdown fields and raw HTML, front matter that is never closed or has duplicate keys,
pass-through keys' types, Unicode digits, the supported years, characters XML does not
allow, and messages without Python reprs. ``test_bad_input_matrix.py`` has the same classes
as real builds."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_dairly.cli.main import main
from mkdocs_dairly.notes.errors import show
from mkdocs_dairly.notes.model import Day, Entry
from mkdocs_dairly.notes.parse import PASSTHROUGH_DAY_KEYS, parse_day, settle_page_meta
from mkdocs_dairly.notes.rawhtml import (
    PLAIN_ATTRIBUTES,
    PLAIN_PREFIXES,
    URL_ATTRIBUTES,
    clean_raw_html,
)
from mkdocs_dairly.notes.urls import relative_url, url_problem
from mkdocs_dairly.site.calendar import calendar_svg
from mkdocs_dairly.site.feed import FeedItem, atom_feed
from mkdocs_dairly.site.fields import FieldRenderer
from mkdocs_dairly.site.i18n import labels_for

FILE = "notes/202105/0511.md"
REFUSED = re.compile(r"^(javascript|vbscript|data|file):", re.I)


def note(front_matter: str, body: str = "") -> str:
    return f"---\n{front_matter.strip()}\n---\n{body}"


def lines(day: Day) -> list[str]:
    return [str(p) for p in day.problems]


def policy(url: str) -> str | None:
    """A resolver as the build's: refused URLs dropped, the others written as they are."""
    return None if url_problem(url) else url


def browser_reads(url: str) -> str:
    """What a browser makes of an attribute value BeautifulSoup decoded."""
    return re.sub(r"[\x00-\x20\x7f]", "", url)


# -- 2. schemes disguised by character references, controls, case, percent-escapes ------------

DISGUISED = [
    "javascript&colon;alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
    "jav&#x61;script:alert(1)", "jav&#97script:alert(1)", "java&#x09;script:alert(1)",
    "java&Tab;script:alert(1)", "java&NewLine;script:alert(1)", "JaVaScRiPt&colon;alert(1)",
    "javascript%3Aalert(1)", "javascript&amp;colon;alert(1)", "&#x1;javascript:alert(1)",
    "\x01javascript:alert(1)", " \tjavascript:alert(1)", "vbscript&#58;msgbox(1)",
    "data&colon;text/html,<script>alert(1)</script>", "&#x2F;&#x2F;evil.example/",
]  # fmt: skip


@pytest.mark.parametrize("url", DISGUISED)
def test_disguised_schemes_are_refused(url: str) -> None:
    assert url_problem(url) is not None


@pytest.mark.parametrize(
    "url",
    ["https://example.org/?a=1&amp;b=2", "mailto:me@example.org", "../202104/0410.md#entry-2",
     "images/x&amp;y.png", "https://example.org/a%3Ab"],
)  # fmt: skip
def test_plain_urls_stay_allowed(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize("page", ["", "notes/", "notes/202105/0511/", "notes/202105/0511.html"])
@pytest.mark.parametrize("target", ["javascript:alert(1)", "javascript&colon;x", "x/a:b"])
def test_a_relative_url_is_never_read_as_a_scheme(page: str, target: str) -> None:
    out = relative_url(target, page)
    assert url_problem(out) is None, out


@pytest.mark.parametrize("url", DISGUISED)
@pytest.mark.parametrize("kind", ["inline", "block"])
def test_disguised_schemes_never_reach_an_href_of_a_field(
    renderer: FieldRenderer, kind: str, url: str
) -> None:
    for text in (f"[x]({url})", f"![x]({url})", f'<a href="{url}">x</a>', f"<{url}>"):
        out = str(getattr(renderer, kind)(text, policy, lambda message: None))
        for element in BeautifulSoup(out, "html.parser").find_all(True):
            for name in ("href", "src"):
                value = element.get(name)
                assert value is None or not REFUSED.match(browser_reads(value)), (text, out)


# -- 1. attribute lists in text fields ----------------------------------------------------------


@pytest.fixture(scope="module")
def renderer() -> FieldRenderer:
    return FieldRenderer(["attr_list", "legacy_attrs", "md_in_html", "toc", "footnotes"], {})


def test_attribute_lists_in_the_abstract_show_as_written(renderer: FieldRenderer) -> None:
    reported: list[str] = []
    out = str(renderer.inline('*x*{: onmouseover="alert(1)" .c #i } {@onclick=y}', policy,
                              reported.append))  # fmt: skip
    assert out == '<em>x</em>{: onmouseover="alert(1)" .c #i } {@onclick=y}'
    assert reported == []


def test_attribute_lists_in_tips_keep_class_and_id_but_no_handler(
    renderer: FieldRenderer,
) -> None:
    reported: list[str] = []
    out = str(renderer.block('*x*{: onmouseover="alert(1)" .c #i }', policy, reported.append))
    assert out == '<p><em class="c" id="i">x</em></p>'
    assert reported == [
        "the attribute 'onmouseover' of <em> can carry a URL or script that dairly does not "
        "check; it is left out"
    ]


def test_email_autolinks_leave_no_placeholders(renderer: FieldRenderer) -> None:
    reported: list[str] = []
    for kind in ("inline", "block"):
        out = str(getattr(renderer, kind)("<me@example.org>", policy, reported.append))
        assert "\x02" not in out and "\x03" not in out
        link = BeautifulSoup(out, "html.parser").a
        assert (link["href"], link.get_text()) == ("mailto:me@example.org", "me@example.org")
    assert reported == []


# -- 4. raw HTML: an allow-list of attributes --------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "written", "problems"),
    [
        ('<a href="https://ok.example/" title="t" onclick="x">a</a>',
         '<a href="https://ok.example/" title="t">a</a>', ["onclick"]),
        ('<img src="x.png" alt="a"/onerror=alert(1)>', '<img src="x.png" alt="a">', ["onerror"]),
        ('<svg><use href="#a"/><path d="M0 0"/></svg>', '<svg><use /><path d="M0 0" /></svg>',
         ["href"]),
        ('<video poster="p.png" src="v.mp4" controls></video>',
         '<video poster="p.png" src="v.mp4" controls="">', []),
        ('<p style="color: rgb(1, 2, 3)">c</p>', '<p style="color: rgb(1, 2, 3)">c</p>', []),
        ('<p style="background: u\\72l(x)">c</p>', "<p>c</p>", ["style"]),
        ('<a href="?a=1&copy=2">q</a>', '<a href="?a=1&amp;copy=2">q</a>', []),
        ("<!--><img src=x onerror=alert(1)>-->", '<!--><img src="x">-->', ["onerror"]),
        ('<script type="math/tex">x</script>', '<script type="math/tex">x</script>', []),
        ('<script type="math/tex" src="x.js"></script>after', "after", ["script"]),
        ("<style>p{background:url(x)}</style>after", "after", ["style"]),
        ('<img src="x" alt="never closed', '&lt;img src="x" alt="never closed', []),
    ],
)  # fmt: skip
def test_raw_html_keeps_only_attributes_of_the_allow_list(
    raw: str, written: str, problems: list[str]
) -> None:
    reported: list[str] = []
    out = clean_raw_html(raw, policy, reported.append)
    assert out.startswith(written), out
    assert len(reported) == len(problems)
    for word, message in zip(problems, reported, strict=True):
        assert word in message


ELEMENTS = ["a", "img", "svg", "animate", "set", "use", "meta", "base", "object", "embed",
            "iframe", "form", "button", "video", "source", "div", "math", "script", "style"]  # fmt: skip
ATTRIBUTES = ["href", "src", "srcset", "xlink:href", "onerror", "onclick", "style", "srcdoc",
              "formaction", "action", "data", "values", "to", "from", "content", "http-equiv",
              "class", "title", "poster", "background", "ping", "OnLoad", "SRC"]  # fmt: skip
VALUES = ["javascript:alert(1)", "JaVa&#x09;script&colon;x", "https://ok.example/", "x.png",
          "url(javascript:x)", "a\"b", "' onerror=alert(1) x='", "&#x6A;avascript:x", ""]  # fmt: skip


@st.composite
def raw_tags(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(ELEMENTS))
    parts = [f"<{tag}"]
    for _ in range(draw(st.integers(0, 4))):
        name, value = draw(st.sampled_from(ATTRIBUTES)), draw(st.sampled_from(VALUES))
        quote = draw(st.sampled_from(['"', "'", ""]))
        if quote and quote in value:
            quote = '"' if quote == "'" else "'"
        sep = draw(st.sampled_from([" ", "/", "\n", " \t"]))
        parts.append(f"{sep}{name}={quote}{value}{quote}" if quote or value else f"{sep}{name}")
    parts.append(draw(st.sampled_from([">", "/>", " >"])))
    return "".join(parts) + draw(st.sampled_from(["", "text", f"</{tag}>"]))


@settings(max_examples=300, deadline=None)
@given(html_text=st.lists(raw_tags(), min_size=1, max_size=4).map("".join))
def test_raw_html_output_has_only_checked_attributes(html_text: str) -> None:
    out = clean_raw_html(html_text, policy, lambda message: None)
    for element in BeautifulSoup(out, "html.parser").find_all(True):
        assert element.name not in ("script", "style"), out
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            if name in URL_ATTRIBUTES and element.name in URL_ATTRIBUTES[name]:
                urls = [c.split()[0] for c in text.split(",")] if name == "srcset" else [text]
                assert all(url_problem(url) is None for url in urls), out
            else:
                assert name in PLAIN_ATTRIBUTES or name.startswith(PLAIN_PREFIXES), out
                if name == "style":
                    assert "url(" not in text.replace(" ", ""), out


# -- 9. front matter never closed, not a mapping, duplicate keys ------------------------------


def test_front_matter_that_is_never_closed_is_one_problem_and_the_text_is_kept() -> None:
    day = parse_day(FILE, "---\ntitle: x\nentries:\n  - title: a\n\nBody.\n", "notes")
    assert lines(day) == [
        f"{FILE}:1: the front matter opened by '---' has no closing '---' line; the note "
        "is read as Markdown without front matter"
    ]
    assert day.body.endswith("Body.\n") and "title: a" in day.body


def test_a_note_that_starts_with_a_closed_front_matter_is_not_reported() -> None:
    assert lines(parse_day(FILE, "---\n---\nBody\n", "notes")) == []
    assert lines(parse_day(FILE, "Body\n\n---\n", "notes")) == []


def test_front_matter_that_is_a_list_with_a_fence_is_shown_in_a_longer_fence() -> None:
    yaml_text = "- a\n- |\n  ````\n  code\n  ````\n"
    day = parse_day(FILE, f"---\n{yaml_text}---\nBody.\n", "notes")
    assert lines(day) == [f"{FILE}:2: front matter must be a mapping of keys to values, got a list"]
    assert day.body == f"`````yaml\n{yaml_text}`````\n\nBody.\n"


def test_duplicate_keys_at_every_level_are_reported_with_their_lines() -> None:
    text = note(
        """
title: A
search: {exclude: true, exclude: false}
title: B
entries:
  - title: x
    code: {url: "https://a.example/", url: "https://b.example/"}
    title: y
  - &e {title: z}
  - *e
"""
    )
    day = parse_day(FILE, text, "notes")
    assert lines(day) == [
        f"{FILE}:3: 'search': duplicate key 'exclude' (also on line 3); the later value is used",
        f"{FILE}:4: duplicate key 'title' (also on line 2); the later value is used",
        f"{FILE}:7: entry 1, 'code': duplicate key 'url' (also on line 7); the later value is used",
        f"{FILE}:8: entry 1: duplicate key 'title' (also on line 6); the later value is used",
    ]
    assert (day.title, day.entries[0].title, day.entries[0].code[0].url) == (
        "B", "y", "https://b.example/"
    )  # fmt: skip


# -- 7. pass-through keys: the types MkDocs and Material expect --------------------------------

PASS_THROUGH = [
    ("search: 5", "'search': expected {exclude: true|false, boost: a number}, got 5"),
    ("search: {exclude: 'yes'}", "'search': expected {exclude: true|false, boost: a number}, "
     "got a mapping"),
    ("hide: 5", "'hide': expected a list of text like [toc, navigation], got 5"),
    ("hide: [toc, [x]]", "'hide': expected a list of text like [toc, navigation], got a list"),
    ("template: 5", "'template': expected a template file name like 'main.html', got 5"),
    ("template: ../../etc/x.html", "'template': expected a template file name like "
     "'main.html', got '../../etc/x.html'"),
    ("status: [1]", "'status': expected a name of letters, digits, '-' and '_', got a list"),
    ("status: 'new\" onclick=\"x'", "'status': expected a name of letters, digits, '-' and "
     "'_', got 'new\" onclick=\"x'"),
    ("icon: {}", "'icon': expected an icon name like 'material/book', got a mapping"),
    ("icon: ../../base", "'icon': expected an icon name like 'material/book', got "
     "'../../base'"),
    ("description: [x]", "'description': expected text, got a list"),
    ("subtitle: []", "'subtitle': expected text, got a list"),
    ("comments: 5", "'comments': expected true or false, got 5"),
    ("authors: {a: 1}", "'authors': expected a list of text like [toc, navigation], got a "
     "mapping"),
    ("categories: [[a]]", "'categories': expected a list of text like [toc, navigation], got "
     "a list"),
    ("social: 5", "'social': expected a mapping, got 5"),
    ("nav_title: {}", "'nav_title': expected text, got a mapping"),
    ("slug: []", "'slug': expected text, got a list"),
    ("robots: []", "'robots': expected text, got a list"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), PASS_THROUGH)
def test_pass_through_keys_of_the_wrong_type_are_reported_and_not_handed_on(
    line: str, expected: str
) -> None:
    day = parse_day(FILE, note(f"{line}\nentries: [{{title: kept}}]"), "notes")
    assert lines(day) == [f"{FILE}:2: {expected}; it is left out"]
    assert day.page_meta == {}
    assert [e.title for e in day.entries] == ["kept"]


def test_every_pass_through_key_has_a_check() -> None:
    bad = "\n".join(f"{key}: !!binary aGVsbG8=" for key in sorted(PASSTHROUGH_DAY_KEYS))
    day = parse_day(FILE, note(bad), "notes")
    assert len(day.problems) == len(PASSTHROUGH_DAY_KEYS)
    assert all("binary data (5 bytes)" in line for line in lines(day))


def test_good_pass_through_keys_are_handed_on_in_the_expected_types() -> None:
    day = parse_day(
        FILE,
        note("hide: toc\nsearch: {exclude: true, boost: 2}\ndescription: 5\ntemplate: main.html"
             "\nicon: material/book\nstatus: new\ncomments: true\nauthors: me\nsocial: {cards: false}"),
        "notes",
    )  # fmt: skip
    assert lines(day) == []
    assert day.page_meta == {
        "template": "main.html", "hide": ["toc"], "search": {"exclude": True, "boost": 2},
        "status": "new", "description": "5", "icon": "material/book", "comments": True,
        "authors": ["me"], "social": {"cards": False},
    }  # fmt: skip


def test_settle_page_meta_removes_bad_keys_and_writes_checked_ones() -> None:
    day = parse_day(FILE, note("search: 5\nhide: toc\ndescription: 7"), "notes")
    meta = {"search": 5, "hide": "toc", "description": 7, "title": "T", "other": 1}
    settle_page_meta(meta, day)
    assert meta == {"hide": ["toc"], "description": "7", "title": "T", "other": 1}


# -- 5. stars: Unicode digits --------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=3))
def test_stars_of_any_unicode_digit_are_a_number_or_one_problem(text: str) -> None:
    day = parse_day(FILE, note(f"entries:\n  - title: t\n    stars: {text!r}"), "notes")
    entry = day.entries[0]
    if re.fullmatch("[0-5]", text):
        assert (entry.stars, lines(day)) == (int(text), [])
    else:
        assert entry.stars == 0
        found = int(text) if re.fullmatch("[0-9]+", text) else text  # ASCII: read as a number
        assert lines(day) == [
            f"{FILE}:4: entry 1, 'stars': expected a whole number from 0 to 5, got {show(found)}"
        ]


# -- 6. the supported years --------------------------------------------------------------------


@pytest.mark.parametrize("year", [1000, 1001, 2021, 9998, 9999])
def test_the_calendar_renders_every_supported_year(year: int) -> None:
    days = [Day(src_uri=f"notes/{year}/x.md", date=dt.date(year, m, d)) for m, d in
            ((1, 1), (12, 31))]  # fmt: skip
    for day in days:
        day.entries = [Entry(number=1, title="t")]
    svg = calendar_svg(year, days, labels_for("en"), lambda d: d.src_uri)
    ET.fromstring(svg)  # well-formed
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    assert svg.count("<rect") == (last - first).days + 1
    assert f'data-date="{first.isoformat()}"' in svg and f'data-date="{last.isoformat()}"' in svg


@pytest.mark.parametrize(
    ("date", "path", "expected"),
    [
        ("9999-12-31", "notes/misc/a.md", []),
        ("1000-01-01", "notes/misc/a.md", []),
        ("0999-12-31", "notes/misc/a.md",
         [":2: 'date': 0999-12-31 is outside the years 1000–9999 that dairly supports"]),
        ("0001-01-01", "notes/misc/a.md",
         [":2: 'date': 0001-01-01 is outside the years 1000–9999 that dairly supports"]),
        (None, "notes/0999/01/01.md",
         [":1: the path gives no valid date: 0999-01-01 is outside the years 1000–9999 that "
          "dairly supports"]),
        (None, "notes/0000/01/01.md",
         [":1: the path gives no valid date: 0000-01-01 is not a date in the calendar"]),
    ],
)  # fmt: skip
def test_dates_outside_the_supported_years_are_one_problem(
    date: str | None, path: str, expected: list[str]
) -> None:
    day = parse_day(path, note(f"date: {date}" if date else "entries: []"), "notes")
    assert lines(day) == [path + line for line in expected]  # a path problem: line 1


@pytest.mark.parametrize(("date", "created"), [("9999-12-31", True), ("1000-01-01", True),
                                               ("0999-12-31", False), ("0001-01-01", False)])  # fmt: skip
def test_new_creates_only_days_the_build_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, date: str, created: bool
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - dairly\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "--date", date], catch_exceptions=False)
    notes = sorted(p for p in (tmp_path / "docs").rglob("*.md"))
    if created:
        assert result.exit_code == 0 and len(notes) == 1
        day = parse_day("notes/x.md", notes[0].read_text("utf-8"), "notes")
        assert (day.date, lines(day)) == (dt.date.fromisoformat(date), [])
    else:
        assert result.exit_code == 1 and notes == []
        assert result.output == (
            f"Error: --date: {date} is outside the years 1000–9999 that dairly supports; "
            "nothing changed\n"
        )


# -- 10. characters XML does not allow ---------------------------------------------------------


def test_characters_xml_does_not_allow_are_removed_from_every_text_field() -> None:
    text = note(
        r"""
title: "t\x01"
summary: "s\x08"
tags: ["a\x0c"]
entries:
  - title: "e\uffff"
    abstract: "a\x1f"
    tips: "p\x0e"
    links: {"l\x02": "https://a.example/"}
    image: {src: "https://a.example/i.png", alt: "i\x7f\x1b"}
  - "plain\x03"
"""
    )
    day = parse_day(FILE, text, "notes")
    removed = "control characters that XML does not allow were removed"
    assert lines(day) == [
        f"{FILE}:2: 'title': {removed} (U+0001)",
        f"{FILE}:3: 'summary': {removed} (U+0008)",
        f"{FILE}:4: 'tags': {removed} (U+000C)",
        f"{FILE}:6: entry 1, 'title': {removed} (U+FFFF)",
        f"{FILE}:7: entry 1, 'abstract': {removed} (U+001F)",
        f"{FILE}:8: entry 1, 'tips': {removed} (U+000E)",
        f"{FILE}:9: entry 1, 'links': {removed} (U+0002)",
        f"{FILE}:10: entry 1, 'image': {removed} (U+001B)",
        f"{FILE}:11: entry 2: {removed} (U+0003)",
        f"{FILE}:11: entry 2: expected a mapping with at least 'title', got the text 'plain'",
    ]
    entry = day.entries[0]
    assert (day.title, day.summary, day.tags) == ("t", "s", ["a"])
    assert (entry.title, entry.abstract, entry.tips) == ("e", "a", "p")
    assert entry.links[0][0] == "l" and entry.media[0].alt == "i\x7f"  # U+007F is XML


@settings(max_examples=100, deadline=None)
@given(title=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20))
def test_atom_feed_is_well_formed_whatever_a_title_holds(title: str) -> None:
    item = FeedItem("https://n.example/a/", title, "https://n.example/a/", dt.date(2021, 5, 11),
                    f"<p>{title}</p>", title)  # fmt: skip
    feed = atom_feed(title=title, site_url="https://n.example/", feed_url="https://n.example/f",
                     language="en", items=[item])  # fmt: skip
    ET.fromstring(feed.encode("utf-8"))


# -- 16. messages without Python reprs ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [(dt.date(2021, 5, 11), "the date 2021-05-11"),
     (dt.datetime(2021, 5, 11, 8, 30), "the date and time 2021-05-11 08:30:00"),
     (b"hello", "binary data (5 bytes)"), ({"b", "a"}, "a set"), ((1, 2), "a list"),
     (None, "nothing"), (2.5, "2.5"), (object(), "a value of type object")],
)  # fmt: skip
def test_show_never_writes_a_python_repr(value: object, shown: str) -> None:
    assert show(value) == shown


def test_keys_that_are_not_text_are_written_as_yaml_writes_them() -> None:
    day = parse_day(FILE, note("null: 1\n2021-05-11: 2\ntrue: 3\n5: 4"), "notes")
    assert [line.split(": ", 1)[1].split(";")[0] for line in lines(day)] == [
        "unknown key null", "unknown key 2021-05-11", "unknown key true", "unknown key 5"
    ]  # fmt: skip
