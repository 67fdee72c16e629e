"""Fuzzing the notes reader and the render path with Hypothesis.

* ``parse_day`` gets arbitrary front matter: YAML dumped from arbitrary nested structures
  placed under day and entry keys (valid keys with wrong types included), raw YAML-ish
  fragments, and raw random text. It must never raise; every problem is one contract line
  naming the file; valid entries placed among invalid ones always survive with their title.
* Real builds (fewer examples: each is a full MkDocs build) get one valid entry among junk
  entries full of script tags, ``javascript:`` URLs and attribute breakers: the build never
  raises, the valid card is there, and nothing from front matter becomes markup that runs.

Runtime is bounded by the settings below (about 15 s in all); ``DAIRLY_FUZZ_SCALE=10`` runs
ten times as many examples.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    rf"^(?P<file>notes/[^\n]*\.md): (entry \d+(, {_FIELD})?: |{_FIELD}: )?[^\n]+$"
)


def check_problems(path: str, day: Any) -> None:
    for problem in day.problems:
        line = str(problem)
        assert line.startswith(f"{path}: "), line
        assert len(line.splitlines()) == 1, line
        match = CONTRACT.match(line)
        assert match is not None, line
        assert match.group("file") == path


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

    day = parse_day(path, note_text(front_matter), "notes")

    check_problems(path, day)
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
    day = parse_day(path, note_text(text, body), "notes")
    check_problems(path, day)
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
    check_problems(path, day)


@pytest.mark.parametrize(
    "where", ["date: {}", "title: {}", "entries:\n  - title: x\n    stars: {}"]
)
def test_pyyaml_construction_errors_never_crash_parse_day(where: str) -> None:
    for odd in ODD_DATES:
        day = parse_day("notes/202105/0511.md", note_text(where.format(odd)), "notes")
        check_problems("notes/202105/0511.md", day)
    for front_matter in TAG_CASES:
        day = parse_day("notes/202105/0511.md", note_text(front_matter), "notes")
        check_problems("notes/202105/0511.md", day)


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
        assert line.startswith("dairly: notes/202105/0511.md: "), line
    for file in sorted(build.site_dir.rglob("*.html")):
        check_no_active_content(
            file.read_text("utf-8"), file.relative_to(build.site_dir).as_posix()
        )
    feed = (build.site_dir / "feed.xml").read_text("utf-8")
    assert "<script" not in feed
    # the feed's embedded HTML, once unescaped, is held to the same rules
    for content in re.findall(r"<content[^>]*>(.*?)</content>", feed, re.S):
        check_no_active_content(BeautifulSoup(content, "html.parser").get_text(), "feed.xml")
