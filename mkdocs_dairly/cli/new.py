"""``mkdocs-dairly new``: a day's empty note, at the path layout the site already uses."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

from ..notes.dates import PathDateError, date_from_path, range_problem
from ..notes.parse import note_paths, parse_day, split_front_matter
from ..notes.yamlhelp import quote
from .import_write import write_atomic
from .site_config import SiteConfig

DEFAULT_LAYOUT = "{Y}{m}/{m}{d}.md"


class DayExistsError(Exception):
    """The day already has a note: one line for the user."""


class DateOutOfRangeError(DayExistsError):
    """The date is outside the years the notes may have (a ``DayExistsError`` so that the
    command reports it the same way: one line, nothing written)."""


class BadTitleError(DayExistsError):
    """The title would be a problem in the new note (characters XML does not allow): one
    line, nothing written."""


def layout_of(rel: str, date: dt.date) -> str:
    """The path template (``{Y}{m}/{m}{d}.md``, …) of a note path below ``notes_dir``."""
    y, m, d = f"{date:%Y}", f"{date:%m}", f"{date:%d}"
    *folders, name = rel.split("/")
    parts = []
    for folder in folders:
        parts.append(
            {y: "{Y}", m: "{m}", y + m: "{Y}{m}", f"{y}-{m}": "{Y}-{m}"}.get(folder, folder)
        )
    stem = name[:-3] if name.endswith(".md") else name
    if stem == m + d:
        stem = "{m}{d}"
    elif stem == d:
        stem = "{d}"
    else:
        stem = stem.replace(f"{y}-{m}-{d}", "{Y}-{m}-{d}")
    return "/".join([*parts, stem + ".md"])


def render_layout(layout: str, date: dt.date) -> str:
    """The path ``layout`` gives ``date``."""
    return layout.format(Y=f"{date:%Y}", m=f"{date:%m}", d=f"{date:%d}")


def detect_layout(rels: list[str]) -> str:
    """The most common layout of existing notes (paths below ``notes_dir``); ties: the newest."""
    counts: Counter[str] = Counter()
    newest: dict[str, dt.date] = {}
    for rel in rels:
        try:
            date = date_from_path(rel)
        except PathDateError:
            continue
        if date is None:
            continue
        layout = layout_of(rel, date)
        if "{d}" not in layout:
            continue
        counts[layout] += 1
        newest[layout] = max(newest.get(layout, date), date)
    if not counts:
        return DEFAULT_LAYOUT
    return max(counts, key=lambda k: (counts[k], newest[k]))


def skeleton(date: dt.date, title: str | None = None) -> str:
    """A new day's note: valid as created, with commented guidance for the first entry;
    ``title``, if any, YAML-quoted so that it reads back as written."""
    return (
        "---\n"
        f"date: {date.isoformat()}\n"
        + (f"title: {quote(title)}\n" if title else "")
        + "entries: []\n"
        "# Replace 'entries: []' with the day's reading list, for example:\n"
        "# entries:\n"
        "#   - title: Title of the article\n"
        "#     url: https://example.org/article\n"
        "#     stars: 2\n"
        "#     abstract: One-line summary\n"
        "#     paper: https://arxiv.org/abs/2105.03322\n"
        "#     code: https://github.com/owner/repo\n"
        "#     tips: |\n"
        "#       Your own take, in Markdown.\n"
        "#     image: https://example.org/figure.png\n"
        "---\n"
    )


def _existing(site: SiteConfig, date: dt.date, rels: list[str]) -> str | None:
    """The note that already holds ``date`` (by its path, or its front matter's date)."""
    for rel in rels:
        try:
            from_path = date_from_path(rel)
        except PathDateError:
            continue
        if from_path == date:
            return rel
        if from_path is None:
            src_uri = f"{site.notes_dir}/{rel}"
            text = (site.docs_dir / src_uri).read_text(encoding="utf-8-sig", errors="replace")
            if split_front_matter(text)[0] is None:
                continue
            if parse_day(src_uri, text, site.notes_dir).date == date:
                return rel
    return None


def create_day(site: SiteConfig, date: dt.date, title: str | None = None) -> Path:
    """Create ``date``'s note in the site's layout, with ``title`` if one is given; refuse
    (DayExistsError) if the day has a note, (DateOutOfRangeError) a date the build would
    refuse (outside the years 1000–9999), and (BadTitleError) a title it would report."""
    target = day_path(site, date)
    text = skeleton(date, title)
    src_uri = f"{site.notes_dir}/{target.relative_to(site.notes_root).as_posix()}"
    problems = parse_day(src_uri, text, site.notes_dir).problems
    if problems:
        raise BadTitleError(
            f"--title: the new note would have a problem: {problems[0].message}; nothing changed"
        )
    write_atomic(target, text.encode("utf-8"))
    return target


def day_path(site: SiteConfig, date: dt.date) -> Path:
    """Where ``date``'s new note goes (the layout the notes already use); the same refusals
    as :func:`create_day` for the date, before anything is asked or written."""
    problem = range_problem(date)
    if problem:
        raise DateOutOfRangeError(f"--date: {problem}; nothing changed")
    root = site.notes_root
    prefix = site.notes_dir + "/"
    rels = [p[len(prefix) :] for p in note_paths(str(site.docs_dir), site.notes_dir)]
    existing = _existing(site, date, rels)
    if existing is not None:
        shown = os.path.relpath(root / existing)
        raise DayExistsError(f"{shown}: {date.isoformat()} already has a note; nothing changed")
    rel = render_layout(detect_layout(rels), date)
    if date_from_path(rel) != date:  # pragma: no cover - layouts come from valid dated paths
        rel = render_layout(DEFAULT_LAYOUT, date)
    target = root / rel
    if target.exists():
        raise DayExistsError(f"{os.path.relpath(target)}: already exists; nothing changed")
    return target
