"""mkdocs-minify-plugin with minify_html, minify_js, minify_css and cache_safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import AWKWARD, assert_dairly_output, day_url, write

EXTRA_CSS = ".note-extra {\n    color: red;\n}\n"
EXTRA_JS = "function hello() {\n    return 1;\n}\n"


def _setup(root):
    write(root, "docs/stylesheets/extra.css", EXTRA_CSS)
    write(root, "docs/javascripts/extra.js", EXTRA_JS)


def _minify(css, js):
    return {
        "minify": {
            "minify_html": True,
            "minify_js": True,
            "minify_css": True,
            "cache_safe": True,
            "js_files": js,
            "css_files": css,
        }
    }


@pytest.fixture(scope="module")
def result(compat_build):
    return compat_build(
        "minify",
        ["search", "dairly", _minify(["stylesheets/extra.css"], ["javascripts/extra.js"])],
        setup=_setup,
        extra_css=["stylesheets/extra.css"],
        extra_javascript=["javascripts/extra.js"],
    )


def test_dairly_output(result):
    assert_dairly_output(result)


def test_day_page_html_is_minified(result):
    text = result.text(day_url(AWKWARD))
    assert "\n    <" not in text and "\n\n" not in text, "the day page's HTML is not minified"


def test_pages_link_the_hashed_minified_assets(result):
    page = result.html(day_url(AWKWARD))
    hrefs = [link["href"] for link in page.select("link[rel=stylesheet]")]
    srcs = [s["src"] for s in page.select("script[src]")]
    css = [h for h in hrefs if "extra." in h]
    js = [s for s in srcs if "extra." in s]
    assert css and css[0].endswith(".min.css"), hrefs
    assert js and js[0].endswith(".min.js"), srcs
    for ref in css + js:
        target = (result.path(day_url(AWKWARD)).parent / ref.split("?")[0]).resolve()
        assert target.is_file(), f"{ref} is linked but not in the site"


def _own_copies(root):
    """minify's `cache_safe` reads the files it lists from docs_dir or custom_dir only;
    dairly's stylesheet and script come from its own theme folder. The documented way:
    copy them into custom_dir (which also makes them yours to change)."""
    import mkdocs_dairly

    assets = Path(mkdocs_dairly.__file__).parent / "site/templates/assets/dairly"
    for name in ("dairly.css", "dairly.js"):
        write(root, f"overrides/assets/dairly/{name}", (assets / name).read_text("utf-8"))


def test_dairly_assets_minified_from_copies_in_custom_dir(compat_build):
    result = compat_build(
        "minify-dairly-assets",
        ["search", "dairly", _minify(["assets/dairly/dairly.css"], ["assets/dairly/dairly.js"])],
        setup=_own_copies,
        theme={"name": "material", "language": "zh", "custom_dir": "overrides"},
    )
    result.ok()
    page = result.html(day_url(AWKWARD))
    hrefs = [
        link["href"] for link in page.select("link[rel=stylesheet]") if "dairly" in link["href"]
    ]
    srcs = [s["src"] for s in page.select("script[src]") if "dairly" in s["src"]]
    assert hrefs and all(".min.css" in h for h in hrefs), hrefs
    assert srcs and all(".min.js" in s for s in srcs), srcs
    for ref in hrefs + srcs:
        target = (result.path(day_url(AWKWARD)).parent / ref.split("?")[0]).resolve()
        assert target.is_file(), f"{ref} is linked but not in the site"
        assert "\n    " not in target.read_text("utf-8"), f"{ref} is not minified"
