"""Markdown for entry fields: inline (abstract, raw HTML escaped) and block (tips, site rules)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# resolve(url, attribute_name) -> the URL to write, or None to drop the attribute.
Resolver = Callable[[str], str | None]

_URL_ATTRIBUTES = {"a": "href", "img": "src", "video": "src", "source": "src", "audio": "src"}


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

    def inline(self, text: str, resolve: Resolver) -> Markup:
        """One paragraph of inline Markdown, without the ``<p>`` around it."""
        html = self._convert(self._inline, self._inline_urls, text, resolve)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def block(self, text: str, resolve: Resolver) -> Markup:
        """Block Markdown (lists, code, emphasis) by the site's rules."""
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
