"""Where each part of a note's front matter is written: 1-based lines of the note's file.

The front matter's YAML is composed once to nodes (see ``parse.load_yaml``); one walk over
them gives the line of every day key, entry, entry field, list item and nested key
(:class:`Lines`), and the keys written twice (:class:`Duplicate`). Lines count in the file:
the opening ``---`` is line 1, so the front matter starts on line 2; a byte-order mark is no
line, and a line ends at ``\\n`` only (``\\r\\n`` is one line end, as editors count it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

import yaml

from .errors import show

# A path into the front matter's data: keys as the data has them, list positions from 0
# (``("entries", 2, "paper", 0)``: the first paper of the third entry).
Path = tuple[Any, ...]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_OTHER = object()  # the path step below a key that is not a scalar (or a merge)


class LineCounter:
    """The line of the file that holds a character of the front matter's YAML text."""

    def __init__(self, yaml_text: str, first_line: int = 2) -> None:
        self._breaks = [m.start() for m in re.finditer("\n", yaml_text)]
        self._first = first_line

    def at(self, index: int) -> int:
        """The 1-based file line of the character at ``index`` of the YAML text."""
        return self._first + bisect.bisect_left(self._breaks, index)


class Lines:
    """The line where each part of the front matter is written (see :data:`Path`)."""

    def __init__(self, at: dict[Path, int] | None = None) -> None:
        self._at = at if at is not None else {}

    def of(self, *path: Any) -> int | None:
        """The line of ``path``, else of the nearest part that holds it (an entry for a
        field it does not have); ``None`` when the note has no front matter."""
        while True:
            line = self._at.get(path)
            if line is not None or not path:
                return line
            path = path[:-1]

    def get(self, *path: Any) -> int | None:
        """The line of ``path`` itself, ``None`` if the front matter does not write it."""
        return self._at.get(path)

    def field(self, entry: int | None, field: str | None) -> int | None:
        """The line of a problem's ``entry`` (1-based) and ``field`` (``links.<label>`` is the
        label's key in ``links``)."""
        path: Path = () if entry is None else ("entries", entry - 1)
        if field is not None:
            path += tuple(field.split(".", 1)) if field.startswith("links.") else (field,)
        return self.of(*path)


class Duplicate:
    """A key written twice in one mapping of the front matter: its entry and field (the day
    or entry field it is in, if any), and the lines of both."""

    def __init__(self, entry: int | None, field: str | None, key: str, line: int, first: int):
        self.entry, self.field, self.line = entry, field, line
        self.message = f"duplicate key {show(key)} (also on line {first}); the later value is used"


def walk(
    root: yaml.Node, counter: LineCounter, construct: Callable[[yaml.Node], Any]
) -> tuple[Lines, list[Duplicate]]:
    """The lines of every part of ``root`` and its duplicate keys (in line order).

    ``construct`` gives a scalar key node's value as the data has it (``1:`` is the number
    1), so that paths use the data's own keys.
    """
    walker = _Walker(counter, construct)
    walker.at[()] = counter.at(root.start_mark.index)
    walker.node(root, ())
    return Lines(walker.at), sorted(walker.duplicates, key=lambda d: d.line)


class _Walker:
    def __init__(self, counter: LineCounter, construct: Callable[[yaml.Node], Any]) -> None:
        self.line = lambda node: counter.at(node.start_mark.index)
        self.construct = construct
        self.at: dict[Path, int] = {}
        self.duplicates: list[Duplicate] = []
        self.seen: set[int] = set()  # each node once: aliases are not followed twice

    def node(self, node: yaml.Node, path: Path) -> None:
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.at[(*path, index)] = self.line(item)
                self.node(item, (*path, index))
        elif isinstance(node, yaml.MappingNode):
            self.mapping(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path) -> None:
        first: dict[tuple[str, str], int] = {}
        merged = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.append(value_node)
                continue
            step: Any = _OTHER
            if isinstance(key_node, yaml.ScalarNode):
                ident, line = (key_node.tag, key_node.value), self.line(key_node)
                if ident in first:
                    self.duplicates.append(
                        Duplicate(*_where(path), key_node.value, line, first[ident])
                    )
                else:
                    first[ident] = line
                step = self._key(key_node)
                self.at[(*path, step)] = line  # a key written twice: the later one is used
            self.node(value_node, (*path, step))
        for value_node in merged:  # keys written in the mapping itself win
            for mapping in (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            ):
                for key_node, _ in mapping.value if isinstance(mapping, yaml.MappingNode) else []:
                    if isinstance(key_node, yaml.ScalarNode):
                        self.at.setdefault((*path, self._key(key_node)), self.line(key_node))
            self.node(value_node, (*path, _OTHER))

    def _key(self, key_node: yaml.ScalarNode) -> Any:
        if key_node.tag == _STR_TAG:
            return key_node.value
        try:
            key = self.construct(key_node)
            hash(key)
        except (yaml.YAMLError, TypeError):
            return _OTHER  # the construction reports it
        return key


def _where(path: Path) -> tuple[int | None, str | None]:
    """The entry (1-based) and field a mapping at ``path`` is in."""
    entry = None
    if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int):
        entry, path = path[1] + 1, path[2:]
    field = path[0] if path and isinstance(path[0], str) else None
    return entry, field
