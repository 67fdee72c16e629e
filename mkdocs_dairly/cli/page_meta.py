"""Fetch one web page, safely and within limits, and read what an entry needs from it.

Used by ``mkdocs-dairly add``. :func:`fetch_page` downloads a page over http(s) only, with
a connect timeout, a total deadline that a server sending bytes slowly cannot extend, a
size limit and at most :data:`MAX_REDIRECTS` redirects (to http(s) only). :func:`read_meta`
reads the page's metadata with :mod:`html.parser` and regular expressions over the text of
its scripts (which are never run). Nothing here touches the file system.
"""

from __future__ import annotations

import codecs
import contextlib
import html
import http.client
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

TIMEOUT = 10.0  # seconds: to connect, and for the whole fetch, redirects included
MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "Mozilla/5.0 (compatible; mkdocs-dairly add)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024


class FetchError(Exception):
    """The page could not be fetched: a short reason for the user (``connection refused``)."""


@dataclass
class Page:
    """A fetched HTML page: the URL it was finally read from and its decoded text."""

    url: str
    text: str


# ----------------------------------------------------------------------------- fetching


def _request_target(url: str) -> tuple[str, int | None, str]:
    """The ASCII host (IDNA), port and request path of a URL (non-ASCII %-escaped)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        ascii_host = host.encode("idna").decode("ascii")
        port = parts.port
    except (UnicodeError, ValueError):
        raise FetchError(f"the host name {parts.netloc[:100]!r} is not valid") from None
    safe = "/%:@!$&'()*+,;=-._~"
    target = quote(parts.path or "/", safe=safe)
    if parts.query:
        target += "?" + quote(parts.query, safe=safe + "?")
    return ascii_host, port, target


def _connection(
    scheme: str, host: str, port: int | None, timeout: float
) -> http.client.HTTPConnection:
    if scheme == "https":
        return http.client.HTTPSConnection(host, port, timeout=timeout)
    return http.client.HTTPConnection(host, port, timeout=timeout)


def _reason(exc: BaseException) -> str:
    """A short, stable reason for a network error."""
    if isinstance(exc, FetchError):
        return str(exc)
    if isinstance(exc, socket.gaierror):
        return "the host name could not be resolved (offline, or no such host)"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return "the connection was closed by the server"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "the site's TLS certificate could not be verified"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or type(exc).__name__})"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP response ({type(exc).__name__})"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


def _charset(content_type: str) -> str | None:
    match = re.search(r"""charset\s*=\s*["']?([\w.:-]+)""", content_type, re.I)
    return match.group(1) if match else None


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I
)  # <meta charset=…> and <meta http-equiv=Content-Type content="…; charset=…">


def decode(body: bytes, content_type: str) -> str:
    """Decode by the declared charset, else ``<meta charset>``, else UTF-8 with replacement."""
    candidates = [_charset(content_type)]
    match = _META_CHARSET.search(body[:8192])
    candidates.append(match.group(1).decode("ascii") if match else None)
    for name in candidates:
        if not name:
            continue
        try:
            codec = codecs.lookup(name)
        except LookupError:
            continue
        return body.decode(codec.name, errors="replace")
    return body.decode("utf-8", errors="replace")


def fetch_page(
    url: str,
    *,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Page:
    """GET ``url`` (http or https) and return its HTML text; :class:`FetchError` otherwise.

    ``timeout`` bounds connecting and the whole fetch, redirects included: a watchdog
    closes the connection at the deadline, so a server that trickles bytes cannot extend it.
    """
    deadline = time.monotonic() + timeout
    current = url
    for hop in range(max_redirects + 1):
        parts = urlsplit(current)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise FetchError(f"only http(s) URLs are fetched, got {current[:100]!r}")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("timed out")
        host, port, target = _request_target(current)
        conn = _connection(parts.scheme.lower(), host, port, remaining)
        watchdog = threading.Timer(remaining, _abort, (conn,))
        watchdog.daemon = True
        watchdog.start()
        try:
            conn.request(
                "GET",
                target,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                    "Accept-Encoding": "identity",
                },
            )
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {response.status} redirect without a Location")
                current = urljoin(current, location.strip())
                if urlsplit(current).scheme.lower() not in ("http", "https"):
                    raise FetchError(f"redirected to a URL that is not http(s): {current[:100]!r}")
                if hop == max_redirects:
                    raise FetchError(f"too many redirects (more than {max_redirects})")
                continue
            if response.status >= 400:
                raise FetchError(f"HTTP error {response.status} {response.reason}".rstrip())
            if response.status != 200:
                raise FetchError(f"unexpected HTTP status {response.status}")
            content_type = response.getheader("Content-Type", "") or ""
            mime = content_type.split(";", 1)[0].strip().lower()
            if mime and mime not in HTML_TYPES:
                raise FetchError(f"not an HTML page (Content-Type: {mime[:60]})")
            length = response.getheader("Content-Length")
            if length and length.strip().isdigit() and int(length) > max_bytes:
                raise FetchError(f"the page is larger than {_size(max_bytes)}")
            body = _read_body(response, deadline, max_bytes, conn)
            return Page(url=current, text=decode(body, content_type))
        except FetchError:
            raise
        except Exception as exc:  # every network error becomes one line
            if time.monotonic() >= deadline:
                raise FetchError("timed out") from None
            raise FetchError(_reason(exc)) from None
        finally:
            watchdog.cancel()
            conn.close()
    raise FetchError(f"too many redirects (more than {max_redirects})")  # pragma: no cover


