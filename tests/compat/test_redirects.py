"""mkdocs-redirects: an old URL redirects to a day page."""

from __future__ import annotations

import pytest

from .conftest import AWKWARD, assert_dairly_output, day_url


@pytest.fixture(scope="module")
def result(compat_build):
    plugin = {
        "redirects": {
            "redirect_maps": {
                "old/may-10.md": "notes/" + AWKWARD,
                "old/may.md": "notes/2021/05/index.md",
            }
        }
    }
    return compat_build("redirects", ["search", "dairly", plugin], strict=True)


def test_dairly_output(result):
    assert_dairly_output(result)
    assert result.problems() == []


@pytest.mark.parametrize(
    ("old", "target"), [("old/may-10/", day_url(AWKWARD)), ("old/may/", "notes/2021/05/")]
)
def test_redirect_page_points_at_the_page(result, old, target):
    refresh = result.html(old).select_one('meta[http-equiv="refresh"]')
    assert refresh is not None, f"{old} has no refresh"
    assert refresh["content"].endswith("../../" + target), refresh["content"]
    assert result.exists(target)
