"""Entry fields through Markdown: the plain-text fast path must equal what Markdown renders."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_dairly.site.fields import FieldRenderer, is_plain

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
