"""Material's sidebar rendered once per group of day pages, through the door.

Material renders the whole navigation sidebar (``partials/nav.html``) into every page. For a
page that is not itself in the navigation — a day page, without ``nav_days`` — the sidebar
depends on the page only through (a) which items are active (the page's ancestors, which
MkDocs marks before rendering), (b) the page's URL, from which every link is made relative,
and (c) comparisons of the page with navigation items (``nav_item == page``), which are
false for it, and what those guard. So all the days of one month, which share their
ancestors and their folder, get the same sidebar byte for byte, and it is rendered once.

What that rests on is checked in every build, not sampled: the sidebar's templates must be
Material's own files (a ``custom_dir`` override of any of them turns this off), and their
source must read the current page only in such comparisons or under an ``if`` that compares
it with a navigation item. Jinja's ``Template.root_render_func`` is wrapped; that too is
checked. If anything is not as expected, the sidebar is rendered for every page as usual.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Hashable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from mkdocs.structure.pages import Page

from ..speed.memo import RenderMemo
from .door import use

NAV_TEMPLATE = "partials/nav.html"


def memoize_sidebar(
    env: jinja2.Environment, theme_dir: str, in_nav: set[int], nav_folders: set[str]
) -> RenderMemo | None:
    """Render Material's sidebar once per group of pages outside the navigation (``in_nav``:
    ids of the pages in it; ``nav_folders``: every folder a navigation URL lies in)."""
    memo = RenderMemo(lambda context: group_of(context, in_nav, nav_folders))
    found: dict[str, jinja2.Template] = {}

    def check() -> str | None:
        return _check_templates(env, theme_dir, found)

    def install() -> None:
        template = found[NAV_TEMPLATE]
        template.root_render_func = memo.wrap(template.root_render_func)

    return memo if use("sidebar rendered once per month", check, install) else None


def group_of(context: Any, in_nav: set[int], nav_folders: set[str]) -> Hashable | None:
    """What the sidebar of ``context``'s page depends on, or ``None`` (render it)."""
    page = context.get("page")
    if not isinstance(page, Page) or id(page) in in_nav:
        return None
    url = page.url
    # With directory URLs, a navigation link below the page's own folder is relative to it.
    if url.endswith("/") and url in nav_folders:
        return None
    ancestors = []
    item = page.parent
    while item is not None:
        ancestors.append(id(item))
        item = item.parent
    return posixpath.dirname(url.rstrip("/")), url.endswith("/"), tuple(ancestors)


def _check_templates(
    env: jinja2.Environment, theme_dir: str, found: dict[str, jinja2.Template]
) -> str | None:
    root = os.path.normcase(os.path.realpath(theme_dir)) + os.sep
    todo, seen = [(NAV_TEMPLATE, False)], set()
    while todo:
        name, guarded = todo.pop()
        if (name, guarded) in seen:
            continue
        seen.add((name, guarded))
        try:
            template = env.get_template(name)
        except jinja2.TemplateNotFound:
            return f"no template {name}"
        filename = os.path.normcase(os.path.realpath(template.filename or ""))
        if not filename.startswith(root):
            return f"{name} is not Material's own"
        if not callable(getattr(template, "root_render_func", None)):
            return "Jinja templates have no root_render_func"
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        uses = list(_uses(_parse(env, source), guarded))
        if not all(_allowed(node, under) for node, under in uses if not _template_of(node)):
            return f"{name} reads the page otherwise than by comparing it"
        found[name] = template
        for node, under in uses:
            todo.extend((t, under) for t in _template_of(node))
    return None


# Template sources parsed, by source and syntax: `mkdocs serve` checks the same ones again
# in every rebuild (the same source and syntax always give the same tree).
_PARSED: dict[tuple[str, ...], nodes.Template] = {}


def _parse(env: jinja2.Environment, source: str) -> nodes.Template:
    syntax = (env.block_start_string, env.variable_start_string, env.comment_start_string,
              env.line_statement_prefix or "", env.line_comment_prefix or "")  # fmt: skip
    key = (source, *syntax)
    tree = _PARSED.get(key)
    if tree is None:
        tree = _PARSED[key] = env.parse(source)
    return tree


def _uses(node: nodes.Node, guarded: bool) -> Iterator[tuple[nodes.Node, bool]]:
    """The uses of ``page`` (a comparison, or the name itself) and the templates included
    or imported, each with whether it lies under an ``if`` that compares ``page`` with a
    navigation item (then it never runs for a page outside the navigation)."""
    if isinstance(node, nodes.Compare) and _allowed(node, False):
        yield node, guarded
        return
    if _is_page(node) or _template_of(node):
        yield node, guarded
    if isinstance(node, nodes.If):
        # Only a test that *is* such a comparison guards its body (not `not (… == page)`).
        compares_page = isinstance(node.test, nodes.Compare) and _allowed(node.test, False)
        yield from _uses(node.test, guarded)
        for child in node.body:
            yield from _uses(child, guarded or compares_page)
        for branch in node.elif_:
            yield from _uses(branch, guarded)
        for child in node.else_:
            yield from _uses(child, guarded)
        return
    for child in node.iter_child_nodes():
        yield from _uses(child, guarded)


def _template_of(node: nodes.Node) -> list[str]:
    """The template an include or import names, if it is a constant ([] otherwise; a
    computed name such as Material's ``".icons/" ~ icon ~ ".svg"`` is a static SVG)."""
    if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport):
        target = node.template
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            return [target.value]
    return []


def _is_page(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "page"


def _allowed(use: nodes.Node, guarded: bool) -> bool:
    if isinstance(use, nodes.Compare):
        operands = [use.expr, *(op.expr for op in use.ops)]
        return any(_is_page(o) for o in operands) and all(op.op in ("eq", "in") for op in use.ops)
    return guarded
