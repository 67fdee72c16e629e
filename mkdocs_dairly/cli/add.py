"""``mkdocs-dairly add URL``: fetch a page once and append an entry for it to a day's note.

The entry is built from the page's metadata (:mod:`.page_meta`), every value cleaned
(control characters removed, lengths capped, Markdown escaped where the field is
Markdown) and rendered as YAML by PyYAML, so no value can inject keys. The note is edited
as text: the new item is appended at the end of ``entries:`` in the note's own indentation
and line endings, and every other byte of the note is kept. The result is validated with
the plugin's own :func:`~mkdocs_dairly.notes.parse.parse_day` before and after it is
written (atomically); a note the new entry would make worse is left as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

import yaml

from ..notes.dates import date_from_path, range_problem
from ..notes.parse import note_paths, parse_day, split_front_matter
from ..notes.urls import url_problem
from .import_write import dump_yaml, write_atomic
from .new import DEFAULT_LAYOUT, _existing, detect_layout, render_layout, skeleton
from .page_meta import FetchError, Page, PageMeta, fetch_page, read_meta
from .site_config import SiteConfig

TITLE_MAX = 200  # characters
ABSTRACT_MAX = 300  # characters: an abstract is one line under the entry's heading
LINKS_MAX = 3  # paper or code links taken from a page
Fetch = Callable[[str], Page]


class AddError(Exception):
    """``add`` refuses: one line for the user; nothing was written."""


# ----------------------------------------------------------------------------- URLs

# Query parameters that only track who shared or clicked a link, on any site.
TRACKING = frozenset(
    {"spm", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
     "mc_cid", "mc_eid", "_hsenc", "_hsmi", "ref_src", "share_source", "share_medium"}
)  # fmt: skip
TRACKING_PREFIXES = ("utm_",)
WECHAT_HOST = "mp.weixin.qq.com"
WECHAT_KEEP = ("__biz", "mid", "idx", "sn")  # what identifies an article on /s?… and /mp/…
_ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org"}
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_PATH = re.compile(rf"^/(?:abs|pdf|html|format)/{_ARXIV_ID}(?:\.pdf)?/?$")
_DOI = re.compile(r"^(10\.\d{4,9}/\S+)$")
# github.com/<owner>/… paths that are GitHub's own pages, not repositories.
_GITHUB_RESERVED = frozenset(
    {"about", "apps", "blog", "collections", "contact", "customer-stories", "enterprise",
     "events", "explore", "features", "login", "join", "marketplace", "new", "notifications",
     "orgs", "organizations", "pricing", "pulls", "issues", "readme", "search", "security",
     "settings", "site", "sponsors", "team", "topics", "trending", "users", "codespaces",
     "solutions", "resources", "signup", "password_reset", "premium-support", "github-copilot",
     "git-guides", "open-source", "home", "dashboard", "logout", "account", "stars"}
)  # fmt: skip
_GITLAB_RESERVED = frozenset(
    {"explore", "help", "users", "dashboard", "search", "admin", "-", "api", "groups",
     "projects", "profile", "assets", "uploads", "pricing", "sitemap"}
)  # fmt: skip
_GITLAB_OLD_ROUTES = frozenset({"tree", "blob", "issues", "merge_requests", "commits", "wikis"})


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_http(url: str) -> bool:
    """An absolute http(s) URL with a host, allowed by the notes' URL rules."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.hostname)
        and url_problem(url) is None
        and not re.search(r"[\x00-\x20\x7f]", url)
    )


def clean_url(url: str) -> str:
    """``url`` without tracking parameters; a WeChat article keeps only what identifies it."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    fragment = parts.fragment
    scheme = parts.scheme.lower()
    if host == WECHAT_HOST:
        scheme, fragment = "https", ""  # #rd, #wechat_redirect: never part of the article
        if parts.path.startswith("/s/"):
            query = ""
        else:
            pairs = [p for p in parts.query.split("&") if p]
            query = "&".join(p for p in pairs if unquote(p.split("=", 1)[0]) in WECHAT_KEEP)
    else:
        pairs = [p for p in parts.query.split("&") if p]
        kept = []
        for pair in pairs:
            key = unquote(pair.split("=", 1)[0]).lower()
            if key in TRACKING or key.startswith(TRACKING_PREFIXES):
                continue
            kept.append(pair)
        query = "&".join(kept)
    return urlunsplit((scheme, parts.netloc.lower(), parts.path, query, fragment))


def _web(url: str) -> tuple[SplitResult, str] | None:
    """``url`` split, and its host in lower case, if it is an http(s) URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    return parts, (parts.hostname or "").lower()


