"""Fixtures that build real MkDocs sites in temporary folders (no mocked MkDocs)."""

from __future__ import annotations

import logging
import os
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

DEFAULT_CONFIG: dict[str, Any] = {
    "site_name": "测试笔记",
    "theme": {"name": "material", "language": "zh"},
    "plugins": ["search", "dairly"],
}


@dataclass
class Build:
    """The outcome of one real build: its site folder, log lines and whether it aborted."""

    site_dir: Path
    logs: list[str] = field(default_factory=list)
    aborted: str | None = None
    config: Any = None  # the loaded MkDocs config (``config.plugins["dairly"]``: the plugin)

    def html(self, path: str) -> BeautifulSoup:
        """Parse a built page; ``path`` like ``notes/202105/0511/`` or ``index.html``."""
        file = self.site_dir / path
        if path.endswith("/") or path == "":
            file = file / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def content(self, path: str) -> BeautifulSoup:
        """The page's main content (``article.md-content__inner``)."""
        article = self.html(path).select_one("article.md-content__inner")
        assert article is not None, f"no content in {path}"
        return BeautifulSoup(str(article), "html.parser")

    def files(self) -> dict[str, bytes]:
        """Every file of the built site with its bytes, by its path in the site folder."""
        return {
            str(p.relative_to(self.site_dir)): p.read_bytes()
            for p in self.site_dir.rglob("*")
            if p.is_file()
        }

    def warnings(self) -> list[str]:
        """The WARNING lines, as ``dairly: …`` messages."""
        return [line.split(":", 1)[1] for line in self.logs if line.startswith("WARNING:")]


@dataclass
class Site:
    """A notes site in a temporary folder."""

    root: Path
    config: dict[str, Any]

    def write(self, path: str, text: str) -> Path:
        """Write a file below the site root (``docs/notes/202105/0511.md``), dedenting ``text``."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return target

    def note(self, path: str, front_matter: dict[str, Any] | str, body: str = "") -> Path:
        """Write a day note under ``docs/notes``: front matter given as a dict or YAML text."""
        if isinstance(front_matter, dict):
            fm = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
        else:
            fm = textwrap.dedent(front_matter).lstrip("\n")
        target = self.root / "docs" / "notes" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{fm}---\n{textwrap.dedent(body)}", encoding="utf-8")
        return target

    def build(self, *, strict: bool = False, serve: bool = False, caplog: Any = None) -> Build:
        """Write ``mkdocs.yml`` and run MkDocs' own ``build()``; collect its log lines."""
        (self.root / "docs").mkdir(exist_ok=True)
        config_file = self.root / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(self.config, allow_unicode=True), encoding="utf-8")
        site_dir = self.root / "site"
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
        # As the mkdocs command does. MkDocs keeps one instance of a plugin with on_startup
        # for the whole process (that is how `serve` keeps plugins across rebuilds), so
        # every build must tell it which command runs.
        config.plugins.on_startup(command="serve" if serve else "build", dirty=False)
        records: list[logging.LogRecord] = []
        handler = _ListHandler(records)
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        level = logger.level
        logger.setLevel(logging.INFO)
        result = Build(site_dir, config=config)
        try:
            build(config, serve_url="http://127.0.0.1:8000/" if serve else None)
        except Abort as exc:
            result.aborted = str(exc)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
            if serve:  # as `mkdocs serve` does when it stops (dairly removes its folder)
                config.plugins.on_shutdown()
        result.logs = [f"{r.levelname}:{r.getMessage()}" for r in records]
        return result


class _ListHandler(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.INFO)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """An empty notes site (Material, zh, ``plugins: [search, dairly]``) in ``tmp_path``."""
    yield Site(tmp_path, {**DEFAULT_CONFIG, "theme": dict(DEFAULT_CONFIG["theme"])})


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Site]:
    """Make further sites (``make_site("b", config)``) in sub-folders of ``tmp_path``."""

    def make(name: str, config: dict[str, Any] | None = None) -> Site:
        root = tmp_path / name
        root.mkdir()
        return Site(root, config or {**DEFAULT_CONFIG})

    return make
