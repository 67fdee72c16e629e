"""mkdocs-minify-plugin with minify_html, minify_js, minify_css and cache_safe."""

from __future__ import annotations

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


def test_dairly_assets_minified_too(compat_build):
    """The user lists dairly's own stylesheet and script (they are in extra_css and
    extra_javascript, where minify looks for them)."""
    result = compat_build(
        "minify-dairly-assets",
        ["search", "dairly", _minify(["assets/dairly/dairly.css"], ["assets/dairly/dairly.js"])],
    )
    result.ok()
    page = result.html(day_url(AWKWARD))
    hrefs = [
        link["href"] for link in page.select("link[rel=stylesheet]") if "dairly" in link["href"]
    ]
    assert hrefs and all(".min.css" in h for h in hrefs), hrefs
    for ref in hrefs:
        target = (result.path(day_url(AWKWARD)).parent / ref.split("?")[0]).resolve()
        assert target.is_file(), f"{ref} is linked but not in the site"