def paper_url(url: str) -> str | None:
    """The normal form of an arXiv, DOI or OpenReview paper URL; ``None`` for anything else."""
    web = _web(url)
    if web is None:
        return None
    parts, host = web
    if host in _ARXIV_HOSTS:
        match = _ARXIV_PATH.match(parts.path)
        return f"https://arxiv.org/abs/{match.group(1)}" if match else None
    if host in ("doi.org", "dx.doi.org", "www.doi.org"):
        match = _DOI.match(unquote(parts.path.lstrip("/")))
        return f"https://doi.org/{parts.path.lstrip('/')}" if match else None
    if host in ("openreview.net", "www.openreview.net") and parts.path in ("/forum", "/pdf"):
        ids = [p[3:] for p in parts.query.split("&") if p.startswith("id=") and len(p) > 3]
        return f"https://openreview.net/forum?id={ids[0]}" if ids else None
    return None


def repo_url(url: str) -> str | None:
    """The repository a GitHub or GitLab URL belongs to (``https://github.com/o/r``)."""
    web = _web(url)
    if web is None:
        return None
    parts, host = web
    segments = [s for s in parts.path.split("/") if s]
    name_ok = re.compile(r"^[A-Za-z0-9_.\-]+$")
    if host in ("github.com", "www.github.com"):
        if len(segments) < 2 or segments[0].lower() in _GITHUB_RESERVED:
            return None
        owner, repo = segments[0], segments[1].removesuffix(".git")
        if not (name_ok.match(owner) and name_ok.match(repo)) or repo in (".", ".."):
            return None
        return f"https://github.com/{owner}/{repo}"
    if host in ("gitlab.com", "www.gitlab.com"):
        if "-" in segments:
            segments = segments[: segments.index("-")]
        else:
            for i, s in enumerate(segments):
                if i >= 2 and s in _GITLAB_OLD_ROUTES:
                    segments = segments[:i]
                    break
        if len(segments) < 2 or segments[0].lower() in _GITLAB_RESERVED:
            return None
        segments[-1] = segments[-1].removesuffix(".git")
        if not all(name_ok.match(s) for s in segments):
            return None
        return "https://gitlab.com/" + "/".join(segments)
    return None


def title_from_url(url: str) -> str:
    """A readable title when the page gives none: the paper or repository, else the last
    path segment, else the host."""
    paper = paper_url(url)
    if paper and "arxiv.org" in paper:
        return "arXiv:" + paper.rsplit("/abs/", 1)[1]
    repo = repo_url(url)
    if repo:
        return repo.split("/", 3)[3]
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments:
        last = unquote(segments[-1])
        last = re.sub(r"\.(html?|php|aspx?|jsp|shtml)$", "", last, flags=re.I)
        last = clean_text(re.sub(r"[-_+]+", " ", last), TITLE_MAX)[0]
        if last:
            return last
    return (parts.hostname or url).lower()


# ----------------------------------------------------------------------------- values

# C0 and C1 controls, DEL, lone surrogates, non-characters, Unicode line/paragraph
# separators and bidirectional controls (which can make text display as something else).
_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# Link targets in Markdown the user writes (--tips): [text](target), <target>, href/src="…"
# (the build checks them too, with the site's own Markdown; this refuses early).
_TIPS_LINK = re.compile(
    r"""\]\(\s*<?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>|"""
    r"""\b(?:href|src|poster)\s*=\s*["']?([^"'\s>]*)"""
)
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]])")


def clean_text(value: str, limit: int) -> tuple[str, int]:
    """One line of plain text: controls removed, whitespace collapsed, at most ``limit``
    characters (cut at a word boundary, with ``…``). Returns the text and its length before
    shortening."""
    text = " ".join(_CONTROLS.sub(" ", value).split())
    full = len(text)
    if full > limit:
        cut = text[: limit - 1]
        space = cut.rfind(" ")
        if space > limit * 2 // 3:
            cut = cut[:space]
        text = cut.rstrip(" ,.;:-") + "…"
    return text, full


