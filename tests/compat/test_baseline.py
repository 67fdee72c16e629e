"""The realistic site with only search and dairly: the reference every other module departs from."""

from __future__ import annotations

from .conftest import assert_dairly_output


def test_realistic_site_builds_strict_with_search_and_dairly(compat_build):
    result = compat_build("baseline", ["search", "dairly"], strict=True)
    assert_dairly_output(result)
    assert result.problems() == []
