"""Build the same synthetic reading log three ways and compare time, memory and size.

Shapes, all generated from the same seeded data (N days, six entries a day):

``dairly``
    One note per day under ``docs/notes/YYYYMM/MMDD.md``, entries in front matter;
    ``plugins: [search, dairly]``.
``handwritten``
    The same days written by hand the way the notes repositories do it today (numbered items,
    ``:star:`` emoji, ``- Abstract:`` bullets, ``<div align=center><img …></div>``), an explicit
    year/month/day ``nav:`` and Material's ``navigation.prune``; ``plugins: [search]``.
``blog``
    Material's blog plugin with every day as a post (``docs/blog/posts/YYYY-MM-DD.md``, content
    as in ``handwritten``); ``plugins: [search, blog]``.

Every build is ``python -m mkdocs build -q`` in its own subprocess, reaped with
:func:`os.wait4` so the peak RSS of exactly that build is known. Builds are interleaved
(dairly, handwritten, blog, dairly, …) so that drift on the machine hits every shape alike.

Usage::

    python benchmarks/bench.py --days 1000 [--reps 3] [--shapes dairly,handwritten,blog]
                               [--keep DIR] [--serve-edit] [--json PATH] [--seed S]
                               [--compare SMALLER.json] [--report SAVED.json] [--busy K]

``--busy K`` keeps K CPU-bound processes spinning during the builds: the ratios on a loaded
machine (dairly builds in one process; so do the other shapes).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

SHAPES: tuple[str, ...] = ("dairly", "handwritten", "blog")
ENTRIES_PER_DAY = 6
START_DATE = dt.date(2016, 1, 1)
DEFAULT_SEED = 20210511
SITE_NAME = "公众号内容拓展学习笔记"
DAY_TITLE = "公众号内容拓展学习笔记"
REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def child_env(dairly_src: Path | None = None) -> dict[str, str]:
    """The environment of the measured builds.

    With ``dairly_src`` (a folder holding a ``mkdocs_dairly`` package, e.g. extracted with
    ``git archive REV mkdocs_dairly | tar -x -C DIR``) the builds import the plugin from
    there instead of the installed one, so another revision can be measured.
    """
    env = os.environ | BUILD_ENV
    if dairly_src is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(dairly_src.resolve()), env.get("PYTHONPATH", "")) if p
        )
    return env


# Material's documented emoji setup; the hand-written shapes need it for ``:star:``.
EMOJI_EXTENSIONS = """\
markdown_extensions:
  - attr_list
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""

# -- synthetic data ---------------------------------------------------------------------------

ZH_WORDS = (
    "卷积", "注意力", "预训练", "模型", "目标检测", "语义分割", "剪枝", "量化", "蒸馏",
    "数据增强", "损失函数", "推理", "部署", "轻量化", "多模态", "自监督", "对比学习",
    "图像生成", "扩散模型", "特征", "骨干网络", "精度", "速度", "论文", "开源", "实验",
    "方法", "提出", "显著", "提升", "性能", "框架", "训练", "下游任务", "迁移", "泛化",
    "参数量", "端到端", "实时", "无损压缩", "重参数化", "综述", "基准", "鲁棒性", "效率",
    "视觉", "语言", "检索", "跟踪", "姿态估计", "超分辨率", "去噪", "分类", "微调",
)  # fmt: skip
EN_WORDS = (
    "Transformer", "CNN", "ResNet", "YOLOX", "ViT", "BERT", "GAN", "benchmark", "backbone",
    "pruning", "attention", "token", "pretraining", "ImageNet", "COCO", "SOTA", "lightweight",
    "efficient", "Swin", "DETR", "CLIP", "MLP", "diffusion", "segmentation", "detection",
    "distillation", "quantization", "self-supervised", "contrastive", "latency", "FLOPs",
    "dataset", "baseline", "ablation", "inference", "GPU", "TensorRT", "ONNX", "PyTorch",
)  # fmt: skip
VENUES = ("CVPR 2021", "ICCV 2021", "NeurIPS 2021", "ECCV 2022", "AAAI 2022", "ICLR 2022")
ALPHANUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass(frozen=True)
class SynthEntry:
    """One reading-list item with every field the benchmark exercises."""

    title: str
    url: str
    stars: int
    abstract: str
    paper_title: str
    paper_url: str
    code_url: str
    tips: str
    image: str


