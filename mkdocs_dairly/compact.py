"""Collapse the indentation between tags of a rendered page (Material's templates emit a lot).

Only ASCII whitespace in text between tags is touched, where HTML renders any run of it as
one space; ``pre``, ``textarea``, ``script``, ``style`` and ``code`` keep theirs, and
attribute values are never changed.
"""

from __future__ import annotations

import re

_PRESERVED = re.compile(r"<(pre|textarea|script|style|code)\b.*?</\1\s*>", re.S | re.I)
_TEXT = re.compile(r">([^<]+)<")
_RUN = re.compile(r"[ \t\r\n\f]{2,}|[\t\r\f]")


def _collapse_run(match: re.Match[str]) -> str:
    return "\n" if "\n" in match.group() else " "


def _collapse_text(match: re.Match[str]) -> str:
    return ">" + _RUN.sub(_collapse_run, match.group(1)) + "<"


def _fold(chunk: str) -> str:
    # The chunk starts and ends in text (or at the document's edges): close it with sentinels.
    return _TEXT.sub(_collapse_text, ">" + chunk + "<")[1:-1]


def compact_html(html: str) -> str:
    """Return ``html`` with runs of whitespace between tags folded to one space or newline."""
    out = []
    position = 0
    for kept in _PRESERVED.finditer(html):
        out.append(_fold(html[position : kept.start()]))
        out.append(kept.group())
        position = kept.end()
    out.append(_fold(html[position:]))
    return "".join(out)
