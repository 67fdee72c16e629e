"""Fuzzing the notes reader and the render path with Hypothesis.

* ``parse_day`` gets arbitrary front matter: YAML dumped from arbitrary nested structures
  placed under day and entry keys (valid keys with wrong types included), raw YAML-ish
  fragments, and raw random text. It must never raise; every problem is one contract line
  naming the file; valid entries placed among invalid ones always survive with their title.
* ``mkdocs-dairly import`` gets generated hand-written repositories (see the last section):
  it never raises, stays within a time budget, reads nothing outside SOURCE, writes only
  DEST, loses no URL, and every note it writes passes the validator.
* Real builds (fewer examples: each is a full MkDocs build) get one valid entry among junk
  entries full of script tags, ``javascript:`` URLs and attribute breakers: the build never
  raises, the valid card is there, and nothing from front matter becomes markup that runs.

Runtime is bounded by the settings below (about 15 s in all); ``DAIRLY_FUZZ_SCALE=10`` runs
ten times as many examples.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_dairly.cli.import_write import apply_plan, plan_import
from mkdocs_dairly.notes.parse import DAY_KEYS, ENTRY_KEYS, parse_day

from .conftest import DEFAULT_CONFIG, Site

SCALE = max(1, int(os.environ.get("DAIRLY_FUZZ_SCALE", "1")))


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# -- strategies -------------------------------------------------------------------------------

PATHS = [
    "notes/202105/0511.md",
    "notes/2021/05/11.md",
    "notes/2021/2021-05-11.md",
    "notes/misc/读书 笔记.md",
    "notes/202102/0230.md",
    "notes/202105/0611.md",
]
ODD_DATES = [
    "2021-02-30", "2021-13-01", "2021-00-10", "0000-00-00", "2021-5-11", "2021-05-11T25:00:00",
    "2021-05-11 12:61:00", "20210511", "11/05/2021", "2021-05-11x", "2021-W19", "9999-99-99",
    "2021-05-11 10:00:00 +25:00", "-2021-05-11", "２０２１-０５-１１",
]  # fmt: skip
PAYLOADS = [
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '" onerror="alert(1)',
    "' onerror='alert(1)",
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    '[x](https://a.example/ "t\\" onmouseover=\\"alert(1)")',
    '<https://a.example/" onerror="alert(1)>',
    "{{ 7*7 }}{% raw %}",
    "&lt;script&gt;",
]

texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),  # any code point incl. controls
    st.sampled_from(
        ["", " ", "\n", "\t", "\x00", "\x1b[31m", "\u2028", "\ufeff", "中文标题", "🙂"]
    ),
    st.sampled_from(ODD_DATES + PAYLOADS + list(DAY_KEYS + ENTRY_KEYS)),
    st.just("长" * 3000),
    st.just("x" * 30_000),
)
scalars = st.one_of(
    texts,
    st.integers(),
    st.integers(min_value=-1, max_value=6),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)
keys = st.one_of(
    st.sampled_from(DAY_KEYS + ENTRY_KEYS + ("src", "alt", "width", "strs", "titel", "links.x")),
    st.text(max_size=8),
    st.integers(max_value=99),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)
fuzz_entries = st.one_of(
    st.dictionaries(st.sampled_from(ENTRY_KEYS), values, max_size=6),  # known keys, any values
    st.dictionaries(keys, values, max_size=5),
    values,  # not even a mapping
)
fuzz_day_fields = st.dictionaries(
    st.one_of(st.sampled_from([k for k in DAY_KEYS if k != "entries"]), keys).filter(
        lambda k: k != "entries"
    ),
    values,
    max_size=5,
)
YAML_FRAGMENTS = [
    "- ", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "*b", "!!binary ", "!!python/object:os.system ",
    "!!timestamp ", "!!int ", "!!float ", "? ", "|", ">", "\t", "%YAML 1.1\n", "---\n", "...\n",
    "#", "'", '"', "\\", "\n", "\n  ", "\n    ", "entries:", "title:", "date:", "stars:", "url:",
    "2021-02-30", "javascript:alert(1)", "<script>", "中文", "~", "null", "yes", "0x1F", "1e999",
    ".nan", "<<: *a", "&b [*b]",
]  # fmt: skip
raw_yaml = st.lists(st.sampled_from(YAML_FRAGMENTS) | st.text(max_size=5), max_size=30).map("".join)


def valid_entry(number: int) -> dict[str, Any]:
    return {"title": f"Valid entry {number}", "url": f"https://example.org/{number}", "stars": 3}


def dump(data: Any, unicode: bool) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=unicode, sort_keys=False)


def note_text(front_matter: str, body: str = "Body.\n") -> str:
    if not front_matter.endswith("\n"):
        front_matter += "\n"
    return f"---\n{front_matter}---\n{body}"


# Explicit tags that do not fit their value: PyYAML's constructors raise bare Python errors
# for these, which parse_day must turn into one-line problems.
TAG_CASES = ["x: !!int", "x: !!int abc", "x: !!int 08", "x: !!float ;", "x: !!timestamp", "!!int"]


# -- the contract line ------------------------------------------------------------------------

_FIELD = r"(?:'[^'\n]+'|\"[^\"\n]+\")"
CONTRACT = re.compile(
    rf"^(?P<file>notes/[^\n:]*\.md)(:(?P<line>[1-9][0-9]*))?: "
    rf"(entry \d+(, {_FIELD})?: |{_FIELD}: )?[^\n]+$"
)
BUILD_LINE = re.compile(r"^dairly: notes/202105/0511\.md(:[1-9][0-9]*)?: ")


def check_problems(path: str, day: Any, text: str | None = None) -> None:
    """Each problem is one contract line about ``path``; its line, if any, is a line of the
    note's ``text``."""
    for problem in day.problems:
        line = str(problem)
        assert len(line.splitlines()) == 1, line
        match = CONTRACT.match(line)
        assert match is not None, line
        assert match.group("file") == path
        if text is not None and match.group("line"):
            assert int(match.group("line")) <= text.count("\n") + 1, (line, text)
        # No Python repr of a value, no Markdown placeholder, no raw control character.
        assert not re.search(r"got (b'|b\"|datetime\.|\{')", line), line
        assert not re.search(r"[\x00-\x08\x0b-\x1f]", line), line


