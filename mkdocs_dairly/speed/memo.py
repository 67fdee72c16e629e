"""The one speed mechanism: render once, reuse where the inputs are provably the same.

A :class:`RenderMemo` wraps a Jinja template's render function. A ``key`` function reads
from the render context everything the template's output depends on (or says ``None``:
render as usual); outputs are kept per key and served again for the same key. What makes a
key complete is not decided here: the caller proves it (see
``integrations.material_nav``), and the memo can be switched off at any time, after which
every page renders as usual. Nothing here knows MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any, Generic, TypeVar

import jinja2
import jinja2.bccache

Render = Callable[[Any], Iterator[str]]
Key = Callable[[Any], Hashable | None]
T = TypeVar("T")


class RenderMemo:
    """Rendered output per key; ``hits`` and ``renders`` count what it did."""

    def __init__(self, key: Key) -> None:
        self._key = key
        self._output: dict[Hashable, str] = {}
        self.enabled = True
        self.hits = 0
        self.renders = 0

    def wrap(self, render: Render) -> Render:
        """A replacement for ``render`` (a template's ``root_render_func``) that serves the
        output kept for the context's key."""

        def memoized(context: Any) -> Iterator[str]:
            key = self._key(context) if self.enabled else None
            if key is None:
                yield from render(context)
                return
            output = self._output.get(key)
            if output is None:
                output = self._output[key] = "".join(render(context))
                self.renders += 1
            else:
                self.hits += 1
            yield output

        return memoized


class BuildMemo(Generic[T]):
    """The same mechanism from one build to the next (``mkdocs serve``): one value per name
    (a page; the feed, a day's explore data, a month's list), kept with the key of the inputs
    it was made from and served again only for the same key. What a build neither made nor
    served again is let go when it finishes, so the memo holds at most one value per name
    of the latest build; unless ``lasting``: then a value waits for its name to come back
    (a month's list, while the pages that show it are reused, is not asked for), and the
    memo holds one value per name any build made."""

    def __init__(self, *, lasting: bool = False) -> None:
        self._last: dict[str, tuple[Hashable, T]] = {}
        self._now: dict[str, tuple[Hashable, T]] = {}
        self._lasting = lasting

    def get(self, name: str, key: Hashable) -> T | None:
        """The value kept for ``name`` if it was made from ``key``; it is kept again."""
        kept = self._now.get(name) or self._last.get(name)
        if kept is None or kept[0] != key:
            return None
        self._now[name] = kept
        return kept[1]

    def put(self, name: str, key: Hashable, value: T) -> None:
        """Keep ``value``, made from ``key``, for ``name``."""
        self._now[name] = (key, value)

    def finish(self) -> None:
        """The build finished: keep what it made or served, let the rest go (unless
        ``lasting``)."""
        if self._lasting:
            self._last.update(self._now)
            self._now = {}
        else:
            self._last, self._now = self._now, {}

    def forget(self) -> None:
        """The build failed: nothing kept can be trusted to match the site on disk."""
        self._last, self._now = {}, {}

    def __len__(self) -> int:
        return len(self._last)

    def __contains__(self, name: str) -> bool:
        """Whether the latest finished build kept a value for ``name``."""
        return name in self._last


class KeptDumps:
    """The text ``dumps`` gave for each object, given again while the very same object is
    dumped again (``mkdocs serve``: a reused page hands Material's search the entries it
    made last build, which nothing changes). The objects are held, so an id is never that
    of another object; those not dumped again are let go."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[object, str]] = {}

    def each(self, items: list[Any], dumps: Callable[[Any], str]) -> list[str]:
        """``[dumps(item) for item in items]``, with the texts kept."""
        now: dict[int, tuple[object, str]] = {}
        out = []
        for item in items:
            kept = self._kept.get(id(item))
            if kept is None or kept[0] is not item:
                kept = (item, dumps(item))
            now[id(item)] = kept
            out.append(kept[1])
        self._kept = now
        return out


class KeptBytecode(jinja2.BytecodeCache):
    """Jinja's own bytecode cache, in memory, kept from one build to the next: MkDocs makes
    a new Jinja environment for every build, which would compile every template again.
    Jinja checks each template's source against the checksum it kept; the code is kept per
    kind of environment too (dairly's trims blocks and escapes, MkDocs' does not, and a
    template may be loaded by both)."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, tuple[object, ...]], bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get((bucket.key, compiled_alike(bucket.environment)))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        key = (bucket.key, compiled_alike(bucket.environment))
        self._code[key] = bucket.bytecode_to_string()


def compiled_alike(env: jinja2.Environment) -> tuple[object, ...]:
    """What of ``env`` its compiled templates depend on: the lexer's settings, the
    extensions, escaping, finalizing, async and optimizing (environments alike in these
    compile a template to the same code)."""
    return (
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
        env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        tuple(sorted(env.extensions)), repr(env.autoescape), repr(env.finalize),
        env.is_async, env.optimized,
    )  # fmt: skip
