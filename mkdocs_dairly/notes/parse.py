"""Reading and validating day notes against the front-matter contract (no MkDocs here).

Every problem becomes one :class:`~mkdocs_dairly.errors.Problem` naming the file, the line
of the note, the entry and the field; the bad field is left out and everything else of the
note is kept.
"""

from __future__ import annotations

import dataclasses
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
from .lines import Duplicate, LineCounter, Lines, walk
from .model import Day, Entry, Link, Media
from .urls import url_problem
from .yamlhelp import explain

# The C loader is several times faster; it matters for thousands of notes.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader that never raises a bare Python error.

    A plain scalar that looks like a timestamp but is not a real one (``2021-02-30``) stays
    text, so its field gets the usual one-line problem and nothing else is lost. A scalar that
    cannot be what its explicit tag says (``!!int abc``) is a YAML error with its line.
    """

    deviated = False  # a value was read otherwise than PyYAML's safe loader reads it

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, AttributeError, IndexError, OverflowError):
            self.deviated = True
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


def yaml_loader() -> type:
    """The loader dairly reads front matter with (PyYAML's safe loader, C if available)."""
    return _Loader


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


class Report(Protocol):
    """Records one problem of the note being read: a message, the field it is about, and
    ``at``, the part of the field (a list position, a nested key: see ``lines.Path``) whose
    line it names; ``at=None``: a problem of the file as a whole, on no line."""

    def __call__(
        self, message: str, field: str | None = None, at: tuple[Any, ...] | None = ()
    ) -> None: ...


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

    def report(message: str, field: str | None = None, at: tuple[Any, ...] | None = ()) -> None:
        # ``at=None``: about the file as a whole (its path, its missing date): line 1.
        line = 1 if at is None else day.lines.of(*_field_path(field), *at)
        day.problems.append(Problem(src_uri, message, field=field, line=line))

    rel = posixpath.relpath(src_uri, notes_dir) if notes_dir else src_uri
    path_error = False
    try:
        path_date = date_from_path(rel)
    except PathDateError as exc:
        report(f"the path gives no valid date: {exc}", at=None)
        path_date, path_error = None, True

    yaml_text, body = split_front_matter(text)
    day.body = body
    meta: Any = {}
    if yaml_text is None and _OPENING.match(text.lstrip("\ufeff")):
        message = ("the front matter opened by '---' has no closing '---' line; "
                   "the note is read as Markdown without front matter")  # fmt: skip
        day.problems.append(Problem(src_uri, message, line=1))
    if yaml_text is not None:
        meta = _read_front_matter(yaml_text, day, report)
    meta = _clean_text(meta, day)
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
        day.entries.append(_entry(day, number, raw))
    return day


def _field_path(field: str | None) -> tuple[str, ...]:
    """The path step of a problem's field (``links.<label>``: the ``links`` key)."""
    return () if field is None else (field.partition(".")[0],)


def _read_front_matter(yaml_text: str, day: Day, report: Report) -> Any:
    """The front matter's data (``{}`` when it cannot be read: then ``day.body`` shows it
    verbatim above the body) and its lines (``day.lines``); duplicate keys are reported."""
    counter = LineCounter(yaml_text)
    duplicates: list[Duplicate] = []
    as_mkdocs_reads = False
    try:
        meta, day.lines, duplicates, as_mkdocs_reads = load_yaml(yaml_text, counter)
    except yaml.YAMLError as exc:
        line, reason = explain(exc, yaml_text, counter.at)
        message = f"front matter is not valid YAML: {reason}"
        day.problems.append(Problem(day.src_uri, message, line=line))
        meta = None
        day.unread_front_matter = True
    for dup in duplicates:
        day.problems.append(Problem(day.src_uri, dup.message, dup.entry, dup.field, dup.line))
    if isinstance(meta, dict) and as_mkdocs_reads:
        day.front_matter = (yaml_text, meta)
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


def load_yaml(
    yaml_text: str, counter: LineCounter | None = None
) -> tuple[Any, Lines, list[Duplicate], bool]:
    """The front matter's data, the line of each of its parts, its duplicate keys, and
    whether the data is what PyYAML's safe loader gives (no value read otherwise), from one
    composition to nodes. Lines count in the file from the opening ``---`` (line 1;
    ``counter`` counts them). Raises ``yaml.YAMLError`` for text that is not valid YAML."""
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Lines(), [], True
        lines, duplicates = walk(node, counter or LineCounter(yaml_text), loader.construct_object)
        return loader.construct_document(node), lines, duplicates, not loader.deviated
    finally:
        loader.dispose()


def _clean_text(meta: dict[Any, Any], day: Day) -> dict[Any, Any]:
    """``meta`` without the characters XML does not allow, one problem per field holding any."""
    cleaned: dict[Any, Any] = {}
    for key, value in meta.items():
        if key == "entries" and isinstance(value, list):
            cleaned[key] = [
                _clean_entry(number, item, day) for number, item in enumerate(value, start=1)
            ]
            continue
        found: list[str] = []
        clean_key, value = _strip_not_xml(key, found), _strip_not_xml(value, found)
        if found:
            line = day.lines.of(key)
            day.problems.append(
                Problem(day.src_uri, _not_xml_message(found), field=str(clean_key), line=line)
            )
        cleaned[clean_key] = value
    return cleaned


def _clean_entry(number: int, raw: Any, day: Day) -> Any:
    at = ("entries", number - 1)
    if not isinstance(raw, dict):
        found: list[str] = []
        raw = _strip_not_xml(raw, found)
        if found:
            line = day.lines.of(*at)
            day.problems.append(Problem(day.src_uri, _not_xml_message(found), number, line=line))
        return raw
    cleaned = {}
    for key, value in raw.items():
        found = []
        clean_key, value = _strip_not_xml(key, found), _strip_not_xml(value, found)
        if found:
            line = day.lines.of(*at, key)
            message = _not_xml_message(found)
            day.problems.append(Problem(day.src_uri, message, number, str(clean_key), line))
        cleaned[clean_key] = value
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
            f"no date: add 'date: YYYY-MM-DD' to the front matter or name the file {LAYOUT_HELP}",
            at=None,
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
            report(f"{show(key)} is {where}", at=(key,))
            continue
        name = show(key) if isinstance(key, str) else _as_yaml(key)
        if close := difflib.get_close_matches(str(key), known + other, n=1, cutoff=0.6):
            hint = f"; did you mean {close[0]!r}{'' if close[0] in known else f' ({where})'}?"
        else:
            hint = f"; known keys: {', '.join(known)}"
        report(f"unknown key {name}{hint}", at=(key,))


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
    if not isinstance(value, list | str):
        report(f"expected a list of tags like [nlp, cnn], got {show(value)}", "tags")
        return []
    tags: list[str] = []
    for item, at in _items(value):
        text = as_text(item)
        if text is None:
            report(f"expected each tag to be text, got {show(item)}", "tags", at)
            continue
        tag = text.strip()
        if "<" in tag or ">" in tag:
            # Other plugins (Material's tags index) print tag names as they are.
            report(f"a tag cannot hold '<' or '>', got {show(tag)}", "tags", at)
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


def _entry(day: Day, number: int, raw: Any) -> Entry:
    entry = Entry(number=number)

    def report(message: str, field: str | None = None, at: tuple[Any, ...] | None = ()) -> None:
        line = None if at is None else day.lines.of("entries", number - 1, *_field_path(field), *at)
        day.problems.append(Problem(day.src_uri, message, number, field, line))

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


def _allowed_url(url: str, field: str, report: Report, at: tuple[Any, ...] = ()) -> str | None:
    """``url`` stripped if the URL policy allows it; else a problem on ``field`` and ``None``."""
    problem = url_problem(url)
    if problem:
        report(problem, field, at)
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


def _one_link(value: Any, field: str, report: Report, at: tuple[Any, ...] = ()) -> Link | None:
    """One link of ``field``; ``at`` is where in the field it is written (for its line)."""
    if isinstance(value, str):
        allowed = _allowed_url(value, field, report, at)
        return Link(url=allowed) if allowed is not None else None
    if isinstance(value, dict):
        unknown = [k for k in value if k not in ("title", "url")]
        if unknown:
            message = f"a link takes 'title' and 'url', got the key {show(unknown[0])}"
            report(message, field, (*at, unknown[0]))
        url = value.get("url")
        if not isinstance(url, str):
            message = f"expected {{title: …, url: …}} with a URL, got url {show(url)}"
            report(message, field, (*at, "url"))
            return None
        allowed = _allowed_url(url, field, report, (*at, "url"))
        if allowed is None:
            return None
        title = _text(value, "title", _prefixed(report, "link title: ", field, at))
        return Link(url=allowed, title=title)
    report(f"expected a URL, {{title: …, url: …}} or a list of them, got {show(value)}", field, at)
    return None


def _prefixed(report: Report, prefix: str, of_field: str, where: tuple[Any, ...]) -> Report:
    """A reporter for a part of a field (a link's title, an image's alt) written at
    ``where`` in the field: a problem of its key ``k`` names the line of ``(*where, k)``."""

    def inner(message: str, field: str | None = None, at: tuple[Any, ...] | None = ()) -> None:
        report(
            prefix + message, of_field, None if at is None else (*where, *_field_path(field), *at)
        )

    return inner


def _items(value: Any) -> list[tuple[Any, tuple[Any, ...]]]:
    """A field's items with where each is written: a list's positions, or the one value."""
    if isinstance(value, list):
        return [(item, (index,)) for index, item in enumerate(value)]
    return [(value, ())]


def _link_list(raw: dict[str, Any], key: str, report: Report) -> list[Link]:
    value = raw.get(key)
    if value is None:
        return []
    links = [_one_link(item, key, report, at) for item, at in _items(value)]
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
                report(f"expected each label to be text, got {_as_yaml(key)}", "links", (key,))
                continue
            link = _one_link(target, f"links.{label}", report, (key,))
            if link is not None:
                result.append((label, link))
        return result
    if isinstance(value, list):
        for item, at in _items(value):
            link = _one_link(item, "links", report, at)
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
    for item, at in _items(value):
        if isinstance(item, str):
            allowed = _allowed_url(item, kind, report, at)
            if allowed is not None:
                yield Media(kind=kind, src=allowed)
        elif isinstance(item, dict):
            unknown = [k for k in item if k not in ("src", "alt", "width")]
            if unknown:
                message = f"takes 'src', 'alt' and 'width', got the key {show(unknown[0])}"
                report(message, kind, (*at, unknown[0]))
            src = item.get("src")
            if not isinstance(src, str):
                message = f"expected {{src: …, alt: …, width: …}} with a URL, got src {show(src)}"
                report(message, kind, (*at, "src"))
                continue
            allowed = _allowed_url(src, kind, report, (*at, "src"))
            if allowed is None:
                continue
            alt = _text(item, "alt", _prefixed(report, "alt: ", kind, at))
            width = _width(item.get("width"), kind, report, (*at, "width"))
            yield Media(kind=kind, src=allowed, alt=alt, width=width)
        else:
            message = f"expected a URL, {{src: …, alt: …}} or a list of them, got {show(item)}"
            report(message, kind, at)


_WIDTH = re.compile(r"^[0-9]{1,4}(px|%|em|rem)?$")


def _width(value: Any, kind: str, report: Report, at: tuple[Any, ...]) -> str | None:
    if value is None:
        return None
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    )
    if text is None or not _WIDTH.match(text):
        message = f"width: expected a number of pixels or a percentage like 60%, got {show(value)}"
        report(message, kind, at)
        return None
    return text + "px" if text.isdigit() else text


def with_duplicate_dates(days: list[Day]) -> list[Day]:
    """``days``, each whose date an earlier file already has carrying that problem: a copy
    of it, for a day as parsed may be shared (``mkdocs serve`` keeps it for the next build)."""
    found: dict[str, list[Problem]] = {}
    for problem in duplicate_dates(days):
        found.setdefault(problem.file, []).append(problem)
    if not found:
        return days
    return [
        dataclasses.replace(d, problems=[*d.problems, *found[d.src_uri]]) if d.src_uri in found
        else d
        for d in days
    ]  # fmt: skip


def duplicate_dates(days: Iterable[Day]) -> list[Problem]:
    """Problems for days that share a date: each later file names the first one."""
    first: dict[dt.date, str] = {}
    problems = []
    for day in sorted(days, key=lambda d: d.src_uri):
        if day.date is None:
            continue
        if day.date in first:
            message = f"{day.date.isoformat()} is also the date of {first[day.date]}"
            # The line of 'date:' when the front matter gives the date; else the path does
            # (the file as a whole: line 1).
            line = day.lines.get("date") or 1
            problems.append(Problem(day.src_uri, message, field="date", line=line))
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
    return with_duplicate_dates(days)