def _abort(conn: http.client.HTTPConnection) -> None:
    """The deadline passed: shut the socket so that a blocked read returns at once."""
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _read_body(
    response: http.client.HTTPResponse,
    deadline: float,
    max_bytes: int,
    conn: http.client.HTTPConnection,
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("timed out")
        if conn.sock is not None:
            conn.sock.settimeout(remaining)
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the page is larger than {_size(max_bytes)}")
        chunks.append(chunk)
    if time.monotonic() >= deadline:
        raise FetchError("timed out")
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n} bytes"


# ----------------------------------------------------------------------------- reading


@dataclass
class PageMeta:
    """What a page says about itself."""

    meta: dict[str, str] = field(default_factory=dict)  # name/property (lowercase) → content
    title: str | None = None  # <title>
    canonical: str | None = None  # <link rel=canonical href>
    # <a href> (absolute) and URLs written in the text, in order, outside header, footer,
    # nav and aside (the site's own links: its theme's repository, …)
    links: list[str] = field(default_factory=list)
    script_vars: dict[str, str] = field(default_factory=dict)  # WeChat's msg_title, …

    def first(self, *names: str) -> str | None:
        """The first non-empty meta value among ``names``."""
        for name in names:
            value = self.meta.get(name)
            if value and value.strip():
                return value
        return None


# WeChat's article pages: var msg_title = '…'.html(false); var msg_desc = htmlDecode("…");
_SCRIPT_VAR = re.compile(
    r"""\b(msg_title|msg_desc|msg_cdn_url|msg_link)\s*=\s*(?:htmlDecode\(\s*)?"""
    r"""(["'])((?:\\.|(?!\2)[^\\\n])*)\2"""
)
_JS_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.S)
_JS_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "", "f": "", "v": "", "0": ""}
# URLs written as text (WeChat articles cannot link out, so they write them out).
_TEXT_URL = re.compile(r"https?://[^\s\"'<>()\[\]{}，。、；：！？（）【】《》“”]+")
_CHROME = {"header", "footer", "nav", "aside"}  # site chrome: its links are not the article's


def _js_unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "xu" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _JS_SIMPLE.get(code, code)

    return _JS_ESCAPE.sub(one, text)


class _MetaParser(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.result = PageMeta()
        self._in_title = False
        self._title: list[str] = []
        self._in_script = False
        self._script: list[str] = []
        self._in_style = False
        self._chrome = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a and key not in self.result.meta:
                self.result.meta[key] = a["content"]
        elif tag == "title" and self.result.title is None:
            self._in_title = True
        elif tag == "link":
            rels = a.get("rel", "").lower().split()
            if "canonical" in rels and a.get("href") and self.result.canonical is None:
                self.result.canonical = urljoin(self.base, a["href"].strip())
        elif tag == "a" and a.get("href") and not self._chrome:
            self.result.links.append(urljoin(self.base, a["href"].strip()))
        elif tag == "script":
            self._in_script = True
        elif tag == "style":
            self._in_style = True
        elif tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"].strip())
        if tag in _CHROME:
            self._chrome += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _CHROME:
            self._chrome -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.result.title = "".join(self._title)
        elif tag == "script" and self._in_script:
            self._in_script = False
            self._read_script("".join(self._script))
            self._script = []
        elif tag == "style":
            self._in_style = False
        elif tag in _CHROME and self._chrome:
            self._chrome -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif self._in_script:
            self._script.append(data)
        elif not self._in_style and not self._chrome and "http" in data:
            self.result.links.extend(m.group(0).rstrip(".,;:!?") for m in _TEXT_URL.finditer(data))

    def _read_script(self, text: str) -> None:
        for match in _SCRIPT_VAR.finditer(text):
            name, value = match.group(1), match.group(3)
            if name not in self.result.script_vars:
                self.result.script_vars[name] = html.unescape(_js_unescape(value))


def read_meta(text: str, base_url: str) -> PageMeta:
    """Read ``text``'s metadata; URLs are made absolute against ``base_url``."""
    parser = _MetaParser(base_url)
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - html.parser is very lenient
        pass
    if parser._in_title and parser.result.title is None:
        parser.result.title = "".join(parser._title)
    return parser.result
