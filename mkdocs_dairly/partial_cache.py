"""Parts of Material's page rendered once per group of pages that show them the same.

Material renders the whole navigation sidebar into every page, and a few other partials
and blocks that depend only on the site's settings and the page's folder (the search box,
the icons, the stylesheet and script links, the configuration of its JavaScript). A day
page is not in the nav itself (it opens its month), so all the days of one month get the
same sidebar, byte for byte: the same items open and highlighted, the same relative links
(they sit in the same folder). Rendering these once per month instead of once per day saves
a good part of Material's template time on a large log.

Nothing here knows MkDocs: the caller says which pages share these parts (``key``) and the
cache only wraps Jinja templates and blocks. A part is cached only if it and every template
it uses come from Material's own templates (a site that overrides one may make it depend on
the page), and the cache checks itself: the second page of every group is rendered in full
as well and compared with the first; any difference turns the cache off for the rest of the
build.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any

import jinja2

NAV_TEMPLATE = "partials/nav.html"
# Each cached partial, with what it includes or imports (for a page that is not in the
# nav; the .icons/*.svg it includes are static).
PARTIALS: dict[str, tuple[str, ...]] = {
    NAV_TEMPLATE: ("partials/nav-item.html", "partials/logo.html", "partials/source.html"),
    "partials/search.html": (),
    "partials/icons.html": (),
    "partials/logo.html": (),
    "partials/javascripts/base.html": (),
    "partials/copyright.html": (),
}
# Blocks of Material's base.html that depend only on the settings and the page's folder
# (stylesheet and script links, the JSON configuration of Material's JavaScript), with what
# they include. A site's main.html that overrides one renders its own, uncached.
BASE_TEMPLATE = "base.html"
BASE_BLOCKS: dict[str, tuple[str, ...]] = {
    "styles": ("partials/icons.html",),
    "libs": (),
    "fonts": (),
    "config": (),
    "scripts": (),
}

Key = Callable[[Mapping[str, Any]], Hashable | None]


class PartialCache:
    """Rendered partials per (template, key); ``hits`` and ``renders`` count what it did,
    ``cached`` names the templates it wraps."""

    def __init__(self, key: Key) -> None:
        self._key = key
        self._html: dict[tuple[str, Hashable], str] = {}
        self._checked: set[tuple[str, Hashable]] = set()
        self.cached: list[str] = []
        self.enabled = True
        self.hits = 0
        self.renders = 0

    def wrap(
        self, name: str, render: Callable[[Any], Iterator[str]]
    ) -> Callable[[Any], Iterator[str]]:
        """A replacement for ``render`` (a template's ``root_render_func``, or a block's
        function) that serves cached output."""

        def cached(context: Any) -> Iterator[str]:
            group = self._key(context) if self.enabled else None
            if group is None:
                yield from render(context)
                return
            key = (name, group)
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

        self.cached.append(name)
        return cached


def install(env: jinja2.Environment, key: Key, theme_dir: str) -> PartialCache | None:
    """Cache Material's partials in ``env`` per ``key(context)`` (``None``: render as usual):
    those that, with all they use, come from ``theme_dir`` (Material's own templates)."""
    root = os.path.normcase(os.path.realpath(theme_dir)) + os.sep

    def materials(name: str) -> jinja2.Template | None:
        try:
            template = env.get_template(name)
        except jinja2.TemplateNotFound:
            return None
        filename = os.path.normcase(os.path.realpath(template.filename or ""))
        return template if filename.startswith(root) else None

    cache = PartialCache(key)
    for name, uses in PARTIALS.items():
        template = materials(name)
        if template is None or any(materials(used) is None for used in uses):
            continue
        # Jinja renders an {% include %} through the template's root_render_func; the
        # template object stays in the environment's cache (MkDocs turns auto-reload off).
        template.root_render_func = cache.wrap(name, template.root_render_func)
    base = materials(BASE_TEMPLATE)
    if base is not None:
        for block, uses in BASE_BLOCKS.items():
            if block in base.blocks and all(materials(used) is not None for used in uses):
                # A page's context takes the blocks of base.html from here when it renders.
                name = f"{BASE_TEMPLATE}#{block}"
                base.blocks[block] = cache.wrap(name, base.blocks[block])
    return cache if cache.cached else None
