"""Which URLs a note may use: http(s), mailto and paths relative to the note."""

from __future__ import annotations

import re

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII whitespace and control characters inside a scheme ("java\tscript:").
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
ALLOWED_SCHEMES = ("http", "https", "mailto")
EXPECTED = "expected an http(s):// or mailto: URL or a path relative to the note"


def url_problem(url: str) -> str | None:
    """Return why ``url`` is refused, or ``None`` if it is allowed."""
    if not url.strip():
        return f"{EXPECTED}, got an empty string"
    squeezed = _IGNORED_BY_BROWSERS.sub("", url)
    match = _SCHEME.match(squeezed)
    if match:
        scheme = match.group(1).lower()
        if scheme in ALLOWED_SCHEMES:
            if scheme != "mailto" and not squeezed[match.end() :].startswith("//"):
                return f"{EXPECTED}, got {url!r}"
            return None
        return f"{EXPECTED}, got a {scheme}: URL"
    if squeezed.startswith(("/", "\\")):
        return f"{EXPECTED}, got the absolute path {url!r}"
    return None


def is_relative(url: str) -> bool:
    """True for a path relative to the note (no scheme, not absolute, not a bare #fragment)."""
    squeezed = _IGNORED_BY_BROWSERS.sub("", url)
    return not _SCHEME.match(squeezed) and not squeezed.startswith(("/", "#", "?"))
