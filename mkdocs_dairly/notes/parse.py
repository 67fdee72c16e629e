"""Reading and validating day notes against the front-matter contract (no MkDocs here).

Every problem becomes one :class:`~mkdocs_dairly.errors.Problem` naming the file, entry
and field; the bad field is left out and everything else of the note is kept.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

import yaml

from .dates import LAYOUT_HELP, PathDateError, date_from_path, parse_date
from .errors import Problem, show
from .model import Day, Entry, Link, Media
from .urls import url_problem

# The C loader is several times faster; it matters for thousands of notes.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader that never raises a bare Python error.

    A plain scalar that looks like a timestamp but is not a real one (``2021-02-30``) stays
    text, so its field gets the usual one-line problem and nothing else is lost. A scalar that
    cannot be what its explicit tag says (``!!int abc``) is a YAML error with its line.
    """

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, AttributeError, IndexError, OverflowError):
            return self.construct_scalar(node)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # PyYAML's scalar constructors raise ValueError, IndexError…
            kind = str(node.tag).rsplit(":", 1)[-1]
            value = node.value if isinstance(node.value, str) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {value!r} as {kind}", node.start_mark
            ) from exc


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

DAY_KEYS = ("date", "title", "summary", "tags", "draft", "entries")
ENTRY_KEYS = (
    "title", "url", "stars", "abstract", "paper", "code", "demo", "links",
    "tips", "image", "video", "tags",
)  # fmt: skip
# Front-matter keys that other MkDocs plugins and Material read; they are not typos.
PASSTHROUGH_DAY_KEYS = frozenset(
    {"template", "hide", "search", "status", "subtitle", "description", "icon", "comments",
     "authors", "categories", "slug", "robots", "social", "nav_title"}
)  # fmt: skip

# Same front-matter delimiters as MkDocs' own reader (mkdocs.utils.meta).
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\r?\n(.*?\r?\n)?(?:\.{3}|-{3})[ \t]*(?:\r?\n|$)", re.S)


