"""Parse hand-written daily notes (the format before mkdocs-dairly) into structured days.

Pure functions: text in, data out; no files, no click. A hand-written day looks like::

    # 公众号内容拓展学习笔记（2021.9.30）

    ## :paperclip:  今日要点

    1. [Title](https://mp.weixin.qq.com/s/...)   :star::star:
       - Abstract: one-line summary
       - Paper: [Paper title](https://arxiv.org/abs/...)
       - Tips: the author's own take

    <div align=center><img src="https://mmbiz.qpic.cn/..." style='zoom:100%'>
    </div>

Each numbered item becomes an entry. Whatever is not understood is kept verbatim: inside
an entry as its ``tips`` Markdown, elsewhere in the day's Markdown body. Nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..notes.urls import url_problem

LinkValue = str | dict[str, str]
MediaValue = str | dict[str, str]

# Label (normalized: NFKC, case-folded, without spaces and trailing digits) -> field.
# "project" is decided per link: a code host is `code`, anything else a labelled link.
LABELS: dict[str, str] = {
    "abstract": "abstract",
    "主要内容": "abstract",
    "摘要": "abstract",
    "简介": "abstract",
    "paper": "paper",
    "papers": "paper",
    "论文": "paper",
    "论文地址": "paper",
    "code": "code",
    "github": "code",
    "代码": "code",
    "代码地址": "code",
    "源码": "code",
    "开源代码": "code",
    "项目地址": "project",
    "项目": "project",
    "demo": "demo",
    "演示": "demo",
    "在线演示": "demo",
    "tips": "tips",
    "tip": "tips",
    "核心要点": "tips",
    "要点": "tips",
    "笔记": "tips",
    "备注": "tips",
}
CODE_HOSTS = ("github.com", "gitlab.com", "gitee.com", "bitbucket.org", "huggingface.co")

# Every pattern here reads user text, so each is written to run in linear time: possessive
# quantifiers (``*+``, ``++``) where a run is followed by something it cannot contain, and
# no run that may span what an earlier or later run also accepts. tests/test_import_redos.py
# checks that their work grows linearly with the line on adversarial lines.
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]++(.*+)|#*+[ \t]*+)$")
_ITEM = re.compile(r"^ ?(\d{1,3})[.．、)](?:[ \t]++|(?=\[))(.*)$")
_THEMATIC = re.compile(r"^ {0,3}([-*_])(?:[ \t]*+\1){2,}+[ \t]*+$")
_BULLET = re.compile(r"^( *+)([-*+]|\d{1,3}[.)])(?:[ \t]++(.*))?$")
_LABEL = re.compile(
    r"^(?:\*\*|__)?(?P<label>[^\s:：\[\]()<>`*|][^:：\[\]()<>`*|]{0,23}?)(?:\*\*|__)?"
    r"[ \t]*+[:：](?:\*\*|__)?[ \t]*+(?P<rest>.*)$"
)
_BARE_URL = re.compile(r"https?://[^\s<>\"'`\u0080-\uffff]+")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]++)>")
_STAR = re.compile(r":star:|⭐")
_DATE_IN_TITLE = re.compile(
    r"[（(]\s*+(\d{4})\s*+[.\-/年]\s*+(\d{1,2})\s*+[.\-/月]\s*+(\d{1,2})\s*+日?\s*+[)）]"
)
_README_TODAY = re.compile(
    r"更新今日时间\s*+[:：]\s*+(\d{4})\s*+[.\-/年]\s*+(\d{1,2})\s*+[.\-/月]\s*+(\d{1,2})"
)
# A tag ends at the first ">" and holds no "<": a scan from one "<img" never runs past the
# next "<", so many unclosed tags cost linear time (a "<" inside a value keeps it verbatim).
_TAG = re.compile(r"<(img|video|source)\b([^<>]*+)>", re.I)
_ATTR = re.compile(r"(?<![\w-])([\w-]++)\s*+=\s*+(?:\"([^\"]*+)\"|'([^']*+)'|([^\s>]++))")
_WRAPPER = re.compile(
    r"</?(?:div|center|p|span|figure)\b[^<>]*+>|<br\s*+/?>|</(?:video|source)>", re.I
)
_MD_IMAGE_ONLY = re.compile(r"^\s*+(?:!\[[^\]]*+\]\([^)\s]++(?:\s++\"[^\"]*+\")?+\)\s*+)++$")
_WIDTH = re.compile(r"^\d{1,4}(px|%|em|rem)?$")
_EMOJI_CODE = re.compile(r":[a-z0-9_+-]++:")
_LABEL_NUMBER = re.compile(r"(?<!\d)\d++$")
_LIST_MARKER = re.compile(r"(?m)^[^\S\n]*+(?:[-*+]|\d{1,3}[.)])\s++")
_SEPARATORS = re.compile(r"[\s,，、;；/|·:：]+|\band\b|和|或")
_URL_HOST = re.compile(r"^https?://(?:www\.)?")
_HTML_TAG = re.compile(r"<[^<>]++>")
# Control characters XML does not allow: invisible, and refused by the notes' validator.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TRAILING_PUNCT = ".,;:!?"
# A link whose target is empty, ``[title]()``: its title is kept as text.
_EMPTY_LINK = re.compile(r"!?\[([^\[\]\n]*+)\]\([ \t]*+\)")
_STAR_RUN = re.compile(r"(?::star:|⭐)(?:[ \t]*+(?::star:|⭐))*+")
_FENCE = re.compile(r"^[ \t]*+(?:```|~~~)")  # at any depth: fences in list items too
_PATH_START = re.compile(r"[/?#\\]")
_HOST_LABEL = re.compile(r"[A-Za-z0-9-]{1,63}")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+-]{1,64}")
_LINK_ATTRS = ("src", "href", "poster")

# Top-level domains that make ``arxiv.org/abs/…`` a web address written without its scheme
# rather than a relative path. Top-level domains that are also file extensions (``md``,
# ``py``, ``sh``, ``rs``, ``pl``, ``cc``, ``pt``, ``in``, ``mo``, ``zip``, ``mov``…) are left
# out on purpose: ``readme.md`` and ``model.pt`` stay paths. A host starting with ``www.``
# needs no known domain.
KNOWN_TLDS = frozenset({
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "ai", "co", "app",
    "dev", "me", "tv", "xyz", "top", "site", "online", "tech", "cloud", "blog", "news", "wiki",
    "academy", "asia", "eu", "cn", "uk", "de", "fr", "jp", "kr", "ru", "us", "ca", "au", "hk",
    "tw", "sg", "nz", "br", "es", "it", "nl", "se", "no", "fi", "dk", "ch", "at", "be", "cz",
    "ie", "il", "tr", "ua", "gr", "hu", "ro", "za", "mx", "vn", "th", "my", "ph", "pk", "sa",
    "ae", "eg", "ng", "ke", "lk", "bd", "np",
})  # fmt: skip

# Keys of ``ImportedEntry.changes`` / ``ImportedDay.changes``: what the import changed.
HTTPS, MAILTO, EMPTY, SPLIT, SPLIT_ENTRIES = "https", "mailto", "empty", "split", "split entries"
# An item with more rated titles than this keeps the others in its last entry's tips: hand-
# written items hold two or three, and a line of thousands would cost as many entries.
MAX_ENTRIES_PER_ITEM = 20


@dataclass
class ImportedEntry:
    """One numbered item of a hand-written day, as contract fields."""

    title: str
    url: str | None = None
    stars: int = 0
    abstract: str | None = None
    paper: list[LinkValue] = field(default_factory=list)
    code: list[LinkValue] = field(default_factory=list)
    demo: list[LinkValue] = field(default_factory=list)
    links: dict[str, LinkValue] = field(default_factory=dict)
    tip_parts: list[tuple[str, bool]] = field(default_factory=list)  # (Markdown, is a list item)
    image: list[MediaValue] = field(default_factory=list)
    video: list[MediaValue] = field(default_factory=list)
    verbatim: int = 0  # fragments kept as written because no field fits them
    warnings: list[str] = field(default_factory=list)
    changes: Counter[str] = field(default_factory=Counter)  # what was changed, see HTTPS…
    # the next number to try for a label's further links ("label 2", "label 3", …)
    link_numbers: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def tips(self) -> str | None:
        """The tips Markdown: labelled tips and every fragment kept verbatim, in source order."""
        out: list[str] = []
        previous_bullet = False
        for text, bullet in self.tip_parts:
            if out:
                out.append("\n" if bullet and previous_bullet else "\n\n")
            out.append(text)
            previous_bullet = bullet
        return "".join(out) or None

    def front_matter(self) -> dict[str, Any]:
        """The entry as front matter, in the contract's key order, empty fields left out."""
        data: dict[str, Any] = {"title": self.title}
        if self.url:
            data["url"] = self.url
        if self.stars:
            data["stars"] = self.stars
        if self.abstract:
            data["abstract"] = self.abstract
        for key in ("paper", "code", "demo"):
            values: list[LinkValue] = getattr(self, key)
            if values:
                data[key] = values[0] if len(values) == 1 else list(values)
        if self.links:
            data["links"] = dict(self.links)
        if self.tips:
            data["tips"] = self.tips
        for key in ("image", "video"):
            media: list[MediaValue] = getattr(self, key)
            if media:
                data[key] = media[0] if len(media) == 1 else list(media)
        return data

    def fields(self) -> list[str]:
        """Names of the fields this entry fills (for the import summary)."""
        return list(self.front_matter())


