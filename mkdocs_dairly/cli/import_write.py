"""``mkdocs-dairly import``: plan the notes of a hand-written repository, write them, summarize.

:func:`plan_import` reads SOURCE (never writes to it) and renders every day as a note in
the front-matter contract; :func:`apply_plan` writes the notes and their relative media
into DEST atomically, never overwriting a different file unless forced (media never).

Nothing outside SOURCE is read and nothing outside DEST is written: every path a note
names, every note file and every write is resolved (links included) and checked first.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import yaml

from ..notes.dates import PathDateError, date_from_path
from ..notes.parse import ENTRY_KEYS, parse_day, split_front_matter
from ..notes.urls import split_fragment
from .import_parse import (
    EMPTY,
    HTTPS,
    MAILTO,
    SPLIT,
    SPLIT_ENTRIES,
    ImportedDay,
    Readme,
    parse_note,
    parse_readme,
    split_lines,
)

T = TypeVar("T")
Progress = Callable[[Sequence[T]], Iterable[T]]

README_NAMES = ("README.md", "readme.md", "Readme.md")
README_ORIGIN = "README.md (今日要点)"
HISTORY_LIST_LIMIT = 10
_REF = re.compile(r"""(?:src|href|poster)\s*+=\s*+["']([^"']++)["']|\]\(([^)\s]++)""")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*+):")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")  # C:\notes or C:/notes, a Windows absolute path
SHOWN_MAX = 200  # characters of a path shown in a warning


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

    def readable(self, path: Path) -> Path | None:
        """``path`` with its links resolved if it is inside SOURCE, else ``None``: not read.

        A path that leaves SOURCE as written (``../../etc/passwd``) is refused before the
        file system is asked anything; one that leaves it through a link (a linked file or
        folder) is refused once resolved.
        """
        return _resolve_within(self.source, path)


def _within(root: Path, path: Path) -> bool:
    return path == root or root in path.parents


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a regular file; ``False`` also for a name the system refuses."""
    try:
        return path.is_file()
    except (OSError, ValueError):  # ENAMETOOLONG and the like: no such file can exist
        return False


def _resolve_within(root: Path, path: Path) -> Path | None:
    """``path`` with its links resolved, if both it and its resolution are inside ``root``."""
    if "\x00" in str(path):
        return None
    given = Path(os.path.abspath(root))
    real_root = Path(os.path.realpath(root))
    lexical = Path(os.path.normpath(os.path.abspath(path)))
    if not (_within(given, lexical) or _within(real_root, lexical)):
        return None
    real = Path(os.path.realpath(path))
    return real if _within(real_root, real) else None


def locate_source(source: Path) -> tuple[Path, Path | None]:
    """The notes folder and README of SOURCE (a repository, or a notes folder itself)."""
    if not source.is_dir():
        raise ImportSourceError(f"{source}: SOURCE is not a folder")
    readme = next((source / n for n in README_NAMES if (source / n).is_file()), None)
    notes = source / "notes" if (source / "notes").is_dir() else source
    if _resolve_within(source, notes) is None:
        raise ImportSourceError(
            f"{notes}: a link to {os.path.realpath(notes)}, outside SOURCE; "
            "import reads nothing outside SOURCE (give that folder as SOURCE)"
        )
    return notes, readme


def _is_note_name(name: str) -> bool:
    return name.endswith(".md") and not name.startswith(".")


