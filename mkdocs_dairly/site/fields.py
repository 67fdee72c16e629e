"""Markdown for entry fields: inline (abstract, raw HTML escaped) and block (tips, site rules)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown.postprocessors import Postprocessor
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


# URL attributes in raw HTML a field may hold (``<a href>``, ``<img src>``, ``<video poster>``…).
_RAW_URL_ATTRIBUTE = re.compile(
    r"""(?P<lead>\s)(?P<name>href|src|poster|action|formaction|data|xlink:href|srcset)"""
    r"""(?P<eq>\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""",
    re.IGNORECASE,
)


class _RawHtmlUrlPostprocessor(Postprocessor):
    """Passes the URLs of raw HTML in a field through the same resolver, before Markdown puts
    the raw HTML back: refused schemes are dropped there too, relative paths resolved.

    Extensions (``toc``) may run the postprocessors over parts of a document before the last
    pass; each stashed block is resolved once per conversion.
    """

    resolve: Resolver | None = None
    done: set[int]

    def run(self, text: str) -> str:
        resolve = self.resolve
        if resolve is None:
            return text
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if index in self.done or not isinstance(block, str):
                continue
            self.done.add(index)
            stash[index] = _RAW_URL_ATTRIBUTE.sub(lambda m: _resolve_attribute(m, resolve), block)
        return text


def _resolve_attribute(match: re.Match[str], resolve: Resolver) -> str:
    raw = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
    value = html.unescape(raw)
    if match["name"].lower() == "srcset":
        candidates = [c.strip().split(maxsplit=1) for c in value.split(",") if c.strip()]
        resolved = [(resolve(c[0]), c[1:]) for c in candidates]
        if any(url is None for url, _ in resolved):
            return ""
        value = ", ".join(" ".join([str(url), *rest]) for url, rest in resolved)
    else:
        url = resolve(value)
        if url is None:
            return ""
        value = url
    return f'{match["lead"]}{match["name"]}{match["eq"]}"{html.escape(value)}"'


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
        # Runs before Python-Markdown's "raw_html" postprocessor (priority 30) restores it.
        self._block_raw = _RawHtmlUrlPostprocessor(self._block)
        self._block.postprocessors.register(self._block_raw, "dairly_raw_html_urls", 35)
        self.plain_fast_path = all(_extension_name(e) in _PLAIN_SAFE for e in extensions)

    def inline(self, text: str, resolve: Resolver) -> Markup:
        """One paragraph of inline Markdown, without the ``<p>`` around it."""
        if self.plain_fast_path and is_plain(text):
            return Markup(text)
        out = self._convert(self._inline, (self._inline_urls,), text, resolve)
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return Markup(out)

    def block(self, text: str, resolve: Resolver) -> Markup:
        """Block Markdown (lists, code, emphasis) by the site's rules."""
        if self.plain_fast_path and is_plain(text):
            return Markup(f"<p>{text}</p>")
        urls = (self._block_urls, self._block_raw)
        return Markup(self._convert(self._block, urls, text, resolve))

    @staticmethod
    def _convert(
        md: markdown.Markdown,
        urls: tuple[_UrlTreeprocessor | _RawHtmlUrlPostprocessor, ...],
        text: str,
        resolve: Resolver,
    ) -> str:
        md.reset()
        for processor in urls:
            processor.resolve = resolve
            if isinstance(processor, _RawHtmlUrlPostprocessor):
                processor.done = set()
        try:
            return md.convert(text)
        finally:
            for processor in urls:
                processor.resolve = None