@dataclass
class ImportedDay:
    """A hand-written day parsed into a title, entries and the Markdown kept verbatim."""

    date: dt.date | None = None
    title: str | None = None
    entries: list[ImportedEntry] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # fragments kept verbatim, in source order
    footer: str | None = None  # the "Others" section (kept in the body unless dropped)
    footer_dropped: bool = False
    warnings: list[str] = field(default_factory=list)
    changes: Counter[str] = field(default_factory=Counter)  # in the body, and items split

    @property
    def verbatim(self) -> int:
        """How many fragments were kept as written (in the body or in an entry's tips)."""
        return len(self.body) + sum(e.verbatim for e in self.entries)

    def all_changes(self) -> Counter[str]:
        """Every change made to what the author wrote: links given a scheme, items split…"""
        total = Counter(self.changes)
        for entry in self.entries:
            total.update(entry.changes)
        return total

    def front_matter(self) -> dict[str, Any]:
        """The day's front matter in the contract's key order."""
        data: dict[str, Any] = {}
        if self.date is not None:
            data["date"] = self.date
        if self.title:
            data["title"] = self.title
        data["entries"] = [e.front_matter() for e in self.entries]
        return data

    def body_markdown(self) -> str:
        """The day's Markdown body: every fragment that fits no field, in source order."""
        return "\n\n".join(part.strip("\n") for part in self.body if part.strip())


