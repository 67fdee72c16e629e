"""Compatibility suite: one realistic notes site built with dairly next to another plugin.

Every build is real: the notes are written to a temporary folder, MkDocs' own ``build()``
runs on them (no mocked MkDocs), the HTML is parsed with BeautifulSoup and the log lines
are collected as the user sees them. The other plugins are the ones their users install
from PyPI (``pip install -e ".[test]"`` installs them through the ``compat`` extra).

A site is built once per configuration and shared by the tests of a module
(``compat_build``): builds are the slow part.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import textwrap
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

# A 1x1 PNG, for images in the notes that live in docs/.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef"
    "0000000049454e44ae426082"
)

SITE_URL = "https://notes.example.org/"

# ---------------------------------------------------------------------------------------
# The realistic notes site
# ---------------------------------------------------------------------------------------

# Eight days over two years and three months. 2021-05-10 has the awkward title and tags,
# 2021-06-02 a Markdown body (to which a test adds what its plugin needs), 2021-06-03 is the
# newest day (the home page shows it).
NOTES: dict[str, dict[str, Any]] = {
    "202012/1230.md": {
        "title": "Year-end reading: diffusion models",
        "summary": "Two surveys before the holidays",
        "tags": ["generative"],
        "entries": [
            {
                "title": "Denoising Diffusion Probabilistic Models",
                "url": "https://arxiv.org/abs/2006.11239",
                "stars": 5,
                "abstract": "The paper that started it: *diffusion* beats GANs on CIFAR-10.",
                "paper": "https://arxiv.org/abs/2006.11239",
                "code": {
                    "title": "hojonathanho/diffusion",
                    "url": "https://github.com/hojonathanho/diffusion",
                },
                "tips": "- forward process adds noise\n- reverse process is learned\n",
            },
            {
                "title": "Score-based generative modeling",
                "url": "https://yang-song.net/blog/2021/score/",
                "stars": 3,
            },
        ],
    },
    "202012/1231.md": {
        "title": "年终回顾：自监督学习",
        "entries": [
            {
                "title": "SimCLR 论文解读",
                "url": "https://zhuanlan.zhihu.com/p/258958247",
                "stars": 4,
                "abstract": "对比学习的**简单框架**",
                "paper": "https://arxiv.org/abs/2002.05709",
                "image": "https://mmbiz.qpic.cn/mmbiz_png/simclr/640?wx_fmt=png",
            },
            {"title": "MoCo v2", "url": "https://arxiv.org/abs/2003.04297", "stars": 2},
        ],
    },
    "202105/0509.md": {
        "title": "Weekend: efficient transformers",
        "summary": "Linear attention, again",
        "tags": ["nlp"],
        "entries": [
            {
                "title": "Performer",
                "url": "https://arxiv.org/abs/2009.14794",
                "stars": 3,
                "paper": "https://arxiv.org/abs/2009.14794",
            },
        ],
    },
    "202105/0510.md": {
        "title": "R&D <b>bold</b> review",
        "summary": "Research & development, <i>not</i> markup",
        "tags": ["R&D", "nlp"],
        "entries": [
            {
                "title": "Tom & Jerry <script>alert(1)</script> attention",
                "url": "https://example.org/tom-and-jerry",
                "stars": 4,
                "abstract": "An abstract with `code` & an ampersand.",
                "code": "https://github.com/example/tom-and-jerry",
                "tags": ["cv"],
                "tips": "1. read the appendix\n2. ignore the *hype*\n",
            },
            {"title": "A second R&D entry", "url": "https://example.org/second", "stars": 1},
        ],
    },
    "202105/0511.md": {
        "title": "公众号内容拓展学习笔记",
        "summary": "卷积 vs Transformer 预训练",
        "tags": ["nlp"],
        "entries": [
            {
                "title": "Are Pre-trained Convolutions Better than Pre-trained Transformers?",
                "url": "https://mp.weixin.qq.com/s/w70mFSP-l-Zk95ZpEAo8qQ",
                "stars": 2,
                "abstract": "谷歌最新研究表明卷积在NLP预训练上竟优于Transformer",
                "paper": "https://arxiv.org/abs/2105.03322",
                "tips": "通过对大量NLP任务的实验表明……\n",
                "image": "https://mmbiz.qpic.cn/mmbiz_png/conv/640?wx_fmt=png",
            },
        ],
    },
    "202106/0601.md": {
        "title": "June starts: retrieval",
        "entries": [
            {"title": "RETRO", "url": "https://arxiv.org/abs/2112.04426", "stars": 3},
            {"title": "REALM", "url": "https://arxiv.org/abs/2002.08909"},
        ],
    },
    "202106/0602.md": {
        "title": "Notes with a body",
        "summary": "The day with free Markdown below its cards",
        "tags": ["misc"],
        "entries": [
            {
                "title": "Attention is not all you need",
                "url": "https://arxiv.org/abs/2103.03404",
                "stars": 2,
                "image": "fig.png",
            },
        ],
    },
    "202106/0603.md": {
        "title": "最新一天：多模态",
        "summary": "CLIP 与 DALL·E",
        "tags": ["multimodal"],
        "entries": [
            {
                "title": "CLIP: Learning Transferable Visual Models",
                "url": "https://openai.com/blog/clip/",
                "stars": 5,
                "paper": "https://arxiv.org/abs/2103.00020",
                "code": {"title": "openai/CLIP", "url": "https://github.com/openai/CLIP"},
            },
            {"title": "DALL·E", "url": "https://openai.com/blog/dall-e/", "stars": 4},
        ],
    },
}

BODY_DAY = "202106/0602.md"
BODY = """\
## Afterthoughts

