"""Chinese word segmentation for Material's search index, done once per distinct short run.

Material's search plugin splits every run of Han characters into words with jieba and joins
them with zero-width spaces, calling jieba for each run of each section. A reading log
repeats its short runs ("论文", "代码", "多模态") thousands of times, so remembering their
words halves the segmentation work of a build without changing a byte of the index.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from backrefs import bre

# The same pattern as Material's ``SearchIndex._segment_chinese``.
HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
ZWSP = "\u200b"
# Short runs are the ones that recur (words, labels, titles); long ones are sentences that
# rarely do, so only short runs are remembered, which keeps the memory small.
MEMO_MAX_CHARS = 8
# Checked against Material's own segmentation before it is replaced (see ``install``).
PROBE = "每日阅读笔记 Daily 论文：机器学习，代码 and 中文搜索"


def jieba_cut(run: str) -> Iterable[str]:
    """jieba's words of ``run``, as Material's search cuts them (jieba is looked up on each
    call, as Material does, so a segmenter kept across builds follows jieba)."""
    import jieba

    return jieba.cut(run)


class ChineseSegmenter:
    """``segmenter(text)``: ``text`` with each Han run replaced by its words, each run
    framed by and its words joined with zero-width spaces, as Material's search does it."""

    def __init__(
        self, cut: Callable[[str], Iterable[str]], memo_max_chars: int | None = MEMO_MAX_CHARS
    ) -> None:
        self._cut = cut
        self._memo_max_chars = memo_max_chars  # None: remember every run
        self._runs: dict[str, str] = {}

    def __call__(self, data: str) -> str:
        return HAN.sub(self._replace, data).strip(ZWSP)

    def _replace(self, match: re.Match[str]) -> str:
        run = match.group(0)
        words = self._runs.get(run)
        if words is None:
            words = ZWSP + ZWSP.join(self._cut(run)) + ZWSP
            if self._memo_max_chars is None or len(run) <= self._memo_max_chars:
                self._runs[run] = words
        return words


def cuts_alike(material_segment: object, segmenter: ChineseSegmenter) -> bool:
    """Whether ``material_segment`` (Material's ``_segment_chinese``) cuts the probe text
    exactly as ``segmenter`` does (False if it is not there as expected)."""
    if not callable(material_segment):
        return False
    try:
        return bool(material_segment(PROBE) == segmenter(PROBE))
    except Exception:  # a changed private method of another plugin: leave it alone
        return False


@contextmanager
def quiet_jieba() -> Iterator[None]:
    """jieba loads its dictionary on first use and says so on stderr: load it now, quietly,
    and leave its logger as it was."""
    import jieba

    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        jieba.initialize()
        yield
    finally:
        logger.setLevel(level)
