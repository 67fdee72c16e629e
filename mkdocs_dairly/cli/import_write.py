"""``mkdocs-dairly import``: plan the notes of a hand-written repository, write them, summarize.

:func:`plan_import` reads SOURCE (never writes to it) and renders every day as a note in
the front-matter contract; :func:`apply_plan` writes the notes and their relative media
into DEST atomically, never overwriting a different file unless forced (media never).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

import yaml

from ..notes.dates import PathDateError, date_from_path
from ..notes.parse import ENTRY_KEYS, parse_day, split_front_matter
from ..notes.urls import is_relative
from .import_parse import ImportedDay, Readme, parse_note, parse_readme

T = TypeVar("T")
Progress = Callable[[Sequence[T]], Iterable[T]]

README_NAMES = ("README.md", "readme.md", "Readme.md")
README_ORIGIN = "README.md (今日要点)"
HISTORY_LIST_LIMIT = 10
_REF = re.compile(r"""(?:src|href|poster)\s*=\s*["']([^"']+)["']|\]\(([^)\s]+)""")


class ImportSourceError(Exception):
    """Bad SOURCE or DEST: one line for the user, no traceback."""


# ----------------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, no anchors, multi-line text as ``|``."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data.rstrip("\n") + "\n", "|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """Deterministic, human-editable YAML: block style, Unicode as is, no line folding."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )


def render_note(day: ImportedDay) -> str:
    """The note file of an imported day: front matter, then the Markdown kept verbatim."""
    text = f"---\n{dump_yaml(day.front_matter())}---\n"
    body = day.body_markdown()
    return f"{text}\n{body}\n" if body else text


# ----------------------------------------------------------------------------- planning


@dataclass
class PlannedNote:
    """One day to write: where it came from, where it goes, and its rendered text."""

    origin: str  # source file relative to SOURCE ("notes/202109/0930.md", or the README)
    rel: str  # path below DEST, "/"-separated
    date: dt.date
    text: str
    day: ImportedDay | None  # None: the source already was a dairly note, copied as is
    media: list[tuple[Path, str]] = field(default_factory=list)  # (SOURCE file, path below DEST)


