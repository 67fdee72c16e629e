"""YAML as people write it: syntax errors said in a writer's words, and values quoted safely.

PyYAML says where it stopped (``mapping values are not allowed in this context``); a writer
needs to know what they did: indented with a tab, wrote ``title: Longformer: The
Long-Document Transformer`` without quotes, indented a key wrongly, or left a quote or a
bracket open. :func:`explain` recognises these and falls back to the parser's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

# A line that starts a key: its indentation (with any "- " of list items) and the key.
_KEY_LINE = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s#:\-\[\]{}\"'][^:#]*?)[ ]*:(?=\s|$)")
# A key whose value opens a quote.
_QUOTED_VALUE = re.compile(r"^[ ]*(?:-[ ]+)*(?P<key>[^\s#:\"'][^:#]*?)[ ]*:[ ]+(?P<quote>[\"'])")
_BLOCK_PROBLEMS = ("did not find expected key", "did not find expected '-' indicator",
                   "expected <block end>")  # fmt: skip


def quote(text: str) -> str:
    """``text`` as one YAML scalar that reads back as exactly ``text``: double-quoted (with
    escapes), or single-quoted when that avoids escaping ``"``."""
    quoted = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=1 << 30)
    if '"' in text and "'" not in text:
        single = yaml.safe_dump(text, allow_unicode=True, default_style="'", width=1 << 30)
        if single.count("\n") == 1:
            quoted = single
    return quoted.rstrip("\n")


@dataclass
class _Error:
    """A YAML error's words and where it is in the YAML text."""

    text: str
    problem: str
    context: str
    index: int  # where the parser stopped
    opened: int | None  # where what it was reading began (a quote, a bracket)
    line_at: Callable[[int], int]  # the file line of an index of ``text``

    def line_text(self, index: int) -> tuple[str, int]:
        """The text of the line holding ``index`` (without its line end) and its start."""
        start = self.text.rfind("\n", 0, index) + 1
        end = self.text.find("\n", index)
        return self.text[start : len(self.text) if end < 0 else end].rstrip("\r"), start

    def lines_before(self, index: int) -> list[tuple[str, int]]:
        """The lines before the one holding ``index``, the nearest first, with their starts."""
        found = []
        _, start = self.line_text(index)
        while start > 0:
            line, start = self.line_text(start - 1)
            found.append((line, start))
        return found


