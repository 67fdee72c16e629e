"""Which HTML attributes a note's Markdown fields may produce (an allow-list, no MkDocs here).

An attribute is kept only when it is on one of two lists:

* :data:`URL_ATTRIBUTES`: attributes that hold a URL, on the elements where a browser loads
  or follows it (``<a href>``, ``<img src>``…). The URL goes through the URL policy
  (:func:`~mkdocs_dairly.notes.urls.url_problem`) and may be rewritten (relative paths).
* :data:`PLAIN_ATTRIBUTES` (and ``data-*`` / ``aria-*``): attributes that carry no URL and no
  script. ``style`` is kept when its CSS calls no function that can load a URL.

Everything else — event handlers (``onerror``), ``srcdoc``, ``formaction``, ``<object
data>``, ``<embed src>``, ``<base href>``, ``<meta content>``, SVG's ``<use href>`` and
``<animate values>``… — is dropped with a problem line. ``<script>`` and ``<style>``, whose
content is code, are dropped with their content.

:func:`clean_raw_html` applies this to raw HTML (a browser-like tokenizer; each kept tag is
written again with quoted, escaped values); :func:`check_attribute` is the same rule for
one attribute, for the element trees Markdown builds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .errors import show

Resolve = Callable[[str], "str | None"]
Report = Callable[[str], None]

URL_ATTRIBUTES: dict[str, frozenset[str]] = {
    "href": frozenset({"a", "area"}),
    "xlink:href": frozenset({"a"}),
    "src": frozenset({"img", "video", "audio", "source", "track", "iframe"}),
    "srcset": frozenset({"img", "source"}),
    "poster": frozenset({"video"}),
    "cite": frozenset({"blockquote", "q", "del", "ins"}),
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PLAIN_ATTRIBUTES = _words(
    # global and text
    "class id title lang dir hidden tabindex role style translate draggable spellcheck "
    "accesskey xml:lang xmlns xmlns:xlink name type value datetime open "
    # lists and tables
    "start reversed colspan rowspan span scope headers abbr border cellpadding cellspacing "
    "width height align valign bgcolor color face size nowrap summary "
    # links and media
    "target rel hreflang alt controls autoplay loop muted playsinline preload kind srclang "
    "label default sizes loading decoding referrerpolicy crossorigin "
    # embedded players (their src is a URL attribute)
    "frameborder scrolling allow allowfullscreen sandbox framespacing marginwidth marginheight "
    # what Markdown extensions write (task lists, tabs)
    "checked disabled readonly for "
    # SVG and MathML drawing
    "viewbox preserveaspectratio version focusable fill fill-rule fill-opacity clip-rule "
    "stroke stroke-width stroke-linecap stroke-linejoin stroke-opacity stroke-dasharray "
    "stroke-miterlimit opacity d cx cy r rx ry x y x1 y1 x2 y2 dx dy points transform "
    "text-anchor dominant-baseline font-size font-family font-weight offset stop-color "
    "stop-opacity gradientunits gradienttransform fx fy display mathvariant"
)
PLAIN_PREFIXES = ("data-", "aria-")
# The HTML standard's raw text elements: their content is code, not markup.
CODE_ELEMENTS = frozenset({"script", "style"})
# CSS functions that cannot load anything (colours, sizes, gradients, transforms).
CSS_FUNCTIONS = _words(
    "rgb rgba hsl hsla hwb lab lch oklab oklch color calc min max clamp var env "
    "linear-gradient radial-gradient conic-gradient repeating-linear-gradient "
    "repeating-radial-gradient repeating-conic-gradient translate translatex translatey "
    "translate3d rotate rotatex rotatey rotatez scale scalex scaley skew skewx skewy matrix "
    "perspective cubic-bezier steps blur brightness contrast drop-shadow grayscale hue-rotate "
    "invert opacity saturate sepia minmax repeat fit-content counter counters"
)
_CSS_FUNCTION = re.compile(r"([A-Za-z_-][\w-]*)\s*\(")
_CHAR_REF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def attribute_unescape(value: str) -> str:
    """An attribute's value as a browser reads it: character references decoded, except a
    legacy named one without ``;`` before ``=`` or a letter or digit (``?a=1&copy=2``)."""

    def one(match: re.Match[str]) -> str:
        ref = match.group(0)
        following = value[match.end() : match.end() + 1]
        legacy = not ref.startswith("&#") and not ref.endswith(";")
        if legacy and following and (following == "=" or following.isalnum()):
            return ref
        return html.unescape(ref)

    return _CHAR_REF.sub(one, value)


def css_problem(css: str) -> str | None:
    """Why the CSS of a ``style`` attribute is refused (it could load a URL), or ``None``."""
    if "\\" in css:
        return "uses CSS escapes"
    for name in _CSS_FUNCTION.findall(css):
        if name.lower() not in CSS_FUNCTIONS:
            return f"uses {name.lower()[:30]}()"
    return None


def check_attribute(
    tag: str, name: str, value: str, resolve: Resolve, report: Report
) -> str | None:
    """The value to write for the attribute ``name="value"`` (as a browser reads it) of a
    ``<tag>``, or ``None`` to drop it. URLs go through ``resolve`` (which reports a refused
    one); anything not on the lists is reported and dropped."""
    tag, key = tag.lower(), name.lower()
    if tag in URL_ATTRIBUTES.get(key, ()):
        if key == "srcset":
            return _resolve_srcset(value, resolve, report)
        return resolve(value)
    if key == "style":
        problem = css_problem(value)
        if problem:
            report(f"the style of <{tag}> {problem}, which can load a URL; it is left out")
            return None
        return value
    if key in PLAIN_ATTRIBUTES or key.startswith(PLAIN_PREFIXES):
        return value
    report(
        f"the attribute {show(name)} of <{tag}> can carry a URL or script that dairly does "
        "not check; it is left out"
    )
    return None


_DESCRIPTOR = re.compile(r"[0-9]+(?:\.[0-9]+)?[wxh]")


def _resolve_srcset(value: str, resolve: Resolve, report: Report) -> str | None:
    """A ``srcset`` with each URL resolved; ``None`` if any is refused or a candidate is not
    ``URL [descriptor]`` (``2x``, ``480w``)."""
    candidates = [c.split() for c in value.split(",") if c.strip()]
    if not candidates or any(
        len(c) > 2 or (len(c) == 2 and not _DESCRIPTOR.fullmatch(c[1])) for c in candidates
    ):
        report(f"srcset: expected 'URL 2x, URL 480w…', got {show(value)}; it is left out")
        return None
    resolved = [(resolve(c[0]), c[1:]) for c in candidates]
    if any(url is None for url, _ in resolved):
        return None
    return ", ".join(" ".join([str(url), *rest]) for url, rest in resolved)


# One step of a browser's tokenizer over raw HTML: what it does not name is text.
_TOKEN = re.compile(
    r"<!--(?:-?>|.*?--!?>)"  # a comment (also the abrupt <!--> and <!--->)
    r"|<![^>]*>|<\?[^>]*>|</[^A-Za-z>][^>]*>"  # declarations and bogus comments
    r"|</(?P<end>[A-Za-z][^\s/>]*)[^>]*>"  # an end tag
    r"|<(?P<start>[A-Za-z][^\s/>]*)",  # the beginning of a start tag
    re.S,
)
_ATTRIBUTE = re.compile(
    r"""[\s/]*(?:(?P<close>>)|(?P<name>[^\s/>][^\s/>=]*)"""
    r"""(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s>]*))?)"""
)


def clean_raw_html(text: str, resolve: Resolve, report: Report) -> str:
    """``text`` (raw HTML) with every tag's attributes checked by :func:`check_attribute`
    and code elements left out (see :func:`is_code`); a tag that never closes is text."""
    out: list[str] = []
    position = 0
    while True:
        match = _TOKEN.search(text, position)
        if match is None:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position : match.start()])
        tag = match.group("start")
        if tag is None:
            out.append(match.group(0))
            position = match.end()
            continue
        parsed = _parse_tag(text, match.end())
        if parsed is None:
            out.append("&lt;")
            position = match.start() + 1
            continue
        attributes, self_closing, position = parsed
        if is_code(tag, dict((k.lower(), v) for k, v in reversed(attributes))):
            report(f"<{tag.lower()}> can run code that dairly does not check; it is left out")
            position = _after_end_tag(text, position, tag)
            continue
        out.append(f"<{tag}")
        for name, value in attributes:
            kept = check_attribute(tag, name, value, resolve, report)
            if kept is not None:
                out.append(f' {name}="{html.escape(kept, quote=True)}"')
        out.append(" />" if self_closing else ">")


def is_code(tag: str, attributes: dict[str, str]) -> bool:
    """True for an element whose content is code: ``<script>`` (but for a data block a
    browser does not run, like MathJax's ``<script type="math/tex">``) and ``<style>``."""
    tag = tag.lower()
    if tag == "script":
        kind = attributes.get("type", "").strip().lower()
        return not kind.startswith("math/") or "src" in attributes
    return tag in CODE_ELEMENTS


def _parse_tag(text: str, position: int) -> tuple[list[tuple[str, str]], bool, int] | None:
    """The attributes (values as a browser reads them) of the start tag whose name ends at
    ``position``, whether it closes with ``/>``, and the position after it; ``None`` if it
    never closes."""
    attributes: list[tuple[str, str]] = []
    while True:
        match = _ATTRIBUTE.match(text, position)
        if match is None or match.end() == position:
            return None
        position = match.end()
        if match.group("close"):
            return attributes, text[match.start("close") - 1] == "/", position
        raw = match.group("value")
        if raw is None:
            value = ""
        elif raw[:1] in ("'", '"') and len(raw) >= 2 and raw[0] == raw[-1]:
            value = raw[1:-1]
        else:
            value = raw
        attributes.append((match.group("name"), attribute_unescape(value)))


def _after_end_tag(text: str, position: int, tag: str) -> int:
    end = re.compile(rf"</{re.escape(tag)}[\s/>]", re.I).search(text, position)
    if end is None:
        return len(text)
    close = text.find(">", end.end() - 1)
    return len(text) if close < 0 else close + 1
