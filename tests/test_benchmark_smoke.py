"""Smoke test of the benchmark (benchmarks/bench.py): it generates and builds all three shapes.

No timing is asserted; this only checks that the tool works, at N = 30 with one build each.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
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
        site = tmp_path / shape / "site-1"  # each build gets a new site folder
        assert (site / "index.html").is_file(), f"{shape}: no home page"
        assert len(bench.day_pages(shape, site)) == N, f"{shape}: wrong number of day pages"
        assert f"\n| {shape} | {N} | " in out, f"{shape}: no table row"
    assert "| dairly / handwritten |" in out
    assert "| dairly / blog |" in out
    assert out.startswith("Machine: ")

    data = json.loads(json_path.read_text("utf-8"))
    assert [r["shape"] for r in data["results"]] == list(bench.SHAPES)
    assert all(r["day_page_count"] == N and r["home"] for r in data["results"])

    assert "| median day page ≤ 30 KB |" in out
    assert "| time ≤ 0.6 × handwritten at N ≥ 1,000 |" in out
    assert out.splitlines()[0].endswith("; no competitor")
    # CPU time: user + system of the build and the processes it forked, a positive number.
    for shape in bench.SHAPES:
        row = next(line for line in out.splitlines() if line.startswith(f"| {shape} | {N} |"))
        assert float(row.split("|")[4]) > 0

    # A saved run prints the same tables again.
    assert bench.main(["--report", str(json_path)]) == 0
    again = capsys.readouterr().out
    assert again == out


def _result(bench: ModuleType, shape: str, days: int, seconds: float, rss: float, page: float):
    sample = bench.BuildSample(seconds=seconds, peak_rss_mb=rss)
    return bench.ShapeResult(shape, days, [sample], day_page_median=page)


def test_targets_say_what_is_met(bench: ModuleType) -> None:
    small = [_result(bench, "dairly", 365, 3.65, 100, 25_000)]
    results = [
        _result(bench, "dairly", 3650, 36.5, 120, 27_000),  # 10 ms a day, as at 365
        _result(bench, "handwritten", 3650, 50.0, 100, 38_000),  # dairly at 0.73×
        _result(bench, "blog", 3650, 730.0, 500, 25_000),  # 20× the dairly time
    ]
    table = bench.format_targets(results, small)
    assert "| time ≤ 0.6 × handwritten at N ≥ 1,000 | 0.73× | **no** |" in table
    assert "| ≥ 15 × faster than blog at N = 3,650 | 20.00× | yes |" in table
    assert "| median day page ≤ 30 KB | 27,000 bytes | yes |" in table
    assert "| peak RSS ≤ 1.2 × handwritten | 1.20× | yes |" in table
    assert (
        "| median day page within 10 % of N = 365 | +8.0% (25,000 → 27,000 bytes) | yes |" in table
    )
    assert "| time per day ≤ 1.1 × at N = 365 | 10.0 vs 10.0 ms (1.00×) | yes |" in table
    assert "N = 365" not in bench.format_targets(results)  # no smaller run, no growth rows
    at_1000 = [replace(r, days=1000) for r in results]
    assert "| ≥ 15 × faster than blog at N = 3,650 | 20.00× | — |" in bench.format_targets(at_1000)
    assert "| time ≤ 0.6 × handwritten at N ≥ 1,000 | 0.73× | **no** |" in bench.format_targets(
        at_1000
    )
    faster = [_result(bench, "dairly", 1000, 10.0, 100, 25_000),
              _result(bench, "handwritten", 1000, 20.0, 100, 25_000)]  # fmt: skip
    assert "| time ≤ 0.6 × handwritten at N ≥ 1,000 | 0.50× | yes |" in bench.format_targets(faster)
    at_365 = [replace(r, days=365) for r in results]
    assert "| time ≤ 0.6 × handwritten at N ≥ 1,000 | 0.73× | — |" in bench.format_targets(at_365)


def test_competitors_spin_while_the_block_runs_and_stop_after(bench: ModuleType) -> None:
    with bench.competitors(2) as procs:
        assert len(procs) == 2 and all(proc.poll() is None for proc in procs)
    assert all(proc.returncode is not None for proc in procs)


def test_serve_edit_times_both_servers_and_prints_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """benchmarks/serve_edit.py at N = 8, one edit of each day per server: both servers
    served every edit and the table says so (no timing asserted)."""
    serve_edit_path = BENCH.with_name("serve_edit.py")
    spec = importlib.util.spec_from_file_location("dairly_serve_edit", serve_edit_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    out = tmp_path / "serve.json"
    assert (
        module.main(["--days", "8", "--edits", "1", "--full-edits", "1", "--json", str(out)]) == 0
    )
    runs = json.loads(out.read_text("utf-8"))
    assert [(r["days"], r["mode"]) for r in runs] == [(8, "reuse"), (8, "full")]
    for run in runs:
        assert len(run["newest"]) == len(run["middle"]) == 1
        assert run["peak_mb"] >= run["first_peak_mb"] > 0
    table = capsys.readouterr().out
    assert "| 8 | reuse |" in table and "| 8 | full |" in table
