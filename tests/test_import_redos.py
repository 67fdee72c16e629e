"""The importer takes linear time on any line (issue #12, item 12: ReDoS).

Each call is timed with ``time.perf_counter`` against a generous budget (2 s for a line of
20,000 characters; linear code needs milliseconds, the old patterns needed minutes). This is
a guard, not a benchmark. A hard stop (SIGALRM) ends a call that runs far over budget, so a
regression fails in seconds instead of hanging the suite.
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_dairly.cli import import_parse, import_write
from mkdocs_dairly.cli.import_parse import find_links, parse_note, parse_readme
from mkdocs_dairly.cli.import_write import render_note
from mkdocs_dairly.notes.parse import parse_day

# Seconds for one call on a line of up to LENGTH characters: linear parsing takes well under
# half a second even on a busy machine; a super-linear pattern takes minutes.
BUDGET = 2.0
HARD_STOP = 5.0  # seconds: past this the call is interrupted and the test fails
LENGTH = 20_000
HEAD = "1. [Entry](https://example.org/e)  :star:\n"


class TooSlow(Exception):
    """A call ran past HARD_STOP."""


@contextmanager
def hard_stop(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(call: Callable[[], object]) -> float:
    """Seconds ``call`` takes; raises TooSlow past HARD_STOP."""
    with hard_stop(HARD_STOP):
        start = time.perf_counter()
        call()
        return time.perf_counter() - start


def contexts(line: str) -> dict[str, Callable[[], object]]:
    """Every place a hand-written line goes through the parser (and the note it makes)."""
    readme = f"更新今日时间：2021.5.11\n## 今日要点\n{line}\n## 历史更新\n{line}\n"
    return {
        "a line of the day": lambda: parse_note(line),
        "a heading": lambda: parse_note(f"# {line}\n## {line} ##"),
        "an item's first line": lambda: parse_note(f"1. {line}"),
        "a line of an item": lambda: parse_note(f"{HEAD}   {line}"),
        "a paragraph of an item": lambda: parse_note(f"{HEAD}\n{line}"),
        "a labelled value": lambda: parse_note(f"{HEAD}   - Paper: {line}"),
        "a README": lambda: parse_readme(readme),
        "find_links": lambda: find_links(line),
        "rendered and checked": lambda: parse_day(
            "notes/202105/0511.md", render_note(parse_note(f"{HEAD}   {line}")), "notes"
        ),
    }


def assert_linear(line: str) -> None:
    slow = {}
    for name, call in contexts(line).items():
        seconds = timed(call)
        if seconds >= BUDGET:
            slow[name] = round(seconds, 2)
    assert slow == {}, f"over {BUDGET} s on {line[:60]!r}… ({len(line)} characters)"


def repeat(unit: str, tail: str = "") -> str:
    return (unit * (LENGTH // len(unit) + 1))[: LENGTH - len(tail)] + tail


# Shapes that made one of the old patterns (or loops) super-linear, by name.
ADVERSARIAL = {
    # the issue's two: _MD_IMAGE_ONLY (exponential) and _HEADING (cubic)
    "images separated by two spaces, then a letter": "  ".join(["![a](b.png)"] * 18) + "  x",
    "many images separated by two spaces, then a letter": repeat("![a](b.png)  ", "x"),
    "heading with thousands of spaces inside": "# a" + " " * 6000 + "b",
    "heading: spaces, hashes, spaces, a letter": "#" + " " * 2000 + "#" * 2000 + " " * 2000 + "x",
    "heading of closing hashes": repeat("# "),
    "hashes then a letter": repeat("#", "x"),
    "unclosed brackets": repeat("["),
    "nested brackets never closed": repeat("[a[b"),
    "escaped brackets": repeat("\\[["),
    "links with unclosed parentheses": repeat("[a]("),
    "unclosed parentheses after a link": "[a](" + repeat("(", "x"),
    "bare URL then closing parentheses": "https://a.org/" + repeat(")"),
    "bare URL then closing brackets and dots": "https://a.org/" + repeat(").]"),
    "bare URLs among links": repeat("[a](b) http://c.org "),
    "unclosed img tags": repeat("<img "),
    "unclosed img tags with quotes": repeat('<img src="a '),
    "unclosed wrapper tags": repeat("<p <div "),
    "an attribute name that never gets a value": "<img " + repeat("a") + ">",
    "attributes without values": "<img " + repeat("a= ") + ">",
    "unclosed quoted attribute": '<img src="' + repeat("a"),
    "history anchors never closed": repeat('<a href="x.md">'),
    "history anchors without href": repeat("<a "),
    "history links never closed": repeat("[x](n"),
    "label with spaces then no colon": "a" + " " * LENGTH + "x",
    "bold label markers": repeat("**"),
    "emoji code never closed": ":" + repeat("a"),
    "stars": repeat(":star:"),
    "date in title, spaces, no end": "（2021" + repeat(" ", "x"),
    "dates in title never closed": repeat("（2021. 5. "),
    "thematic break then a letter": repeat("- ", "x"),
    "list markers after blank lines": "- x\n" + repeat("\n", "x"),
    "list markers on every line": repeat("- 1. \n"),
    "autolinks never closed": repeat("<https://a.org/"),
    "digits then a letter": repeat("1", "x"),
    "tabs and spaces": repeat(" \t", "x"),
    "full-width spaces": repeat("\u3000", "x"),
    # link targets fixed as the notes are read (issue #13, item 5)
    "empty links": repeat("[a]()"),
    "empty links never closed": repeat("[a]( "),
    "links without a scheme": repeat("[a](a.com/x) "),
    "addresses as link targets": repeat("[m](m@a.org)"),
    "a host of thousands of labels": "[a](" + repeat("a.", "com)"),
    "a host label never ending": "[a](" + repeat("a", ".com)"),
    "at signs": "[a](" + repeat("a@", ")"),
    "tags with scheme-less sources": repeat('<img src="a.com/x.png">'),
    "fences": repeat("```\n"),
    "rated titles": repeat("[a](https://a.org) :star: "),
    "short rated titles": repeat("[](b)⭐"),
    "rated title then stars without links": "[a](https://a.org) :star: " + repeat("x :star: "),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_line_is_parsed_in_budget(name: str) -> None:
    assert_linear(ADVERSARIAL[name])


def test_the_issues_examples_parse_as_before() -> None:
    """Linear is not enough: the rewritten patterns still read these lines right."""
    images = "  ".join(["![a](b.png)"] * 18)
    day = parse_note(f"{HEAD}\n{images}")
    assert [e.image for e in day.entries] == [[{"src": "b.png", "alt": "a"}] * 18]
    day = parse_note(f"{HEAD}\n{images}  x")  # not only images: kept as written
    assert day.entries[0].image == [] and day.entries[0].tips == f"{images}  x"
    day = parse_note("# a" + " " * 6000 + "b ##\n" + HEAD)
    assert day.title == "a" + " " * 6000 + "b"


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("[a [b] c](https://e.org/x)", [("a [b] c", "https://e.org/x")]),
        ("\\[x](https://e.org/y)", [("x", "https://e.org/y")]),
        ("[a\n\nb](https://e.org/z)", [(None, "https://e.org/z")]),  # no link across a blank line
        ("[a](https://e.org/a_(b)) and https://e.org/c_(d).", [
            ("a", "https://e.org/a_(b)"), (None, "https://e.org/c_(d)"),
        ]),
        ("see https://e.org/x).", [(None, "https://e.org/x")]),
        ("[[a](u1)](u2)", [("[a](u1)", "u2")]),
        ("[a](u1\nu2)", []),
    ],
)  # fmt: skip
def test_links_are_paired_as_before(text: str, links: list[tuple[str | None, str]]) -> None:
    """One pass over brackets and parentheses finds what a scan from each bracket found."""
    assert [(link.title, link.url) for link in find_links(text)] == links


# -- every pattern, on its own ----------------------------------------------------------------


def module_patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern of the importer's modules: a new one is audited here too."""
    found = {}
    for module in (import_parse, import_write):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = value
    return found