@dataclass(frozen=True)
class SynthDay:
    """One day of the synthetic reading log."""

    date: dt.date
    entries: tuple[SynthEntry, ...]

    @property
    def month_dir(self) -> str:
        """``YYYYMM``, the folder of the day's note."""
        return self.date.strftime("%Y%m")

    @property
    def note_name(self) -> str:
        """``MMDD``, the stem of the day's note."""
        return self.date.strftime("%m%d")

    @property
    def heading(self) -> str:
        """The seed-style page heading, e.g. ``公众号内容拓展学习笔记（2021.9.30）``."""
        d = self.date
        return f"{DAY_TITLE}（{d.year}.{d.month}.{d.day}）"


def _words(rng: random.Random, count: int, punctuate: bool = False) -> str:
    """``count`` words mixing Chinese and English, spaced the way such notes are written."""
    out: list[str] = []
    previous_zh = True
    for i in range(count):
        zh = rng.random() < 0.6
        word = rng.choice(ZH_WORDS if zh else EN_WORDS)
        if out and not (zh and previous_zh):
            out.append(" ")
        out.append(word)
        if punctuate and i % 7 == 6 and i < count - 1:
            out.append("，")
            previous_zh = True
            continue
        previous_zh = zh
    text = "".join(out).replace(" ，", "，").replace("， ", "，")
    return text + ("。" if punctuate else "")


def _token(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(ALPHANUM) for _ in range(length))


def _entry(rng: random.Random) -> SynthEntry:
    title = _words(rng, rng.randint(6, 10))
    if rng.random() < 0.3:
        title = f"{rng.choice(VENUES)}：{title}"
    owner, repo = _token(rng, 8).lower(), rng.choice(EN_WORDS).lower() + "-" + _token(rng, 4)
    return SynthEntry(
        title=title,
        url=f"https://mp.weixin.qq.com/s/{_token(rng, 22)}",
        stars=rng.choice((1, 2, 2, 2, 3, 3, 4)),
        abstract=_words(rng, rng.randint(5, 9)),
        paper_title=" ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(5, 9))),
        paper_url=(
            f"https://arxiv.org/abs/{rng.randint(18, 23)}{rng.randint(1, 12):02d}"
            f".{rng.randint(1, 19999):05d}"
        ),
        code_url=f"https://github.com/{owner}/{repo}",
        tips=_words(rng, rng.randint(26, 34), punctuate=True),
        image=(
            f"https://mmbiz.qpic.cn/mmbiz_png/{_token(rng, 86)}/640"
            "?wx_fmt=png&tp=webp&wxfrom=5&wx_lazy=1&wx_co=1"
        ),
    )


def make_days(n: int, seed: int = DEFAULT_SEED) -> list[SynthDay]:
    """``n`` consecutive days from 2016-01-01, six entries each.

    Each day has its own RNG seeded from ``seed`` and its index, so the first 365 days of a
    3,650-day log are exactly the 365-day log.
    """
    days = []
    for i in range(n):
        rng = random.Random(f"{seed}-{i}")
        entries = tuple(_entry(rng) for _ in range(ENTRIES_PER_DAY))
        days.append(SynthDay(START_DATE + dt.timedelta(days=i), entries))
    return days


# -- the three site shapes --------------------------------------------------------------------


