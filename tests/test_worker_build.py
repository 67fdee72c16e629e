"""Real builds with the worker process: the same site, byte for byte, as without it."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from mkdocs_dairly import worker as worker_module
from mkdocs_dairly.forked import FromTheEnd
from mkdocs_dairly.worker import Worker

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


def _wait_for_the_forked_process(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Make the build wait for the forked process at every page, so that it renders every
    page it was given; the list it returns says, page after page, whether it had."""
    taken: list[bool] = []
    take = FromTheEnd.take

    def patient_take(self: FromTheEnd[Any, Any], number: int) -> tuple[bool, Any]:
        while number not in self._results and self._reader.poll(10):
            self._receive()
        done, result = take(self, number)
        taken.append(done)
        return done, result

    monkeypatch.setattr(FromTheEnd, "take", patient_take)
    return taken


def test_pages_rendered_and_indexed_by_the_workers_give_the_same_site(
    make_site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _build(make_site("plain"), worker=False)
    taken = _wait_for_the_forked_process(monkeypatch)
    forked = _build(make_site("forked"), worker=True)
    # Every day without a body, and the generated pages (years, months, best-of, archive).
    assert taken and all(taken) and len(taken) > 40
    assert _files(forked.site_dir) == _files(plain.site_dir)
    assert forked.warnings() == plain.warnings()
    assert len(plain.warnings()) == 1 and "paper" in plain.warnings()[0]
    assert not [line for line in forked.logs if "dairly: worker" in line]


def _killing(start: Any) -> Any:
    def start_and_kill(self: Any, *args: Any) -> None:
        start(self, *args)
        for child in multiprocessing.active_children():
            child.kill()
            child.join()

    return start_and_kill


@pytest.mark.parametrize("process", ["renders ahead", "indexes for search"])
def test_a_worker_that_dies_leaves_the_same_site(
    make_site: Any, monkeypatch: pytest.MonkeyPatch, process: str
) -> None:
    plain = _build(make_site("plain"), worker=False)
    cls: Any = FromTheEnd if process == "renders ahead" else Worker
    monkeypatch.setattr(cls, "__init__", _killing(cls.__init__))
    broken = _build(make_site("broken"), worker=True)
    assert _files(broken.site_dir) == _files(plain.site_dir)
    assert broken.warnings() == plain.warnings()
    notices = [line for line in broken.logs if "dairly: worker" in line]
    assert len(notices) == 1
    assert notices[0].startswith("INFO:dairly: worker: the second process failed (")
    assert notices[0].endswith("); built in one")


def _large_log(site: Site, worker: bool) -> Any:
    site.config["plugins"] = ["search", {"dairly": {"worker": worker}}]
    for number in range(240):  # more than PARSE_SPLIT_MIN: parsed half here, half forked
        month, day = 1 + number // 28, 1 + number % 28
        entry: dict[str, Any] = {"title": f"条目 {number}", "stars": number % 4}
        if number in (3, 200):  # one bad field in each half: one warning each
            entry["stars"] = "five"
        site.note(f"2021{month:02d}/{month:02d}{day:02d}.md", {"entries": [entry]})
    build = site.build()
    assert build.aborted is None, build.logs
    return build


@pytest.mark.parametrize("kill", [False, True])
def test_a_large_log_parsed_half_in_a_forked_process_gives_the_same_site(
    make_site: Any, monkeypatch: pytest.MonkeyPatch, kill: bool
) -> None:
    from mkdocs_dairly.forked import ForkedCall

    calls: list[int] = []
    start = _killing(ForkedCall.__init__) if kill else ForkedCall.__init__

    def counted(self: Any, *args: Any) -> None:
        calls.append(1)
        start(self, *args)

    plain = _large_log(make_site("plain"), worker=False)
    monkeypatch.setattr(ForkedCall, "__init__", counted)
    forked = _large_log(make_site("forked"), worker=True)
    assert calls == [1]
    assert _files(forked.site_dir) == _files(plain.site_dir)
    assert forked.warnings() == plain.warnings() and len(plain.warnings()) == 2
    notices = [line for line in forked.logs if "dairly: worker" in line]
    if kill:
        assert len(notices) == 1 and notices[0].endswith("); parsed here")
    else:
        assert notices == []


@pytest.mark.parametrize("process", ["renders ahead", "indexes for search"])
def test_a_worker_that_cannot_start_leaves_the_same_site(
    make_site: Any, monkeypatch: pytest.MonkeyPatch, process: str
) -> None:
    def refuse(self: Any, *args: Any) -> None:
        raise OSError("no process for you")

    plain = _build(make_site("plain"), worker=False)
    monkeypatch.setattr(FromTheEnd if process == "renders ahead" else Worker, "__init__", refuse)
    alone = _build(make_site("alone"), worker=True)
    assert _files(alone.site_dir) == _files(plain.site_dir)
    assert alone.warnings() == plain.warnings()
    notices = [line for line in alone.logs if "dairly: worker" in line]
    assert notices == [
        "INFO:dairly: worker: cannot start a second process (no process for you); building in one"
    ]


WARNING_EXTENSION = """
import logging
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

log = logging.getLogger("mkdocs.plugins.warn_ext")


class Warn(Preprocessor):
    def run(self, lines):
        for line in lines:
            if "WARNME" in line:
                log.warning("warn_ext: saw %s", line.split("WARNME")[1].strip(" *"))
        return lines


class WarnExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Warn(md), "warn", 30)


def makeExtension(**kwargs):
    return WarnExtension(**kwargs)
"""


def test_what_the_forked_process_logs_is_logged_by_the_build(
    make_site: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A Markdown extension that warns while the forked process renders an entry's field:
    the build logs the warning once, where MkDocs counts it (--strict fails)."""
    (tmp_path / "warn_ext.py").write_text(WARNING_EXTENSION, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    taken: list[bool] = []
    builds = {}
    for worker in (False, True):
        if worker:
            taken = _wait_for_the_forked_process(monkeypatch)
        site = make_site(f"worker-{worker}")
        site.config["plugins"] = ["search", {"dairly": {"worker": worker}}]
        site.config["markdown_extensions"] = ["warn_ext"]
        for day in range(1, 4):
            entry = {"title": f"day {day}", "abstract": f"**WARNME** day {day}"}
            site.note(f"202105/05{day:02d}.md", {"entries": [entry]})
        builds[worker] = site.build(strict=True)
    assert taken and all(taken)
    # Day 3 twice: the home page shows the newest day's cards too (rendered here).
    expected = [f"warn_ext: saw day {day}" for day in (1, 2, 3, 3)]
    assert builds[False].warnings() == expected
    assert builds[True].warnings() == expected
    aborted = "Aborted with 4 warnings in strict mode!"
    assert builds[True].aborted == builds[False].aborted == aborted