# -- parse_day --------------------------------------------------------------------------------


@fuzz_settings(300)
@given(
    path=st.sampled_from(PATHS),
    day_fields=fuzz_day_fields,
    junk=st.lists(fuzz_entries, max_size=5),
    positions=st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=3),
    odd_date=st.none() | st.sampled_from(ODD_DATES),
    unicode=st.booleans(),
)
def test_parse_day_of_arbitrary_structures(
    path: str,
    day_fields: dict[Any, Any],
    junk: list[Any],
    positions: list[int],
    odd_date: str | None,
    unicode: bool,
) -> None:
    # Valid entries go among the junk at the drawn positions.
    raw_entries: list[Any] = list(junk)
    valid_at: list[int] = []
    for n, position in enumerate(positions):
        index = min(position, len(raw_entries))
        raw_entries.insert(index, valid_entry(n))
        valid_at = [i + 1 if i >= index else i for i in valid_at] + [index]
    if odd_date is not None:
        day_fields = {k: v for k, v in day_fields.items() if k != "summary"}
    front_matter = dump({**day_fields, "entries": raw_entries}, unicode)
    if odd_date is not None:  # an unquoted odd date, as a hand-written note would have it
        front_matter = f"summary: {odd_date}\n{front_matter}"

    text = note_text(front_matter)
    day = parse_day(path, text, "notes")

    check_problems(path, day, text)
    numbers = [e.number for e in day.entries]
    assert numbers == list(range(1, len(raw_entries) + 1))
    for index in valid_at:
        entry = day.entries[index]
        number = raw_entries[index]["title"].rsplit(" ", 1)[1]
        assert entry.title == f"Valid entry {number}"
        assert entry.url == f"https://example.org/{number}"
        assert entry.stars == 3
        assert not [p for p in day.problems if p.entry == index + 1], day.problems


@fuzz_settings(300)
@given(path=st.sampled_from(PATHS), text=st.one_of(st.text(), raw_yaml), body=st.text(max_size=20))
def test_parse_day_of_raw_text(path: str, text: str, body: str) -> None:
    note = note_text(text, body)
    day = parse_day(path, note, "notes")
    check_problems(path, day, note)
    for entry in day.entries:
        assert entry.title is None or isinstance(entry.title, str)


@fuzz_settings(200)
@given(
    path=st.sampled_from(PATHS),
    text=st.text(),
    prefix=st.sampled_from(["", "---\n", "\ufeff---\n", "---\r\n"]),
)
def test_parse_day_of_any_file_content(path: str, text: str, prefix: str) -> None:
    """Not even a front-matter block: whatever the file holds."""
    day = parse_day(path, prefix + text, "notes")
    check_problems(path, day, prefix + text)


