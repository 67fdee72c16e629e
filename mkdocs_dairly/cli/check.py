"""``mkdocs-dairly check``: the build's own validation, without publishing anything.

``check`` loads ``mkdocs.yml`` as MkDocs does (``INHERIT``, ``!ENV``, ``exclude_docs``…) and
runs MkDocs' own build with every plugin of the site into a temporary folder that is
removed afterwards. Every warning that build logs — what ``mkdocs build --strict`` fails
on — is a problem line, in the same words; so ``check`` and ``build --strict`` agree by
construction.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

# "notes/202105/0511.md: …" or "notes/202105/0511.md:14: …": the file (and line) a line is about.
_WHERE = re.compile(r"^(?P<file>[^\s:][^:]*?\.(?:md|markdown|yml|yaml))(?::(?P<line>\d+))?: ")
_PREFIX = "dairly: "


class CheckError(Exception):
    """The site cannot be checked (no config, a config MkDocs refuses, no dairly plugin)."""


@dataclass
class CheckResult:
    """How many notes and entries the build read, and every warning it logged."""

    notes: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    docs_dir: str = "docs"

    def summary(self) -> str:
        """One line: ``N notes, M entries, no problems`` or how many problems where."""
        counts = f"{_n(self.notes, 'note')}, {_n(self.entries, 'entry', 'entries')}"
        if not self.problems:
            return f"{counts}, no problems"
        files = {m.group("file") for p in self.problems if (m := _WHERE.match(p))}
        where = f" in {_n(len(files), 'file')}" if files else ""
        return f"{counts}, {_n(len(self.problems), 'problem')}{where}"

    def github(self) -> list[str]:
        """The problems as GitHub Actions annotations (``::warning file=…,line=…::…``)."""
        lines = []
        for problem in self.problems:
            match = _WHERE.match(problem)
            if match is None:
                lines.append(f"::warning::{_escape(problem)}")
                continue
            place = f"file={Path(self.docs_dir, match.group('file')).as_posix()}"
            if match.group("line"):
                place += f",line={match.group('line')}"
            lines.append(f"::warning {place}::{_escape(problem)}")
        return lines


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _escape(text: str) -> str:
    # GitHub's workflow-command escaping for a message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class _Warnings(logging.Handler):
    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.lines.append(message.removeprefix(_PREFIX))


def check_site(config_file: str) -> CheckResult:
    """Build the site of ``config_file`` into a temporary folder and collect what it warns."""
    if not Path(config_file).is_file():
        raise CheckError(f"{config_file}: no such file (run this next to mkdocs.yml, or -f FILE)")
    with tempfile.TemporaryDirectory(prefix="dairly-check-") as site_dir:
        said = _Warnings(logging.ERROR)  # MkDocs logs why it refuses a config, then aborts
        logging.getLogger("mkdocs").addHandler(said)
        try:
            config = load_config(config_file=config_file, site_dir=site_dir)
        except (ConfigurationError, Abort, MkDocsException) as exc:
            raise CheckError(f"{config_file}: {'; '.join(said.lines) or exc}") from None
        finally:
            logging.getLogger("mkdocs").removeHandler(said)
        plugin = config.plugins.get("dairly")
        if plugin is None:
            raise CheckError(f"{config_file}: the dairly plugin is not in 'plugins'")
        handler = _Warnings()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
        except Abort as exc:  # a plugin or MkDocs stopped the build: say it, as a problem
            handler.lines.append(str(exc))
        except MkDocsException as exc:
            handler.lines.append(str(exc))
        finally:
            logger.removeHandler(handler)
            config.plugins.on_shutdown()
        notes = getattr(getattr(plugin, "_build", None), "parsed", {})
        return CheckResult(
            notes=len(notes),
            entries=sum(len(day.entries) for day in notes.values()),
            problems=handler.lines,
            docs_dir=Path(config.docs_dir).relative_to(Path.cwd()).as_posix()
            if Path(config.docs_dir).is_relative_to(Path.cwd())
            else config.docs_dir,
        )
