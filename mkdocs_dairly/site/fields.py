"""Markdown for entry fields: inline (abstract, raw HTML escaped) and block (tips, site rules)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown import util
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..notes.rawhtml import (
    CODE_ELEMENTS,
    attribute_unescape,
    check_attribute,
    clean_raw_html,
    is_code,
)

# resolve(url) -> the URL to write, or None to drop the attribute (the resolver reports why).
Resolver = Callable[[str], str | None]
# report(message): a problem of the field being rendered that is not about one URL.
Reporter = Callable[[str], None]

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


# A list item's first line: "- x", "* x", "+ x", "1. x" (GitHub's and Python-Markdown's
# markers); a thematic break ("* * *", "- - -") is not one.
_ITEM = re.compile(r"^[ ]*(?:[-*+]|(?P<number>[0-9]+)\.)[ ]+\S")
_RULE = re.compile(r"^[ ]*([-*_])(?:[ ]*\1){2,}[ ]*$")
_FENCE = re.compile(r"^[ ]*(?P<fence>`{3,}|~{3,})")


def loosen_lists(text: str) -> str:
    """``text`` with a blank line before each list that starts right after a paragraph's line
    of text (``要点：`` then ``- a``): GitHub, where notes are often written first, reads such
    a list as a list; Python-Markdown needs the blank line, or the list becomes part of the
    paragraph. As on GitHub, an ordered list interrupts a paragraph only when it starts at 1.
    Lines in code (fenced, or indented outside a list) and items that follow another item or
    its continuation lines stay as they are."""
    if "\n" not in text:
        return text
    out: list[str] = []
    fence = ""  # the opening fence while inside a fenced block
    run = "blank"  # what the current lines are: blank, para, item, code or html
    in_list = False
    for line in text.split("\n"):
        if fence:
            out.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence, run = "", "blank"
            continue
        fenced = _FENCE.match(line)
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if fenced:
            fence, run = fenced.group("fence"), "blank"
        elif not line.strip():
            run = "blank"
        elif run == "code" and indent >= 4:
            pass
        elif (item := _ITEM.match(line.expandtabs(4))) and not _RULE.match(line):
            if run == "para" and item.group("number") in (None, "1"):
                out.append("")
            run, in_list = "item", True
        elif run == "blank":
            in_list = in_list and indent >= 4
            run = ("code" if indent >= 4 and not in_list else
                   "html" if line.lstrip().startswith("<") else "para")  # fmt: skip
        out.append(line)
    return "\n".join(out)


def _extension_name(extension: Any) -> str:
    name = extension if isinstance(extension, str) else type(extension).__module__
    return name.removeprefix("markdown.extensions.")


def _no_report(message: str) -> None:
    return None


# Python-Markdown's placeholder for a backslash-escaped character, and for "&" in attributes.
_ESCAPED = re.compile(f"{util.STX}([0-9]+){util.ETX}")


class _AttributeTreeprocessor(Treeprocessor):
    """Checks every attribute of every element a field's Markdown built (links, images,
    attribute lists, extensions' output) against dairly's allow-list
    (:mod:`~mkdocs_dairly.notes.rawhtml`): URLs through the current resolver, anything that
    could carry an unchecked URL or script dropped and reported."""

    resolve: Resolver | None = None
    report: Reporter = staticmethod(_no_report)

    def run(self, root: etree.Element) -> None:
        resolve = self.resolve
        if resolve is None:
            return
        code = []
        for parent in root.iter():
            for child in parent:
                tag = child.tag
                if (
                    isinstance(tag, str)
                    and tag.lower() in CODE_ELEMENTS
                    and is_code(tag, _lower_keys(child))
                ):
                    code.append((parent, child))
                    continue
                if child.attrib:
                    self._check(child, resolve)
        for parent, child in code:
            self.report(f"<{child.tag.lower()}> can run code that dairly does not check; "
                        "it is left out")  # fmt: skip
            _remove(parent, child)

    def _check(self, element: etree.Element, resolve: Resolver) -> None:
        for name, written in list(element.attrib.items()):
            value = written
            if "\x02" in value:
                value = _ESCAPED.sub(lambda m: chr(int(m.group(1))), value)
                value = value.replace(util.AMP_SUBSTITUTE, "&")
            if "&" in value:
                value = attribute_unescape(value)
            kept = check_attribute(element.tag, name, value, resolve, self.report)
            if kept is None:
                del element.attrib[name]
            elif kept != written:
                element.set(name, kept)


def _lower_keys(element: etree.Element) -> dict[str, str]:
    return {k.lower(): v for k, v in element.attrib.items()}


def _remove(parent: etree.Element, child: etree.Element) -> None:
    """Remove ``child`` from ``parent``, keeping the text that follows it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


class _RawHtmlPostprocessor(Postprocessor):
    """Checks the raw HTML of a field (and what extensions stashed) with the same allow-list,
    before Markdown puts it back: refused URLs and attributes dropped, relative paths resolved,
    ``<script>`` and ``<style>`` left out.

    Extensions (``toc``) may run the postprocessors over parts of a document before the last
    pass; each stashed block is checked once per conversion.
    """

    resolve: Resolver | None = None
    report: Reporter = staticmethod(_no_report)
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
            stash[index] = clean_raw_html(block, resolve, self.report)
        return text


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
        # Attribute lists ({: onclick=… }, {@onclick=…}) are not read in text fields: they
        # show as written, like raw HTML.
        for name in ("attr_list", "legacyattrs"):
            if name in self._inline.treeprocessors:
                self._inline.treeprocessors.deregister(name)
        self._block = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self._processors: dict[int, tuple[_AttributeTreeprocessor, _RawHtmlPostprocessor]] = {}
        for md in (self._inline, self._block):
            tree, raw = _AttributeTreeprocessor(md), _RawHtmlPostprocessor(md)
            md.treeprocessors.register(tree, "dairly_attributes", 1)
            # Runs before Python-Markdown's "raw_html" postprocessor (priority 30) restores it.
            md.postprocessors.register(raw, "dairly_raw_html", 35)
            self._processors[id(md)] = (tree, raw)
        self.plain_fast_path = all(_extension_name(e) in _PLAIN_SAFE for e in extensions)

    def inline(self, text: str, resolve: Resolver, report: Reporter | None = None) -> Markup:
        """One paragraph of inline Markdown, without the ``<p>`` around it. Raw HTML and
        attribute lists show as written; URLs go through ``resolve``, other problems to
        ``report``."""
        if self.plain_fast_path and is_plain(text):
            return Markup(text)
        out = self._convert(self._inline, text, resolve, report)
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return Markup(out)

    def block(self, text: str, resolve: Resolver, report: Reporter | None = None) -> Markup:
        """Block Markdown of an entry's ``tips`` (lists, code, emphasis) by the site's rules,
        raw HTML checked against dairly's allow-list; a list right after a line of text is
        a list, as on GitHub (see :func:`loosen_lists`)."""
        if self.plain_fast_path and is_plain(text):
            return Markup(f"<p>{text}</p>")
        return Markup(self._convert(self._block, loosen_lists(text), resolve, report))

    def _convert(
        self, md: markdown.Markdown, text: str, resolve: Resolver, report: Reporter | None
    ) -> str:
        md.reset()
        tree, raw = self._processors[id(md)]
        raw.done = set()
        for processor in (tree, raw):
            processor.resolve = resolve
            processor.report = report or _no_report
        try:
            return md.convert(text)
        finally:
            for processor in (tree, raw):
                processor.resolve = None
                processor.report = _no_report
