"""Bad input at the build level: each case is a real ``mkdocs build`` (not strict) of a note
with one kind of mistake. Each asserts the exact warning lines, and that everything else of
the note still renders: the other entries' titles, the day's body, and no refused URL in any
``href`` or ``src`` of the day, home, month and feed output.

The unit-level list in ``test_notes.py`` checks ``parse_day`` field by field; this matrix
checks what a user sees after a build.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest
from bs4 import BeautifulSoup

from .conftest import Build, Site

URL_REFUSED = "expected an http(s):// or mailto: URL or a path relative to the note"
FILE = "notes/202105/0511.md"
GOOD = "  - title: Good one\n    stars: 2\n    url: https://example.org/good\n"
AFTER = "  - title: Still here\n    abstract: after the bad one\n"
BODY = "The day's own notes survive.\n"
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.I)
ATTRIBUTE_REFUSED = (
    "the attribute '{}' of <{}> can carry a URL or script that dairly does not check; "
    "it is left out"
)


@dataclass
class Case:
    """One bad note (or several files) and what the build must show."""

    notes: dict[str, str]  # path below docs/notes -> front matter YAML
    warnings: list[str]
    titles: dict[str, list[str]]  # page URL -> the entry titles it must show, in order
    body_on: list[str] = field(default_factory=list)  # pages whose body text must survive
    heading: str | None = None  # the day page's heading, when the day's title must survive
    extensions: list[str] = field(default_factory=list)  # the site's markdown_extensions
    raw: dict[str, str] = field(default_factory=dict)  # path below docs/notes -> whole file


def entries(*bad: str) -> str:
    """Front matter with a good entry, the bad one(s), and a good entry after them."""
    return "entries:\n" + GOOD + "".join(bad) + AFTER


def w(message: str, file: str = FILE, line: int | None = None) -> str:
    """A build's warning line: ``dairly: FILE:LINE: message`` (line 1: the file as a whole)."""
    return f"dairly: {file}{'' if line is None else f':{line}'}: {message}"


DAY = "notes/202105/0511/"
THREE = ["Good one", "Bad", "Still here"]