@pytest.mark.parametrize(
    "where", ["date: {}", "title: {}", "entries:\n  - title: x\n    stars: {}"]
)
def test_pyyaml_construction_errors_never_crash_parse_day(where: str) -> None:
    for odd in ODD_DATES:
        text = note_text(where.format(odd))
        day = parse_day("notes/202105/0511.md", text, "notes")
        check_problems("notes/202105/0511.md", day, text)
    for front_matter in TAG_CASES:
        text = note_text(front_matter)
        day = parse_day("notes/202105/0511.md", text, "notes")
        check_problems("notes/202105/0511.md", day, text)


# -- real builds ------------------------------------------------------------------------------

payload_texts = st.one_of(
    st.sampled_from(PAYLOADS),
    st.tuples(st.text(max_size=6), st.sampled_from(PAYLOADS), st.text(max_size=6)).map("".join),
)
payload_links = st.one_of(
    payload_texts,
    st.fixed_dictionaries({"title": payload_texts, "url": payload_texts}),
    st.fixed_dictionaries({"title": payload_texts, "url": st.just("https://ok.example/")}),
)
payload_media = st.one_of(
    payload_texts,
    st.fixed_dictionaries(
        {"src": payload_texts | st.just("https://img.example/a.png"), "alt": payload_texts}
    ),
)
# tips follow the site's Markdown rules (raw HTML is the author's own); only Markdown
# links and images, whose URLs the plugin checks, go there.
tips_texts = st.one_of(
    st.sampled_from([p for p in PAYLOADS if p.startswith(("[", "!["))]),
    st.tuples(
        st.text(max_size=5), st.sampled_from(["[x](javascript:alert(1))", "![i](data:x)"])
    ).map("".join),
)
junk_entry = st.fixed_dictionaries(
    {},
    optional={
        "title": payload_texts,
        "url": payload_texts,
        "stars": st.one_of(st.integers(-2, 7), payload_texts),
        "abstract": payload_texts,
        "paper": payload_links | st.lists(payload_links, max_size=2),
        "code": payload_links,
        "demo": payload_links,
        "links": st.dictionaries(payload_texts, payload_links, max_size=2),
        "tips": tips_texts,
        "image": payload_media | st.lists(payload_media, max_size=2),
        "video": payload_media,
        "tags": st.lists(payload_texts, max_size=2),
        "strs": payload_texts,  # an unknown key
    },
)
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.I)
URL_ATTRIBUTES = ("href", "src", "xlink:href", "poster", "action", "formaction")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")


def check_no_active_content(html: str, where: str) -> None:
    assert not re.search(r"<script[^>]*>[^<]*alert\(", html, re.I), where
    assert "<script>alert(1)</script>" not in html, where
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (where, tag.name, name)
            if name.lower() in URL_ATTRIBUTES:
                squeezed = _IGNORED.sub("", value if isinstance(value, str) else " ".join(value))
                assert not BAD_SCHEME.match(squeezed), (where, tag.name, name, value)


@fuzz_settings(25)
@given(
    junk=st.lists(junk_entry, min_size=1, max_size=3),
    position=st.integers(0, 3),
    day_title=st.none() | payload_texts,
    summary=st.none() | payload_texts,
    day_tags=st.lists(payload_texts, max_size=2),
)
def test_builds_of_hostile_front_matter(
    tmp_path_factory: pytest.TempPathFactory,
    junk: list[dict[str, Any]],
    position: int,
    day_title: str | None,
    summary: str | None,
    day_tags: list[str],
) -> None:
    root: Path = tmp_path_factory.mktemp("fuzz-site")
    config = {
        **DEFAULT_CONFIG,
        "theme": dict(DEFAULT_CONFIG["theme"]),
        "site_url": "https://notes.example/",
    }
    site = Site(root, config)
    entries: list[Any] = list(junk)
    index = min(position, len(entries))
    entries.insert(
        index, {"title": "The valid entry", "url": "https://example.org/valid", "stars": 4}
    )
    front: dict[str, Any] = {"entries": entries, "tags": day_tags}
    if day_title is not None:
        front["title"] = day_title
    if summary is not None:
        front["summary"] = summary
    site.note("202105/0511.md", front, "Body text.\n")
    site.note("202105/0510.md", {"entries": [{"title": "Yesterday", "stars": 1}]})

    build = site.build()  # must not raise

    assert build.aborted is None
    card = build.content("notes/202105/0511/").select_one(f"article#entry-{index + 1}")
    assert card is not None
    assert card.select_one(".dairly-entry__title").get_text(strip=True) == "The valid entry"
    assert card.select_one(".dairly-entry__title a")["href"] == "https://example.org/valid"
    assert card["data-stars"] == "4"
    for line in build.warnings():
        assert BUILD_LINE.match(line), line
    for file in sorted(build.site_dir.rglob("*.html")):
        check_no_active_content(
            file.read_text("utf-8"), file.relative_to(build.site_dir).as_posix()
        )
    feed = (build.site_dir / "feed.xml").read_text("utf-8")
    assert "<script" not in feed
    # the feed's embedded HTML, once unescaped, is held to the same rules
    for content in re.findall(r"<content[^>]*>(.*?)</content>", feed, re.S):
        check_no_active_content(BeautifulSoup(content, "html.parser").get_text(), "feed.xml")