def clean_tips(value: str) -> str:
    """The user's ``--tips``: Markdown as given, without control characters but newlines."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]", "", text)


def markdown_text(text: str) -> str:
    """Plain text made safe as inline Markdown (the ``abstract``): active characters escaped."""
    return _MARKDOWN_ACTIVE.sub(r"\\\1", text)


# ----------------------------------------------------------------------------- the entry


@dataclass
class Draft:
    """The entry to add, and one line for each field that could not be filled (and why)."""

    entry: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _one_or_list(urls: list[str]) -> str | list[str]:
    return urls[0] if len(urls) == 1 else urls


def _page_links(meta: PageMeta, pick: Callable[[str], str | None]) -> list[str]:
    found: list[str] = []
    for link in meta.links:
        normal = pick(link)
        if normal and normal not in found:
            found.append(normal)
    return found


def build_entry(
    url: str,
    *,
    fetch: Fetch = fetch_page,
    stars: int | None = None,
    tips: str | None = None,
    tags: tuple[str, ...] = (),
) -> Draft:
    """Fetch ``url`` once and build its entry; fields the page does not give are noted."""
    notes: list[str] = []
    meta: PageMeta | None = None
    why = ""
    try:
        page = fetch(url)
    except FetchError as exc:
        why = f"could not fetch the page: {exc}"
    else:
        meta = read_meta(page.text, page.url)

    canonical = canonical_url(meta, page.url) if meta else None
    entry_url = clean_url(canonical or url)
    host = _host(entry_url)
    wechat = meta.script_vars if meta else {}

    # title
    title = None
    if meta:
        raw = meta.first("citation_title", "og:title", "twitter:title")
        raw = raw or wechat.get("msg_title") or meta.title
        if raw and raw.strip():
            title, full = clean_text(raw, TITLE_MAX)
            if host in ("github.com", "www.github.com"):
                title = title.removeprefix("GitHub - ")
            if full > TITLE_MAX:
                notes.append(f"title: shortened to {TITLE_MAX} characters (the page's has {full})")
    if not title:
        title = title_from_url(entry_url)
        reason = why or "the page has no title (citation_title, og:title, <title>)"
        notes.append(f"title: taken from the URL: {reason}")
    entry: dict[str, Any] = {"title": title, "url": entry_url}
    if stars:
        entry["stars"] = stars

    # abstract
    if meta:
        raw = meta.first(
            "citation_abstract", "og:description", "twitter:description", "description"
        )
        raw = raw or wechat.get("msg_desc")
        text, full = clean_text(raw or "", ABSTRACT_MAX)
        if text:
            entry["abstract"] = markdown_text(text)
            if full > ABSTRACT_MAX:
                notes.append(
                    f"abstract: shortened to {ABSTRACT_MAX} characters (the page's has {full})"
                )
        else:
            notes.append(
                "abstract: not filled: the page has no description "
                "(citation_abstract, og:description, description)"
            )
    else:
        notes.append(f"abstract: not filled: {why}")

    # paper: the URL itself, the page's citation meta, or the papers it links to
    papers = [p for p in (paper_url(url), paper_url(entry_url)) if p]
    if not papers and meta:
        arxiv_id = meta.first("citation_arxiv_id")
        doi = meta.first("citation_doi")
        if arxiv_id and paper_url(f"https://arxiv.org/abs/{arxiv_id.strip()}"):
            papers = [f"https://arxiv.org/abs/{arxiv_id.strip()}"]
        elif doi and paper_url("https://doi.org/" + doi.strip().removeprefix("doi:")):
            papers = [paper_url("https://doi.org/" + doi.strip().removeprefix("doi:")) or ""]
        else:
            papers = _page_links(meta, paper_url)
    papers = list(dict.fromkeys(papers))
    if papers:
        if len(papers) > LINKS_MAX:
            notes.append(f"paper: the page links {len(papers)} papers; kept the first {LINKS_MAX}")
        entry["paper"] = _one_or_list(papers[:LINKS_MAX])
    elif meta:
        notes.append("paper: not filled: no arXiv, DOI or OpenReview link in the page")
    else:
        notes.append(f"paper: not filled: {why}")

    # code: the repository itself, or the repositories the page links to
    repos = [r for r in (repo_url(url), repo_url(entry_url)) if r][:1]
    if not repos and meta:
        repos = _page_links(meta, repo_url)
    if repos:
        if len(repos) > LINKS_MAX:
            notes.append(
                f"code: the page links {len(repos)} repositories; kept the first {LINKS_MAX}"
            )
        entry["code"] = _one_or_list(repos[:LINKS_MAX])
    elif meta:
        notes.append("code: not filled: no GitHub or GitLab repository link in the page")
    else:
        notes.append(f"code: not filled: {why}")

    if tips is not None and clean_tips(tips).strip():
        entry["tips"] = clean_tips(tips).strip("\n")

    # image
    if meta:
        raw = meta.first("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
        raw = raw or wechat.get("msg_cdn_url")
        image = urljoin(page.url, raw.strip()) if raw else None
        if image and host in _ARXIV_HOSTS:
            notes.append("image: not filled: arxiv.org's og:image is its logo")
        elif image and is_http(image):
            entry["image"] = image
        elif image:
            notes.append("image: not filled: the page's og:image is not an http(s) URL")
        else:
            notes.append("image: not filled: the page has no og:image")
    else:
        notes.append(f"image: not filled: {why}")

    clean_tags = [clean_text(t, 60)[0] for t in tags]
    clean_tags = list(dict.fromkeys(t for t in clean_tags if t))
    if clean_tags:
        entry["tags"] = clean_tags
    return Draft(entry=entry, notes=notes)


def canonical_url(meta: PageMeta, page_url: str) -> str | None:
    """The page's own idea of its URL: ``<link rel=canonical>``, else ``og:url``."""
    for candidate in (meta.canonical, meta.first("og:url")):
        if candidate:
            absolute = urljoin(page_url, candidate.strip())
            if is_http(absolute):
                return absolute
    return None


