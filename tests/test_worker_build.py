"""Real builds with the worker process: the same site, byte for byte, as without it."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from mkdocs_dairly import worker as worker_module
from mkdocs_dairly.worker import Queue, Worker

from .conftest import Site

pytestmark = pytest.mark.skipif(not worker_module.available(), reason="needs Linux, 2 CPUs")


def _write_days(site: Site) -> None:
    for month in ("04", "05"):
        for day in range(1, 21):
            entries = [
                {
                    "title": f"第{n}篇：多模态预训练模型 {month}-{day:02d}",
                    "url": f"https://example.org/{month}/{day}/{n}",
                    "stars": n % 4,
                    "abstract": "提出一种**轻量化**的目标检测方法，速度显著提升。",
                    "tips": f"对比学习与自监督 `CLIP` 的实验 {n}",
                    "code": "https://github.com/owner/repo",
                }
                for n in range(1, 4)
            ]
            if (month, day) == ("04", 3):
                entries[0]["paper"] = "javascript:alert(1)"  # refused: one warning
            site.note(f"2021{month}/{month}{day:02d}.md", {"entries": entries})
    # A day with its own Markdown body is always rendered by the build process.
    site.note("202105/0521.md", {"entries": [{"title": "有正文的一天"}]}, "## 正文\n\n笔记。\n")
    site.write("docs/about.md", "# 关于\n\n每日阅读笔记：机器学习论文、代码。\n")


def _files(site_dir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site_dir).as_posix(): p.read_bytes()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file() and p.name != "sitemap.xml.gz"  # gzip stamps the time
    }


def _build(site: Site, worker: bool) -> Any:
    site.config["plugins"] = ["search", {"dairly": {"worker": worker}}]
    _write_days(site)
    build = site.build()
    assert build.aborted is None, build.logs
    return build


def test_days_rendered_and_indexed_by_the_worker_give_the_same_site(
    make_site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[bool] = []
    take = Queue.take

    def patient_take(self: Queue, number: int) -> tuple[bool, Any]:
        # Wait for the worker, so that it renders every day it was given.
        concurrent.futures.wait([f for _, f in self._sent if f is not None])
        done, result = take(self, number)
        taken.append(done)
        return done, result

    plain = _build(make_site("plain"), worker=False)
    monkeypatch.setattr(Queue, "take", patient_take)
    forked = _build(make_site("forked"), worker=True)
    assert taken and all(taken) and len(taken) == 40  # every day without a body
    assert _files(forked.site_dir) == _files(plain.site_dir)
    assert forked.warnings() == plain.warnings()
    assert len(plain.warnings()) == 1 and "paper" in plain.warnings()[0]
    assert not [line for line in forked.logs if "dairly: worker" in line]


def test_a_worker_that_dies_leaves_the_same_site(
    make_site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = Worker.__init__

    def start_and_kill(self: Worker, functions: Any) -> None:
        start(self, functions)
        for child in multiprocessing.active_children():
            child.kill()
            child.join()

    plain = _build(make_site("plain"), worker=False)
    monkeypatch.setattr(Worker, "__init__", start_and_kill)
    broken = _build(make_site("broken"), worker=True)
    assert _files(broken.site_dir) == _files(plain.site_dir)
    assert broken.warnings() == plain.warnings()
    notices = [line for line in broken.logs if "dairly: worker" in line]
    assert len(notices) == 1
    assert notices[0].startswith("INFO:dairly: worker: the second process failed (")
    assert notices[0].endswith("); built in one")