# -- issue #12: dates at the ends of the calendar, characters XML does not allow ------------


@fuzz_settings(200)
@given(date=st.dates(), in_path=st.booleans())
def test_parse_day_of_any_date(date: dt.date, in_path: bool) -> None:
    """Every date Python knows, in front matter or in the path: the supported years are
    accepted, the others are one problem each; never a traceback."""
    if in_path:
        path = f"notes/{date.year:04d}/{date.month:02d}/{date.day:02d}.md"
        day = parse_day(path, note_text("entries: []"), "notes")
    else:
        path = "notes/misc/a.md"
        day = parse_day(path, note_text(f"date: {date.isoformat()}"), "notes")
    check_problems(path, day)
    if 1000 <= date.year <= 9999:
        assert (day.date, day.problems) == (date, [])
    else:
        assert day.date is None and len(day.problems) == 1


xml_hostile_texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12
) | st.sampled_from(["\x01", "a\x0bb", "\ufffe", "\uffff\x1b[31m", "\x00x"])


@fuzz_settings(8)
@given(day_title=xml_hostile_texts, entry_title=xml_hostile_texts, summary=xml_hostile_texts)
def test_feed_xml_is_well_formed_whatever_the_titles_hold(
    tmp_path_factory: pytest.TempPathFactory, day_title: str, entry_title: str, summary: str
) -> None:
    """Titles and summaries with any characters, control characters included: the built
    feed.xml parses with a real XML parser and holds the titles without the characters XML
    does not allow."""
    root: Path = tmp_path_factory.mktemp("fuzz-feed")
    config = {**DEFAULT_CONFIG, "theme": dict(DEFAULT_CONFIG["theme"]),
              "site_url": "https://notes.example/"}  # fmt: skip
    site = Site(root, config)
    front = {"title": day_title, "summary": summary, "entries": [{"title": entry_title}]}
    site.note("202105/0511.md", front, "Body.\n")
    build = site.build()
    assert build.aborted is None
    feed = ET.fromstring((build.site_dir / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entry = feed.find(f"{atom}entry")
    assert entry is not None
    title = entry.findtext(f"{atom}title") or ""
    kept = NOT_XML.sub("", day_title).strip()
    if kept:
        assert title.startswith(kept), (title, kept)
    for line in build.warnings():
        assert BUILD_LINE.match(line), line
        assert "control characters that XML does not allow were removed" in line, line


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# -- the importer -----------------------------------------------------------------------------
# Generated hand-written repositories go through the whole ``import`` (plan and apply, twice,
# in a temporary folder) within a time budget: entries with labels, links, images and media
# tags, mixed with adversarial lines (runs of spaces, repeated image and link syntax, nested
# brackets, unclosed parentheses and tags) and paths that try to leave SOURCE.

IMPORT_BUDGET = dt.timedelta(seconds=3)  # a generated repository holds at most ~30,000 characters
LABELS = ["Abstract", "主要内容", "Paper", "Paper1", "论文", "Code", "GitHub", "项目地址",
          "Demo", "Tips", "核心要点", "bilibili", "知乎", "备注"]  # fmt: skip
ESCAPING_PATHS = ["../../../outside/secret.png", "/etc/passwd", "file:///etc/passwd",
                  "..%2f..%2f..%2foutside%2fsecret.png", "..\\..\\..\\outside\\secret.png",
                  "&#46;&#46;/&#46;&#46;/&#46;&#46;/outside/secret.png", "images/linked.png"]  # fmt: skip
ADVERSARIAL_UNITS = ["  ", "![a](b.png)  ", "[", "[a[b", "[a](", "(", ")", "<img ", "<div ",
                     '<a href="x.md">', "**", ":star:", "# ", "\\[", 'src="', "a="]  # fmt: skip
_SOURCE_URL = re.compile(r"https://example\.org/u\d+")


@st.composite
def import_urls(draw: st.DrawFn) -> str:
    return f"https://example.org/u{draw(st.integers(0, 999))}"


@st.composite
def import_values(draw: st.DrawFn) -> str:
    url = draw(import_urls())
    return draw(
        st.sampled_from(
            [url, f"[{draw(texts_short)}]({url})", f"{draw(texts_short)} {url}", f"<{url}>"]
        )
        | texts_short
    )


texts_short = st.text(st.characters(codec="utf-8", exclude_characters="\r"), max_size=12)
adversarial_lines = st.tuples(
    st.sampled_from(ADVERSARIAL_UNITS), st.integers(1, 600), st.sampled_from(["", "x", ")", "\n"])
).map(lambda t: t[0] * t[1] + t[2])


@st.composite
def import_entries(draw: st.DrawFn, number: int) -> str:
    url = draw(import_urls())
    head = draw(
        st.sampled_from([f"[{draw(texts_short)}]({url})", f"{draw(texts_short)} {url}"])
        | texts_short
    )
    lines = [f"{number}. {head}  {':star:' * draw(st.integers(0, 6))}"]
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["label", "image", "html", "text", "adversarial"]))
        if kind == "label":
            colon = draw(st.sampled_from([": ", "：", ":"]))
            lines.append(f"   - {draw(st.sampled_from(LABELS))}{colon}{draw(import_values())}")
        elif kind == "image":
            src = draw(st.sampled_from(["https://img.example/a.png", *ESCAPING_PATHS]))
            lines.append(f"\n![{draw(texts_short)}]({src})  ![b]({src})\n")
        elif kind == "html":
            src = draw(st.sampled_from(["https://img.example/a.png", *ESCAPING_PATHS]))
            lines.append(f"\n<div align=center><img src=\"{src}\" style='zoom:50%'>\n</div>\n")
        elif kind == "text":
            lines.append(draw(texts_short))
        else:
            lines.append(draw(adversarial_lines))
    return "\n".join(lines)


