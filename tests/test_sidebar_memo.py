"""Material's sidebar rendered once per month for day pages outside the navigation: the same
site byte for byte, and the check of Material's templates that this rests on."""

from __future__ import annotations

from pathlib import Path

import jinja2
import material
import pytest
from mkdocs.config import load_config

from mkdocs_dairly.integrations.material_nav import NAV_TEMPLATE, _check_templates

MATERIAL = Path(material.__file__).parent / "templates"
OFF = (
    "INFO:dairly: sidebar rendered once per month off for this build "
    "(partials/nav.html is not Material's own); building it the plain way"
)


def _site_files(site_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site_dir)): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize(
    "shape",
    ["directory URLs", "file URLs", "a day in the site's nav", "a nav link below a day's folder"],
)
def test_the_sidebar_rendered_once_per_month_gives_the_same_site(make_site, shape) -> None:
    builds, memos = {}, {}
    for name in ("memo", "plain"):
        s = make_site(name)
        for month in ("04", "05"):
            for day in ("01", "02", "03", "04"):
                s.note(f"2021{month}/{month}{day}.md", {"entries": [{"title": f"{month}-{day}"}]})
        s.write("docs/about.md", "# About\n")
        if shape == "file URLs":
            s.config["use_directory_urls"] = False
        if shape == "a day in the site's nav":
            s.config["nav"] = [{"Pinned": "notes/202105/0502.md"}, "notes/index.md", "about.md"]
        if shape == "a nav link below a day's folder":  # relative to 0502/ itself
            s.config["nav"] = [{"Sub": "notes/202105/0502/sub/"}, "notes/index.md", "about.md"]
            s.config["validation"] = {"nav": {"not_found": "info"}}
        if name == "plain":  # Material's own nav.html, from custom_dir: the memo is off
            s.write(f"overrides/{NAV_TEMPLATE}", (MATERIAL / NAV_TEMPLATE).read_text("utf-8"))
            s.config["theme"] = {**s.config["theme"], "custom_dir": "overrides"}
        builds[name] = s.build(strict=True)
        assert builds[name].aborted is None, builds[name].logs
        # (MkDocs keeps one instance of the plugin per process: look now.)
        memos[name] = builds[name].config.plugins["dairly"].build.sidebar
    memo = memos["memo"]
    assert memo is not None and memo.hits >= 4, memo and (memo.hits, memo.renders)
    assert OFF not in builds["memo"].logs
    assert builds["plain"].logs.count(OFF) == 1, builds["plain"].logs
    assert memos["plain"] is None
    assert _site_files(builds["memo"].site_dir) == _site_files(builds["plain"].site_dir)


def _env(tmp_path: Path, templates: dict[str, str]) -> jinja2.Environment:
    """MkDocs' Jinja environment for Material, with ``templates`` over Material's own."""
    (tmp_path / "overrides").mkdir()
    for name, text in templates.items():
        target = tmp_path / "overrides" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8"
    )
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    return config.theme.get_env()


def test_materials_own_sidebar_passes_the_check(tmp_path: Path) -> None:
    found: dict[str, jinja2.Template] = {}
    assert _check_templates(_env(tmp_path, {}), str(MATERIAL), found) is None
    assert {NAV_TEMPLATE, "partials/nav-item.html"} <= set(found)


@pytest.mark.parametrize(
    "use",
    [
        "{{ page.meta.x }}",  # reads the page
        "{% if not (nav_item == page) %}{{ page.url }}{% endif %}",  # true for our pages
        "{% if nav_item != page %}{{ page.title }}{% endif %}",
        "{% set p = page %}",
        "{{ page | string }}",
    ],
)
def test_a_sidebar_that_reads_the_page_fails_the_check(tmp_path: Path, use: str) -> None:
    """A sidebar template (judged as if it were Material's own) that reads the current page
    otherwise than by comparing it with a navigation item: the memo must stay off."""
    env = _env(tmp_path, {NAV_TEMPLATE: use})
    problem = _check_templates(env, str(tmp_path / "overrides"), {})
    assert problem == f"{NAV_TEMPLATE} reads the page otherwise than by comparing it"


@pytest.mark.parametrize(
    "use",
    [
        "{% if nav_item == page %}{{ page.toc }}{% endif %}",
        "{% set c = 'x' if index == page %}",
        "{% if page in nav_item.pages %}{% set nav_item = page %}{% endif %}",
    ],
)
def test_comparisons_and_what_they_guard_pass_the_check(tmp_path: Path, use: str) -> None:
    env = _env(tmp_path, {NAV_TEMPLATE: use})
    assert _check_templates(env, str(tmp_path / "overrides"), {}) is None