@dataclass(frozen=True)
class HistoryItem:
    """One day listed in a README's 历史更新 section."""

    path: str
    label: str
    date: dt.date | None


@dataclass
class Readme:
    """What a hand-written repository's README says about its days."""

    today: dt.date | None = None
    today_text: str | None = None  # the 今日要点 section, heading included
    history: list[HistoryItem] = field(default_factory=list)

    def day_title(self, date: dt.date) -> str | None:
        """The title the history gives ``date`` (without its date), if it lists that day."""
        for item in self.history:
            if item.date == date:
                return strip_title_date(item.label) or None
        return None


# ----------------------------------------------------------------------------- helpers


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def title_date(text: str) -> dt.date | None:
    """The date in a title like ``公众号内容拓展学习笔记（2021.9.30）``, if any."""
    match = _DATE_IN_TITLE.search(text)
    return _date(*match.groups()) if match else None


def strip_title_date(text: str) -> str:
    """A title without its ``（2021.9.30）`` date."""
    return _DATE_IN_TITLE.sub("", text).strip()


def normalize_label(label: str) -> str:
    """The lookup key of a label: NFKC (full-width letters), case-folded, no spaces."""
    key = unicodedata.normalize("NFKC", label).casefold()
    return re.sub(r"\s+", "", key)


def label_field(label: str) -> str | None:
    """The field a label stands for (``'abstract'``, ``'paper'``, …), ``None`` if unknown."""
    key = normalize_label(label)
    if key in LABELS:
        return LABELS[key]
    key = _LABEL_NUMBER.sub("", key)  # Paper1, Paper2, 论文2
    return LABELS.get(key)


@dataclass(frozen=True)
class _Link:
    start: int
    end: int
    title: str | None
    url: str
    image: bool


def find_links(text: str) -> list[_Link]:
    """Markdown links ``[t](u)``, autolinks ``<u>`` and bare URLs in ``text``, in order.

    Linear in the length of ``text``: brackets and parentheses are paired in one pass each
    (:func:`_closers`), and the spans already taken are a byte mask.
    """
    found: list[_Link] = []
    taken = bytearray(len(text))  # 1 where a link found earlier covers the text
    brackets = _closers(text, "[", "]", escapes=True, stop="\n\n") if "[" in text else {}
    parens: dict[int, int] | None = None
    i = 0
    while (start := text.find("[", i)) >= 0:
        end = brackets[start]
        if end < 0 or end + 1 >= len(text) or text[end + 1] != "(":
            i = start + 1
            continue
        if parens is None:
            parens = _closers(text, "(", ")", escapes=False, stop="\n")
        close = parens[end + 1]
        if close < 0:
            i = start + 1
            continue
        target = text[end + 2 : close].strip()
        url = target.split(maxsplit=1)[0].strip("<>") if target else ""
        image = start > 0 and text[start - 1] == "!"
        begin = start - 1 if image else start
        if url:
            found.append(_Link(begin, close + 1, text[start + 1 : end], url, image))
            taken[begin : close + 1] = b"\x01" * (close + 1 - begin)
        i = close + 1
    for match in _AUTOLINK.finditer(text):
        if not taken[match.start()]:
            found.append(_Link(match.start(), match.end(), None, match.group(1), False))
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    for match in _BARE_URL.finditer(text):
        if not taken[match.start()]:
            url = _trim_url(match.group(0))
            found.append(_Link(match.start(), match.start() + len(url), None, url, False))
    return sorted(found, key=lambda link: link.start)


def _trim_url(url: str) -> str:
    """A bare URL without the punctuation that ends the sentence around it.

    A closing ``)`` or ``]`` stays when the URL opened as many as it closes
    (``https://en.wikipedia.org/wiki/Go_(game)``). Counts are kept as characters are
    dropped, so a URL followed by thousands of ``)`` costs linear time.
    """
    opened = {")": url.count("("), "]": url.count("[")}
    closed = {")": url.count(")"), "]": url.count("]")}
    end = len(url)
    while end and url[end - 1] in _TRAILING_PUNCT + ")]":
        char = url[end - 1]
        if char in closed:
            if opened[char] >= closed[char]:
                break
            closed[char] -= 1
        end -= 1
    return url[:end]