def dairly_note(day: SynthDay) -> str:
    """The day as a dairly note: everything in front matter, no body."""
    meta = {
        "title": DAY_TITLE,
        "entries": [
            {
                "title": e.title,
                "url": e.url,
                "stars": e.stars,
                "abstract": e.abstract,
                "paper": {"title": e.paper_title, "url": e.paper_url},
                "code": e.code_url,
                "tips": e.tips,
                "image": e.image,
            }
            for e in day.entries
        ],
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n"


def handwritten_entries(day: SynthDay) -> str:
    """The day's entries as a numbered list in the hand-written seed style."""
    parts = []
    for number, e in enumerate(day.entries, 1):
        stars = ":star:" * e.stars
        parts.append(
            f"{number}. [{e.title}]({e.url})         {stars}\n"
            f"   - Abstract: {e.abstract}\n"
            f"   - Paper: [{e.paper_title}]({e.paper_url})\n"
            f"   - Code: [{e.code_url}]({e.code_url})\n"
            f"   - Tips: {e.tips}\n"
            "\n"
            f"<div align=center><img src=\"{e.image}\" style='zoom:100%'>\n"
            "</div>\n"
        )
    return "\n".join(parts)


def handwritten_note(day: SynthDay) -> str:
    """The day as a hand-written note (``notes/YYYYMM/MMDD.md`` in the notes repositories)."""
    return f"# {day.heading}\n\n{handwritten_entries(day)}"


def blog_post(day: SynthDay) -> str:
    """The day as a Material blog post: ``date:`` front matter, hand-written content."""
    return f"---\ndate: {day.date.isoformat()}\nslug: notes\n---\n\n{handwritten_note(day)}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _handwritten_nav(days: Sequence[SynthDay]) -> list[Any]:
    """Year → month → day, newest first, as a hand-maintained ``nav:`` would be."""
    years: dict[int, dict[int, list[dict[str, str]]]] = {}
    for day in sorted(days, key=lambda d: d.date, reverse=True):
        d = day.date
        item = {f"{d.month}月{d.day}日": f"notes/{day.month_dir}/{day.note_name}.md"}
        years.setdefault(d.year, {}).setdefault(d.month, []).append(item)
    notes = [
        {f"{year}年": [{f"{month}月": items} for month, items in months.items()]}
        for year, months in years.items()
    ]
    return [{"首页": "index.md"}, {"笔记": notes}]


def generate(shape: str, n: int, root: Path, seed: int = DEFAULT_SEED) -> Path:
    """Write a complete site of ``shape`` with ``n`` days into ``root`` (created); return it."""
    return write_site(shape, make_days(n, seed), root)


def write_site(shape: str, days: Sequence[SynthDay], root: Path) -> Path:
    """Write a complete site of ``shape`` for ``days`` into ``root`` (created); return it."""
    docs = root / "docs"
    newest = max(days, key=lambda d: d.date)
    header = f"site_name: {SITE_NAME}\ndocs_dir: docs\nsite_dir: site\n"
    if shape == "dairly":
        for day in days:
            _write(docs / "notes" / day.month_dir / f"{day.note_name}.md", dairly_note(day))
        config = header + "theme:\n  name: material\n  language: zh\nplugins:\n  - search\n"
        config += "  - dairly\n"
    elif shape == "handwritten":
        for day in days:
            _write(docs / "notes" / day.month_dir / f"{day.note_name}.md", handwritten_note(day))
        # The hand-copied "today's highlights" of the notes repositories' README.
        home = f"# {SITE_NAME}\n\n## 今日要点（{newest.heading}）\n\n{handwritten_entries(newest)}"
        _write(docs / "index.md", home)
        nav = yaml.safe_dump({"nav": _handwritten_nav(days)}, allow_unicode=True, sort_keys=False)
        config = header + "theme:\n  name: material\n  language: zh\n  features:\n"
        config += "    - navigation.prune\nplugins:\n  - search\n" + EMOJI_EXTENSIONS + nav
    elif shape == "blog":
        for day in days:
            _write(docs / "blog" / "posts" / f"{day.date.isoformat()}.md", blog_post(day))
        _write(docs / "index.md", f"# {SITE_NAME}\n\n[博客](blog/index.md)\n")
        _write(docs / "blog" / "index.md", "# 博客\n")
        config = header + "theme:\n  name: material\n  language: zh\nplugins:\n  - search\n"
        config += "  - blog\n" + EMOJI_EXTENSIONS
    else:
        raise ValueError(f"unknown shape {shape!r}; expected one of {', '.join(SHAPES)}")
    _write(root / "mkdocs.yml", config)
    return root


D = "[0-9]"


def day_pages(shape: str, site_dir: Path) -> list[Path]:
    """The built HTML page of every day (the post pages for ``blog``)."""
    if shape == "blog":
        return sorted(site_dir.glob(f"blog/{D * 4}/{D * 2}/{D * 2}/*/index.html"))
    return sorted(site_dir.glob(f"notes/{D * 6}/{D * 4}/index.html"))


# -- measuring --------------------------------------------------------------------------------


@dataclass
class BuildSample:
    """One ``mkdocs build``: wall time, the peak RSS of the build process, and the CPU time
    (user + system) of the process and the processes it forked and waited for."""

    seconds: float
    peak_rss_mb: float
    cpu_seconds: float | None = None  # not in runs saved before it was measured


@dataclass
class ShapeResult:
    """All builds of one shape at one N, and the size of the site the last build wrote."""

    shape: str
    days: int
    samples: list[BuildSample] = field(default_factory=list)
    site_bytes: int = 0
    day_page_count: int = 0
    day_page_median: float = 0.0
    day_page_max: int = 0
    home: bool = False

    @property
    def seconds(self) -> float:
        """Median wall time of the builds."""
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_rss_mb(self) -> float:
        """Highest peak RSS over the builds."""
        return max(s.peak_rss_mb for s in self.samples)

    @property
    def cpu_seconds(self) -> float | None:
        """Median CPU time of the builds (None for runs saved without it)."""
        cpu = [s.cpu_seconds for s in self.samples if s.cpu_seconds is not None]
        return statistics.median(cpu) if cpu else None

    @property
    def ms_per_day(self) -> float:
        """Median wall time divided by the number of days."""
        return self.seconds / self.days * 1000

    def summary(self) -> dict[str, Any]:
        """Everything, with the derived numbers, for ``--json``."""
        data = asdict(self)
        data.update(
            seconds_median=self.seconds,
            peak_rss_mb_max=self.peak_rss_mb,
            cpu_seconds_median=self.cpu_seconds,
            ms_per_day=self.ms_per_day,
        )
        return data


class BuildError(RuntimeError):
    """``mkdocs build`` exited non-zero."""


def _maxrss_mb(kilo_or_bytes: int) -> float:
    """``ru_maxrss`` is in KiB on Linux and in bytes on macOS."""
    return kilo_or_bytes / (1024 * 1024 if sys.platform == "darwin" else 1024)


def build_once(
    root: Path, env: dict[str, str] | None = None, site_dir: str = "site"
) -> BuildSample:
    """Run ``python -m mkdocs build -q -d SITE_DIR`` in ``root`` as its own process and
    measure it."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", site_dir],
            cwd=root,
            env=env if env is not None else child_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        # wait4 reaps this one child and returns its own resource usage.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            output.seek(0)
            tail = output.read().decode("utf-8", "replace")[-3000:]
            raise BuildError(f"mkdocs build failed in {root} ({proc.returncode}):\n{tail}")
    return BuildSample(seconds, _maxrss_mb(usage.ru_maxrss), usage.ru_utime + usage.ru_stime)


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_site(result: ShapeResult, site: Path) -> None:
    """Record site size and day-page sizes of the site built into ``site``."""
    sizes = [p.stat().st_size for p in day_pages(result.shape, site)]
    result.site_bytes = _tree_bytes(site)
    result.day_page_count = len(sizes)
    result.day_page_median = statistics.median(sizes) if sizes else 0.0
    result.day_page_max = max(sizes, default=0)
    result.home = (site / "index.html").is_file()


def run(
    n: int,
    reps: int = 3,
    shapes: Sequence[str] = SHAPES,
    root: Path | None = None,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
    env: dict[str, str] | None = None,
) -> list[ShapeResult]:
    """Generate every shape with ``n`` days under ``root`` and build them interleaved.

    Each build writes into a new, empty site folder (``site-1``, ``site-2``, …), as a build
    from a fresh clone does: MkDocs would otherwise delete the previous build's thousands of
    files first, and creating as many again within a minute of deleting them makes ext4's
    inode allocator slow and erratic (writing the pages took 2.5 to 6 s of the same 12 s
    build). With ``root`` ``None`` the sites go to a temporary folder that is removed
    afterwards.
    """
    if root is None:
        with tempfile.TemporaryDirectory(prefix="dairly-bench-") as tmp:
            return run(n, reps, shapes, Path(tmp), seed, progress, env)
    days = make_days(n, seed)
    roots = {shape: write_site(shape, days, root / shape) for shape in shapes}
    results = {shape: ShapeResult(shape, n) for shape in shapes}
    for rep in range(reps):
        for shape in shapes:
            sample = build_once(roots[shape], env, site_dir=f"site-{rep + 1}")
            results[shape].samples.append(sample)
            if progress:
                progress(
                    f"rep {rep + 1}/{reps} {shape:<11} N={n}: {sample.seconds:7.2f} s, "
                    f"{sample.peak_rss_mb:6.0f} MB"
                )
    for shape in shapes:
        measure_site(results[shape], roots[shape] / f"site-{reps}")
    return [results[shape] for shape in shapes]


# -- serve: time from editing one day to the page showing it ----------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    """The body at ``url``, or ``None`` when it is not (yet) served."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # localhost only
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def stop_server(proc: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Stop ``mkdocs serve`` by its pid: SIGINT, then SIGKILL if it has not exited."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_until(check: Callable[[], bool], timeout: float, what: str, interval: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")


@dataclass
class ServeEditResult:
    """``mkdocs serve`` on the dairly shape: first build and edit-to-visible times."""

    days: int
    first_build_seconds: float
    edit_seconds: list[float]

    @property
    def median(self) -> float:
        """Median edit-to-visible time."""
        return statistics.median(self.edit_seconds)


def serve_edit(
    root: Path,
    days: Sequence[SynthDay],
    edits: int = 3,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
) -> ServeEditResult:
    """Serve the dairly site in ``root``, edit one day ``edits`` times, time each to visible.

    Each edit rewrites the first entry's title of the middle day; the time is from the write
    to the served day page containing the new title. The server is stopped by its pid
    (SIGINT, then SIGKILL if it has not exited after 10 s).
    """
    timeout = timeout if timeout is not None else max(120.0, len(days) * 0.3)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    day = days[len(days) // 2]
    note = root / "docs" / "notes" / day.month_dir / f"{day.note_name}.md"
    page_url = f"{base}notes/{day.month_dir}/{day.note_name}/"
    log_path = root / "serve.log"
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=env if env is not None else child_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            # A background shell starts us with SIGINT ignored; the server must not inherit that.
            preexec_fn=_default_sigint,
        )
        try:

            def served() -> bool:
                if proc.poll() is not None:
                    raise RuntimeError(f"mkdocs serve exited early; see {log_path}")
                return _fetch(base) is not None

            def builds_done() -> int:
                return log_path.read_text("utf-8", "replace").count("Documentation built in")

            def page_shows(text: str) -> bool:
                return text in (_fetch(page_url) or "")

            def rebuilt_since(count: int) -> bool:
                return builds_done() > count

            _wait_until(served, timeout, "the first build", 0.2)
            first = time.perf_counter() - start
            _wait_until(lambda: builds_done() >= 1, 30, "the first build's log line", 0.1)
            times = []
            for k in range(edits):
                title = f"BENCH-EDIT-{k}-{os.getpid()}"
                first_entry = replace(day.entries[0], title=title)
                edited = replace(day, entries=(first_entry, *day.entries[1:]))
                done_before = builds_done()
                t0 = time.perf_counter()
                note.write_text(dairly_note(edited), encoding="utf-8")
                _wait_until(partial(page_shows, title), timeout, title, 0.05)
                times.append(time.perf_counter() - t0)
                # Let the rebuild finish (search index, sitemap) before the next edit.
                _wait_until(partial(rebuilt_since, done_before), timeout, "the rebuild", 0.1)
                time.sleep(1.0)
        finally:
            stop_server(proc)
    note.write_text(dairly_note(day), encoding="utf-8")
    return ServeEditResult(len(days), first, times)


# -- report -----------------------------------------------------------------------------------


def _git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info(dairly_src: Path | None = None) -> dict[str, Any]:
    """CPU, Python and package versions, the repository commit and the plugin's source."""
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "mkdocs": _version("mkdocs"),
        "mkdocs-material": _version("mkdocs-material"),
        "mkdocs-dairly": _version("mkdocs-dairly"),
        # Material's search segments Chinese with jieba when it is installed (slower, more RSS).
        "jieba": _version("jieba"),
        "commit": _git_commit(),
        "dairly_src": str(dairly_src.resolve()) if dairly_src else None,
        "platform": platform.platform(),
    }


