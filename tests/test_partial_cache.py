"""The partial cache: Jinja only, no MkDocs (the build tests compare real sites)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from mkdocs_dairly.partial_cache import NAV_TEMPLATE, PARTIALS, install

# A page includes the nav, as Material's base.html does; the nav shows the open month.
MAIN = "<title>{{ page.title }}</title><nav>{% include 'partials/nav.html' %}</nav>"
NAV = "{% for m in months %}<a{% if m == page.month %} class=active{% endif %}>{{ m }}</a>{% endfor %}"


def _env(theme: Path, overrides: Path | None = None) -> jinja2.Environment:
    (theme / "partials").mkdir(parents=True, exist_ok=True)
    for name in (NAV_TEMPLATE, *PARTIALS[NAV_TEMPLATE]):
        (theme / name).write_text(NAV if name == NAV_TEMPLATE else "", encoding="utf-8")
    (theme / "main.html").write_text(MAIN, encoding="utf-8")
    folders = [str(theme)] if overrides is None else [str(overrides), str(theme)]
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folders), auto_reload=False)


def by_month(context: Mapping[str, Any]) -> Hashable | None:
    return context["page"]["month"]


PAGES = [{"title": f"day {d}", "month": m} for m in ("2024-01", "2024-02") for d in range(1, 6)]
MONTHS = ["2024-01", "2024-02"]


def _render_all(env: jinja2.Environment) -> list[str]:
    main = env.get_template("main.html")
    return [main.render(page=page, months=MONTHS) for page in PAGES]


def test_each_group_renders_twice_then_comes_from_the_cache(tmp_path: Path) -> None:
    expected = _render_all(_env(tmp_path / "plain"))
    env = _env(tmp_path / "theme")
    cache = install(env, by_month, str(tmp_path / "theme"))
    assert cache is not None
    assert _render_all(env) == expected
    assert (cache.renders, cache.hits) == (4, 6)  # two checked renders per month
    assert cache.enabled


def test_a_nav_that_differs_within_a_group_turns_the_cache_off(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    env = _env(theme)
    (theme / "partials" / "nav.html").write_text(NAV + "{{ page.title }}", encoding="utf-8")
    expected = _render_all(_env(tmp_path / "plain"))
    expected = [
        html.replace("</nav>", f"{p['title']}</nav>")
        for html, p in zip(expected, PAGES, strict=True)
    ]
    cache = install(env, by_month, str(theme))
    assert cache is not None
    assert _render_all(env) == expected
    assert not cache.enabled
    assert cache.hits == 0


def test_pages_without_a_key_are_rendered_as_usual(tmp_path: Path) -> None:
    env = _env(tmp_path / "theme")
    cache = install(env, lambda context: None, str(tmp_path / "theme"))
    assert cache is not None
    assert _render_all(env) == _render_all(_env(tmp_path / "plain"))
    assert (cache.renders, cache.hits) == (0, 0)


def test_not_installed_when_the_site_overrides_a_nav_template(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "nav-item.html").write_text("{{ page.title }}", encoding="utf-8")
    env = _env(tmp_path / "theme", overrides)
    cache = install(env, by_month, str(tmp_path / "theme"))
    assert cache is not None and cache.cached == ["partials/logo.html"]  # not the nav


def test_not_installed_without_the_nav_templates(tmp_path: Path) -> None:
    (tmp_path / "main.html").write_text(MAIN, encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    assert install(env, by_month, str(tmp_path)) is None


BASE = "<head>{% block config %}<script>{{ page.month }}</script>{% endblock %}</head>" + MAIN
CHILD = "{% extends 'base.html' %}"


def _base_env(theme: Path, main: str) -> jinja2.Environment:
    env = _env(theme)
    (theme / "base.html").write_text(BASE, encoding="utf-8")
    (theme / "main.html").write_text(main, encoding="utf-8")
    return env


def test_blocks_of_base_html_are_cached_unless_main_html_overrides_them(tmp_path: Path) -> None:
    expected = [
        f"<head><script>{p['month']}</script></head>" + html
        for p, html in zip(PAGES, _render_all(_env(tmp_path / "plain")), strict=True)
    ]
    env = _base_env(tmp_path / "theme", CHILD)
    cache = install(env, by_month, str(tmp_path / "theme"))
    assert cache is not None and "base.html#config" in cache.cached
    assert _render_all(env) == expected
    assert cache.hits == 12  # nav and block: 3 of 5 pages per month from the cache

    own = CHILD + "{% block config %}<i>{{ page.title }}</i>{{ super() }}{% endblock %}"
    env = _base_env(tmp_path / "own", own)
    cache = install(env, by_month, str(tmp_path / "own"))
    assert cache is not None
    rendered = _render_all(env)
    for page, html in zip(PAGES, rendered, strict=True):  # the override's own part per page
        assert html.startswith(f"<head><i>{page['title']}</i><script>{page['month']}</script>")