def _closers(text: str, opener: str, closer: str, *, escapes: bool, stop: str) -> dict[int, int]:
    """Where each ``opener`` of ``text`` is closed: its position -> the closer's, -1 if none.

    The answer of scanning forward from each opener and counting depth (a ``stop`` such as
    a blank line ends the scan; with ``escapes`` a backslash hides the next character, and
    an opener counts for its own scan even when escaped), computed in one pass instead of
    one scan per opener, which is quadratic on ``[[[[…``.
    """
    n = len(text)
    step = [0] * n  # +1 opener, -1 closer, at the characters a scan reads
    stops = [False] * n
    j = 0
    while j < n:
        char = text[j]
        if escapes and char == "\\":
            j += 2
            continue
        if char == opener:
            step[j] = 1
        elif char == closer:
            step[j] = -1
        elif text.startswith(stop, j):
            stops[j] = True
        j += 1
    depth = [0] * (n + 1)  # depth[k]: the sum of step[:k]
    for k in range(n):
        depth[k + 1] = depth[k] + step[k]
    # A scan from opener j is at depth 1 + depth[k + 1] - depth[j + 1] after k, so it ends at
    # the first closer k > j with depth[k + 1] == depth[j + 1] - 1: found walking right to left.
    nearest: dict[int, int] = {}
    next_stop = n
    closers: dict[int, int] = {}
    for j in range(n - 1, -1, -1):
        if step[j] < 0:
            nearest[depth[j + 1]] = j
        elif stops[j]:
            next_stop = j
        if text[j] == opener:
            close = nearest.get(depth[j + 1] - 1, -1)
            closers[j] = close if 0 <= close < next_stop else -1
    return closers


# ----------------------------------------------------------------------------- link targets


def plausible_host(host: str, *, port: bool = True) -> bool:
    """Whether ``host`` (``arxiv.org``, ``www.example.org:8080``) reads as a web host.

    At least two dot-separated labels of letters, digits and hyphens, the last one a known
    top-level domain (:data:`KNOWN_TLDS`) or the first one ``www``; with ``port`` a
    ``:8080`` may follow.
    """
    name, colon, number = host.partition(":")
    if colon and not (port and number.isascii() and number.isdigit() and len(number) <= 5):
        return False
    labels = name.lower().split(".")
    if len(labels) < 2 or len(name) > 253:
        return False
    for label in labels:
        if not _HOST_LABEL.fullmatch(label) or label.startswith("-") or label.endswith("-"):
            return False
    tld = labels[-1]
    if not (tld.isascii() and tld.isalpha()):
        return False
    return tld in KNOWN_TLDS or (labels[0] == "www" and len(labels) >= 3)


def is_email(text: str) -> bool:
    """Whether ``text`` is an e-mail address (``me@example.org``) and nothing else."""
    local, at, domain = text.partition("@")
    return (
        bool(at)
        and _EMAIL_LOCAL.fullmatch(local) is not None
        and plausible_host(domain, port=False)
    )


def normalize_url(url: str) -> tuple[str, str | None]:
    """A link target with the scheme its author left out: ``(target, what was done)``.

    ``arxiv.org/abs/2111.08687``, ``www.example.org/x``, ``github.com/a/b`` and
    ``//cdn.example.com/a.png`` get ``https:`` (the second value is :data:`HTTPS`);
    ``me@example.org`` gets ``mailto:`` (:data:`MAILTO`). Anything else — a URL with a
    scheme, a real relative path (``images/a.png``, ``../202105/0511.md``, ``readme.md``) —
    is returned as it is, with ``None``.
    """
    text = url.strip()
    if not text or any(c.isspace() for c in text):
        return url, None
    if is_email(text):
        return f"mailto:{text}", MAILTO
    relative_to_scheme = text.startswith("//")  # //cdn.example.com/a.png
    rest = text[2:] if relative_to_scheme else text
    cut = _PATH_START.search(rest)
    host = rest[: cut.start()] if cut else rest
    if cut is not None and rest[cut.start()] == "\\":
        return url, None  # a Windows path, never a URL
    if not plausible_host(host):
        return url, None
    return ("https:" if relative_to_scheme else "https://") + text, HTTPS


def normalize_links(text: str, changes: Counter[str]) -> str:
    """``text`` (Markdown) with its link targets fixed, each change counted in ``changes``.

    Markdown links and images and the ``src``/``href``/``poster`` of HTML tags get the
    scheme their author left out (:func:`normalize_url`); a link with an empty target,
    ``[title]()``, becomes its title. Fenced code blocks are left alone. Linear in the
    length of ``text``: one :func:`find_links`, one scan of tags.
    """
    lines = text.split("\n")
    out: list[str] = []
    run: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            if not fenced and run:
                out.append(_normalize_run("\n".join(run), changes))
                run = []
            fenced = not fenced
            out.append(line)
        elif fenced:
            out.append(line)
        else:
            run.append(line)
    if run:
        out.append(_normalize_run("\n".join(run), changes))
    return "\n".join(out)