class Report(Protocol):
    """Records one problem of the note being read: a message and the field it is about."""

    def __call__(self, message: str, field: str | None = None) -> None: ...


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Split a note into its front-matter YAML (``None`` if it has none) and its Markdown body."""
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end() :]


def parse_day(src_uri: str, text: str, notes_dir: str) -> Day:
    """Parse and validate one day note.

    ``src_uri`` is the file's path relative to ``docs_dir`` (``/`` separators) and names the
    file in every problem; ``notes_dir`` is the notes folder relative to ``docs_dir``.
    """
    day = Day(src_uri=src_uri, date=None)

    def report(message: str, field: str | None = None) -> None:
        day.problems.append(Problem(src_uri, message, field=field))

    rel = posixpath.relpath(src_uri, notes_dir) if notes_dir else src_uri
    path_error = False
    try:
        path_date = date_from_path(rel)
    except PathDateError as exc:
        report(f"the path gives no valid date: {exc}")
        path_date, path_error = None, True

    yaml_text, body = split_front_matter(text)
    day.body = body
    meta: Any = {}
    if yaml_text is not None:
        try:
            meta = yaml.load(yaml_text, Loader=_Loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"line {mark.line + 2}: " if mark is not None else ""
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            report(f"front matter is not valid YAML: {line}{reason}")
            meta = None
            day.unread_front_matter = True
        if meta is not None and not isinstance(meta, dict):
            report(f"front matter must be a mapping of keys to values, got {show(meta)}")
            day.unread_front_matter = True
        if day.unread_front_matter:
            # Nothing is lost: front matter MkDocs cannot read either is shown verbatim
            # above the body (fenced by more backticks than it holds in a row).
            fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", yaml_text)), default=0))
            day.body = f"{fence}yaml\n{yaml_text}{fence}\n\n{body}"
        if not isinstance(meta, dict):
            meta = {}

    _check_keys(meta, DAY_KEYS, PASSTHROUGH_DAY_KEYS, report)
    day.page_meta = {k: v for k, v in meta.items() if k in PASSTHROUGH_DAY_KEYS}
    day.date = _day_date(meta, path_date, path_error, report)
    day.title = _text(meta, "title", report)
    day.summary = _text(meta, "summary", report)
    day.tags = _tags(meta, report)
    day.draft = _flag(meta, "draft", report)
    raw_entries = meta.get("entries")
    if raw_entries is None:
        raw_entries = []
    elif not isinstance(raw_entries, list):
        report(f"expected a list of entries, got {show(raw_entries)}", "entries")
        raw_entries = []
    for number, raw in enumerate(raw_entries, start=1):
        day.entries.append(_entry(src_uri, number, raw, day.problems))
    return day


def _day_date(
    meta: dict[str, Any], path_date: dt.date | None, path_error: bool, report: Report
) -> dt.date | None:
    if "date" in meta:
        given = parse_date(meta["date"])
        if given is None:
            report(f"expected a date like 2021-05-11, got {show(meta['date'])}", "date")
        elif path_date is not None and given != path_date:
            report(
                f"{given.isoformat()} disagrees with the path, which gives {path_date.isoformat()}",
                "date",
            )
        else:
            return given
    if path_date is None and "date" not in meta and not path_error:
        report(
            f"no date: add 'date: YYYY-MM-DD' to the front matter or name the file {LAYOUT_HELP}"
        )
    return path_date


def _check_keys(
    meta: dict[Any, Any], known: tuple[str, ...], passthrough: frozenset[str], report: Report
) -> None:
    other = ENTRY_KEYS if known is DAY_KEYS else DAY_KEYS
    where = "an entry field: put it under 'entries'" if known is DAY_KEYS else "a day field"
    for key in meta:
        if key in known or key in passthrough:
            continue
        if key in other:
            report(f"{show(key)} is {where}")
            continue
        if close := difflib.get_close_matches(str(key), known + other, n=1, cutoff=0.6):
            hint = f"; did you mean {close[0]!r}{'' if close[0] in known else f' ({where})'}?"
        else:
            hint = f"; known keys: {', '.join(known)}"
        report(f"unknown key {show(key)}{hint}")


def _text(meta: dict[str, Any], key: str, report: Report) -> str | None:
    if key not in meta or meta[key] is None:
        return None
    value = meta[key]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        report(f"expected text, got {show(value)}", key)
        return None
    text = str(value).strip()
    return text or None


def _flag(meta: dict[str, Any], key: str, report: Report) -> bool:
    value = meta.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        report(f"expected true or false, got {show(value)}", key)
        return False
    return value


def _tags(meta: dict[str, Any], report: Report) -> list[str]:
    value = meta.get("tags")
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        report(f"expected a list of tags like [nlp, cnn], got {show(value)}", "tags")
        return []
    tags: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            report(f"expected each tag to be text, got {show(item)}", "tags")
            continue
        tag = str(item).strip()
        if "<" in tag or ">" in tag:
            # Other plugins (Material's tags index) print tag names as they are.
            report(f"a tag cannot hold '<' or '>', got {show(tag)}", "tags")
            continue
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _entry(src_uri: str, number: int, raw: Any, problems: list[Problem]) -> Entry:
    entry = Entry(number=number)

    def report(message: str, field: str | None = None) -> None:
        problems.append(Problem(src_uri, message, entry=number, field=field))

    if isinstance(raw, str):
        report(f"expected a mapping with at least 'title', got the text {show(raw)}")
        entry.title = raw.strip() or None
        return entry
    if not isinstance(raw, dict):
        report(f"expected a mapping with at least 'title', got {show(raw)}")
        return entry

    _check_keys(raw, ENTRY_KEYS, frozenset(), report)
    entry.title = _text(raw, "title", report)
    if entry.title is None and raw.get("title") is None:
        report("required: every entry needs a title, got nothing", "title")
    entry.url = _url(raw, "url", report)
    entry.stars = _stars(raw, report)
    entry.abstract = _text(raw, "abstract", report)
    for kind in ("paper", "code", "demo"):
        setattr(entry, kind, _link_list(raw, kind, report))
    entry.links = _labelled_links(raw, report)
    tips = raw.get("tips")
    if tips is not None:
        if isinstance(tips, bool) or not isinstance(tips, str | int | float):
            report(f"expected Markdown text, got {show(tips)}", "tips")
        else:
            entry.tips = str(tips).strip() or None
    entry.media = [*_media(raw, "image", report), *_media(raw, "video", report)]
    entry.tags = _tags(raw, report)
    return entry


def _url(raw: dict[str, Any], key: str, report: Report) -> str | None:
    if key not in raw or raw[key] is None:
        return None
    value = raw[key]
    if not isinstance(value, str):
        report(f"expected a URL, got {show(value)}", key)
        return None
    return _allowed_url(value, key, report)


def _allowed_url(url: str, field: str, report: Report) -> str | None:
    """``url`` stripped if the URL policy allows it; else a problem on ``field`` and ``None``."""
    problem = url_problem(url)
    if problem:
        report(problem, field)
        return None
    return url.strip()


def _stars(raw: dict[str, Any], report: Report) -> int:
    value = raw.get("stars")
    if value is None:
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
        report(f"expected a whole number from 0 to 5, got {show(value)}", "stars")
        return 0
    return value


def _one_link(value: Any, field: str, report: Report) -> Link | None:
    if isinstance(value, str):
        allowed = _allowed_url(value, field, report)
        return Link(url=allowed) if allowed is not None else None
    if isinstance(value, dict):
        unknown = [k for k in value if k not in ("title", "url")]
        if unknown:
            report(f"a link takes 'title' and 'url', got the key {show(unknown[0])}", field)
        url = value.get("url")
        if not isinstance(url, str):
            report(f"expected {{title: …, url: …}} with a URL, got url {show(url)}", field)
            return None
        allowed = _allowed_url(url, field, report)
        if allowed is None:
            return None
        title = _text(value, "title", _prefixed(report, "link title: ", field))
        return Link(url=allowed, title=title)
    report(f"expected a URL, {{title: …, url: …}} or a list of them, got {show(value)}", field)
    return None


def _prefixed(report: Report, prefix: str, of_field: str) -> Report:
    """A reporter for a part of a field (a link's title, an image's alt)."""

    def inner(message: str, field: str | None = None) -> None:
        report(prefix + message, of_field)

    return inner


def _link_list(raw: dict[str, Any], key: str, report: Report) -> list[Link]:
    value = raw.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    links = [_one_link(item, key, report) for item in items]
    return [link for link in links if link is not None]


def _labelled_links(raw: dict[str, Any], report: Report) -> list[tuple[str, Link]]:
    value = raw.get("links")
    if value is None:
        return []
    result: list[tuple[str, Link]] = []
    if isinstance(value, dict):
        for label, target in value.items():
            link = _one_link(target, f"links.{label}", report)
            if link is not None:
                result.append((str(label), link))
        return result
    if isinstance(value, list):
        for item in value:
            link = _one_link(item, "links", report)
            if link is not None:
                result.append((link.title or link.url, link))
        return result
    report(
        f"expected a mapping of labels to URLs like {{bilibili: https://…}}, got {show(value)}",
        "links",
    )
    return []


def _media(raw: dict[str, Any], kind: str, report: Report) -> Iterator[Media]:
    value = raw.get(kind)
    if value is None:
        return
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            allowed = _allowed_url(item, kind, report)
            if allowed is not None:
                yield Media(kind=kind, src=allowed)
        elif isinstance(item, dict):
            unknown = [k for k in item if k not in ("src", "alt", "width")]
            if unknown:
                report(f"takes 'src', 'alt' and 'width', got the key {show(unknown[0])}", kind)
            src = item.get("src")
            if not isinstance(src, str):
                report(
                    f"expected {{src: …, alt: …, width: …}} with a URL, got src {show(src)}", kind
                )
                continue
            allowed = _allowed_url(src, kind, report)
            if allowed is None:
                continue
            alt = _text(item, "alt", _prefixed(report, "alt: ", kind))
            width = _width(item.get("width"), kind, report)
            yield Media(kind=kind, src=allowed, alt=alt, width=width)
        else:
            report(f"expected a URL, {{src: …, alt: …}} or a list of them, got {show(item)}", kind)


_WIDTH = re.compile(r"^\d{1,4}(px|%|em|rem)?$")


def _width(value: Any, kind: str, report: Report) -> str | None:
    if value is None:
        return None
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    )
    if text is None or not _WIDTH.match(text):
        report(
            f"width: expected a number of pixels or a percentage like 60%, got {show(value)}", kind
        )
        return None
    return text + "px" if text.isdigit() else text


def attach_duplicate_dates(days: list[Day]) -> None:
    """Add the problem of each day whose date an earlier file already has to that day."""
    by_uri = {d.src_uri: d for d in days}
    for problem in duplicate_dates(days):
        by_uri[problem.file].problems.append(problem)


def duplicate_dates(days: Iterable[Day]) -> list[Problem]:
    """Problems for days that share a date: each later file names the first one."""
    first: dict[dt.date, str] = {}
    problems = []
    for day in sorted(days, key=lambda d: d.src_uri):
        if day.date is None:
            continue
        if day.date in first:
            problems.append(
                Problem(
                    day.src_uri,
                    f"{day.date.isoformat()} is also the date of {first[day.date]}",
                    field="date",
                )
            )
        else:
            first[day.date] = day.src_uri
    return problems


def note_paths(docs_dir: str, notes_dir: str) -> list[str]:
    """All Markdown files below ``docs_dir/notes_dir``, as ``/`` paths relative to ``docs_dir``.

    Hidden files and folders (``.git``, ``.obsidian``) are skipped, as MkDocs does.
    """
    root = os.path.join(docs_dir, notes_dir)
    found = []
    for folder, dirs, filenames in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in filenames:
            if name.endswith(".md") and not name.startswith("."):
                rel = os.path.relpath(os.path.join(folder, name), docs_dir)
                found.append(rel.replace(os.sep, "/"))
    return sorted(found)


def load_days(docs_dir: str, notes_dir: str) -> list[Day]:
    """Read and validate every note under ``notes_dir``, duplicate dates included."""
    days = []
    for src_uri in note_paths(docs_dir, notes_dir):
        with open(os.path.join(docs_dir, src_uri), encoding="utf-8-sig", errors="replace") as f:
            days.append(parse_day(src_uri, f.read(), notes_dir))
    attach_duplicate_dates(days)
    return days
