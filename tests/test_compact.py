"""Compacting rendered HTML keeps what the page shows."""

from __future__ import annotations

from mkdocs_dairly.compact import compact_html


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
