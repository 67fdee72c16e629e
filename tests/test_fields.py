"""Entry fields through Markdown: the plain-text fast path must equal what Markdown renders."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_dairly.site.fields import FieldRenderer, is_plain, loosen_lists

KITCHEN_SINK = [
    "toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition", "def_list",
    "footnotes", "abbr", "smarty", "sane_lists", "pymdownx.betterem", "pymdownx.caret",
    "pymdownx.critic", "pymdownx.details", "pymdownx.emoji", "pymdownx.highlight",
    "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.mark", "pymdownx.superfences",
    "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde", "pymdownx.arithmatex",
]  # fmt: skip
CONFIGS = {"toc": {"permalink": True}}

# Characters of real abstracts plus every ASCII character Markdown or an extension may treat
# as syntax, so the generator also produces texts the fast path must refuse.
ALPHABET = st.sampled_from(
    list("abcXYZ019 卷积预训练，。、：；？！（）《》“”‘’—…·,.;?!-")
    + list("_*`[]()<>&#:+=~^{}$\\|/@'\"\n\t")
    + ["1st", "(c)", "--", "...", "www.", "http://a.b", ":star:", "1. ", "- "]
)
texts = st.lists(ALPHABET, min_size=1, max_size=30).map("".join).map(str.strip).filter(bool)


def _slow(renderer: FieldRenderer, kind: str, text: str) -> str:
    renderer.plain_fast_path = False
    try:
        return str(getattr(renderer, kind)(text, lambda url: url))
    finally:
        renderer.plain_fast_path = True


@pytest.fixture(scope="module")
def renderer() -> FieldRenderer:
    fields = FieldRenderer(KITCHEN_SINK, CONFIGS)
    assert fields.plain_fast_path
    return fields


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_fast_path_equals_markdown_for_plain_text(renderer: FieldRenderer, text: str) -> None:
    if not is_plain(text):
        return
    for kind in ("inline", "block"):
        assert str(getattr(renderer, kind)(text, lambda url: url)) == _slow(renderer, kind, text)


@pytest.mark.parametrize(
    "text",
    ["谷歌最新研究表明卷积在NLP预训练上竟优于Transformer", "ResRep：剪枝SOTA！", "A, b. C? d!",
     "MiniViT 极致压缩视觉 Transformer、Anchor DETR、FAN 与 Q-score"],
)  # fmt: skip
def test_typical_abstracts_take_the_fast_path(text: str) -> None:
    assert is_plain(text)


@pytest.mark.parametrize(
    "text",
    ["**bold**", "a_b_c", "1. list", "- item", "x  y", "a--b", "wait...", ":star:",
     "<b>", "R&D", "(c) 2021", "a\nb", "`code`", "-lead", "trail-"],
)  # fmt: skip
def test_markdown_syntax_never_takes_the_fast_path(text: str) -> None:
    assert not is_plain(text)


def test_unknown_extension_turns_the_fast_path_off() -> None:
    # "1st" and "www.example.com" are plain text for the extensions above, not for these
    assert is_plain("1st") and is_plain("www.example.com")
    assert not FieldRenderer(["toc", "pymdownx.smartsymbols"], {}).plain_fast_path
    assert not FieldRenderer(["toc", "pymdownx.magiclink"], {}).plain_fast_path


# -- issue #13: tips as people write them on GitHub --------------------------------------------

LOOSENED = [
    ("要点：\n- a\n- b", "要点：\n\n- a\n- b"),
    ("x\n* a", "x\n\n* a"),
    ("x\n+ a", "x\n\n+ a"),
    ("x\n1. a\n2. b", "x\n\n1. a\n2. b"),
    ("要点：\n- a\n    - a1\n- b", "要点：\n\n- a\n    - a1\n- b"),  # nested: one blank line
    ("## 要点\n- a", "## 要点\n\n- a"),  # right after a heading
    ("**步骤**\n1. 差分\n2. 拼接", "**步骤**\n\n1. 差分\n2. 拼接"),
    ("- item\n\n    text:\n    - nested", "- item\n\n    text:\n\n    - nested"),
    ("~~~~\nx\n- a\n~~~~\nafter\n- b", "~~~~\nx\n- a\n~~~~\nafter\n\n- b"),  # after the fence
]
UNCHANGED = [
    "```\ntext\n- a\n```",  # inside a code fence
    "```python\nx = 1\n+ y\n```",
    "a - b\nc - d\n-5 degrees",  # '- ' inside a sentence, '-' without a space
    "x\n2. a",  # an ordered list interrupts a paragraph only from 1 (as on GitHub)
    "text\n\n- a",  # already separated
    "- a\n  cont\n- b",  # an item's continuation line
    "- a\ncont\n- b",
    "text\n\n    code\n    - x",  # indented code
    "text\n* * *",  # a thematic break
    "one line - with a dash",
]


@pytest.mark.parametrize(("text", "expected"), LOOSENED)
def test_a_list_right_after_a_line_of_text_gets_its_blank_line(text: str, expected: str) -> None:
    assert loosen_lists(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_code_sentences_and_lists_already_apart_stay_as_written(text: str) -> None:
    assert loosen_lists(text) == text


def test_tips_render_a_list_after_text_as_a_list_and_code_as_written() -> None:
    fields = FieldRenderer(["toc", "pymdownx.superfences"], {})
    tips = "要点：\n- a\n    - a1\n- b\n\n```\nx\n- y\n```"
    assert str(fields.block(tips, lambda url: url)) == (
        "<p>要点：</p>\n<ul>\n<li>a<ul>\n<li>a1</li>\n</ul>\n</li>\n<li>b</li>\n</ul>\n"
        '<div class="highlight"><pre><span></span><code>x\n- y\n</code></pre></div>'
    )
    # abstracts are inline Markdown: left alone
    assert str(fields.inline("要点：\n- a", lambda url: url)) == "要点：\n- a"