def explain(
    exc: yaml.YAMLError, text: str, line_at: Callable[[int], int]
) -> tuple[int | None, str]:
    """The file line of a YAML error in ``text`` (``line_at`` turns an index of ``text`` into
    it; ``None`` if the error has no place) and what the writer did wrong, in their words."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    index = mark.index if mark is not None else getattr(exc, "position", None)
    if index is None:
        return None, problem
    opened = getattr(exc, "context_mark", None)
    error = _Error(text, problem, getattr(exc, "context", None) or "", index,
                   opened.index if opened is not None else None, line_at)  # fmt: skip
    rules = (_tab, _reserved, _escape, _open_quote, _open_bracket, _colon_in_value, _after_quote,
             _indented_key)  # fmt: skip
    for rule in rules:
        found = rule(error)
        if found is not None:
            return line_at(found[0]), found[1]
    return line_at(index), problem


def _tab(error: _Error) -> tuple[int, str] | None:
    if "tab" in error.problem or error.text[error.index : error.index + 1] == "\t":
        return error.index, "tabs cannot indent YAML; use spaces"
    return None


def _reserved(error: _Error) -> tuple[int, str] | None:
    """``title: @karpathy on …``: '@' and '`' cannot start a plain value."""
    char = error.text[error.index : error.index + 1]
    if "cannot start any token" not in error.problem or char not in ("@", "`"):
        return None
    line, start = error.line_text(error.index)
    match = _KEY_LINE.match(line)
    if match is None or start + match.end() > error.index:
        return None
    key, value = match.group("key"), line[match.end() :].strip()
    return error.index, (
        f"a value cannot start with '{char}' in YAML; quote the {key}: `{key}: {quote(value)}`"
    )


def _escape(error: _Error) -> tuple[int, str] | None:
    """``title: "C:\\Users"``: a backslash in double quotes starts an escape."""
    if "quoted scalar" not in error.context or "end of stream" in error.problem:
        return None
    return error.index, (
        "a backslash in double quotes starts an escape like \\n; write \\\\ for a "
        "backslash, or quote the value with ' instead"
    )


def _open_quote(error: _Error) -> tuple[int, str] | None:
    """A quote left open: where it opens (the parser may stop lines later, at a later quote)."""
    if "quoted scalar" in error.context and "end of stream" in error.problem and error.opened:
        line, start = error.line_text(error.opened)
        match = _QUOTED_VALUE.match(line)
        if match:
            return start, _open_quote_message(match)
        q = error.text[error.opened]
        return error.opened, f"the {q} that starts this value is never closed; end it with {q}"
    _, here = error.line_text(error.index)
    for line, start in reversed(error.lines_before(here)):
        match = _QUOTED_VALUE.match(line)
        if match and not _closes(line[match.end() :], match.group("quote")):
            return start, _open_quote_message(match)
    return None


def _open_quote_message(match: re.Match[str]) -> str:
    q = match.group("quote")
    key = match.group("key")
    return f"the {q} that starts the value of {key!r} is never closed; end the value with {q}"


def _closes(rest: str, q: str) -> bool:
    """Whether a quoted scalar whose text after the opening quote is ``rest`` ends on its line."""
    if q == "'":
        return "'" in rest.replace("''", "")
    return re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None


def _open_bracket(error: _Error) -> tuple[int, str] | None:
    if "flow" not in error.context or error.opened is None:
        return None
    opened_line, start = error.line_text(error.opened)
    if error.line_text(error.index)[1] == start:
        return None  # closed or not, the line itself is wrong: the parser's words say how
    bracket = error.text[error.opened]
    close, what = ("]", "list") if bracket == "[" else ("}", "mapping")
    message = (
        f"the '{bracket}' that starts the value is never closed; end the {what} with '{close}'"
    )
    match = _KEY_LINE.match(opened_line)
    if match:
        key, value = match.group("key"), opened_line[match.end() :].strip()
        message = (
            f"the '{bracket}' that starts the value of {key!r} is never closed; end the {what} "
            f"with '{close}', or, if it is text, quote it: `{key}: {quote(value)}`"
        )
    return error.opened, message


def _colon_in_value(error: _Error) -> tuple[int, str] | None:
    """``title: Longformer: The Long-Document Transformer``: the second ': ' reads as a key."""
    if "mapping values are not allowed" not in error.problem:
        return None
    line, start = error.line_text(error.index)
    match = _KEY_LINE.match(line)
    if match is None or start + match.end() > error.index:
        return None  # the key's own colon: a wrongly indented key (see _indented_key)
    key, value = match.group("key"), line[match.end() :].strip()
    return error.index, (
        f"': ' inside a value starts a new key in YAML; quote the {key}: `{key}: {quote(value)}`"
    )


def _after_quote(error: _Error) -> tuple[int, str] | None:
    """``title: "Attention" is all you need``: text after the closing quote."""
    if not any(p in error.problem for p in _BLOCK_PROBLEMS):
        return None
    line, start = error.line_text(error.index)
    before = line[: error.index - start].rstrip()
    match = _KEY_LINE.match(line)
    if match is None or not before.endswith(("'", '"')) or len(before) <= match.end():
        return None
    key, value = match.group("key"), line[match.end() :].strip()
    return error.index, (
        f"the value of {key!r} goes on after its closing quote; quote all of it: "
        f"`{key}: {quote(value)}`"
    )


def _indented_key(error: _Error) -> tuple[int, str] | None:
    """A key indented more or less than the keys of its mapping."""
    blocky = any(p in error.problem for p in _BLOCK_PROBLEMS)
    if not blocky and "mapping values are not allowed" not in error.problem:
        return None
    line, start = error.line_text(error.index)
    match = _KEY_LINE.match(line)
    if match is None or "-" in match.group("lead"):
        return None
    column, key = len(match.group("lead")), match.group("key")
    like = _sibling(error, start, column)
    if like is None:
        return (
            start + column,
            f"the key {key!r} is indented by {column} spaces, which YAML cannot place",
        )
    other, other_column, other_start = like
    return start + column, (
        f"the key {key!r} is indented by {column} spaces; indent it by {other_column} like "
        f"{other!r} on line {error.line_at(other_start)} (the keys of one mapping line up)"
    )


def _sibling(error: _Error, start: int, column: int) -> tuple[str, int, int] | None:
    """The key above (nearest in indentation, then in lines) that a key at ``column`` of the
    line at ``start`` should line up with: ``(key, its column, its line's start)``."""
    best: tuple[str, int, int] | None = None
    for line, line_start in error.lines_before(start):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEY_LINE.match(line)
        if match is not None:
            found = len(match.group("lead"))
            if found != column and (best is None or abs(found - column) < abs(best[1] - column)):
                best = (match.group("key"), found, line_start)
        if len(line) - len(stripped) < column:
            break
    return best