def _normalize_run(text: str, changes: Counter[str]) -> str:
    if "](" not in text and "<" not in text:
        return text
    edits: list[tuple[int, int, str, str]] = []  # (start, end, replacement, kind)
    for match in _EMPTY_LINK.finditer(text):
        edits.append((match.start(), match.end(), match.group(1), EMPTY))
    for link in find_links(text) if "](" in text else []:
        if link.title is None:
            continue  # a bare URL or an autolink: it has its scheme
        fixed, kind = normalize_url(link.url)
        if kind is None:
            continue
        opening = ("!" if link.image else "") + "[" + link.title + "]("
        at = text.find(link.url, link.start + len(opening), link.end)
        if at >= 0:
            edits.append((at, at, fixed[: len(fixed) - len(link.url)], kind))
    for tag in _HTML_TAG.finditer(text):
        for attr in _ATTR.finditer(tag.group(0)):
            if attr.group(1).lower() not in _LINK_ATTRS:
                continue
            group = next(g for g in (2, 3, 4) if attr.group(g) is not None)
            fixed, kind = normalize_url(attr.group(group))
            if kind is not None:
                at = tag.start() + attr.start(group)
                edits.append((at, at, fixed[: len(fixed) - len(attr.group(group))], kind))
    if not edits:
        return text
    edits.sort(key=lambda edit: (edit[0], edit[1]))
    parts: list[str] = []
    pos = 0
    for start, end, replacement, kind in edits:
        if start < pos:
            continue  # inside a link already replaced by its title
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
        changes[kind] += 1
    parts.append(text[pos:])
    return "".join(parts)


def _link_value(link: _Link) -> LinkValue:
    title = (link.title or "").strip()
    url = html.unescape(link.url)
    if not title or title == url or title == link.url:
        return url
    return {"title": title, "url": url}


def _leftover(text: str, links: list[_Link]) -> str:
    """``text`` without its links, list markers and separators: what the links do not say."""
    out = text
    for link in reversed(links):
        out = out[: link.start] + " " + out[link.end :]
    out = _LIST_MARKER.sub(" ", out)
    out = _SEPARATORS.sub(" ", out)
    return out.strip()


def _is_code_host(url: str) -> bool:
    host = _URL_HOST.sub("", url.lower(), count=1).split("/")[0]
    return any(host == h or host.endswith("." + h) for h in CODE_HOSTS)


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(text)
    }


def _media_value(attrs: dict[str, str]) -> MediaValue | None:
    src = attrs.get("src", "").strip()
    if not src or url_problem(src):
        return None
    value: dict[str, str] = {"src": src}
    alt = attrs.get("alt", "").strip()
    if alt:
        value["alt"] = alt
    width = attrs.get("width", "").strip()
    if width and _WIDTH.match(width):
        value["width"] = width
    return src if len(value) == 1 else value


# ----------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    kind: str  # "bullet", "para" or "html"
    indent: int
    first: str
    marker: str = ""
    rest: list[str] = field(default_factory=list)

    def continuation(self) -> str:
        lines = list(self.rest)
        while lines and not lines[-1].strip():
            lines.pop()
        return textwrap.dedent("\n".join(lines)).strip("\n")

    def verbatim(self) -> str:
        cont = self.continuation()
        if self.kind == "bullet":
            head = f"{self.marker} {self.first}".rstrip()
            pad = " " * (len(self.marker) + 1)
            return head + ("\n" + textwrap.indent(cont, pad) if cont else "")
        return self.first + ("\n" + cont if cont else "")


def _known_label_line(text: str) -> bool:
    match = _LABEL.match(text.strip())
    return match is not None and label_field(match.group("label")) is not None


def _blocks(lines: list[str]) -> list[_Block]:
    """Group an entry's lines into list items, paragraphs and HTML blocks."""
    blocks: list[_Block] = []
    cur: _Block | None = None
    blank = False
    for line in lines:
        if not line.strip():
            blank = True
            if cur is not None and cur.kind == "bullet":
                cur.rest.append("")
            else:
                cur = None
            continue
        indent = len(line) - len(line.lstrip(" "))
        stripped = line.strip()
        was_blank, blank = blank, False
        if cur is not None and cur.kind == "html" and not was_blank:
            cur.rest.append(line)
            continue
        deeper = cur is not None and cur.kind == "bullet" and indent > cur.indent + 1
        bullet = _BULLET.match(line)
        new: _Block | None = None
        if stripped.startswith("<") and not deeper:
            new = _Block("html", indent, stripped)
        elif bullet and not deeper:
            new = _Block("bullet", indent, (bullet.group(3) or "").strip(), bullet.group(2))
        elif (
            cur is not None
            and cur.kind == "bullet"
            and (deeper or (not was_blank and not _known_label_line(stripped)))
        ) or (
            cur is not None
            and cur.kind == "para"
            and not was_blank
            and not _known_label_line(stripped)
        ):
            cur.rest.append(line)
        else:
            new = _Block("para", indent, stripped)
        if new is not None:
            blocks.append(new)
            cur = new
    return blocks


# ----------------------------------------------------------------------------- entries


