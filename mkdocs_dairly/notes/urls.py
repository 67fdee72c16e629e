"""Which URLs a note may use: http(s), mailto and paths relative to the note."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from urllib.parse import unquote

from .errors import show

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII whitespace and control characters inside a scheme ("java\tscript:").
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
ALLOWED_SCHEMES = ("http", "https", "mailto")
EXPECTED = "expected an http(s):// or mailto: URL or a path relative to the note"
# How many rounds of decoding are undone before a URL is judged (``&amp;amp;colon;``…).
_MAX_ROUNDS = 8


def readings(url: str) -> list[str]:
    """Every way ``url`` may be read on its way to a browser: as written, with its HTML
    character references decoded (once, twice… until nothing changes: ``&amp;colon;``,
    ``&#106;``, ``&Tab;``) and each of those with its percent-escapes decoded."""
    seen = [url]
    current = url
    for _ in range(_MAX_ROUNDS):
        decoded = html.unescape(current)
        if decoded == current:
            break
        seen.append(decoded)
        current = decoded
    return seen + [unquote(u) for u in seen if "%" in u]


# A log repeats its URLs on every page that shows an entry (day, month, home, feed): each
# is judged once.
@functools.lru_cache(maxsize=1 << 16)
def url_problem(url: str) -> str | None:
    """Return why ``url`` is refused, or ``None`` if it is allowed.

    The URL is judged in every reading a browser or a later decoding step may give it (see
    :func:`readings`), so character references, percent-escapes, control characters and
    spaces cannot disguise a scheme.
    """
    if not url.strip():
        return f"{EXPECTED}, got an empty string"
    for reading in readings(url):
        problem = _one_problem(reading, url)
        if problem:
            return problem
    return None


def _one_problem(reading: str, written: str) -> str | None:
    squeezed = _IGNORED_BY_BROWSERS.sub("", reading)
    if not squeezed:
        return f"{EXPECTED}, got {show(written)}"
    match = _SCHEME.match(squeezed)
    if match:
        scheme = match.group(1).lower()
        if scheme in ALLOWED_SCHEMES:
            if scheme != "mailto" and not squeezed[match.end() :].startswith("//"):
                return f"{EXPECTED}, got {show(written)}"
            return None
        return f"{EXPECTED}, got a {scheme}: URL"
    if squeezed.startswith(("/", "\\")):
        return f"{EXPECTED}, got the absolute path {show(written)}"
    return None


def is_relative(url: str) -> bool:
    """True for a path relative to the note (no scheme, not absolute, not a bare #fragment)."""
    squeezed = _IGNORED_BY_BROWSERS.sub("", html.unescape(url))
    return not _SCHEME.match(squeezed) and not squeezed.startswith(("/", "\\", "#", "?"))


def split_fragment(url: str) -> tuple[str, str]:
    """Split ``path?query#fragment`` into the path and the rest (``?query#fragment``)."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:cut], url[cut:]


def docs_path(url: str, note_src_uri: str) -> str:
    """The ``docs_dir``-relative path a note-relative ``url`` points at (no query or fragment)."""
    path, _ = split_fragment(url)
    return posixpath.normpath(posixpath.join(posixpath.dirname(note_src_uri), path))


@functools.lru_cache(maxsize=1 << 15)  # a long log's pages link the same pairs each build
def relative_url(target: str, page_url: str) -> str:
    """``target`` (a site URL like ``notes/202104/a.png``) relative to the page at ``page_url``.

    Page URLs are MkDocs' (``''`` for the home page, ``notes/202104/0410/`` or
    ``notes/202104/0410.html``). The result is always read as a path: one whose first
    segment could pass for a scheme (``javascript:x`` after ``../..`` of a missing target)
    starts with ``./``.
    """
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    rel = _relpath(target, base)
    if (not target or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    if rel in (".", "./"):
        return "./"
    return rel if is_relative(rel) and url_problem(rel) is None else "./" + rel


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath("/" + target, "/" + base)``, by segments when both are plain
    paths (no ``.``, ``..`` or empty segment inside): a long log's pages link thousands of
    times, and ``relpath`` normalizes both paths first."""
    to = target.strip("/").split("/") if target.strip("/") else []
    frm = base.strip("/").split("/") if base.strip("/") else []
    if any(part in ("", ".", "..") for part in (*to, *frm)):
        return posixpath.relpath("/" + target, "/" + base)
    common = 0
    for a, b in zip(to, frm, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(frm) - common) + to[common:]) or "."