CASES: dict[str, Case] = {
    "bad_yaml": Case(
        {"202105/0511.md": "title: [unclosed\n" + entries()},
        [
            w(
                "front matter is not valid YAML: the '[' that starts the value of 'title' is never "
                "closed; end the list with ']', or, if it is text, quote it: `title: \"[unclosed\"`",
                line=2,
            )
        ],
        {DAY: []},
        body_on=[DAY],
    ),
    "front_matter_is_a_list": Case(
        {"202105/0511.md": "- title: Good one\n- title: Still here\n"},
        [w("front matter must be a mapping of keys to values, got a list", line=2)],
        {DAY: []},
        body_on=[DAY],
    ),
    "front_matter_is_text": Case(
        {"202105/0511.md": "just some words\n"},
        [w("front matter must be a mapping of keys to values, got 'just some words'", line=2)],
        {DAY: []},
        body_on=[DAY],
    ),
    "unknown_entry_key_with_suggestion": Case(
        {"202105/0511.md": entries("  - title: Bad\n    strs: 3\n")},
        [w("entry 2: unknown key 'strs'; did you mean 'stars'?", line=7)],
        {DAY: THREE},
        body_on=[DAY],
    ),
    "unknown_day_key_with_suggestion": Case(
        {"202105/0511.md": "titel: Typo\n" + entries()},
        [w("unknown key 'titel'; did you mean 'title'?", line=2)],
        {DAY: ["Good one", "Still here"]},
        body_on=[DAY],
    ),
    "entry_field_at_day_level": Case(
        {"202105/0511.md": "stars: 3\n" + entries()},
        [w("'stars' is an entry field: put it under 'entries'", line=2)],
        {DAY: ["Good one", "Still here"]},
    ),
    "stars_as_a_word": Case(
        {"202105/0511.md": entries("  - title: Bad\n    stars: three\n")},
        [w("entry 2, 'stars': expected a whole number from 0 to 5, got 'three'", line=7)],
        {DAY: THREE},
        body_on=[DAY],
    ),
    "bad_date": Case(
        {"202105/0511.md": "date: yesterday\n" + entries()},
        [w("'date': expected a date like 2021-05-11, got 'yesterday'", line=2)],
        {DAY: ["Good one", "Still here"]},
        body_on=[DAY],
    ),
    "date_disagrees_with_path": Case(
        {"202105/0511.md": "date: 2021-05-12\n" + entries()},
        [w("'date': 2021-05-12 disagrees with the path, which gives 2021-05-11", line=2)],
        {DAY: ["Good one", "Still here"]},
        body_on=[DAY],
    ),
    "impossible_path_date": Case(
        {"202102/0230.md": entries()},
        [
            w(
                "the path gives no valid date: 2021-02-30 is not a date in the calendar",
                "notes/202102/0230.md",
                1,
            )
        ],
        {"notes/202102/0230/": ["Good one", "Still here"]},
        body_on=["notes/202102/0230/"],
    ),
    "duplicate_dates": Case(
        {"202105/0511.md": entries(), "2021/2021-05-11.md": "entries:\n  - title: Second file\n"},
        [w("'date': 2021-05-11 is also the date of notes/2021/2021-05-11.md", line=1)],
        {DAY: ["Good one", "Still here"], "notes/2021/2021-05-11/": ["Second file"]},
        body_on=[DAY, "notes/2021/2021-05-11/"],
    ),
    "undated_file": Case(
        {"misc/reading.md": entries()},
        [
            w(
                "no date: add 'date: YYYY-MM-DD' to the front matter or name the file YYYYMM/MMDD.md, "
                "YYYY/MM/DD.md or YYYY-MM-DD.md",
                "notes/misc/reading.md",
                1,
            )
        ],
        {"notes/misc/reading/": ["Good one", "Still here"]},
        body_on=["notes/misc/reading/"],
    ),
    "entries_not_a_list": Case(
        {"202105/0511.md": "title: Kept title\nentries: {title: X}\n"},
        [w("'entries': expected a list of entries, got a mapping", line=3)],
        {DAY: []},
        body_on=[DAY],
        heading="Kept title",
    ),
    "entry_is_plain_text": Case(
        {"202105/0511.md": entries("  - Bad\n")},
        [w("entry 2: expected a mapping with at least 'title', got the text 'Bad'", line=6)],
        {DAY: THREE},
    ),
    "entry_without_title": Case(
        {"202105/0511.md": entries("  - stars: 3\n    abstract: orphan abstract\n")},
        [w("entry 2, 'title': required: every entry needs a title, got nothing", line=6)],
        {DAY: ["Good one", "（无标题）", "Still here"]},
    ),
    "javascript_url": Case(
        {"202105/0511.md": entries("  - title: Bad\n    url: 'javascript:alert(1)'\n")},
        [w(f"entry 2, 'url': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "obfuscated_javascript_url": Case(
        {"202105/0511.md": entries('  - title: Bad\n    url: " JaVa\\tScRiPt:alert(1)"\n')},
        [w(f"entry 2, 'url': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "data_url_in_paper": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    paper: ['data:text/html;base64,PHNjcmlwdD4=', 'https://arxiv.org/abs/2105.03322']\n"
            )
        },
        [w(f"entry 2, 'paper': {URL_REFUSED}, got a data: URL", line=7)],
        {DAY: THREE},
    ),
    "vbscript_url_in_code": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    code: {title: repo, url: 'VBScript:msgbox(1)'}\n"
            )
        },
        [w(f"entry 2, 'code': {URL_REFUSED}, got a vbscript: URL", line=7)],
        {DAY: THREE},
    ),
    "javascript_url_in_links": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    links: {evil: 'javascript:alert(1)', ok: 'https://ok.example/'}\n"
            )
        },
        [w(f"entry 2, 'links.evil': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "data_url_in_image": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    image: 'data:image/svg+xml,<svg onload=alert(1)>'\n"
            )
        },
        [w(f"entry 2, 'image': {URL_REFUSED}, got a data: URL", line=7)],
        {DAY: THREE},
    ),
    "javascript_url_in_video": Case(
        {"202105/0511.md": entries("  - title: Bad\n    video: {src: 'javascript:alert(1)'}\n")},
        [w(f"entry 2, 'video': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "javascript_link_in_tips": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    tips: 'see [x](javascript:alert(1)) and [ok](https://ok.example/)'\n"
            )
        },
        [w(f"entry 2, 'tips': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "javascript_image_in_tips": Case(
        {"202105/0511.md": entries("  - title: Bad\n    tips: '![pic](javascript:alert(1))'\n")},
        [w(f"entry 2, 'tips': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "javascript_link_in_abstract": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    abstract: 'a [x](javascript:alert(1)) b'\n"
            )
        },
        [w(f"entry 2, 'abstract': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "absolute_path_url": Case(
        {"202105/0511.md": entries("  - title: Bad\n    url: /etc/passwd\n")},
        [w(f"entry 2, 'url': {URL_REFUSED}, got the absolute path '/etc/passwd'", line=7)],
        {DAY: THREE},
    ),
    "missing_relative_image": Case(
        {"202105/0511.md": entries("  - title: Bad\n    image: images/missing.png\n")},
        [
            w(
                "entry 2, 'image': 'images/missing.png' points at notes/202105/images/missing.png, which is not in docs_dir",
                line=7,
            )
        ],
        {DAY: THREE},
    ),
    "link_to_a_missing_note": Case(
        {"202105/0511.md": entries("  - title: Bad\n    links: {prev: ../202104/0401.md}\n")},
        [
            w(
                "entry 2, 'links.prev': '../202104/0401.md' points at notes/202104/0401.md, which is not in docs_dir",
                line=7,
            )
        ],
        {DAY: THREE},
    ),
    "bad_width_and_alt": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    image: {src: 'https://a.example/i.png', width: huge, alt: [x]}\n"
            )
        },
        [
            w("entry 2, 'image': alt: expected text, got a list", line=7),
            w(
                "entry 2, 'image': width: expected a number of pixels or a percentage like 60%, got 'huge'",
                line=7,
            ),
        ],
        {DAY: THREE},
    ),
    "tags_of_wrong_types": Case(
        {
            "202105/0511.md": "tags: {a: 1}\n"
            + entries("  - title: Bad\n    tags: [ok, [nested]]\n")
        },
        [
            w("'tags': expected a list of tags like [nlp, cnn], got a mapping", line=2),
            w("entry 2, 'tags': expected each tag to be text, got a list", line=8),
        ],
        {DAY: THREE},
    ),
    "draft_not_a_flag": Case(
        {"202105/0511.md": "draft: maybe\n" + entries()},
        [w("'draft': expected true or false, got 'maybe'", line=2)],
        {DAY: ["Good one", "Still here"]},
    ),
    # -- issue #12: attribute lists, disguised schemes, raw HTML, digits, dates, types --------
    "attr_list_in_abstract_is_text": Case(
        {
            "202105/0511.md": entries(
                """  - title: Bad\n    abstract: '*x*{: onmouseover="alert(1)" }'\n"""
            )
        },
        [],
        {DAY: THREE},
        extensions=["attr_list"],
    ),
    "legacy_attrs_in_abstract_are_text": Case(
        {"202105/0511.md": entries("  - title: Bad\n    abstract: 'a *x*{@onclick=alert(1)} b'\n")},
        [],
        {DAY: THREE},
        extensions=["legacy_attrs"],
    ),
    "attr_list_event_handler_in_tips": Case(
        {
            "202105/0511.md": entries(
                """  - title: Bad\n    tips: '*x*{: onclick="alert(1)" .kept }'\n"""
            )
        },
        [w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('onclick', 'em')}", line=7)],
        {DAY: THREE},
        extensions=["attr_list"],
    ),
    "entity_encoded_scheme_in_url": Case(
        {"202105/0511.md": entries("  - title: Bad\n    url: 'javascript&colon;alert(1)'\n")},
        [w(f"entry 2, 'url': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "entity_encoded_scheme_in_abstract": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    abstract: 'a [x](&#106;avascript:alert(1)) b'\n"
            )
        },
        [w(f"entry 2, 'abstract': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "hex_entity_scheme_in_tips": Case(
        {"202105/0511.md": entries("  - title: Bad\n    tips: '[x](jav&#x61;script:alert(1))'\n")},
        [w(f"entry 2, 'tips': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "tab_entity_split_scheme_in_tips": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    tips: '[x](JaVa&#x09;ScRiPt&colon;alert(1))'\n"
            )
        },
        [w(f"entry 2, 'tips': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "percent_encoded_scheme_in_link": Case(
        {"202105/0511.md": entries("  - title: Bad\n    paper: 'javascript%3Aalert(1)'\n")},
        [w(f"entry 2, 'paper': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "double_encoded_scheme_in_raw_html": Case(
        {
            "202105/0511.md": entries(
                """  - title: Bad\n    tips: '<a href="javascript&amp;colon;alert(1)">x</a>'\n"""
            )
        },
        [w(f"entry 2, 'tips': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "dotdot_path_that_decodes_to_a_scheme": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    abstract: '[x](../../javascript&colon;alert(1))'\n"
            )
        },
        [
            w(
                "entry 2, 'abstract': '../../javascript:alert(1)' points at javascript:alert(1), which is not in docs_dir",
                line=7,
            )
        ],
        {DAY: THREE},
    ),
    "raw_meta_refresh_in_tips": Case(
        {
            "202105/0511.md": entries(
                """  - title: Bad\n    tips: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'\n"""
            )
        },
        [
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('http-equiv', 'meta')}", line=7),
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('content', 'meta')}", line=7),
        ],
        {DAY: THREE},
    ),
    "raw_svg_animate_and_set_in_tips": Case(
        {
            "202105/0511.md": entries(
                """  - title: Bad\n    tips: '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><set to="javascript:x"/><text>t</text></a></svg>'\n"""
            )
        },
        [
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('attributeName', 'animate')}", line=7),
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('values', 'animate')}", line=7),
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('to', 'set')}", line=7),
        ],
        {DAY: THREE},
    ),
    "raw_embedding_elements_in_tips": Case(
        {
            "202105/0511.md": entries(
                """  - title: Bad\n    tips: '<object data="x.swf"></object><embed src="x.swf"><base href="https://evil.example/"><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'\n"""
            )
        },
        [
            # in the order Markdown stashes them: the block, then the inline tags
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('data', 'object')}", line=7),
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('srcdoc', 'iframe')}", line=7),
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('src', 'embed')}", line=7),
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('href', 'base')}", line=7),
        ],
        {DAY: THREE},
    ),
    "raw_formaction_xlink_use_in_tips": Case(
        {
            "202105/0511.md": entries(
                """  - title: Bad\n    tips: '<button formaction="javascript:alert(1)">b</button><svg><use xlink:href="x.svg#a"/></svg>'\n"""
            )
        },
        [
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('formaction', 'button')}", line=7),
            w(f"entry 2, 'tips': {ATTRIBUTE_REFUSED.format('xlink:href', 'use')}", line=7),
        ],
        {DAY: THREE},
    ),
    "raw_style_url_and_script_in_tips": Case(
        {
            "202105/0511.md": entries(
                """  - title: Bad\n    tips: '<div style="background:url(javascript:alert(1))">s</div>\n\n      <script>alert(1)</script>'\n"""
            )
        },
        [
            w(
                "entry 2, 'tips': the style of <div> uses url(), which can load a URL; it is left out",
                line=7,
            ),
            w(
                "entry 2, 'tips': <script> can run code that dairly does not check; it is left out",
                line=7,
            ),
        ],
        {DAY: THREE},
    ),
    "stars_superscript_digit": Case(
        {"202105/0511.md": entries("  - title: Bad\n    stars: '²'\n")},
        [w("entry 2, 'stars': expected a whole number from 0 to 5, got '²'", line=7)],
        {DAY: THREE},
    ),
    "stars_full_width_digit_and_fraction": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    stars: '３'\n  - title: Worse\n    stars: '½'\n"
            )
        },
        [
            w("entry 2, 'stars': expected a whole number from 0 to 5, got '３'", line=7),
            w("entry 3, 'stars': expected a whole number from 0 to 5, got '½'", line=9),
        ],
        {DAY: ["Good one", "Bad", "Worse", "Still here"]},
    ),
    "note_on_the_last_supported_day": Case(
        {"9999/12/31.md": entries(), "202105/0511.md": "entries:\n  - title: Mid\n"},
        [],
        {"notes/9999/12/31/": ["Good one", "Still here"], DAY: ["Mid"]},
        body_on=["notes/9999/12/31/"],
    ),
    "note_on_the_first_supported_day": Case(
        {"1000/01/01.md": entries()},
        [],
        {"notes/1000/01/01/": ["Good one", "Still here"]},
        body_on=["notes/1000/01/01/"],
    ),
    "path_year_below_the_range": Case(
        {"0999/12/31.md": entries()},
        [
            w(
                "the path gives no valid date: 0999-12-31 is outside the years 1000–9999 that "
                "dairly supports",
                "notes/0999/12/31.md",
                1,
            )
        ],
        {"notes/0999/12/31/": ["Good one", "Still here"]},
        body_on=["notes/0999/12/31/"],
    ),
    "front_matter_date_below_the_range": Case(
        {"misc/old.md": "date: 0001-01-01\n" + entries()},
        [
            w(
                "'date': 0001-01-01 is outside the years 1000–9999 that dairly supports",
                "notes/misc/old.md",
                line=2,
            )
        ],
        {"notes/misc/old/": ["Good one", "Still here"]},
    ),
    "pass_through_keys_of_wrong_types": Case(
        {"202105/0511.md": "status: [1]\nicon: {}\nsubtitle: []\ndescription: [x]\n" + entries()},
        [
            w(
                "'status': expected a name of letters, digits, '-' and '_', got a list; it is left out",
                line=2,
            ),
            w("'subtitle': expected text, got a list; it is left out", line=4),
            w("'description': expected text, got a list; it is left out", line=5),
            w(
                "'icon': expected an icon name like 'material/book', got a mapping; it is left out",
                line=3,
            ),
        ],
        {DAY: ["Good one", "Still here"]},
        body_on=[DAY],
    ),
    "front_matter_never_closed": Case(
        {},
        [
            w(
                "the front matter opened by '---' has no closing '---' line; the note is read as "
                "Markdown without front matter",
                line=1,
            )
        ],
        {DAY: []},
        body_on=[DAY],
        raw={"202105/0511.md": "---\ntitle: Lost\n" + entries() + "\n" + BODY},
    ),
    "front_matter_list_holding_a_fence": Case(
        {"202105/0511.md": "- a\n- |\n  ```\n  code\n  ```\n"},
        [w("front matter must be a mapping of keys to values, got a list", line=2)],
        {DAY: []},
        body_on=[DAY],
    ),
    "duplicate_day_key": Case(
        {"202105/0511.md": "title: First\ntitle: Second\n" + entries()},
        [w("duplicate key 'title' (also on line 2); the later value is used", line=3)],
        {DAY: ["Good one", "Still here"]},
        body_on=[DAY],
        heading="Second",
    ),
    "duplicate_entry_key": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    url: https://a.example/\n    url: https://b.example/\n"
            )
        },
        [
            w(
                "entry 2: duplicate key 'url' (also on line 7); the later value is used",
                line=8,
            )
        ],
        {DAY: THREE},
    ),
    "control_characters_in_titles": Case(
        {
            "202105/0511.md": 'title: "Day\\x01"\n'
            + entries(
                '  - title: "Bad\\x0b\\uffff"\n    code: {title: "t\\x1b", url: "https://a.example/"}\n'
            )
        },
        [
            w("'title': control characters that XML does not allow were removed (U+0001)", line=2),
            w(
                "entry 2, 'title': control characters that XML does not allow were removed (U+000B, U+FFFF)",
                line=7,
            ),
            w(
                "entry 2, 'code': control characters that XML does not allow were removed (U+001B)",
                line=8,
            ),
        ],
        {DAY: THREE},
        heading="Day",
    ),
    "email_autolinks_in_abstract_and_tips": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    abstract: 'mail <me@example.org>'\n    tips: 'or <you@example.org>'\n"
            )
        },
        [],
        {DAY: THREE},
    ),
    "values_that_python_would_show_as_reprs": Case(
        {
            "202105/0511.md": "tags: !!set {a, b}\n"
            + entries(
                "  - title: Bad\n    stars: 2021-05-11\n    abstract: !!binary aGVsbG8=\n    links: {null: 'https://a.example/'}\n"
            )
        },
        [
            w("'tags': expected a list of tags like [nlp, cnn], got a set", line=2),
            w(
                "entry 2, 'stars': expected a whole number from 0 to 5, got the date 2021-05-11",
                line=8,
            ),
            w("entry 2, 'abstract': expected text, got binary data (5 bytes)", line=9),
            w("entry 2, 'links': expected each label to be text, got null", line=10),
        ],
        {DAY: THREE},
    ),
    # -- issue #13: the line of a list item, of a multi-line field; YAML slips ------------------
    "refused_url_in_a_paper_list_names_its_item": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    paper:\n      - https://arxiv.org/abs/2105.03322\n"
                "      - 'javascript:alert(1)'\n"
            )
        },
        [w(f"entry 2, 'paper': {URL_REFUSED}, got a javascript: URL", line=9)],
        {DAY: THREE},
    ),
    "link_deep_in_tips_names_the_tips_key": Case(
        {
            "202105/0511.md": entries(
                "  - title: Bad\n    tips: |\n      First line.\n\n      - see [x](javascript:alert(1))\n"
            )
        },
        [w(f"entry 2, 'tips': {URL_REFUSED}, got a javascript: URL", line=7)],
        {DAY: THREE},
    ),
    "tab_before_a_key": Case(
        {"202105/0511.md": entries("  - title: Bad\n\tstars: 2\n")},
        [w("front matter is not valid YAML: tabs cannot indent YAML; use spaces", line=7)],
        {DAY: []},
        body_on=[DAY],
    ),
    "unquoted_colon_in_a_title": Case(
        {"202105/0511.md": entries("  - title: Longformer: The Long-Document Transformer\n")},
        [
            w(
                "front matter is not valid YAML: ': ' inside a value starts a new key in YAML; "
                'quote the title: `title: "Longformer: The Long-Document Transformer"`',
                line=6,
            )
        ],
        {DAY: []},
        body_on=[DAY],
    ),
    "key_indented_too_far": Case(
        {"202105/0511.md": entries("  - title: Bad\n      stars: 2\n")},
        [
            w(
                "front matter is not valid YAML: the key 'stars' is indented by 6 spaces; indent "
                "it by 4 like 'title' on line 6 (the keys of one mapping line up)",
                line=7,
            )
        ],
        {DAY: []},
        body_on=[DAY],
    ),
    "quote_never_closed": Case(
        {"202105/0511.md": entries("  - title: 'Bad\n")},
        [
            w(
                "front matter is not valid YAML: the ' that starts the value of 'title' is never "
                "closed; end the value with '",
                line=6,
            )
        ],
        {DAY: []},
        body_on=[DAY],
    ),
}