def _parse_head(text: str, entry: ImportedEntry) -> str:
    """Fill title, url and stars from an item's first line; return what is left over."""
    stars = len(_STAR.findall(text))
    text = _STAR.sub(" ", text).strip()
    entry.stars = min(stars, 5)
    if stars > 5:
        entry.warnings.append(f"{stars} stars; the contract allows at most 5, kept 5")
    links = [link for link in find_links(text) if not link.image and not url_problem(link.url)]
    if not links:
        entry.title = text
        return ""
    first = links[0]
    before, after = text[: first.start].strip(), text[first.end :].strip()
    entry.url = html.unescape(first.url)
    if first.title is not None:
        entry.title = first.title.strip() or entry.url
        return " ".join(part for part in (before, after) if part)
    entry.title = before or after or entry.url
    return after if before else ""


def _add_links(entry: ImportedEntry, label: str, kind: str, links: list[_Link]) -> None:
    for link in links:
        value = _link_value(link)
        if kind == "project":
            kind_here = "code" if _is_code_host(html.unescape(link.url)) else "links"
        else:
            kind_here = kind
        if kind_here == "links":
            key = label
            n = entry.link_numbers.get(label, 2)  # linear in a label's links, not quadratic
            while key in entry.links:
                key = f"{label} {n}"
                n += 1
            entry.link_numbers[label] = n
            entry.links[key] = value
        else:
            getattr(entry, kind_here).append(value)


def _verbatim_tip(entry: ImportedEntry, block: _Block) -> None:
    entry.tip_parts.append((_clean_markdown(block.verbatim()), block.kind == "bullet"))
    entry.verbatim += 1


def _clean_markdown(text: str) -> str:
    """Trailing spaces off every line (YAML block scalars cannot keep them), tabs expanded."""
    return "\n".join(line.rstrip() for line in text.expandtabs(4).split("\n")).strip("\n")


def _media_block(entry: ImportedEntry, block: _Block) -> None:
    """Images and videos of an HTML block into fields; any other content kept verbatim."""
    text = block.verbatim()
    has_video = re.search(r"<video\b", text, re.I) is not None
    rest = text
    for match in _TAG.finditer(text):
        tag = match.group(1).lower()
        attrs = _attrs(match.group(2))
        value = _media_value(attrs)
        poster = attrs.get("poster", "").strip()
        if ("src" in attrs and value is None) or (poster and url_problem(poster)):
            continue  # a refused or empty URL: the tag stays verbatim
        if tag == "source" and not has_video:
            continue  # <picture> sources and the like: kept verbatim
        if value is not None:
            (entry.image if tag == "img" else entry.video).append(value)
        if poster:
            entry.image.append(poster)
        rest = rest.replace(match.group(0), "", 1)
    rest = _WRAPPER.sub("", rest)
    if rest.strip():
        entry.tip_parts.append((_clean_markdown(textwrap.dedent(rest).strip()), False))
        entry.verbatim += 1


def _markdown_images(entry: ImportedEntry, block: _Block) -> bool:
    text = block.verbatim()
    if not _MD_IMAGE_ONLY.match(text):
        return False
    images = [link for link in find_links(text) if link.image]
    if any(url_problem(link.url) for link in images):
        return False
    for link in images:
        alt = (link.title or "").strip()
        entry.image.append({"src": link.url, "alt": alt} if alt else link.url)
    return True


def _labelled(entry: ImportedEntry, block: _Block) -> bool:
    """Put a ``Label: value`` block into its field; ``False`` if it is not one."""
    match = _LABEL.match(block.first)
    if not match:
        return False
    label = match.group("label").strip()
    if label.lower() in ("http", "https", "mailto"):
        return False
    rest = match.group("rest").strip().lstrip(":：").strip()
    cont = block.continuation()
    kind = label_field(label)
    if kind == "abstract":
        if entry.abstract is not None or not rest:
            _verbatim_tip(entry, block)
            return True
        entry.abstract = rest
        if cont:
            entry.tip_parts.append((_clean_markdown(cont), False))
        return True
    if kind == "tips":
        if rest and cont and _BULLET.match(cont.split("\n")[0]):
            value = f"{rest}\n\n{cont}"
        else:
            value = "\n".join(part for part in (rest, cont) if part)
        if value.strip():
            entry.tip_parts.append((_clean_markdown(value), False))
        return True
    value_text = "\n".join(part for part in (rest, cont) if part)
    links = [link for link in find_links(value_text) if not url_problem(link.url)]
    if not links:
        links = _bare_address(entry, value_text)
    if not links:
        _verbatim_tip(entry, block)  # an unknown label, or a paper/code named without a link
        return True
    leftover = _leftover(value_text, links)
    if leftover and len(links) == 1 and links[0].title is None:
        # "Paper: Some title https://…": the words are the link's title.
        only = links[0]
        title = (value_text[: only.start] + " " + value_text[only.end :]).strip(" \t:：-–—,，")
        if "\n" not in title:
            links = [_Link(only.start, only.end, title, only.url, False)]
            leftover = ""
    _add_links(entry, label, kind or "links", links)
    if leftover:
        _verbatim_tip(entry, block)
    return True