The paper argues that *pure attention* loses rank doubly exponentially.

![A figure of the rank collapse](fig.png)
"""
NEWEST = "202106/0603.md"
AWKWARD = "202105/0510.md"

INDEX_MD = """\
# 我的阅读笔记

Reading notes, one file a day. Intro written by hand.
"""

ABOUT_MD = """\
# About these notes

Why I keep a reading log.

## Contact us

Write to notes@example.org.
"""


def day_url(note: str) -> str:
    """``202105/0510.md`` -> ``notes/202105/0510/`` (directory URLs)."""
    return "notes/" + note[: -len(".md")] + "/"


def note_text(note: str, body: str = "") -> str:
    fm = yaml.safe_dump(NOTES[note], allow_unicode=True, sort_keys=False)
    return f"---\n{fm}---\n{body}"


# ---------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------


@dataclass
class Build:
    """The outcome of one real build."""

    root: Path
    site_dir: Path
    logs: list[str] = field(default_factory=list)
    aborted: str | None = None
    error: BaseException | None = None
    trace: str = ""  # where the error was raised: the innermost frames

    def ok(self) -> None:
        """Fail with what went wrong if the build did not finish."""
        if self.error is not None:
            raise AssertionError(
                f"the build raised {type(self.error).__name__}: {self.error}\n{self.trace}"
                + "\n".join(self.problems()[-5:])
            ) from self.error
        assert self.aborted is None, f"the build aborted: {self.aborted}\n" + "\n".join(
            line for line in self.logs if line.startswith(("WARNING", "ERROR"))
        )

    def path(self, url: str) -> Path:
        file = self.site_dir / url
        return file / "index.html" if url.endswith("/") or url == "" else file

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def html(self, url: str) -> BeautifulSoup:
        self.ok()
        file = self.path(url)
        assert file.is_file(), f"{url} was not built (no {file.relative_to(self.site_dir)})"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def text(self, url: str) -> str:
        self.ok()
        file = self.path(url)
        assert file.is_file(), f"{url} was not built"
        return file.read_text(encoding="utf-8")

    def content(self, url: str) -> BeautifulSoup:
        article = self.html(url).select_one("article.md-content__inner")
        assert article is not None, f"{url} has no article.md-content__inner"
        return BeautifulSoup(str(article), "html.parser")

    def problems(self) -> list[str]:
        """WARNING and ERROR lines."""
        return [line for line in self.logs if line.startswith(("WARNING:", "ERROR:"))]

    def html_files(self) -> list[Path]:
        return sorted(self.site_dir.rglob("*.html"))


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}:{record.getMessage()}")


def base_config(plugins: list[Any], **extra: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "site_name": "测试笔记",
        "site_url": SITE_URL,
        "theme": {"name": "material", "language": "zh"},
        "plugins": plugins,
    }
    config.update(extra)
    return config


def write_site(root: Path, *, body: str = BODY, notes: Iterable[str] | None = None) -> None:
    """The realistic notes site, ``body`` being the Markdown of 2021-06-02 below its cards."""
    docs = root / "docs"
    (docs / "notes").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(INDEX_MD, "utf-8")
    (docs / "about.md").write_text(ABOUT_MD, "utf-8")
    for note in notes if notes is not None else NOTES:
        target = docs / "notes" / note
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(note_text(note, body if note == BODY_DAY else ""), "utf-8")
    (docs / "notes/202106").mkdir(parents=True, exist_ok=True)
    (docs / "notes/202106/fig.png").write_bytes(PNG)


def write(root: Path, path: str, text: str) -> Path:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")
    return target


def git_commit(root: Path) -> None:
    """Make ``root`` a git repository with everything committed (authored by Ada)."""
    if shutil.which("git") is None:
        pytest.fail("git is not installed; the git plugins' tests need it")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Lovelace",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada Lovelace",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
        "GIT_AUTHOR_DATE": "2021-06-03T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2021-06-03T12:00:00+00:00",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "notes"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def run_build(root: Path, config: dict[str, Any], *, strict: bool = False) -> Build:
    """Write ``mkdocs.yml`` and run MkDocs' own ``build()`` in ``root``, as ``mkdocs build``."""
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    site_dir = root / "site"
    result = Build(root, site_dir)
    handler = _ListHandler()
    root_logger = logging.getLogger()
    mkdocs_logger = logging.getLogger("mkdocs")
    level = mkdocs_logger.level
    root_logger.addHandler(handler)
    mkdocs_logger.setLevel(logging.INFO)
    try:
        with contextlib.chdir(root):
            cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
    except Abort as exc:
        result.aborted = str(exc)
    except (MkDocsException, Exception) as exc:  # a plugin's crash: the test reports it
        result.error = exc
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if "site-packages" in f.filename and "/mkdocs/" not in f.filename
        ][-3:]
        result.trace = "".join(traceback.format_list(frames))
    finally:
        root_logger.removeHandler(handler)
        mkdocs_logger.setLevel(level)
    result.logs = handler.lines
    return result


