"""mkdocs-include-markdown-plugin: a directive in a day's body is expanded, in both orders."""

from __future__ import annotations

import pytest

from .conftest import BODY, BODY_DAY, assert_dairly_output, day_url, write

BODY_WITH_INCLUDE = BODY + '\n{% include-markdown "../../snippet.md" %}\n'


def _setup(root):
    write(root, "docs/snippet.md", "Included **snippet** text.\n")


@pytest.fixture(scope="module", params=["dairly-first", "include-first"])
def result(request, compat_build):
    plugins = ["search", "dairly", "include-markdown"]
    if request.param == "include-first":
        plugins = ["search", "include-markdown", "dairly"]
    return compat_build(f"include-{request.param}", plugins, setup=_setup, body=BODY_WITH_INCLUDE)


def test_dairly_output(result):
    assert_dairly_output(result)


def test_directive_in_day_body_is_expanded(result):
    body = result.content(day_url(BODY_DAY)).select_one(".dairly-day__body")
    assert body is not None, "no .dairly-day__body"
    assert "include-markdown" not in body.get_text(), (
        f"the directive is left as text: {body.get_text(' ', strip=True)!r}"
    )
    strong = body.select_one("strong")
    assert strong is not None and strong.get_text() == "snippet", f"no included snippet in {body}"