def _new_entry(head: str) -> ImportedEntry:
    entry = ImportedEntry(title="")
    leftover = _parse_head(head, entry)
    if leftover:
        entry.tip_parts.append((_clean_markdown(leftover), False))
        entry.verbatim += 1
    return entry


def _add_block(entry: ImportedEntry, block: _Block) -> None:
    if block.kind == "html":
        _media_block(entry, block)
    elif block.kind == "para" and _markdown_images(entry, block):
        return
    elif not _labelled(entry, block):
        _verbatim_tip(entry, block)


def _rated_link(text: str) -> bool:
    """Whether ``text`` is a linked title with its own rating: ``[Title](url)  :star:``."""
    text = text.strip()
    if not text.startswith("[") or _STAR.search(text) is None:
        return False
    links = find_links(text)
    if not links:
        return False
    first = links[0]
    return (
        first.start == 0
        and first.title is not None
        and url_problem(first.url) is None
        and _STAR.search(text, first.end) is not None
    )


def _split_head(head: str) -> list[str]:
    """An item's first line cut before each further linked title with its own stars.

    ``[A](u) :star: [B](v) :star::star:`` is two entries under one number. The line is cut
    after each run of stars; a piece without a link (``[A](u) :star: great :star:``) stays
    with the piece before it (or, first, the one after it), so one title keeps all its stars.
    """
    pieces: list[str] = []
    pos = 0
    for run in _STAR_RUN.finditer(head):
        pieces.append(head[pos : run.end()])
        pos = run.end()
    if len(pieces) < 2:
        return [head]
    pieces[-1] += head[pos:]
    rated = [_has_link(piece) for piece in pieces]
    if sum(rated) < 2:
        return [head]
    heads: list[list[str]] = []
    pending: list[str] = []  # pieces before the first one with a link
    for piece, linked in zip(pieces, rated, strict=True):
        if linked:
            heads.append([*pending, piece])
            pending = []
        elif heads:
            heads[-1].append(piece)
        else:
            pending.append(piece)
    return ["".join(parts).strip() for parts in heads]


def _has_link(text: str) -> bool:
    return any(not link.image and url_problem(link.url) is None for link in find_links(text))


def _bare_address(entry: ImportedEntry, value: str) -> list[_Link]:
    """A labelled value that is only an address without its scheme (``Contact: me@x.org``,
    ``Paper: arxiv.org/abs/…``, ``<me@x.org>``) as a link with the scheme; else ``[]``."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    fixed, change = normalize_url(text)
    if change is None:
        return []
    entry.changes[change] += 1
    return [_Link(0, len(value), None, fixed, False)]


def parse_item(head: str, lines: list[str]) -> list[ImportedEntry]:
    """Parse one numbered item: its first line (after ``1.``) and the lines below it.

    Usually one entry. An item that holds further linked titles, each with its own
    ``:star:`` rating — on its first line or on a line of its own below — is one entry per
    title (at most :data:`MAX_ENTRIES_PER_ITEM`): the lines below a title belong to it. Link
    targets are fixed first (:func:`normalize_links`); every change is counted in the first
    entry's ``changes``.
    """
    changes: Counter[str] = Counter()
    head = normalize_links(head, changes)
    lines = normalize_links("\n".join(lines), changes).split("\n")
    entries: list[ImportedEntry] = []
    capped = False

    def start(text: str) -> None:
        nonlocal capped
        parts = _split_head(text)
        room = MAX_ENTRIES_PER_ITEM - len(entries)
        entries.extend(_new_entry(part) for part in parts[:room])
        if len(parts) > room:  # the titles past the limit stay in the last entry's tips
            capped = True
            entries[-1].tip_parts.append((_clean_markdown(" ".join(parts[room:])), False))
            entries[-1].verbatim += 1

    start(head)
    for block in _blocks(lines):
        if block.kind != "html" and _rated_link(block.first):
            if len(entries) < MAX_ENTRIES_PER_ITEM:
                start(block.first)
                for inner in _blocks(block.rest):  # not cut again: linear on nested lists
                    _add_block(entries[-1], inner)
                continue
            capped = True
        _add_block(entries[-1], block)
    if capped:
        entries[-1].warnings.append(
            f"more than {MAX_ENTRIES_PER_ITEM} rated titles under one number; "
            "the others are kept in this entry's tips"
        )
    entries[0].changes.update(changes)
    return entries


# ----------------------------------------------------------------------------- days


def _heading_text(text: str) -> str:
    return _EMOJI_CODE.sub("", text).strip()


def _is_today_heading(text: str) -> bool:
    return "今日要点" in text


def _is_footer_heading(text: str) -> bool:
    return _heading_text(text).casefold() in ("others", "other", "其他", "其它")


def split_lines(text: str) -> list[str]:
    """The lines of a note as the parser reads them (line ``n`` is ``split_lines(text)[n - 1]``).

    Tabs are expanded, and control characters that XML does not allow are dropped.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text).expandtabs(4).split("\n")


def _heading(line: str) -> tuple[int, str] | None:
    """``(level, title)`` of a ``#`` heading line, closing ``#``s left out; ``None`` if not one."""
    match = _HEADING.match(line)
    if match is None:
        return None
    title = (match.group(2) or "").rstrip(" \t").rstrip("#").rstrip(" \t")
    return len(match.group(1)), title