def test_the_audit_sees_the_importers_patterns() -> None:
    names = set(module_patterns())
    assert {"import_parse._MD_IMAGE_ONLY", "import_parse._HEADING", "import_write._REF"} <= names
    assert len(names) >= 25


def scan(pattern: re.Pattern[str], line: str) -> None:
    """What the importer may ask of a pattern: match at the start, and every match (sub)."""
    pattern.match(line)
    for _ in pattern.finditer(line):
        pass


@pytest.mark.parametrize("name", sorted(module_patterns()))
def test_every_pattern_is_linear_on_every_adversarial_line(name: str) -> None:
    pattern = module_patterns()[name]
    slow = {}
    for shape, line in ADVERSARIAL.items():
        seconds = timed(partial(scan, pattern, line))
        if seconds >= BUDGET / 5:
            slow[shape] = round(seconds, 3)
    assert slow == {}


# -- generated lines --------------------------------------------------------------------------

ATOMS = [
    " ", "  ", "\t", "\u3000", "#", "# ", "1. ", "- ", "* ", "[", "]", "(", ")", "\\", "!",
    "![a](b.png)", '![a](b.png "t")', "[t](https://e.org/x)", "https://a.org/b_(c)", ").",
    "<https://a.org>", "<img ", "<img src=\"a.png\">", "<div ", "<p>", ">", "</div>", '"', "'",
    "src=", "a=", "<video ", "poster=", "<a href=\"n.md\">", "</a>", "[x](n.md)", ":star:", "⭐",
    "**", "__", "Paper:", "Tips：", "项目地址: ", "（2021.5.11）", "(2021-", "&amp;", "&#46;",
    "`", "|", ",", "和", "a", "中", "0", "99", ":", "：", "---", "***",
    "[e]()", "[a](a.com/x)", "[m](m@a.org)", "a.", "@", "www.", "```",
]  # fmt: skip
units = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=6).map("".join)


@st.composite
def long_lines(draw: st.DrawFn) -> str:
    """A short unit repeated up to LENGTH characters, between a drawn prefix and tail."""
    prefix = draw(st.lists(st.sampled_from(ATOMS), max_size=3).map("".join))
    unit = draw(units)
    length = draw(st.sampled_from([200, 5_000, LENGTH]))
    tail = draw(st.sampled_from(["", "x", ")", "]", ">", "\n", " #", '"', "  x"]))
    return (prefix + unit * (length // len(unit) + 1))[: length - len(tail)] + tail


@settings(
    max_examples=40,
    deadline=None,  # each call is timed against BUDGET instead
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(line=long_lines())
def test_generated_lines_are_parsed_in_budget(line: str) -> None:
    assert_linear(line)
