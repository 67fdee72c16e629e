"""Smoke test of the benchmark (benchmarks/bench.py): it generates and builds all three shapes.

No timing is asserted; this only checks that the tool works, at N = 30 with one build each.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"
N = 30


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dairly_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _load_bench()


def test_days_are_deterministic_and_prefix_stable(bench: ModuleType) -> None:
    assert bench.make_days(5) == bench.make_days(5)
    assert bench.make_days(3) == bench.make_days(5)[:3]
    day = bench.make_days(1)[0]
    assert len(day.entries) == 6
    entry = day.entries[0]
    assert entry.image.startswith("https://mmbiz.qpic.cn/")
    assert len(entry.tips) > 60 and entry.tips.endswith("。")


def test_generate_writes_each_shape(bench: ModuleType, tmp_path: Path) -> None:
    for shape in bench.SHAPES:
        root = bench.generate(shape, 3, tmp_path / shape)
        assert (root / "mkdocs.yml").is_file()
    assert len(list((tmp_path / "dairly" / "docs" / "notes").rglob("*.md"))) == 3
    hand = (tmp_path / "handwritten" / "docs" / "notes" / "201601" / "0101.md").read_text("utf-8")
    assert hand.startswith("# 公众号内容拓展学习笔记（2016.1.1）")
    assert ":star:" in hand and "- Abstract:" in hand and "<div align=center><img src=" in hand
    assert len(list((tmp_path / "blog" / "docs" / "blog" / "posts").glob("*.md"))) == 3
    with pytest.raises(ValueError, match="unknown shape"):
        bench.generate("wiki", 3, tmp_path / "wiki")


def test_cli_builds_all_three_shapes_and_prints_the_table(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    json_path = tmp_path / "results.json"
    assert (
        bench.main(
            ["--days", str(N), "--reps", "1", "--keep", str(tmp_path), "--json", str(json_path)]
        )
        == 0
    )
    out = capsys.readouterr().out

    for shape in bench.SHAPES:
        site = tmp_path / shape / "site"
        assert (site / "index.html").is_file(), f"{shape}: no home page"
        assert len(bench.day_pages(shape, site)) == N, f"{shape}: wrong number of day pages"
        assert f"\n| {shape} | {N} | " in out, f"{shape}: no table row"
    assert "| dairly / handwritten |" in out
    assert "| dairly / blog |" in out
    assert out.startswith("Machine: ")

    data = json.loads(json_path.read_text("utf-8"))
    assert [r["shape"] for r in data["results"]] == list(bench.SHAPES)
    assert all(r["day_page_count"] == N and r["home"] for r in data["results"])

    # A saved run prints the same tables again.
    assert bench.main(["--report", str(json_path)]) == 0
    again = capsys.readouterr().out
    assert again == out
