"""Compacting rendered HTML keeps what the page shows."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_dairly.site.compact import compact_html


def test_indentation_between_tags_is_folded() -> None:
    html = "<div>\n    <ul>\n      <li>  a  </li>\n    </ul>\n  </div>  "
    assert compact_html(html) == "<div>\n<ul>\n<li> a </li>\n</ul>\n</div> "


def test_pre_code_script_textarea_and_attributes_are_untouched() -> None:
    kept = [
        "<pre>  x\n   y</pre>",
        '<code class="a">a  b</code>',
        "<script>\n  var a =  1;\n</script>",
        "<textarea>\n  keep\n</textarea>",
        '<p title="a   b\n  c">',
    ]
    for fragment in kept:
        assert fragment in compact_html(f"<div>\n   {fragment}\n   </div>")


def test_non_ascii_spaces_are_text_and_stay() -> None:
    assert (
        compact_html("<p>中文\u3000\u3000空格\u00a0\u00a0x</p>")
        == "<p>中文\u3000\u3000空格\u00a0\u00a0x</p>"
    )


def test_a_real_page_keeps_its_text_attributes_and_code(site) -> None:
    site.config["plugins"] = ["search", {"dairly": {"compact_html": False}}]
    site.note(
        "202105/0511.md",
        {"entries": [{"title": "T  wo", "stars": 3, "abstract": "a  b",
                      "tips": "```python\ndef f():\n    return  1\n```\n\n- x\n- y"}]},
        body="\nText with  two spaces and `code  span`.\n",
    )  # fmt: skip
    raw = (site.build(strict=True).site_dir / "notes/202105/0511/index.html").read_text("utf-8")
    compacted = compact_html(raw)
    assert len(compacted) < 0.85 * len(raw)
    before, after = BeautifulSoup(raw, "html.parser"), BeautifulSoup(compacted, "html.parser")

    def text(soup: BeautifulSoup) -> str:
        return re.sub(r"[ \t\r\n\f]+", " ", soup.get_text()).strip()

    assert text(before) == text(after)
    tags_before, tags_after = before.find_all(True), after.find_all(True)
    assert [(t.name, t.attrs) for t in tags_before] == [(t.name, t.attrs) for t in tags_after]
    assert [str(p) for p in before.select("pre, code, script")] == [
        str(p) for p in after.select("pre, code, script")
    ]


PIECES = [
    "<div>", "</div>", "<p>", "</p>", "<span class=\"a  b\">", "</span>", '<a title="x\n  y">',
    "</a>", "<pre>  p\n   q</pre>", "<code>a   b</code>", "<br>", "text", "中文", "a b",
    " ", "  ", "\n", "\n    ", "\t", " \n ", "\r\n", "\f", "&amp;", "x  \n  y",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_compacting_never_changes_text_tags_attributes_or_code(pieces: list[str]) -> None:
    html = "".join(pieces)
    compacted = compact_html(html)
    before, after = BeautifulSoup(html, "html.parser"), BeautifulSoup(compacted, "html.parser")

    def text(soup: BeautifulSoup) -> str:
        return re.sub(r"[ \t\r\n\f]+", " ", soup.get_text()).strip()

    assert text(before) == text(after)
    assert [(t.name, t.attrs) for t in before.find_all(True)] == [
        (t.name, t.attrs) for t in after.find_all(True)
    ]
    assert [str(p) for p in before.select("pre, code")] == [
        str(p) for p in after.select("pre, code")
    ]
    assert len(compacted) <= len(html)
    assert compact_html(compacted) == compacted  # folding twice changes nothing more
