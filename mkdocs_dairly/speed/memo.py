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
from typing import Any

Render = Callable[[Any], Iterator[str]]
Key = Callable[[Any], Hashable | None]


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
