"""mkdocs-static-i18n (docs_structure: suffix, two languages): the site builds, the day
pages exist in both languages with their cards."""

from __future__ import annotations

import pytest

from .conftest import AWKWARD, assert_dairly_output, day_url, write

I18N = {
    "i18n": {
        "docs_structure": "suffix",
        "languages": [
            {"locale": "en", "default": True, "name": "English", "build": True},
            {"locale": "zh", "name": "中文", "build": True},
        ],
    }
}


def _setup(root):
    write(root, "docs/about.zh.md", "# 关于\n\n为什么写阅读笔记。\n")
    write(root, "docs/index.zh.md", "# 我的阅读笔记（中文）\n\n介绍。\n")


@pytest.fixture(scope="module")
def result(compat_build):
    return compat_build("i18n-suffix", ["search", "dairly", I18N], setup=_setup)


def test_dairly_output_in_default_language(result):
    assert_dairly_output(result)


def test_day_page_in_second_language(result):
    cards = result.content("zh/" + day_url(AWKWARD)).select("article.dairly-entry")
    assert len(cards) == 2, f"zh/{day_url(AWKWARD)} has {len(cards)} cards"


def test_translated_about_page(result):
    assert result.content("zh/about/").h1.get_text(strip=True) == "关于"