@contextlib.contextmanager
def competitors(count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``count`` CPU-bound processes spinning while the block runs (stopped after it)."""
    spin = "import time\nend = time.monotonic() + 7200\nwhile time.monotonic() < end: pass\n"
    procs = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(count)]
    try:
        yield procs
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def machine_line(info: dict[str, Any]) -> str:
    """One line describing the machine, for the report."""
    busy = info.get("busy") or 0
    load = f"; loaded by {busy} CPU-bound competitor process(es)" if busy else "; no competitor"
    return (
        f"Machine: {info['cpus']} CPUs ({info['cpu_model']}), Python {info['python']}, "
        f"mkdocs {info['mkdocs']}, mkdocs-material {info['mkdocs-material']}, "
        f"jieba {info.get('jieba', 'not recorded')}, "
        f"mkdocs-dairly {info['mkdocs-dairly']} "
        + (
            f"imported from {info['dairly_src']} (repository at commit {info['commit']})"
            if info.get("dairly_src")
            else f"at commit {info['commit']}"
        )
        + load
    )


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def format_table(results: Iterable[ShapeResult]) -> str:
    """The results as a Markdown table, then the dairly ratios to the other shapes."""
    results = list(results)
    reps = {len(r.samples) for r in results}
    lines = [
        "| shape | N | wall median (s) | CPU median (s) | peak RSS (MB) | site size, total (MB) "
        "| day page median (bytes) | day page max (bytes) | time per day (ms) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        pages = f"{r.day_page_median:,.0f}"
        if r.day_page_count != r.days:
            pages += f" (only {r.day_page_count} pages!)"
        cpu = "—" if r.cpu_seconds is None else f"{r.cpu_seconds:.2f}"
        lines.append(
            f"| {r.shape} | {r.days:,} | {r.seconds:.2f} | {cpu} | {r.peak_rss_mb:.0f} "
            f"| {r.site_bytes / 1e6:.1f} | {pages} | {r.day_page_max:,} | {r.ms_per_day:.1f} |"
        )
    lines.append("")
    lines.append(
        f"Wall and CPU time are the medians of {'/'.join(str(x) for x in sorted(reps))} build(s) "
        "(CPU: user + system, with the processes a build forks); peak RSS is the highest over "
        "them; site size counts every file of the built site (search index included); "
        "1 MB = 10^6 bytes, RSS in MiB."
    )
    by_shape = {r.shape: r for r in results}
    dairly = by_shape.get("dairly")
    others = [r for r in results if r.shape != "dairly"]
    if dairly and others:
        lines += [
            "",
            "| ratio | time | speed-up (other ÷ dairly) | peak RSS | site size | day page median |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        for other in others:
            lines.append(
                f"| dairly / {other.shape} | {_ratio(dairly.seconds, other.seconds)} "
                f"| {_ratio(other.seconds, dairly.seconds)} "
                f"| {_ratio(dairly.peak_rss_mb, other.peak_rss_mb)} "
                f"| {_ratio(dairly.site_bytes, other.site_bytes)} "
                f"| {_ratio(dairly.day_page_median, other.day_page_median)} |"
            )
    return "\n".join(lines)


# The targets of the performance issue (#3).
TARGET_TIME_VS_HANDWRITTEN = 0.6  # dairly time ≤ this × hand-written (at 1,000 and 3,650 days)
TARGET_TIME_DAYS = 1000  # the time target is for logs this long and longer
TARGET_SPEEDUP_VS_BLOG = 15.0  # blog time ÷ dairly time ≥ this, at TARGET_BLOG_DAYS
TARGET_BLOG_DAYS = 3650
TARGET_DAY_PAGE_BYTES = 30_000  # median day page ≤ 30 KB
TARGET_RSS_VS_HANDWRITTEN = 1.2  # dairly peak RSS ≤ this × hand-written
TARGET_PAGE_GROWTH = 0.10  # median day page within 10 % of the smaller run's
TARGET_TIME_PER_DAY_GROWTH = 1.1  # time per day ≤ this × the smaller run's


def format_targets(results: Sequence[ShapeResult], smaller: Sequence[ShapeResult] = ()) -> str:
    """The targets of the performance issue, each with what this run measured and whether
    it is met; growth and linearity need the results of a smaller run (``--compare``)."""
    by_shape = {r.shape: r for r in results}
    dairly = by_shape.get("dairly")
    if dairly is None:
        return ""
    rows: list[tuple[str, str, bool | None]] = []  # met: None where the target is for another N
    hand, blog = by_shape.get("handwritten"), by_shape.get("blog")
    if hand is not None:
        ratio = dairly.seconds / hand.seconds
        met = ratio <= TARGET_TIME_VS_HANDWRITTEN if dairly.days >= TARGET_TIME_DAYS else None
        name = f"time ≤ {TARGET_TIME_VS_HANDWRITTEN} × handwritten at N ≥ {TARGET_TIME_DAYS:,}"
        rows.append((name, f"{ratio:.2f}×", met))
    if blog is not None:
        speedup = blog.seconds / dairly.seconds
        met = speedup >= TARGET_SPEEDUP_VS_BLOG if dairly.days >= TARGET_BLOG_DAYS else None
        name = f"≥ {TARGET_SPEEDUP_VS_BLOG:.0f} × faster than blog at N = {TARGET_BLOG_DAYS:,}"
        rows.append((name, f"{speedup:.2f}×", met))
    rows.append(("median day page ≤ 30 KB", f"{dairly.day_page_median:,.0f} bytes",
                 dairly.day_page_median <= TARGET_DAY_PAGE_BYTES))  # fmt: skip
    if hand is not None:
        rss = dairly.peak_rss_mb / hand.peak_rss_mb
        rows.append((f"peak RSS ≤ {TARGET_RSS_VS_HANDWRITTEN} × handwritten", f"{rss:.2f}×",
                     rss <= TARGET_RSS_VS_HANDWRITTEN))  # fmt: skip
    before = next((r for r in smaller if r.shape == "dairly"), None)
    if before is not None:
        growth = dairly.day_page_median / before.day_page_median - 1
        rows.append((f"median day page within 10 % of N = {before.days:,}",
                     f"{growth:+.1%} ({before.day_page_median:,.0f} → "
                     f"{dairly.day_page_median:,.0f} bytes)",
                     abs(growth) <= TARGET_PAGE_GROWTH))  # fmt: skip
        per_day = dairly.ms_per_day / before.ms_per_day
        rows.append((f"time per day ≤ {TARGET_TIME_PER_DAY_GROWTH} × at N = {before.days:,}",
                     f"{dairly.ms_per_day:.1f} vs {before.ms_per_day:.1f} ms ({per_day:.2f}×)",
                     per_day <= TARGET_TIME_PER_DAY_GROWTH))  # fmt: skip
    lines = [f"Targets of issue #11 at N = {dairly.days:,}:", "",
             "| target | measured | met |", "|---|---|---|"]  # fmt: skip
    lines += [
        f"| {name} | {measured} | {'—' if met is None else 'yes' if met else '**no**'} |"
        for name, measured, met in rows
    ]
    return "\n".join(lines)


def _parse_shapes(text: str) -> list[str]:
    shapes = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown or not shapes:
        raise argparse.ArgumentTypeError(
            f"unknown shape(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(SHAPES)}"
        )
    return shapes


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text}")
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; see the module docstring."""
    parser = argparse.ArgumentParser(
        description="Build a synthetic reading log as dairly, hand-written and blog sites "
        "and compare build time, peak memory and output size."
    )
    parser.add_argument("--days", type=_positive, help="number of days (N); required")
    parser.add_argument("--reps", type=_positive, default=3, help="builds per shape (default 3)")
    parser.add_argument(
        "--shapes",
        type=_parse_shapes,
        default=list(SHAPES),
        help="comma-separated subset of dairly,handwritten,blog (default: all)",
    )
    parser.add_argument("--keep", type=Path, help="write the sites here and keep them")
    parser.add_argument(
        "--serve-edit",
        action="store_true",
        help="also time mkdocs serve rebuilds after editing one day (dairly shape)",
    )
    parser.add_argument("--json", type=Path, help="also save the results as JSON here")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="RNG seed for the data")
    parser.add_argument(
        "--dairly-src",
        type=Path,
        help="folder holding a mkdocs_dairly package to build with instead of the installed one",
    )
    parser.add_argument(
        "--report", type=Path, help="print the report of a run saved with --json, build nothing"
    )
    parser.add_argument(
        "--busy",
        type=int,
        default=0,
        metavar="K",
        help="keep K CPU-bound competitor processes running during the builds (a loaded machine)",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        help="a smaller run saved with --json (e.g. N=365): adds the growth and linearity targets",
    )
    args = parser.parse_args(argv)
    if args.days is None and args.report is None:
        parser.error("--days is required")
    return args


