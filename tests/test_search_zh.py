"""The memoized Chinese segmenter gives Material's search exactly the index it would build."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from typing import Any

import jieba
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchIndex

from mkdocs_dairly.integrations.material_search import memoize_segmentation
from mkdocs_dairly.speed.search_zh import ChineseSegmenter

from .conftest import Site

logging.getLogger("jieba").setLevel(logging.WARNING)

# Han runs of real words and single characters, Latin words, CJK punctuation and spaces.
PIECES = st.sampled_from(
    ["论文", "代码", "机器学习", "的", "多模态", "语义分割", "公众号内容拓展学习笔记", "㐀",
     "Daily", "AI", " ", "：", "，", "。", "-", "\u200b", "\n", "2021年5月", "⺁"]
)  # fmt: skip


def material_segment(text: str) -> str:
    """Material's own method (it does not use its instance)."""
    return SearchIndex._segment_chinese(SearchIndex.__new__(SearchIndex), text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=20))
def test_segmenter_equals_materials_segmentation(pieces: list[str]) -> None:
    segment = ChineseSegmenter(jieba.cut)
    text = "".join(pieces)
    assert segment(text) == material_segment(text)
    assert segment(text) == material_segment(text)  # the second time from memory


def test_installed_only_where_the_index_segments_like_it(caplog) -> None:
    index = SearchIndex.__new__(SearchIndex)
    segmenter = ChineseSegmenter(jieba.cut)
    assert memoize_segmentation(index, segmenter) is True
    assert index._segment_chinese is segmenter  # type: ignore[comparison-overlap]

    class Different:
        def _segment_chinese(self, text: str) -> str:
            return text

    other = Different()
    assert memoize_segmentation(other, segmenter) is False
    assert other._segment_chinese != segmenter
    assert memoize_segmentation(object(), segmenter) is False


def _entries(site: Site, location_prefix: str) -> list[dict[str, Any]]:
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    index = json.loads((build.site_dir / "search/search_index.json").read_text("utf-8"))
    return [d for d in index["docs"] if d["location"].startswith(location_prefix)]


def test_pages_index_the_same_with_and_without_dairly(site: Site, make_site: Any) -> None:
    about = "# 关于\n\n每日阅读笔记：机器学习论文、代码和多模态。\n\n## 语义分割\n\n公众号内容拓展学习笔记 and more.\n"
    site.write("docs/about.md", about)
    site.note("202105/0511.md", {"entries": [{"title": "机器学习论文", "stars": 3}]})
    plain = make_site("plain", {"site_name": "t", "theme": {"name": "material", "language": "zh"},
                                "plugins": ["search"]})  # fmt: skip
    plain.write("docs/about.md", about)
    plain.write("docs/index.md", "# Home\n")
    with_dairly = _entries(site, "about/")
    assert len(with_dairly) == 2
    assert with_dairly == _entries(plain, "about/")
    assert "\u200b机器\u200b学习\u200b" in with_dairly[0]["text"]


@pytest.fixture
def cut_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts jieba.cut is called with from now on (by Material or by dairly)."""
    calls: list[str] = []
    cut = jieba.cut

    def counting_cut(sentence: str | bytes, *args: Any, **kwargs: Any) -> Any:
        calls.append(sentence.decode() if isinstance(sentence, bytes) else sentence)
        return cut(sentence, *args, **kwargs)

    monkeypatch.setattr(jieba, "cut", counting_cut)
    return calls


def test_a_build_segments_each_distinct_run_once(site: Site, cut_calls: list[str]) -> None:
    site.config["plugins"] = ["search", "dairly"]  # segment here
    for day in range(1, 6):
        site.note(f"202105/05{day:02d}.md", {"entries": [{"title": "机器学习论文", "stars": 3}]})
    site.build(strict=True)
    assert cut_calls.count("机器学习论文") == 1


def test_without_a_limit_every_run_is_remembered() -> None:
    calls: list[str] = []

    def cut(text: str) -> list[str]:
        calls.append(text)
        return list(jieba.cut(text))

    long_run = "预训练卷积神经网络在图像分类任务上表现优异"
    bounded, unbounded = ChineseSegmenter(cut), ChineseSegmenter(cut, memo_max_chars=None)
    assert bounded(long_run) == bounded(long_run) == unbounded(long_run) == unbounded(long_run)
    assert calls == [long_run, long_run, long_run]  # the bounded one cut it twice


def test_serve_rebuilds_segment_nothing_they_segmented_before(
    site: Site, cut_calls: list[str]
) -> None:
    title = "一个只在这次测试里出现的很长的中文标题用来计数"  # longer than the build's memo limit
    site.config["plugins"] = ["search", "dairly"]  # segment here
    site.note("202105/0511.md", {"entries": [{"title": title, "stars": 3}]})
    site.build(serve=True)
    site.build(serve=True)
    assert cut_calls.count(title) == 1
    site.build()  # a plain build remembers short runs only
    site.build()
    assert cut_calls.count(title) == 3


def test_a_site_searching_in_another_language_does_not_load_jieba(site: Site) -> None:
    """Checking the memoized segmenter needs jieba's dictionary; Material would not load it."""
    site.config["theme"]["language"] = "en"
    site.config["site_name"] = "Reading log"  # Material would cut a Chinese name with jieba
    site.note("202105/0511.md", {"entries": [{"title": "Machine learning", "stars": 3}]})
    (site.root / "docs").mkdir(exist_ok=True)
    site.write("mkdocs.yml", yaml.safe_dump(site.config))
    script = (
        "import jieba; from mkdocs.config import load_config; "
        "from mkdocs.commands.build import build; "
        "config = load_config('mkdocs.yml'); "
        "config.plugins.on_startup(command='build', dirty=False); build(config); "
        "print(jieba.dt.initialized)"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=site.root,
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert result.stdout.strip() == "False", result.stderr


def test_a_build_leaves_jiebas_logger_as_it_was(site) -> None:
    """jieba's dictionary is loaded quietly, and its logger's level is given back."""
    logger = logging.getLogger("jieba")
    before = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        site.note("202105/0511.md", {"entries": [{"title": "多模态预训练"}]})
        build = site.build(strict=True)
        assert build.aborted is None, build.logs
        assert logger.level == logging.DEBUG
    finally:
        logger.setLevel(before)


def test_when_the_check_fails_the_same_index_is_built_the_plain_way(make_site, monkeypatch) -> None:
    """The door: a failed check turns the memoized segmenter off with one INFO line, and
    Material segments the same text the same way itself."""
    import mkdocs_dairly.integrations.material_search as door_side

    indexes, logs = {}, {}
    for name in ("memo", "plain"):
        if name == "plain":
            monkeypatch.setattr(door_side, "cuts_alike", lambda *args: False)
        s = make_site(name)
        s.note("202105/0511.md", {"title": "多模态预训练", "entries": [{"title": "中文搜索 论文"}]})
        build = s.build(strict=True)
        assert build.aborted is None, build.logs
        indexes[name] = (build.site_dir / "search/search_index.json").read_bytes()
        logs[name] = build.logs
    off = (
        "INFO:dairly: search: memoized Chinese segmentation off for this build (Material's "
        "_segment_chinese does not cut the probe text as jieba does); building it the plain way"
    )
    assert off not in logs["memo"] and logs["plain"].count(off) == 1, logs["plain"]
    assert indexes["memo"] == indexes["plain"]
