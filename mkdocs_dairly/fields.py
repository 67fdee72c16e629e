"""Markdown for entry fields: inline (abstract, raw HTML escaped) and block (tips, site rules)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# resolve(url, attribute_name) -> the URL to write, or None to drop the attribute.
Resolver = Callable[[str], str | None]

_URL_ATTRIBUTES = {"a": "href", "img": "src", "video": "src", "source": "src", "audio": "src"}

# Plain text (letters, digits, CJK, single spaces and punctuation that no Markdown syntax or
# typographic extension touches) converts to itself: such fields skip the parser, which is
# most abstracts and tips of a reading log and most of the time spent on fields.
_PLAIN = re.compile(r"(?:[^\W_]|[ \u3000-\u303f\uff01-\uff5e“”‘’—…·,.;?!-])+")
_NOT_PLAIN = re.compile(r"^[-+ ]|^\d+[.)]( |$)|  |--|\.\.\.|[- ]$")
# Extensions known not to change such text; with any other, every field goes to the parser.
_PLAIN_SAFE = frozenset(
    {"abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
     "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
     "smarty", "tables", "toc", "wikilinks", "pymdownx.arithmatex", "pymdownx.betterem",
     "pymdownx.blocks.admonition", "pymdownx.blocks.details", "pymdownx.blocks.html",
     "pymdownx.blocks.tab", "pymdownx.caret", "pymdownx.critic", "pymdownx.details",
     "pymdownx.emoji", "pymdownx.escapeall", "pymdownx.highlight", "pymdownx.inlinehilite",
     "pymdownx.keys", "pymdownx.mark", "pymdownx.saneheaders", "pymdownx.snippets",
     "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde"}
)  # fmt: skip


def is_plain(text: str) -> bool:
    """True if Markdown would render ``text`` as itself (one paragraph of plain text)."""
    return _PLAIN.fullmatch(text) is not None and _NOT_PLAIN.search(text) is None


def _extension_name(extension: Any) -> str:
    name = extension if isinstance(extension, str) else type(extension).__module__
    return name.removeprefix("markdown.extensions.")


class _UrlTreeprocessor(Treeprocessor):
    """Passes every link and media URL of a field through the current resolver."""

    resolve: Resolver | None = None

    def run(self, root: etree.Element) -> None:
        if self.resolve is None:
            return
        for element in root.iter():
            attribute = _URL_ATTRIBUTES.get(element.tag)
            if attribute is None or attribute not in element.attrib:
                continue
            url = self.resolve(element.attrib[attribute])
            if url is None:
                del element.attrib[attribute]
            else:
                element.set(attribute, url)


class FieldRenderer:
    """Converts entry fields with the site's own Markdown extensions, reusing two parsers.

    ``inline`` escapes raw HTML (titles and abstracts are text); ``block`` follows the
    site's normal Markdown rules, like the page body.
    """

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self._inline = markdown.Markdown(extensions=extensions, extension_configs=configs)
        # Python-Markdown's documented way to treat raw HTML as text.
        self._inline.preprocessors.deregister("html_block")
        self._inline.inlinePatterns.deregister("html")
        self._block = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self._inline_urls = _UrlTreeprocessor(self._inline)
        self._block_urls = _UrlTreeprocessor(self._block)
        self._inline.treeprocessors.register(self._inline_urls, "dairly_urls", 1)
        self._block.treeprocessors.register(self._block_urls, "dairly_urls", 1)
        self.plain_fast_path = all(_extension_name(e) in _PLAIN_SAFE for e in extensions)

    def inline(self, text: str, resolve: Resolver) -> Markup:
        """One paragraph of inline Markdown, without the ``<p>`` around it."""
        if self.plain_fast_path and is_plain(text):
            return Markup(text)
        html = self._convert(self._inline, self._inline_urls, text, resolve)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def block(self, text: str, resolve: Resolver) -> Markup:
        """Block Markdown (lists, code, emphasis) by the site's rules."""
        if self.plain_fast_path and is_plain(text):
            return Markup(f"<p>{text}</p>")
        return Markup(self._convert(self._block, self._block_urls, text, resolve))

    @staticmethod
    def _convert(
        md: markdown.Markdown, urls: _UrlTreeprocessor, text: str, resolve: Resolver
    ) -> str:
        md.reset()
        urls.resolve = resolve
        try:
            return md.convert(text)
        finally:
            urls.resolve = None
