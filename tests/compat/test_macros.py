"""mkdocs-macros-plugin: a Jinja expression in a day's Markdown body is rendered."""

from __future__ import annotations

import pytest

from .conftest import BODY, BODY_DAY, assert_dairly_output, day_url


@pytest.fixture(scope="module", params=["dairly-first", "macros-first"])
def result(request, compat_build):
    plugins = (
        ["search", "dairly", "macros"]
        if request.param == "dairly-first"
        else ["search", "macros", "dairly"]
    )
    return compat_build(
        f"macros-{request.param}", plugins, body=BODY + "\nOne plus one is {{ 1 + 1 }}.\n"
    )


def test_dairly_output(result):
    assert_dairly_output(result)


def test_macro_in_day_body_renders(result):
    body = result.content(day_url(BODY_DAY)).select_one(".dairly-day__body")
    assert body is not None, "no .dairly-day__body"
    text = body.get_text(" ", strip=True)
    assert "One plus one is 2." in text, text
    assert [line for line in result.problems() if "macros" in line.lower()] == []
