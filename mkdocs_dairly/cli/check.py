"""``mkdocs-dairly check``: validate every note with the plugin's own validator, no build."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..notes.errors import Problem
from ..notes.parse import load_days
from .site_config import SiteConfig


@dataclass
class CheckResult:
    """How many notes and entries were read, and every problem found."""

    notes: int = 0
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """One line: ``N notes, M entries, no problems`` or how many problems where."""
        counts = f"{_n(self.notes, 'note')}, {_n(self.entries, 'entry', 'entries')}"
        if not self.problems:
            return f"{counts}, no problems"
        files = len({p.file for p in self.problems})
        return f"{counts}, {_n(len(self.problems), 'problem')} in {_n(files, 'note')}"


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def check_notes(site: SiteConfig) -> CheckResult:
    """Read and validate all notes below the site's ``notes_dir`` (duplicate dates included)."""
    days = load_days(str(site.docs_dir), site.notes_dir)
    result = CheckResult(notes=len(days), entries=sum(len(d.entries) for d in days))
    for day in sorted(days, key=lambda d: d.src_uri):
        result.problems.extend(day.problems)
    return result
