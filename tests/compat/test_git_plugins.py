"""mkdocs-git-revision-date-localized-plugin and mkdocs-git-authors-plugin in a git repository:
``--strict`` passes, day pages show the date / authors, generated pages do not fail."""

from __future__ import annotations

import pytest

from .conftest import AWKWARD, assert_dairly_output, day_url, git_commit

PLUGINS = {
    "git-revision-date-localized": (
        {"git-revision-date-localized": {"enable_creation_date": True}},
        ".git-revision-date-localized-plugin",
    ),
    "git-authors": ("git-authors", ".git-page-authors"),
}


@pytest.fixture(scope="module", params=sorted(PLUGINS))
def case(request, compat_build):
    plugin, marker = PLUGINS[request.param]
    result = compat_build(
        f"git-{request.param}", ["search", "dairly", plugin], setup=git_commit, strict=True
    )
    return result, marker


def test_strict_build_passes_with_dairly_output(case):
    result, _ = case
    assert_dairly_output(result)
    assert result.problems() == []


def test_day_page_shows_the_plugin_output(case):
    result, marker = case
    assert result.content(day_url(AWKWARD)).select(marker), f"no {marker} on the day page"


@pytest.mark.parametrize("url", ["notes/2021/05/", "notes/", "notes/2021/05/best/", ""])
def test_generated_pages_are_built(case, url):
    result, _ = case
    assert result.content(url).select("h1"), f"{url} has no heading"
