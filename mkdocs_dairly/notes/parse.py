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
from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any, Protocol

import yaml

from .dates import LAYOUT_HELP, PathDateError, date_from_path, parse_date, range_problem
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
_OPENING = re.compile(r"^-{3}[ \t]*\r?\n")
# Characters XML 1.0 does not allow (feeds, sitemaps), nor HTML as text: C0 controls but tab,
# newline and carriage return; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MERGE_TAG = "tag:yaml.org,2002:merge"


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
    if yaml_text is None and _OPENING.match(text.lstrip("\ufeff")):
        report(
            "line 1: the front matter opened by '---' has no closing '---' line; "
            "the note is read as Markdown without front matter"
        )
    if yaml_text is not None:
        meta = _read_front_matter(yaml_text, day, report)
    meta = _clean_text(meta, day.problems, src_uri)
    _check_keys(meta, DAY_KEYS, PASSTHROUGH_DAY_KEYS, report)
    day.page_meta = page_meta(meta, report)
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


def _read_front_matter(yaml_text: str, day: Day, report: Report) -> Any:
    """The front matter's data (``{}`` when it cannot be read: then ``day.body`` shows it
    verbatim above the body); duplicate keys are reported with their lines."""
    try:
        meta, duplicates = load_yaml(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        report(f"front matter is not valid YAML: {line}{reason}")
        meta, duplicates = None, []
        day.unread_front_matter = True
    for dup in duplicates:
        day.problems.append(Problem(day.src_uri, dup.message, dup.entry, dup.field))
    if meta is not None and not isinstance(meta, dict):
        report(f"front matter must be a mapping of keys to values, got {show(meta)}")
        day.unread_front_matter = True
    if day.unread_front_matter:
        # Nothing is lost: front matter MkDocs cannot read either is shown verbatim
        # above the body (fenced by more backticks than it holds in a row).
        shown = _NOT_XML.sub("", yaml_text)
        fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", shown)), default=0))
        day.body = f"{fence}yaml\n{shown}{fence}\n\n{day.body}"
    return meta if isinstance(meta, dict) else {}


class Duplicate:
    """A key written twice in one mapping of the front matter."""

    def __init__(self, entry: int | None, field: str | None, key: str, line: int, first: int):
        self.entry, self.field, self.line = entry, field, line
        self.message = (
            f"line {line}: duplicate key {show(key)} (also on line {first}); "
            "the later value is used"
        )


def load_yaml(yaml_text: str) -> tuple[Any, list[Duplicate]]:
    """The front matter's data and its duplicate keys. Lines count from the opening
    ``---`` (line 1). Raises ``yaml.YAMLError`` for text that is not valid YAML."""
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        duplicates = sorted(_duplicate_keys(node, None, None, set()), key=lambda d: d.line)
        return loader.construct_document(node), duplicates
    finally:
        loader.dispose()


def _duplicate_keys(
    node: yaml.Node, entry: int | None, field: str | None, seen: set[int]
) -> Iterator[Duplicate]:
    """Duplicate keys in ``node`` and below (each node once: aliases are not followed twice)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        in_entries = entry is None and field == "entries"
        for number, item in enumerate(node.value, start=1):
            if in_entries:
                yield from _duplicate_keys(item, number, None, seen)
            else:
                yield from _duplicate_keys(item, entry, field, seen)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    first: dict[tuple[str, str], int] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is not None and key_node.tag != _MERGE_TAG:
            ident, line = (key_node.tag, key), key_node.start_mark.line + 2
            if ident in first:
                yield Duplicate(entry, field, key, line, first[ident])
            else:
                first[ident] = line
        inner = field if field is not None else (key if isinstance(key, str) else None)
        yield from _duplicate_keys(value_node, entry, inner, seen)


def _clean_text(meta: dict[Any, Any], problems: list[Problem], src_uri: str) -> dict[Any, Any]:
    """``meta`` without the characters XML does not allow, one problem per field holding any."""
    cleaned: dict[Any, Any] = {}
    for key, value in meta.items():
        if key == "entries" and isinstance(value, list):
            cleaned[key] = [
                _clean_entry(number, item, problems, src_uri)
                for number, item in enumerate(value, start=1)
            ]
            continue
        found: list[str] = []
        key, value = _strip_not_xml(key, found), _strip_not_xml(value, found)
        if found:
            problems.append(Problem(src_uri, _not_xml_message(found), field=str(key)))
        cleaned[key] = value
    return cleaned


def _clean_entry(number: int, raw: Any, problems: list[Problem], src_uri: str) -> Any:
    if not isinstance(raw, dict):
        found: list[str] = []
        raw = _strip_not_xml(raw, found)
        if found:
            problems.append(Problem(src_uri, _not_xml_message(found), entry=number))
        return raw
    cleaned = {}
    for key, value in raw.items():
        found = []
        key, value = _strip_not_xml(key, found), _strip_not_xml(value, found)
        if found:
            problems.append(Problem(src_uri, _not_xml_message(found), number, str(key)))
        cleaned[key] = value
    return cleaned


def _strip_not_xml(value: Any, found: list[str]) -> Any:
    """``value`` (any YAML data) with the characters XML does not allow removed from its
    text; ``found`` collects what was removed."""
    if isinstance(value, str):
        bad = _NOT_XML.findall(value)
        if not bad:
            return value
        found.extend(bad)
        return _NOT_XML.sub("", value)
    if isinstance(value, list):
        return [_strip_not_xml(v, found) for v in value]
    if isinstance(value, dict):
        return {_strip_not_xml(k, found): _strip_not_xml(v, found) for k, v in value.items()}
    return value


def _not_xml_message(found: list[str]) -> str:
    codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))
    return f"control characters that XML does not allow were removed ({codes})"


def _day_date(
    meta: dict[str, Any], path_date: dt.date | None, path_error: bool, report: Report
) -> dt.date | None:
    if "date" in meta:
        given = parse_date(meta["date"])
        if given is None:
            report(f"expected a date like 2021-05-11, got {show(meta['date'])}", "date")
        elif problem := range_problem(given):
            report(problem, "date")
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
        name = show(key) if isinstance(key, str) else _as_yaml(key)
        if close := difflib.get_close_matches(str(key), known + other, n=1, cutoff=0.6):
            hint = f"; did you mean {close[0]!r}{'' if close[0] in known else f' ({where})'}?"
        else:
            hint = f"; known keys: {', '.join(known)}"
        report(f"unknown key {name}{hint}")


def _as_yaml(key: Any) -> str:
    """A key that is not text as YAML writes it (``null``, ``true``, ``5``, ``2021-05-11``)."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, dt.date):
        return key.isoformat()
    return show(key)


def as_text(value: Any) -> str | None:
    """``value`` as text if YAML gave text, a number or a date (``title: 2021``), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def _text(meta: dict[str, Any], key: str, report: Report) -> str | None:
    if key not in meta or meta[key] is None:
        return None
    value = meta[key]
    text = as_text(value)
    if text is None:
        report(f"expected text, got {show(value)}", key)
        return None
    return text.strip() or None


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
        text = as_text(item)
        if text is None:
            report(f"expected each tag to be text, got {show(item)}", "tags")
            continue
        tag = text.strip()
        if "<" in tag or ">" in tag:
            # Other plugins (Material's tags index) print tag names as they are.
            report(f"a tag cannot hold '<' or '>', got {show(tag)}", "tags")
            continue
        if tag and tag not in tags:
            tags.append(tag)
    return tags


# -- keys for MkDocs, Material and other plugins ------------------------------------------

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")


def _meta_text(value: Any) -> tuple[Any, str | None]:
    text = as_text(value)
    return (text, None) if text is not None else (None, "expected text")


def _meta_flag(value: Any) -> tuple[Any, str | None]:
    return (value, None) if isinstance(value, bool) else (None, "expected true or false")


def _meta_name(value: Any) -> tuple[Any, str | None]:
    ok = isinstance(value, str) and _NAME.fullmatch(value)
    return (value, None) if ok else (None, "expected a name of letters, digits, '-' and '_'")


def _is_path(value: Any) -> bool:
    return isinstance(value, str) and bool(_PATH.fullmatch(value)) and ".." not in value.split("/")


def _meta_template(value: Any) -> tuple[Any, str | None]:
    ok = _is_path(value)
    return (value, None) if ok else (None, "expected a template file name like 'main.html'")


def _meta_icon(value: Any) -> tuple[Any, str | None]:
    ok = _is_path(value)
    return (value, None) if ok else (None, "expected an icon name like 'material/book'")


def _meta_texts(value: Any) -> tuple[Any, str | None]:
    items = [value] if isinstance(value, str) else value
    texts = [as_text(v) for v in items] if isinstance(items, list) else [None]
    if any(t is None for t in texts):
        return None, "expected a list of text like [toc, navigation]"
    return texts, None


def _meta_mapping(value: Any) -> tuple[Any, str | None]:
    return (value, None) if isinstance(value, dict) else (None, "expected a mapping")


def _meta_search(value: Any) -> tuple[Any, str | None]:
    expected = "expected {exclude: true|false, boost: a number}"
    if not isinstance(value, dict) or any(k not in ("exclude", "boost") for k in value):
        return None, expected
    boost = value.get("boost", 1)
    if not isinstance(value.get("exclude", False), bool) or isinstance(boost, bool):
        return None, expected
    return (value, None) if isinstance(boost, int | float) else (None, expected)


# How Material and MkDocs use each key (see Material's templates): what each must be.
_PAGE_META = {
    "template": _meta_template,  # MkDocs: the template file to render the page with
    "hide": _meta_texts,  # Material: "toc" in page.meta.hide
    "search": _meta_search,  # Material search: page.meta.search.exclude / .boost
    "status": _meta_name,  # Material: a CSS class md-status--{status}
    "subtitle": _meta_text,
    "description": _meta_text,
    "icon": _meta_icon,  # Material: includes .icons/{icon}.svg
    "comments": _meta_flag,
    "authors": _meta_texts,  # Material's blog: author keys
    "categories": _meta_texts,
    "slug": _meta_text,
    "robots": _meta_text,
    "social": _meta_mapping,  # Material's social plugin: options per page
    "nav_title": _meta_text,
}


def page_meta(meta: dict[Any, Any], report: Report) -> dict[str, Any]:
    """The front matter's keys for MkDocs, Material and other plugins, each of the type they
    expect it (text as ``str``, ``hide: toc`` as ``[toc]``); a key of another type is reported
    and left out."""
    kept: dict[str, Any] = {}
    for key, check in _PAGE_META.items():
        if key not in meta or meta[key] is None:
            continue
        value, expected = check(meta[key])
        if expected is None:
            kept[key] = value
        else:
            report(f"{expected}, got {show(meta[key])}; it is left out", key)
    return kept


def settle_page_meta(meta: MutableMapping[str, Any], day: Day) -> None:
    """Make a page's ``meta`` (as MkDocs read it from the note) hold ``day``'s checked
    pass-through keys: a key that failed its check is removed, the others take their
    checked value."""
    for key in PASSTHROUGH_DAY_KEYS:
        if key in day.page_meta:
            meta[key] = day.page_meta[key]
        else:
            meta.pop(key, None)


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
        text = as_text(tips)
        if text is None:
            report(f"expected Markdown text, got {show(tips)}", "tips")
        else:
            entry.tips = text.strip() or None
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
    # ASCII digits only: "²", "３" and "½" are digits to str.isdigit() but not to int().
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
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
        for key, target in value.items():
            label = as_text(key)
            if label is None or not label.strip():
                report(f"expected each label to be text, got {_as_yaml(key)}", "links")
                continue
            link = _one_link(target, f"links.{label}", report)
            if link is not None:
                result.append((label, link))
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


_WIDTH = re.compile(r"^[0-9]{1,4}(px|%|em|rem)?$")


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