def format_serve(serve: ServeEditResult) -> str:
    """One line on the ``--serve-edit`` measurement."""
    return (
        f"mkdocs serve, dairly, N={serve.days:,}: first build {serve.first_build_seconds:.1f} s; "
        f"edit one day → page shows it: median {serve.median:.2f} s "
        f"(edits: {', '.join(f'{s:.2f}' for s in serve.edit_seconds)} s)"
    )


def format_report(
    info: dict[str, Any],
    results: Sequence[ShapeResult],
    serve: ServeEditResult | None,
    smaller: Sequence[ShapeResult] = (),
) -> str:
    """The machine line, the tables, the serve line and the targets."""
    parts = [machine_line(info), format_table(results)]
    if serve is not None:
        parts.append(format_serve(serve))
    targets = format_targets(results, smaller)
    if targets:
        parts.append(targets)
    return "\n\n".join(parts)


def load_saved(path: Path) -> tuple[dict[str, Any], list[ShapeResult], ServeEditResult | None]:
    """Machine info, results and serve measurement from a ``--json`` file."""
    data = json.loads(path.read_text("utf-8"))
    results = []
    for saved in data["results"]:
        fields = {k: v for k, v in saved.items() if k in ShapeResult.__dataclass_fields__}
        fields["samples"] = [BuildSample(**s) for s in fields["samples"]]
        results.append(ShapeResult(**fields))
    serve = data.get("serve_edit")
    serve_result = None
    if serve:
        serve_result = ServeEditResult(
            serve["days"], serve["first_build_seconds"], serve["edit_seconds"]
        )
    return data["machine"], results, serve_result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the report."""
    args = parse_args(argv)
    smaller = load_saved(args.compare)[1] if args.compare is not None else []
    if args.report is not None:
        print(format_report(*load_saved(args.report), smaller))
        return 0
    info = machine_info(args.dairly_src) | {"busy": args.busy}
    env = child_env(args.dairly_src)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="dairly-bench-") as tmp, competitors(args.busy):
        root = args.keep.resolve() if args.keep else Path(tmp)
        results = run(args.days, args.reps, args.shapes, root, args.seed, progress, env)
        serve = None
        if args.serve_edit:
            site = root / "serve-dairly"
            days = make_days(args.days, args.seed)
            write_site("dairly", days, site)
            progress(f"serve-edit: starting mkdocs serve on the dairly shape, N={args.days}")
            serve = serve_edit(site, days, env=env)
    print(format_report(info, results, serve, smaller))
    if args.json:
        data = {
            "machine": info,
            "args": {
                "dairly_src": info["dairly_src"],
                "days": args.days,
                "reps": args.reps,
                "shapes": args.shapes,
                "seed": args.seed,
                "busy": args.busy,
            },
            "results": [r.summary() for r in results],
            "serve_edit": None if serve is None else asdict(serve) | {"median": serve.median},
        }
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