def write_case(site: Site, case: Case) -> None:
    """The case's notes and settings in ``site`` (not built)."""
    site.config["site_url"] = "https://notes.example/"  # so the feed is built and checked too
    if case.extensions:
        site.config["markdown_extensions"] = case.extensions
    for path, front_matter in case.notes.items():
        site.note(path, front_matter, BODY)
    for path, text in case.raw.items():
        site.write(f"docs/notes/{path}", text)


def build_case(site: Site, case: Case) -> Build:
    write_case(site, case)
    build = site.build()
    assert build.aborted is None, build.logs
    return build


def refused_urls(text: str) -> list[str]:
    """Every href/src/xlink:href value in ``text`` that a browser reads (character references
    decoded, control characters and spaces dropped) as a refused scheme."""
    values = re.findall(r'(?:href|src)\s*=\s*"([^"]*)"', text, re.I)
    values += re.findall(r"(?:href|src)\s*=\s*'([^']*)'", text, re.I)
    read = [re.sub(r"[\x00-\x20\x7f]", "", html.unescape(v)) for v in values]
    return [v for v in read if BAD_SCHEME.match(v)]


def unchecked_attributes(page: BeautifulSoup) -> list[str]:
    """Attributes of the cards that could run script: event handlers, ``style`` with
    ``url(``, ``srcdoc``."""
    found = []
    for element in page.select("article.dairly-entry, article.dairly-entry *"):
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on") or name == "srcdoc" or "url(" in text.replace(" ", ""):
                found.append(f"{element.name} {name}={text}")
        if element.name in ("script", "style"):
            found.append(element.name)
    return found


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_warns_exactly_and_keeps_everything_else(site: Site, name: str) -> None:
    case = CASES[name]
    build = build_case(site, case)
    assert build.warnings() == case.warnings
    for url, titles in case.titles.items():
        page = build.content(url)
        shown = [
            t.get_text(" ", strip=True)
            for t in page.select("article.dairly-entry .dairly-entry__title")
        ]
        assert shown == titles, url
        if "Good one" in titles:
            card = page.select("article.dairly-entry")[titles.index("Good one")]
            assert card["data-stars"] == "2"
            assert card.select_one(".dairly-entry__title a")["href"] == "https://example.org/good"
        if "Still here" in titles:
            assert "after the bad one" in page.get_text()
    for url in case.body_on:
        assert BODY.strip() in build.content(url).get_text(), url
    if case.heading is not None:
        assert build.content(DAY).select_one("h1").get_text(strip=True) == case.heading
    for path in sorted(build.site_dir.rglob("*")):
        if path.suffix in (".html", ".xml"):
            text = path.read_text("utf-8")
            assert refused_urls(text) == [], path.relative_to(build.site_dir)
            assert "\x02" not in text and "\x03" not in text, path  # no Markdown placeholders
        if path.suffix == ".xml":
            ET.fromstring(path.read_bytes())  # well-formed XML (feed, sitemap)
    for url in case.titles:
        assert unchecked_attributes(build.content(url)) == [], url


def test_strict_build_aborts_with_the_same_lines(site: Site) -> None:
    """A sample of the matrix under --strict: the build fails, and logs the same lines,
    whether the problem is found while reading notes or while rendering pages."""
    site.note("202105/0511.md", CASES["stars_as_a_word"].notes["202105/0511.md"])
    site.note("202105/0512.md", CASES["javascript_link_in_tips"].notes["202105/0511.md"])
    site.note("202105/0513.md", CASES["missing_relative_image"].notes["202105/0511.md"])
    build = site.build(strict=True)
    assert build.aborted == "Aborted with 3 warnings in strict mode!"
    warnings = build.warnings()
    # found while reading the notes
    assert warnings[0] == w(
        "entry 2, 'stars': expected a whole number from 0 to 5, got 'three'", line=7
    )
    # found while rendering pages (in the order MkDocs renders them)
    assert sorted(warnings[1:]) == [
        w(f"entry 2, 'tips': {URL_REFUSED}, got a javascript: URL", "notes/202105/0512.md", 7),
        w(
            "entry 2, 'image': 'images/missing.png' points at notes/202105/images/missing.png, "
            "which is not in docs_dir",
            "notes/202105/0513.md",
            7,
        ),
    ]


def test_the_bad_field_is_left_out_but_its_neighbours_stay(site: Site) -> None:
    """Within one entry: a refused paper URL goes, the good paper URL next to it stays."""
    build = build_case(site, CASES["data_url_in_paper"])
    card = build.content(DAY).select("article.dairly-entry")[1]
    assert [a["href"] for a in card.select(".dairly-links a")] == [
        "https://arxiv.org/abs/2105.03322"
    ]


def test_javascript_link_in_tips_keeps_its_text_but_loses_its_href(site: Site) -> None:
    build = build_case(site, CASES["javascript_link_in_tips"])
    tips = build.content(DAY).select("article.dairly-entry")[1].select_one(".dairly-entry__tips")
    links = tips.select("a")
    assert [(a.get_text(), a.get("href")) for a in links] == [
        ("x", None),
        ("ok", "https://ok.example/"),
    ]
    assert "javascript" not in str(tips)


def test_javascript_image_in_tips_keeps_its_alt_but_loses_its_src(site: Site) -> None:
    build = build_case(site, CASES["javascript_image_in_tips"])
    tips = build.content(DAY).select("article.dairly-entry")[1].select_one(".dairly-entry__tips")
    assert [(i.get("alt"), i.get("src")) for i in tips.select("img")] == [("pic", None)]


def test_an_entry_that_is_only_text_keeps_that_text_as_its_title(site: Site) -> None:
    build = build_case(site, CASES["entry_is_plain_text"])
    cards = build.content(DAY).select("article.dairly-entry")
    assert [c["id"] for c in cards] == ["entry-1", "entry-2", "entry-3"]


def test_unreadable_front_matter_is_shown_verbatim_above_the_body(site: Site) -> None:
    build = build_case(site, CASES["bad_yaml"])
    page = build.content(DAY)
    code = page.select_one("code")
    assert code is not None and "title: [unclosed" in code.get_text()
    assert "Good one" in code.get_text()  # the entries are not lost: they are shown as written


def test_impossible_yaml_date_is_a_problem_not_a_crash(site: Site) -> None:
    site.note("202105/0511.md", "date: 2021-02-30\n" + entries())
    build = site.build()
    assert build.warnings() == [
        w("'date': expected a date like 2021-05-11, got '2021-02-30'", line=2)
    ]
    assert [t.get_text() for t in build.content(DAY).select(".dairly-entry__title")] == [
        "Good one",
        "Still here",
    ]


def test_raw_html_in_tips_follows_the_url_policy(site: Site) -> None:
    site.write("docs/notes/202105/images/x.png", "png")
    site.note(
        "202105/0511.md",
        {"entries": [{"title": "Raw", "tips": 'See <a href="javascript:alert(1)">this</a> and '
                      '<img src="images/x.png" alt="pic">\n\n<div><a href="https://ok.org/">fine</a></div>'}]},
    )  # fmt: skip
    build = site.build()
    assert build.warnings() == [
        "dairly: notes/202105/0511.md:4: entry 1, 'tips': expected an http(s):// or mailto: URL or a "
        "path relative to the note, got a javascript: URL"
    ]
    for path, src in (("notes/202105/0511/", "../images/x.png"), ("", "notes/202105/images/x.png")):
        tips = build.content(path).select_one(".dairly-entry__tips")
        assert "javascript" not in str(tips)
        assert tips.find("a", string="this").get("href") is None
        assert tips.select_one("img")["src"] == src
        assert tips.find("a", string="fine")["href"] == "https://ok.org/"