@dataclass
class ImportPlan:
    """Everything ``import`` would write, and what it noticed on the way."""

    source: Path
    dest: Path
    notes: list[PlannedNote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # days left out because DEST disagrees


def locate_source(source: Path) -> tuple[Path, Path | None]:
    """The notes folder and README of SOURCE (a repository, or a notes folder itself)."""
    if not source.is_dir():
        raise ImportSourceError(f"{source}: SOURCE is not a folder")
    readme = next((source / n for n in README_NAMES if (source / n).is_file()), None)
    notes = source / "notes" if (source / "notes").is_dir() else source
    return notes, readme


def _source_files(notes_root: Path, readme: Path | None) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(notes_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if name.endswith(".md") and not name.startswith(".") and path != readme:
                found.append(path)
    return found


def _canonical(date: dt.date) -> str:
    return f"{date:%Y%m}/{date:%m%d}.md"


def _posix(path: Path | str) -> str:
    return str(path).replace(os.sep, "/")


def _check_overlap(notes_root: Path, dest: Path) -> None:
    src, dst = notes_root.resolve(), dest.resolve()
    if src == dst or src in dst.parents or dst in src.parents:
        raise ImportSourceError(
            f"{dest}: DEST must be outside SOURCE's notes ({notes_root}), and not contain them"
        )


def _dest_dates(dest: Path) -> dict[dt.date, str]:
    dates: dict[dt.date, str] = {}
    if not dest.is_dir():
        return dates
    for path in _source_files(dest, None):
        rel = _posix(path.relative_to(dest))
        try:
            date = date_from_path(rel)
        except PathDateError:
            continue
        if date is not None:
            dates.setdefault(date, rel)
    return dates


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def plan_import(
    source: Path,
    dest: Path,
    *,
    drop_footer: bool = False,
    progress: Progress[Path] | None = None,
) -> ImportPlan:
    """Read SOURCE and render every day for DEST; nothing is written."""
    notes_root, readme_path = locate_source(source)
    if dest.exists() and not dest.is_dir():
        raise ImportSourceError(f"{dest}: DEST is not a folder")
    _check_overlap(notes_root, dest)
    plan = ImportPlan(source=source, dest=dest)
    files = _source_files(notes_root, readme_path)
    taken: dict[dt.date, str] = {}
    deferred: list[tuple[Path, str, ImportedDay, dt.date]] = []
    for path in progress(files) if progress else files:
        origin = _posix(path.relative_to(source))
        rel = _posix(path.relative_to(notes_root))
        try:
            text = _read(path)
        except UnicodeDecodeError:
            plan.warnings.append(f"{origin}: not UTF-8 text; not imported")
            continue
        try:
            path_date = date_from_path(rel)
        except PathDateError as exc:
            plan.warnings.append(f"{origin}: {exc}")
            path_date = None
        if split_front_matter(text)[0] is not None:
            _plan_copy(plan, origin, rel, path_date, text, taken)
            continue
        day = parse_note(text, drop_footer=drop_footer)
        plan.warnings.extend(f"{origin}: {w}" for w in day.warnings)
        if path_date is not None:
            if day.date is not None and day.date != path_date:
                plan.warnings.append(
                    f"{origin}: the title says {day.date.isoformat()}, the path "
                    f"{path_date.isoformat()}; used the path's date"
                )
            day.date = path_date
            _plan_day(plan, path, notes_root, origin, rel, day, taken)
        elif day.date is not None:
            deferred.append((path, origin, day, day.date))
        else:
            plan.warnings.append(
                f"{origin}: neither the path nor a title like '# …（2021.9.30）' gives a date; "
                "not imported"
            )
    for path, origin, day, date in deferred:  # dated by their title only: after path-dated days
        rel = _canonical(date)
        plan.warnings.append(f"{origin}: the path gives no date; the title's date puts it at {rel}")
        _plan_day(plan, path, notes_root, origin, rel, day, taken)
    if readme_path is not None:
        _plan_readme(plan, readme_path, notes_root, drop_footer, taken, bool(files))
    _refuse_other_layouts(plan)
    plan.notes.sort(key=lambda n: n.rel)
    return plan


def _plan_copy(
    plan: ImportPlan,
    origin: str,
    rel: str,
    path_date: dt.date | None,
    text: str,
    taken: dict[dt.date, str],
) -> None:
    day = parse_day(f"notes/{rel}", text, "notes")
    date = day.date or path_date
    if date is None:
        plan.warnings.append(f"{origin}: has front matter but no date; not imported")
        return
    plan.warnings.append(f"{origin}: already has front matter; copied as it is")
    plan.warnings.extend(f"{origin}: {p.message}" for p in day.problems)
    if _claim(plan, taken, date, origin):
        plan.notes.append(PlannedNote(origin, rel, date, text, None))


def _claim(plan: ImportPlan, taken: dict[dt.date, str], date: dt.date, origin: str) -> bool:
    if date in taken:
        plan.warnings.append(
            f"{origin}: {date.isoformat()} is also the date of {taken[date]}; not imported"
        )
        return False
    taken[date] = origin
    return True


def _plan_day(
    plan: ImportPlan,
    source_file: Path,
    notes_root: Path,
    origin: str,
    rel: str,
    day: ImportedDay,
    taken: dict[dt.date, str],
) -> None:
    assert day.date is not None
    if not _claim(plan, taken, day.date, origin):
        return
    media = _relocate_media(plan, day, source_file, notes_root, origin, rel)
    text = render_note(day)
    check = parse_day(f"notes/{rel}", text, "notes")
    plan.warnings.extend(f"{origin}: the imported note has a problem: {p}" for p in check.problems)
    plan.notes.append(PlannedNote(origin, rel, day.date, text, day, media))


def _plan_readme(
    plan: ImportPlan,
    readme_path: Path,
    notes_root: Path,
    drop_footer: bool,
    taken: dict[dt.date, str],
    has_notes: bool,
) -> None:
    readme = parse_readme(_read(readme_path))
    origin = _posix(readme_path.relative_to(plan.source))
    if readme.today_text is not None and readme.today is None:
        plan.warnings.append(
            f"{origin}: 今日要点 has no date (no '更新今日时间：2021.5.11' line); not imported"
        )
    elif readme.today_text is not None and readme.today not in taken:
        # Without a note file for the day, the README's copy of it is the day.
        assert readme.today is not None
        day = parse_note(readme.today_text, drop_footer=drop_footer)
        day.date = readme.today
        day.title = day.title or readme.day_title(readme.today)
        plan.warnings.extend(f"{README_ORIGIN}: {w}" for w in day.warnings)
        rel = _canonical(readme.today)
        _plan_day(plan, readme_path, notes_root, README_ORIGIN, rel, day, taken)
    _report_history(plan, readme, readme_path.parent, origin, taken, has_notes)


def _report_history(
    plan: ImportPlan,
    readme: Readme,
    base: Path,
    origin: str,
    taken: dict[dt.date, str],
    has_notes: bool,
) -> None:
    missing = [item for item in readme.history if not (base / unquote(item.path)).is_file()]
    if not missing:
        return
    if not has_notes:
        plan.warnings.append(
            f"{origin}: 历史更新 lists {_n(len(readme.history), 'note')}, "
            "and SOURCE has no note files"
        )
        return
    plain = []
    for item in missing:
        if item.date is not None and item.date in taken and taken[item.date] != README_ORIGIN:
            plan.warnings.append(
                f"{origin}: 历史更新 lists {item.path}, which does not exist "
                f"(a typo? {taken[item.date]} has that date)"
            )
        elif item.date is not None and taken.get(item.date) == README_ORIGIN:
            plan.warnings.append(
                f"{origin}: 历史更新 lists {item.path}, which does not exist "
                "(its day is imported from the README's 今日要点)"
            )
        else:
            plain.append(item.path)
    if len(plain) > HISTORY_LIST_LIMIT:
        plan.warnings.append(
            f"{origin}: 历史更新 lists {len(plain)} notes that do not exist: "
            f"{', '.join(plain[:HISTORY_LIST_LIMIT])}, …"
        )
    else:
        plan.warnings.extend(f"{origin}: 历史更新 lists {p}, which does not exist" for p in plain)


def _refuse_other_layouts(plan: ImportPlan) -> None:
    """Leave out days that DEST already has under another path (two files, one date)."""
    existing = _dest_dates(plan.dest)
    kept = []
    for note in plan.notes:
        other = existing.get(note.date)
        if other is not None and other != note.rel:
            plan.refused.append(
                f"{note.origin}: DEST already has {note.date.isoformat()} as {other}; not imported"
            )
        else:
            kept.append(note)
    plan.notes = kept


def _relocate_media(
    plan: ImportPlan,
    day: ImportedDay,
    source_file: Path,
    notes_root: Path,
    origin: str,
    rel: str,
) -> list[tuple[Path, str]]:
    """Find relative files the day uses; plan their copies next to the note, fix their paths."""
    refs: list[str] = []
    for entry in day.entries:
        for value in [*entry.image, *entry.video, *entry.paper, *entry.code, *entry.demo]:
            refs.append(value if isinstance(value, str) else value.get("src", value.get("url", "")))
        for value in entry.links.values():
            refs.append(value if isinstance(value, str) else value["url"])
        for text, _ in entry.tip_parts:
            refs.extend(a or b for a, b in _REF.findall(text))
    for text in day.body:
        refs.extend(a or b for a, b in _REF.findall(text))
    note_dir = posixpath.dirname(rel)
    copies: list[tuple[Path, str]] = []
    renames: dict[str, str] = {}
    for ref in dict.fromkeys(refs):
        if not ref or not is_relative(ref) or ref.startswith("#"):
            continue
        target = unquote(re.split(r"[?#]", ref, maxsplit=1)[0])
        if not target or target.endswith(".md"):
            continue
        asset = Path(os.path.normpath(source_file.parent / target))
        if not asset.is_file():
            plan.warnings.append(f"{origin}: {ref} is not in SOURCE; kept the link as it is")
            continue
        root, resolved = notes_root.resolve(), asset.resolve()
        readme_at_root = origin == README_ORIGIN and source_file.parent.resolve() == root
        if root in resolved.parents and not readme_at_root:
            dest_rel = _posix(resolved.relative_to(root))  # same place relative to the notes
        else:
            inner = posixpath.normpath(target)
            keep = not inner.startswith("../") and inner != ".."
            dest_rel = posixpath.join(note_dir, inner if keep else asset.name)  # next to the note
        copies.append((asset, dest_rel))
        new_ref = posixpath.relpath(dest_rel, note_dir or ".")
        if new_ref != target:
            renames[ref] = new_ref
    if renames:
        _rename_refs(day, renames)
    return copies


def _rename_refs(day: ImportedDay, renames: dict[str, str]) -> None:
    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return renames.get(value, value)
        return {k: renames.get(v, v) if k in ("src", "url") else v for k, v in value.items()}

    def fix_text(text: str) -> str:
        for old, new in renames.items():
            for quote in ('"', "'", "("):
                close = ")" if quote == "(" else quote
                text = text.replace(f"{quote}{old}{close}", f"{quote}{new}{close}")
        return text

    for entry in day.entries:
        for key in ("image", "video", "paper", "code", "demo"):
            setattr(entry, key, [fix(v) for v in getattr(entry, key)])
        entry.links = {k: fix(v) for k, v in entry.links.items()}
        entry.tip_parts = [(fix_text(t), b) for t, b in entry.tip_parts]
    day.body = [fix_text(t) for t in day.body]


# ----------------------------------------------------------------------------- writing


def _n(count: int, word: str) -> str:
    plural = {"entry": "entries", "day": "days", "note": "notes", "fragment": "fragments"}
    return f"{count} {word if count == 1 else plural.get(word, word + 's')}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass
class ImportResult:
    """What ``import`` did (or, in a dry run, would do)."""

    plan: ImportPlan
    dry_run: bool = False
    written: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # exist with other content, not overwritten
    media_copied: list[str] = field(default_factory=list)
    media_unchanged: list[str] = field(default_factory=list)
    media_kept: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """1 when a day was not written because DEST disagrees, else 0."""
        return 1 if self.kept or self.plan.refused else 0

    def summary_lines(self) -> list[str]:
        """The human summary: days, entries, fields, verbatim fragments, files, warnings."""
        plan = self.plan
        days = [n.day for n in plan.notes if n.day is not None]
        entries = [e for d in days for e in d.entries]
        fields = Counter(name for e in entries for name in e.fields())
        order = ENTRY_KEYS
        lines = [
            f"{_n(len(plan.notes), 'day')}, {_n(len(entries), 'entry')}",
            "fields: " + (", ".join(f"{k} {fields[k]}" for k in order if fields[k]) or "none"),
            f"kept verbatim: {_n(sum(d.verbatim for d in days), 'fragment')} "
            "(in an entry's tips or the day's Markdown body)",
        ]
        copied = len(plan.notes) - len(days)
        if copied:
            lines.append(f"copied as they are: {_n(copied, 'note')} that had front matter already")
        footers = [d for d in days if d.footer is not None]
        if footers:
            if any(d.footer_dropped for d in footers):
                lines.append(f"footer ('Others'): dropped from {_n(len(footers), 'day')}")
            else:
                lines.append(
                    f"footer ('Others'): kept in the body of {_n(len(footers), 'day')} "
                    "(--drop-footer drops it)"
                )
        verb = "to write" if self.dry_run else "written"
        lines.append(
            f"notes: {len(self.written)} {verb}, {len(self.overwritten)} "
            f"{'to overwrite' if self.dry_run else 'overwritten'}, "
            f"{len(self.unchanged)} already present (unchanged), {len(self.kept)} exist with "
            "other content (kept; --force overwrites)"
        )
        media = (self.media_copied, self.media_unchanged, self.media_kept)
        if any(media):
            lines.append(
                f"media: {len(self.media_copied)} {'to copy' if self.dry_run else 'copied'}, "
                f"{len(self.media_unchanged)} already present, {len(self.media_kept)} exist "
                "with other content (never overwritten)"
            )
        problems = [
            *plan.warnings,
            *plan.refused,
            *(f"{p}: exists with other content; not overwritten" for p in self.kept),
            *(f"{p}: a different file is already there; not copied" for p in self.media_kept),
        ]
        if problems:
            lines.append(f"warnings ({len(problems)}):")
            lines.extend(f"  {w}" for w in problems)
        if self.dry_run:
            lines.append("dry run: nothing was written")
        return lines


def apply_plan(plan: ImportPlan, *, force: bool = False, dry_run: bool = False) -> ImportResult:
    """Write the planned notes and media into DEST (nothing at all with ``dry_run``)."""
    result = ImportResult(plan=plan, dry_run=dry_run)
    for note in plan.notes:
        target = plan.dest / note.rel
        shown = _posix(target)
        data = note.text.encode("utf-8")
        if not target.exists():
            result.written.append(shown)
        elif target.read_bytes() == data:
            result.unchanged.append(shown)
        elif force:
            result.overwritten.append(shown)
        else:
            result.kept.append(shown)
            continue
        if not dry_run and shown not in result.unchanged:
            write_atomic(target, data)
        for asset, dest_rel in note.media:
            _copy_media(result, asset, plan.dest / dest_rel, dry_run)
    return result


def _copy_media(result: ImportResult, asset: Path, target: Path, dry_run: bool) -> None:
    shown = _posix(target)
    if shown in (*result.media_copied, *result.media_unchanged, *result.media_kept):
        return
    data = asset.read_bytes()
    if target.exists():
        if target.read_bytes() == data:
            result.media_unchanged.append(shown)
        else:
            result.media_kept.append(shown)
        return
    result.media_copied.append(shown)
    if not dry_run:
        write_atomic(target, data)
