"""mkdocs-git-revision-date-localized-plugin and mkdocs-git-authors-plugin in a git repository:
``--strict`` passes, day pages show the date / authors, generated pages do not fail."""

from __future__ import annotations

import pytest

from .conftest import AWKWARD, assert_dairly_output, day_url, git_commit

GENERATED_BY_DAIRLY = [
    "index.md", "notes/index.md", "notes/explore.md", "notes/*/index.md", "notes/*/best.md"
]  # fmt: skip

PLUGINS = {
    "git-revision-date-localized": (
        {"git-revision-date-localized": {"enable_creation_date": True}},
        ".git-revision-date-localized-plugin",
    ),
    # git-authors warns about every page whose source git has no history for, generated
    # pages of any plugin included; the compatibility page documents this `exclude`.
    "git-authors": (
        {"git-authors": {"exclude": GENERATED_BY_DAIRLY}},
        # Material shows the page's authors (from git-authors) below the content.
        'a[href="mailto:ada@example.org"]',
    ),
}


def test_without_the_exclude_git_authors_warns_once_per_generated_page(compat_build):
    """The reasoned exception, measured: without `exclude`, one warning per generated page
    and none for a day note (committed) or a page of the site's own."""
    result = compat_build(
        "git-authors-plain", ["search", "dairly", "git-authors"], setup=git_commit
    )
    warned = [line for line in result.logs if line.startswith("WARNING:[git-authors-plugin]")]
    assert warned, result.logs
    assert all("has not been committed yet" in line for line in warned), warned
    assert not [
        line
        for line in warned
        if "/notes/20" in line
        and line.endswith(".md")
        and "best.md" not in line
        and "index.md" not in line
    ], warned


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
