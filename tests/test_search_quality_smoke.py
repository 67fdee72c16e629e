"""The search benchmark (benchmarks/search_quality.py): its judging rules, and one tiny run in
Chromium (no number is asserted about the search itself)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .browserkit import search_keystrokes

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "search_quality.py"


@pytest.fixture(scope="module")
def quality() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dairly_search_quality", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_contains_is_case_and_space_blind_but_not_across_latin_words(quality) -> None:
    assert quality.contains("用 LoRA 微调大模型", "lora微调")
    assert quality.contains("用LoRA微调", "LoRA 微调")
    assert quality.contains("本文\u200b改进\u200b了\u200b目标\u200b检测", "目标检测")
    assert not quality.contains("训练目标与检测头", "目标检测")
    assert quality.contains("Swin Transformer 架构", "Transformer 架构")
    assert not quality.contains("GLoRA 微调", "LoRA 微调")  # a Latin start at a word start
    assert quality.contains("swin-transformer", "Transformer")
    assert not quality.contains("deep learning", "deeplearning")


def test_terms_are_enough_and_the_archive_is_the_same_every_time(quality) -> None:
    assert len(quality.TERMS) >= 60
    assert len({term for _, term in quality.TERMS}) == len(quality.TERMS)
    assert {kind for kind, _ in quality.TERMS} == {"zh", "zh-word", "mixed", "en"}
    assert quality.make_days(3) == quality.make_days(3)
    assert quality.make_days(2) == quality.make_days(3)[:2]


def test_chinese_is_committed_word_by_word_and_latin_typed() -> None:
    assert search_keystrokes("LoRA 微调") == [("keys", "LoRA "), ("ime", "微调")]
    assert search_keystrokes("目标检测") in (
        [("ime", "目标检测")],
        [("ime", "目标"), ("ime", "检测")],
    )
    assert search_keystrokes("Transformer") == [("keys", "Transformer")]


@pytest.mark.browser
def test_a_tiny_run_prints_the_tables(quality, tmp_path: Path, capsys) -> None:
    argv = ["--days", "3", "--terms", "2", "--variants", "typed-first"]
    argv += ["--keep", str(tmp_path), "--json", str(tmp_path / "r.json")]
    assert quality.main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("Machine: ")
    assert "| 目标检测 | zh |" in out
    assert "| typed-first | " in out and "| baseline | " not in out
    assert (tmp_path / "typed-first" / "site" / "search" / "search_index.json").is_file()
    assert (tmp_path / "r.json").is_file()