# ----------------------------------------------------------------------------- the note


class NoteEditError(Exception):
    """The note's front matter cannot be edited safely: why, in a few words."""


_OPENING = re.compile(r"^-{3}[ \t]*\r?\n")
_NULLS = {"", "~", "null", "Null", "NULL"}


def render_item(entry: dict[str, Any], dash: int, offset: int, nl: str) -> str:
    """``entry`` as one block-sequence item: ``-`` at column ``dash``, keys ``offset`` further."""
    offset = max(offset, 2)
    lines = dump_yaml(entry).rstrip("\n").split("\n")
    out = [" " * dash + "-" + " " * (offset - 1) + lines[0]]
    out += [(" " * (dash + offset) + line) if line else "" for line in lines[1:]]
    return nl.join(out) + nl


def _last_leaf_end(node: yaml.Node) -> int:
    """Where a block node's content ends: the end of its last scalar or flow node (an empty
    value ends with its key: the mark of an empty scalar is the next token's)."""
    key: yaml.Node | None = None
    while True:
        if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
            key, node = node.value[-1]
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
            key, node = None, node.value[-1]
        elif isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style and key:
            return int(key.end_mark.index)
        else:
            return int(node.end_mark.index)


def _line_end(text: str, index: int) -> int:
    """The index just after the line break ending the line that holds ``index``."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _append_to_front_matter(fm: str, entry: dict[str, Any], nl: str) -> str:
    """``fm`` (front-matter YAML) with ``entry`` appended to ``entries``, all else unchanged."""
    try:
        root = yaml.compose(fm, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise NoteEditError(
            f"its front matter is not valid YAML ({line}{reason}): fix it first"
        ) from None
    if root is None:
        return fm + f"entries:{nl}" + render_item(entry, 2, 2, nl)
    if not isinstance(root, yaml.MappingNode):
        raise NoteEditError("its front matter is not a mapping of keys to values: fix it first")
    if root.flow_style:
        raise NoteEditError("its front matter is one {…} mapping: add the entry by hand")
    found = [
        (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "entries"
    ]
    if len(found) > 1:
        raise NoteEditError("its front matter has 'entries' twice: fix it first")
    indent = root.start_mark.column
    if not found:
        return fm + " " * indent + f"entries:{nl}" + render_item(entry, indent + 2, 2, nl)
    key, value = found[0]
    dash = key.start_mark.column + 2
    if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null") and value.value in _NULLS:
        if value.value == "":  # "entries:" with nothing after it
            at = _line_end(fm, key.end_mark.index)
            return fm[:at] + render_item(entry, dash, 2, nl) + fm[at:]
        start, end = value.start_mark.index, value.end_mark.index  # entries: null / ~
        while start > key.end_mark.index and fm[start - 1] in " \t":
            start -= 1
        edited = fm[:start] + fm[end:]
        at = _line_end(edited, start)
        return edited[:at] + render_item(entry, dash, 2, nl) + edited[at:]
    if not isinstance(value, yaml.SequenceNode):
        raise NoteEditError("its 'entries' is not a list: fix it first")
    start, end = value.start_mark.index, value.end_mark.index
    if value.flow_style:
        if not value.value:  # entries: [] → a block list holding the new entry
            while start > key.end_mark.index and fm[start - 1] in " \t":
                start -= 1
            edited = fm[:start] + fm[end:]
            at = _line_end(edited, start)
            return edited[:at] + render_item(entry, dash, 2, nl) + edited[at:]
        close = end - 1  # entries: [a, b] → [a, b, {new}]
        if fm[close] != "]":
            raise NoteEditError("its 'entries' list could not be read")  # pragma: no cover
        comma = " " if fm[:close].rstrip().endswith(",") else ", "
        return fm[:close] + comma + json.dumps(entry, ensure_ascii=False) + fm[close:]
    # A block list: the new item goes after the last one's content, and after the comments
    # indented under it (they belong to it), in the list's own indentation.
    dash = value.start_mark.column
    first = value.value[0]
    offset = 2
    if first.start_mark.line == value.start_mark.line:
        offset = first.start_mark.column - dash
    content_end = len(fm[: _last_leaf_end(value.value[-1])].rstrip())
    at = _line_end(fm, max(content_end - 1, start))
    while at < len(fm):
        line = fm[at : _line_end(fm, at)]
        stripped = line.lstrip(" ")
        if stripped.startswith("#") and len(line) - len(stripped) > dash:
            at = _line_end(fm, at)
            continue
        break
    return fm[:at] + render_item(entry, dash, offset, nl) + fm[at:]


def append_entry(text: str, entry: dict[str, Any]) -> str:
    """``text`` (a whole note) with ``entry`` appended to its ``entries``; every other byte
    kept. Raises :class:`NoteEditError` when the front matter cannot be edited safely."""
    stripped = text.lstrip("\ufeff")
    bom = text[: len(text) - len(stripped)]
    fm, _ = split_front_matter(text)
    if fm is None:
        if _OPENING.match(stripped):
            raise NoteEditError(
                "its front matter opened by '---' has no closing '---' line: fix it first"
            )
        first_break = text.find("\n")
        nl = "\r\n" if first_break > 0 and text[first_break - 1] == "\r" else "\n"
        block = f"---{nl}entries:{nl}" + render_item(entry, 2, 2, nl) + f"---{nl}"
        return bom + block + stripped
    opening = _OPENING.match(stripped)
    assert opening is not None  # split_front_matter found front matter
    nl = "\r\n" if opening.group(0).endswith("\r\n") else "\n"
    start = len(bom) + opening.end()
    assert text[start : start + len(fm)] == fm
    edited = _append_to_front_matter(fm, entry, nl)
    return text[:start] + edited + text[start + len(fm) :]


# ----------------------------------------------------------------------------- the command


@dataclass
class AddResult:
    """What ``add`` did (or, with ``--dry-run``, would do)."""

    path: Path
    created: bool
    number: int  # the new entry's 1-based position in the day
    item_yaml: str  # the entry as YAML, as it goes into the note
    notes: list[str]
    dry_run: bool = False


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def day_note(site: SiteConfig, date: dt.date) -> tuple[Path, bool]:
    """The note of ``date`` (the existing one, or where ``new`` would create it) and
    whether it exists. Raises :class:`AddError` when that path holds another file."""
    prefix = site.notes_dir + "/"
    rels = [p[len(prefix) :] for p in note_paths(str(site.docs_dir), site.notes_dir)]
    existing = _existing(site, date, rels)
    if existing is not None:
        return site.notes_root / existing, True
    rel = render_layout(detect_layout(rels), date)
    if date_from_path(rel) != date:  # pragma: no cover - layouts come from valid dated paths
        rel = render_layout(DEFAULT_LAYOUT, date)
    path = site.notes_root / rel
    if path.exists() or path.is_symlink():
        raise AddError(f"{_shown(path)}: exists but is not the note of {date}; nothing changed")
    return path, False


def _read_note(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AddError(f"{_shown(path)}: cannot be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise AddError(f"{_shown(path)}: not UTF-8 text; nothing changed") from None


def _new_problems(src_uri: str, before: str, after: str, notes_dir: str) -> str | None:
    """Why ``after`` is not ``before`` plus one valid entry at the end, or ``None``."""
    old, new = parse_day(src_uri, before, notes_dir), parse_day(src_uri, after, notes_dir)
    # A problem below the entries moves down with the appended lines: compare without lines.
    brought = Counter(str(replace(p, line=None)) for p in new.problems) - Counter(
        str(replace(p, line=None)) for p in old.problems
    )
    for problem in new.problems:
        if brought[str(replace(problem, line=None))]:
            return f"the new entry would bring a problem: {problem}"
    if len(new.entries) != len(old.entries) + 1 or new.entries[:-1] != old.entries:
        return "the entry could not be appended without changing the note's other entries"
    return None


def add_entry(
    site: SiteConfig,
    url: str,
    date: dt.date,
    *,
    stars: int | None = None,
    tips: str | None = None,
    tags: tuple[str, ...] = (),
    dry_run: bool = False,
    fetch: Fetch = fetch_page,
) -> AddResult:
    """Fetch ``url`` once and append its entry to ``date``'s note (created if missing)."""
    url = url.strip()
    if not is_http(url):
        raise AddError(f"URL: expected an http:// or https:// URL, got {url[:100]!r}")
    problem = range_problem(date)
    if problem:
        raise AddError(f"--date: {problem}; nothing changed")
    for groups in _TIPS_LINK.findall(tips or ""):
        target = next((g for g in groups if g), "")
        problem = url_problem(target) if target else None
        if problem:
            raise AddError(f"--tips: a link is refused: {problem}; nothing changed")
    path, exists = day_note(site, date)
    if path.is_symlink():
        raise AddError(f"{_shown(path)}: is a symbolic link; nothing changed")
    if exists:  # fail early, before fetching, on a note that cannot be read or edited
        try:
            append_entry(_read_note(path), {"title": "-"})
        except NoteEditError as exc:
            raise AddError(f"{_shown(path)}: {exc}; nothing changed") from None

    draft = build_entry(url, fetch=fetch, stars=stars, tips=tips, tags=tags)

    original = _read_note(path) if exists else None
    text = original if original is not None else skeleton(date)
    src_uri = path.relative_to(site.docs_dir).as_posix()
    try:
        edited = append_entry(text, draft.entry)
    except NoteEditError as exc:
        raise AddError(f"{_shown(path)}: {exc}; nothing changed") from None
    refused = _new_problems(src_uri, text, edited, site.notes_dir)
    if refused:
        raise AddError(f"{_shown(path)}: {refused}; nothing changed")
    number = len(parse_day(src_uri, edited, site.notes_dir).entries)
    item = render_item(draft.entry, 0, 2, "\n")
    result = AddResult(path, not exists, number, item, draft.notes, dry_run)
    if dry_run:
        return result

    if exists and _read_note(path) != original:
        raise AddError(f"{_shown(path)}: changed while the page was fetched; nothing changed")
    if not exists and path.exists():
        raise AddError(f"{_shown(path)}: appeared while the page was fetched; nothing changed")
    write_atomic(path, edited.encode("utf-8"))
    written = _read_note(path)
    refused = _new_problems(src_uri, text, written, site.notes_dir)
    if refused or written != edited:
        if original is not None:
            write_atomic(path, original.encode("utf-8"))
        else:
            path.unlink()
        raise AddError(f"{_shown(path)}: {refused or 'not written as expected'}; restored")
    return result


def summary_lines(result: AddResult) -> list[str]:
    """The lines ``add`` prints on standard output after the notes (on standard error)."""
    shown = _shown(result.path)
    if result.dry_run:
        where = "a new note" if result.created else "the note"
        return [
            f"dry run: nothing was written (would add entry {result.number} to {where} {shown})"
        ]
    lines = [f"{shown}: created the note"] if result.created else []
    lines.append(f"{shown}: added entry {result.number}")
    return lines
