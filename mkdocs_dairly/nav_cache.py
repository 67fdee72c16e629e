"""Material's navigation rendered once per group of pages that show the same navigation.

Material renders the whole navigation sidebar into every page. A day page is not in the nav
itself (it opens its month), so all the days of one month get the same sidebar, byte for
byte: the same items open and highlighted, the same relative links (they sit in the same
folder). Rendering it once per month instead of once per day saves most of Material's
template time on a large log.

Nothing here knows MkDocs: the caller says which pages share a sidebar (``key``) and the
cache only wraps the Jinja template of ``partials/nav.html``. It is installed only on
Material's own navigation templates (a site that overrides one may make it depend on the
page), and it checks itself: the second page of every group is rendered in full as well and
compared with the first; any difference turns the cache off for the rest of the build.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any

import jinja2

NAV_TEMPLATE = "partials/nav.html"
# Everything Material's nav.html includes or imports for a page that is not in the nav.
NAV_TEMPLATES = (
    NAV_TEMPLATE,
    "partials/nav-item.html",
    "partials/logo.html",
    "partials/source.html",
)


class NavCache:
    """The rendered sidebar per key; ``hits`` and ``renders`` count what it did."""

    def __init__(self, key: Callable[[Mapping[str, Any]], Hashable | None]) -> None:
        self._key = key
        self._html: dict[Hashable, str] = {}
        self._checked: set[Hashable] = set()
        self.enabled = True
        self.hits = 0
        self.renders = 0

    def wrap(self, render: Callable[[Any], Iterator[str]]) -> Callable[[Any], Iterator[str]]:
        """A replacement for a template's ``root_render_func`` that serves cached output."""

        def cached(context: Any) -> Iterator[str]:
            key = self._key(context) if self.enabled else None
            if key is None:
                yield from render(context)
                return
            if key in self._checked:
                self.hits += 1
                yield self._html[key]
                return
            html = "".join(render(context))
            self.renders += 1
            first = self._html.setdefault(key, html)
            if first is not html:  # the group's second page: the check
                if first == html:
                    self._checked.add(key)
                else:
                    self.enabled = False
            yield html

        return cached


def install(
    env: jinja2.Environment,
    key: Callable[[Mapping[str, Any]], Hashable | None],
    theme_dir: str,
) -> NavCache | None:
    """Cache ``partials/nav.html`` in ``env`` per ``key(context)`` (``None``: render as
    usual), if every template the nav uses comes from ``theme_dir`` (Material's own)."""
    try:
        templates = [env.get_template(name) for name in NAV_TEMPLATES]
    except jinja2.TemplateNotFound:
        return None
    root = os.path.normcase(os.path.realpath(theme_dir)) + os.sep
    for template in templates:
        filename = template.filename or ""
        if not os.path.normcase(os.path.realpath(filename)).startswith(root):
            return None
    cache = NavCache(key)
    nav = templates[0]
    # Jinja renders an {% include %} through the template's root_render_func; the template
    # object stays in the environment's cache (MkDocs turns auto-reload off).
    nav.root_render_func = cache.wrap(nav.root_render_func)
    return cache