@st.composite
def import_notes(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(f"# 笔记（2021.{draw(st.integers(1, 13))}.{draw(st.integers(1, 32))}）\n")
    parts.append(draw(st.sampled_from(["", "## :paperclip:  今日要点\n", "intro text\n"])))
    count = draw(st.integers(0, 4))
    parts.extend(draw(import_entries(n)) + "\n" for n in range(1, count + 1))
    if draw(st.booleans()):
        parts.append(f"## Others\n\n- {draw(texts_short)}\n")
    return "\n".join(parts)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@settings(
    max_examples=60 * SCALE,
    deadline=IMPORT_BUDGET,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    notes=st.dictionaries(
        st.sampled_from(["202105/0511.md", "202105/0512.md", "202106/0601.md", "misc/x.md"]),
        import_notes(),
        min_size=1,
        max_size=3,
    ),
    readme=st.none() | import_notes(),
)
def test_import_of_generated_hand_written_notes(
    tmp_path_factory: pytest.TempPathFactory, notes: dict[str, str], readme: str | None
) -> None:
    root = tmp_path_factory.mktemp("fuzz-import")
    source, dest, outside = root / "source", root / "site" / "notes", root / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"SECRET")
    for rel, text in notes.items():
        path = source / "notes" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        (path.parent / "images").mkdir(exist_ok=True)
        if not (path.parent / "images" / "linked.png").exists():
            (path.parent / "images" / "linked.png").symlink_to(outside / "secret.png")
    if readme is not None:
        (source / "README.md").write_text(f"更新今日时间：2021.5.20\n\n{readme}", "utf-8")
    before = _tree(source)

    plan = plan_import(source, dest)
    result = apply_plan(plan)

    assert _tree(source) == before
    assert set(_tree(root)) - set(before) == {  # only DEST (and the outside secret) changed
        f"site/notes/{p}"
        for p in [*(n.rel for n in plan.notes), *(r for n in plan.notes for _, r in n.media)]
    } | {"outside/secret.png"} | {f"source/{p}" for p in before}
    assert all(b"SECRET" not in data for data in _tree(dest).values())
    for line in result.summary_lines():
        assert "\n" not in line and "Traceback" not in line
    for warning in plan.warnings:
        assert warning.startswith(("notes/", "README.md")), warning
    for note in plan.notes:
        if note.day is None:
            continue
        written = (dest / note.rel).read_text("utf-8")
        check = parse_day(f"notes/{note.rel}", written, "notes")
        assert [str(p) for p in check.problems] == []
    imported = "".join(_tree(dest)[n.rel].decode() for n in plan.notes if n.day is not None)
    sources = [t for rel, t in notes.items() if any(n.origin == f"notes/{rel}" for n in plan.notes)]
    for url in _SOURCE_URL.findall("".join(sources)):
        assert url in imported  # nothing lost: every URL of an imported note is in DEST
    again = apply_plan(plan_import(source, dest))
    assert again.written == again.overwritten == again.kept == []
    assert _tree(source) == before