@pytest.fixture(scope="session")
def compat_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Build]:
    """``compat_build(name, plugins, setup=None, strict=False, body=BODY, **config)``: the
    realistic site built once per ``name`` in this session."""
    cache: dict[str, Build] = {}

    def make(
        name: str,
        plugins: list[Any],
        *,
        setup: Callable[[Path], None] | None = None,
        strict: bool = False,
        body: str = BODY,
        notes: Iterable[str] | None = None,
        **extra: Any,
    ) -> Build:
        if name not in cache:
            root = tmp_path_factory.mktemp(name)
            write_site(root, body=body, notes=notes)
            if setup is not None:
                setup(root)
            cache[name] = run_build(root, base_config(plugins, **extra), strict=strict)
        return cache[name]

    return make


# ---------------------------------------------------------------------------------------
# What every build with dairly must still show
# ---------------------------------------------------------------------------------------


def assert_dairly_output(
    result: Build,
    *,
    notes: Iterable[str] | None = None,
    url: Callable[[str], str] = day_url,
    month_url: str = "notes/2021/05/",
    year_url: str = "notes/2021/",
) -> None:
    """Day pages have their cards, the home page shows the newest day, the month and year
    pages list their days (by links to them)."""
    result.ok()
    notes = list(notes if notes is not None else NOTES)
    for note in notes:
        cards = result.content(url(note)).select("article.dairly-entry")
        titles = [c.select_one(".dairly-entry__title").get_text(strip=True) for c in cards]
        expected = [e["title"] for e in NOTES[note]["entries"]]
        assert titles == expected, f"day page of {note}: cards {titles}, expected {expected}"
    newest = max(notes)
    home = result.content("")
    home_cards = [
        c.select_one(".dairly-entry__title").get_text(strip=True)
        for c in home.select(".dairly-home article.dairly-entry")
    ]
    expected = [e["title"] for e in NOTES[newest]["entries"]]
    assert home_cards == expected, (
        f"home page cards {home_cards}, expected the newest day's {expected}"
    )
    for overview, prefix in ((month_url, "202105/"), (year_url, "2021")):
        soup = result.content(overview)
        for note in notes:
            if note.startswith(prefix):
                assert links_to(soup, overview, url(note)), (
                    f"{overview} does not link to the day page of {note} ({url(note)})"
                )


def links_to(soup: BeautifulSoup, page_url: str, target_url: str) -> bool:
    """Whether ``soup`` (the page at ``page_url``) has a link to the page at ``target_url``."""
    base = "https://x.invalid/" + page_url
    target = urlsplit(urljoin("https://x.invalid/", target_url)).path
    for a in soup.select("a[href]"):
        href = urljoin(base, a["href"])
        if urlsplit(href).netloc == "x.invalid" and urlsplit(href).path == target:
            return True
    return False


def observed(root: Path, priority: int) -> dict[str, Any]:
    return json.loads((root / f"observed{priority}.json").read_text("utf-8"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test of this folder builds whole sites: mark them ``compat`` (``-m "not compat"``
    leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.compat)
