"""The one type for problems in a user's notes (:class:`Problem`) and its contract line format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one note: the file (relative to ``docs_dir``), message, entry, field and
    the 1-based line of the file it is about.

    ``str(problem)`` is the contract line, ``FILE:LINE: rest``, for example::

        notes/202105/0511.md:14: entry 3, 'stars': expected a whole number from 0 to 5, got 'three'

    A problem about the file as a whole (a path that gives no valid date, a reserved name)
    is given line 1 by whoever reports it; ``FILE: rest`` only where no line is known.
    """

    file: str
    message: str
    entry: int | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = []
        if self.entry is not None:
            where.append(f"entry {self.entry}")
        if self.field is not None:
            where.append(repr(self.field) if "'" not in self.field else f'"{self.field}"')
        location = f"{', '.join(where)}: " if where else ""
        at = f":{self.line}" if self.line is not None else ""
        return f"{self.file}{at}: {location}{self.message}"


def show(value: object, limit: int = 60) -> str:
    """Render a found value for an error message: short, one line, type-revealing, and never
    a Python repr of a non-text value (``datetime.date(…)``, ``b'…'``, a set)."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return repr(text).replace("\\n", " ")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, set | frozenset):
        return "a set"
    if isinstance(value, bytes | bytearray):
        return f"binary data ({len(value)} bytes)"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    return f"a value of type {type(value).__name__}"