def parse_note(text: str, *, drop_footer: bool = False) -> ImportedDay:
    """Parse one hand-written day note (or a README's 今日要点 section).

    The date comes from a first-level title like ``# …（2021.9.30）``; callers that know the
    date from the file's path set or check it. With ``drop_footer`` the "Others" section is
    left out; otherwise it is kept verbatim in the body like everything not understood.
    """
    day = ImportedDay()
    body: list[str] = []  # lines of the body fragment being collected
    entry_head: str | None = None
    entry_lines: list[str] = []
    footer: list[str] | None = None
    footer_level = 0
    seen_title = False

    def flush_body() -> None:
        fragment = "\n".join(body).strip("\n")
        if fragment.strip():
            fragment = normalize_links(textwrap.dedent(fragment), day.changes)
            day.body.append(_clean_markdown(fragment))
        body.clear()

    def flush_entry() -> None:
        nonlocal entry_head
        if entry_head is not None:
            entries = parse_item(entry_head, entry_lines)
            if len(entries) > 1:
                day.changes[SPLIT] += 1
                day.changes[SPLIT_ENTRIES] += len(entries)
            day.entries.extend(entries)
        entry_head = None
        entry_lines.clear()

    for line in split_lines(text):
        heading = _heading(line)
        if footer is not None:
            if heading and heading[0] <= footer_level and heading[1]:
                day.footer = "\n".join(footer).strip("\n")
                footer = None
            else:
                footer.append(line)
                continue
        if heading:
            level, title = heading[0], heading[1].strip()
            if level == 1 and not seen_title and not day.entries and entry_head is None:
                seen_title = True
                flush_body()
                day.date = title_date(title)
                day.title = strip_title_date(title) or None
                continue
            if _is_today_heading(title):
                flush_entry()
                flush_body()
                continue
            if _is_footer_heading(title):
                flush_entry()
                flush_body()
                footer = [line]
                footer_level = level
                continue
            if not title:
                continue  # an empty heading ("## ") says nothing
            flush_entry()
            body.append(line)
            continue
        if _THEMATIC.match(line):
            continue  # "------" rules separate; they say nothing
        item = _ITEM.match(line)
        if item:
            flush_entry()
            flush_body()
            entry_head = item.group(2)
            continue
        if entry_head is not None:
            entry_lines.append(line)
        else:
            body.append(line)
    flush_entry()
    flush_body()
    if footer is not None:
        day.footer = "\n".join(footer).strip("\n")
    if day.footer is not None:
        if drop_footer:
            day.footer_dropped = True
        else:
            day.body.append(_clean_markdown(normalize_links(day.footer, day.changes)))
    for number, entry in enumerate(day.entries, start=1):
        if not entry.title:
            entry.title = f"Entry {number}"
            day.warnings.append(f"entry {number} has no title; named it {entry.title!r}")
        day.warnings.extend(f"entry {number}: {warning}" for warning in entry.warnings)
    return day


def parse_readme(text: str) -> Readme:
    """Read a hand-written repository's README: today's date, 今日要点 and 历史更新."""
    readme = Readme()
    match = _README_TODAY.search(text)
    if match:
        readme.today = _date(*match.groups())
    lines = split_lines(text)
    section: str | None = None
    today: list[str] = []
    history: list[str] = []
    for line in lines:
        heading = _heading(line)
        if heading and heading[0] <= 2:
            title = heading[1]
            section = "today" if _is_today_heading(title) else None
            if "历史更新" in title:
                section = "history"
            if section == "today":
                today.append(line)
            continue
        if section == "today":
            today.append(line)
        elif section == "history":
            history.append(line)
    if today:
        readme.today_text = "\n".join(today).strip("\n") + "\n"
    readme.history = list(_history_items("\n".join(history)))
    return readme


# <a href="notes/….md"> (its label runs to the next </a>, found in code) or [label](….md).
_HISTORY_LINK = re.compile(
    r"<a\s[^<>]*?href=[\"'](?P<href>[^\"'<>]*?\.md)[\"'][^<>]*+>"
    r"|\[(?P<label>[^\[\]]*+)\]\((?P<path>[^()\s]*?\.md)\)"
)


def _history_items(text: str) -> Iterator[HistoryItem]:
    pos = 0
    searched, closing = -1, -1  # where "</a>" was last looked for, and where it was found
    while (match := _HISTORY_LINK.search(text, pos)) is not None:
        if match.group("href") is None:
            path, label, pos = match.group("path"), match.group("label"), match.end()
        else:
            if searched < 0 or (closing != -1 and closing < match.end()):
                searched, closing = match.end(), text.find("</a>", match.end())
            if closing < 0:  # no "</a>" after this tag, nor after any later one
                pos = match.start() + 1
                continue
            path, label, pos = match.group("href"), text[match.end() : closing], closing + 4
        label = html.unescape(_HTML_TAG.sub("", label))
        yield HistoryItem(path=path, label=label.strip(), date=title_date(label))