def _source_files(notes_root: Path, readme: Path | None) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(notes_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if _is_note_name(name) and path != readme:
                found.append(path)
    return found


def _link_out(origin: str, path: Path) -> str:
    return f"{origin}: a link to {_shown(os.path.realpath(path))}, outside SOURCE; not read"


def _readable_notes(plan: ImportPlan, notes_root: Path, readme: Path | None) -> list[Path]:
    """SOURCE's note files; one that is a link out of SOURCE, or no file, is one warning.

    Linked folders are not followed (``os.walk``); one that leads out of SOURCE is reported,
    since the notes in it are not imported.
    """
    found = []
    for folder, dirs, files in os.walk(notes_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            path = Path(folder) / name
            if path.is_symlink() and plan.readable(path) is None:
                plan.warnings.append(_link_out(_posix(path.relative_to(plan.source)), path))
        for name in sorted(files):
            path = Path(folder) / name
            if not _is_note_name(name) or path == readme:
                continue
            origin = _posix(path.relative_to(plan.source))
            real = plan.readable(path)
            if real is None:
                plan.warnings.append(_link_out(origin, path))
            elif not _is_file(real):
                plan.warnings.append(f"{origin}: not a file (or a broken link); not read")
            else:
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


def _read_note(plan: ImportPlan, path: Path, origin: str) -> str | None:
    """The text of a SOURCE file (its links resolved), ``None`` with a warning if unreadable."""
    real = plan.readable(path)
    if real is None:  # a README linked from elsewhere (note files were checked by the walk)
        plan.warnings.append(_link_out(origin, path))
        return None
    try:
        return _read(real)
    except UnicodeDecodeError:
        plan.warnings.append(f"{origin}: not UTF-8 text; not imported")
    except OSError as exc:
        plan.warnings.append(f"{origin}: cannot be read ({exc.strerror or exc}); not imported")
    return None


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
    files = _readable_notes(plan, notes_root, readme_path)
    taken: dict[dt.date, str] = {}
    deferred: list[tuple[Path, str, str, ImportedDay, dt.date]] = []
    for path in progress(files) if progress else files:
        origin = _posix(path.relative_to(source))
        rel = _posix(path.relative_to(notes_root))
        text = _read_note(plan, path, origin)
        if text is None:
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
            _plan_day(plan, (path, text), notes_root, origin, rel, day, taken)
        elif day.date is not None:
            deferred.append((path, text, origin, day, day.date))
        else:
            plan.warnings.append(
                f"{origin}: neither the path nor a title like '# …（2021.9.30）' gives a date; "
                "not imported"
            )
    for path, text, origin, day, date in deferred:  # dated by their title only: after the others
        rel = _canonical(date)
        plan.warnings.append(f"{origin}: the path gives no date; the title's date puts it at {rel}")
        _plan_day(plan, (path, text), notes_root, origin, rel, day, taken)
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
    # The note's own problems, named by where it comes from, with their line, entry and field.
    plan.warnings.extend(str(replace(p, file=origin)) for p in day.problems)
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
    source: tuple[Path, str],  # the file the day comes from, and its text
    notes_root: Path,
    origin: str,
    rel: str,
    day: ImportedDay,
    taken: dict[dt.date, str],
) -> None:
    assert day.date is not None
    if not _claim(plan, taken, day.date, origin):
        return
    media = _relocate_media(plan, day, source, notes_root, origin, rel)
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
    origin = _posix(readme_path.relative_to(plan.source))
    text = _read_note(plan, readme_path, origin)
    if text is None:
        return
    readme = parse_readme(text)
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
        _plan_day(plan, (readme_path, text), notes_root, README_ORIGIN, rel, day, taken)
    _report_history(plan, readme, readme_path.parent, origin, taken, has_notes)


def _report_history(
    plan: ImportPlan,
    readme: Readme,
    base: Path,
    origin: str,
    taken: dict[dt.date, str],
    has_notes: bool,
) -> None:
    missing = []
    for item in readme.history:
        real = plan.readable(base / unquote(item.path))
        if real is None:
            plan.warnings.append(
                f"{origin}: 历史更新 lists {_shown(item.path)}, which is outside SOURCE; not read"
            )
        elif not _is_file(real):
            missing.append(item)
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


def _day_refs(day: ImportedDay) -> Iterator[tuple[str, str]]:
    """Every path or URL the day uses, with where it is (``entry 2, 'image'``; ``''``: body)."""
    for number, entry in enumerate(day.entries, start=1):
        for key in ("image", "video", "paper", "code", "demo"):
            for value in getattr(entry, key):
                ref = value if isinstance(value, str) else value.get("src", value.get("url", ""))
                yield ref, f"entry {number}, {key!r}"
        for value in entry.links.values():
            yield (value if isinstance(value, str) else value["url"]), f"entry {number}, 'links'"
        for a, b in _REF.findall(entry.abstract or ""):
            yield a or b, f"entry {number}, 'abstract'"
        for text, _ in entry.tip_parts:
            yield from ((a or b, f"entry {number}, 'tips'") for a, b in _REF.findall(text))
    for text in day.body:
        yield from ((a or b, "") for a, b in _REF.findall(text))


def _local_file(ref: str, base: Path) -> tuple[Path, str] | None:
    """The file ``ref`` names (links not resolved yet) and its path as written, decoded.

    ``None`` when it names no file: a URL with another scheme or none (``//host/…``), a
    ``#fragment``, a note (``.md``). Relative paths are below ``base``; absolute paths,
    ``C:\\`` paths and ``file:`` URLs are taken as they are. Character references and
    percent-escapes are decoded and backslashes read as ``/``, as a browser reads them, so
    ``&#46;&#46;/``, ``..%2f`` and ``..\\`` climb like ``../``.
    """
    text = html.unescape(ref).strip()
    squeezed = _IGNORED_BY_BROWSERS.sub("", text)  # "fi\tle:" is "file:" to a browser
    scheme = _SCHEME.match(squeezed)
    if _DRIVE.match(squeezed):
        written = ("" if os.name == "nt" else "/") + squeezed.replace("\\", "/")
    elif scheme:
        if scheme.group(1).lower() != "file":
            return None
        parts = urlsplit(squeezed.replace("\\", "/"))
        host = "" if parts.netloc.lower() in ("", "localhost") else f"//{parts.netloc}"
        written = host + "/" + unquote(parts.path).lstrip("/")  # //host/…: another machine
    elif squeezed.startswith(("#", "?")):
        return None
    else:
        written = unquote(split_fragment(text)[0])
        if written.startswith("//"):
            return None  # a URL of another host; \\host\share below is a network share
        written = written.replace("\\", "/")
    if not written or written.endswith(".md"):
        return None
    return base / written, written


class _Lines:
    """Finds the line of a source file where a path is written, for warnings."""

    def __init__(self, text: str) -> None:
        self.text = "\n".join(split_lines(text))
        self.decoded: list[str] | None = None

    def of(self, ref: str) -> int | None:
        """The first line that has ``ref`` (as written, or HTML-escaped), ``None`` if none."""
        escaped = html.escape(ref, quote=False)
        for needle in (f"({ref}", f'"{ref}"', f"'{ref}'", f"={ref}", ref, escaped):
            at = self.text.find(needle)
            if at >= 0:
                return self.text.count("\n", 0, at) + 1
        if self.decoded is None:
            self.decoded = [html.unescape(line) for line in self.text.split("\n")]
        return next((n for n, line in enumerate(self.decoded, start=1) if ref in line), None)


def _at(lines: _Lines, ref: str, where: str) -> str:
    """``line 12, entry 2, 'image': `` (what is known of it) to begin a warning."""
    line = lines.of(ref)
    parts = [f"line {line}" if line is not None else "", where]
    text = ", ".join(part for part in parts if part)
    return f"{text}: " if text else ""


def _shown(text: str) -> str:
    """``text`` fit for a one-line warning: control characters escaped, long text cut."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:SHOWN_MAX])
    return shown + ("…" if len(text) > SHOWN_MAX else "")


def _relocate_media(
    plan: ImportPlan,
    day: ImportedDay,
    source: tuple[Path, str],
    notes_root: Path,
    origin: str,
    rel: str,
) -> list[tuple[Path, str]]:
    """Find the files the day uses; plan their copies next to the note, fix their paths.

    A path that leads out of SOURCE (``../../etc/passwd``, an absolute path, a ``file:``
    URL, a link to a file or folder elsewhere) is neither read nor copied: one warning
    names the file, line, entry, field and path, and the note keeps the link as written.
    """
    source_file, source_text = source
    lines = _Lines(source_text)
    note_dir = posixpath.dirname(rel)
    root = notes_root.resolve()
    readme_at_root = origin == README_ORIGIN and source_file.parent.resolve() == root
    copies: list[tuple[Path, str]] = []
    renames: dict[str, str] = {}
    refs: dict[str, str] = {}
    for ref, where in _day_refs(day):
        refs.setdefault(ref, where)  # one warning per path: where it is first used
    for ref, where in refs.items():
        local = _local_file(ref, source_file.parent) if ref else None
        if local is None:
            continue
        path, written = local
        real = plan.readable(path)
        if real is None or not _is_file(real):
            problem = "leads outside SOURCE; not read," if real is None else "is not in SOURCE;"
            plan.warnings.append(
                f"{origin}: {_at(lines, ref, where)}{_shown(ref)} {problem} kept the link as it is"
            )
            continue
        if root in real.parents and not readme_at_root:
            dest_rel = _posix(real.relative_to(root))  # same place relative to the notes
        else:
            inner = posixpath.normpath(written)
            keep = not inner.startswith(("../", "/")) and inner != ".."
            name = posixpath.basename(inner)
            name = name if name not in ("", ".", "..") else real.name
            dest_rel = posixpath.join(note_dir, inner if keep else name)  # next to the note
        copies.append((real, dest_rel))
        new_ref = posixpath.relpath(dest_rel, note_dir or ".")
        if new_ref != written or "\\" in ref:
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
        if entry.abstract is not None:
            entry.abstract = fix_text(entry.abstract)
        entry.tip_parts = [(fix_text(t), b) for t, b in entry.tip_parts]
    day.body = [fix_text(t) for t in day.body]


# ----------------------------------------------------------------------------- writing


def _n(count: int, word: str) -> str:
    plural = {
        "entry": "entries",
        "day": "days",
        "note": "notes",
        "fragment": "fragments",
        "address": "addresses",
    }
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
    outside: list[str] = field(default_factory=list)  # a link in DEST leads out: not written
    media_seen: set[str] = field(default_factory=set, repr=False)

    @property
    def exit_code(self) -> int:
        """1 when a file was not written because DEST disagrees, else 0."""
        return 1 if self.kept or self.plan.refused or self.outside else 0

    def summary_lines(self) -> list[str]:
        """The human summary: days, entries, fields, verbatim fragments, what was changed of
        what the author wrote, files, warnings."""
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
        changed = changes_line(days)
        if changed:
            lines.append(changed)
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
            *(f"{p}: a link in DEST leads outside DEST; not written" for p in self.outside),
        ]
        if problems:
            lines.append(f"warnings ({len(problems)}):")
            lines.extend(f"  {w}" for w in problems)
        if self.dry_run:
            lines.append("dry run: nothing was written")
        return lines


def changes_line(days: Iterable[ImportedDay]) -> str | None:
    """The summary line that lists what the import changed of what the author wrote."""
    total: Counter[str] = Counter()
    for day in days:
        total.update(day.all_changes())
    parts = []
    if total[HTTPS]:
        parts.append(f"{_n(total[HTTPS], 'link')} given https://")
    if total[MAILTO]:
        parts.append(f"{_n(total[MAILTO], 'address')} given mailto:")
    if total[EMPTY]:
        parts.append(f"{_n(total[EMPTY], 'empty link')} kept as text")
    if total[SPLIT]:
        parts.append(f"{_n(total[SPLIT], 'item')} split into {_n(total[SPLIT_ENTRIES], 'entry')}")
    return "changed from the source: " + ", ".join(parts) if parts else None


def apply_plan(plan: ImportPlan, *, force: bool = False, dry_run: bool = False) -> ImportResult:
    """Write the planned notes and media into DEST (nothing at all with ``dry_run``)."""
    result = ImportResult(plan=plan, dry_run=dry_run)
    for note in plan.notes:
        target = plan.dest / note.rel
        shown = _posix(target)
        data = note.text.encode("utf-8")
        if _resolve_within(plan.dest, target) is None:
            result.outside.append(shown)
            continue
        if not target.exists():
            result.written.append(shown)
        elif target.read_bytes() == data:
            result.unchanged.append(shown)
        elif force:
            result.overwritten.append(shown)
        else:
            result.kept.append(shown)
            continue
        if not dry_run and result.unchanged[-1:] != [shown]:
            write_atomic(target, data)
        for asset, dest_rel in note.media:
            _copy_media(result, asset, plan.dest / dest_rel, dry_run)
    return result


def _copy_media(result: ImportResult, asset: Path, target: Path, dry_run: bool) -> None:
    shown = _posix(target)
    if shown in result.media_seen:
        return
    result.media_seen.add(shown)
    if _resolve_within(result.plan.dest, target) is None:
        result.outside.append(shown)
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
