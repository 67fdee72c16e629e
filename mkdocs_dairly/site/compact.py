"""Collapse the indentation between tags of a rendered page (Material's templates emit a lot).

Only ASCII whitespace in text between tags is touched, where HTML renders any run of it as
one space; ``pre``, ``textarea``, ``script``, ``style`` and ``code`` keep theirs, and
attribute values are never changed.
"""

from __future__ import annotations

import re

_PRESERVED = re.compile(r"<(pre|textarea|script|style|code)\b.*?</\1\s*>", re.S | re.I)
# A run of whitespace is in text (not inside a tag) when a "<" comes before any ">" after it.
_IN_TEXT = r"(?=[^<>]*<)"
# Each pattern starts with a literal, which the regex engine finds fast; a pattern starting
# with a class of spaces would be tried at every space of the page (four times slower).
# (A newline alone is left as it is: matching it only to write it again costs a third.)
_NEWLINE_RUN = re.compile(r"\n[ \t\r\n\f]+" + _IN_TEXT)
_SPACE_RUN = re.compile(r"  +" + _IN_TEXT)
_OTHER_RUN = re.compile(r"[ \t\r\f]{2,}" + _IN_TEXT + r"|[\t\r\f]" + _IN_TEXT)


def _fold(chunk: str) -> str:
    # The chunk ends in text (or at the document's end): close it with a sentinel.
    chunk = _NEWLINE_RUN.sub("\n", chunk + "<")
    if "\t" in chunk or "\r" in chunk or "\f" in chunk:
        chunk = _OTHER_RUN.sub(" ", chunk)
    elif "  " in chunk:
        chunk = _SPACE_RUN.sub(" ", chunk)
    return chunk[:-1]


def compact_html(html: str) -> str:
    """Return ``html`` with runs of whitespace between tags folded: a run that holds a
    newline starts with it and ends there, any other to one space."""
    out = []
    position = 0
    for kept in _PRESERVED.finditer(html):
        out.append(_fold(html[position : kept.start()]))
        out.append(kept.group())
        position = kept.end()
    out.append(_fold(html[position:]))
    return "".join(out)
