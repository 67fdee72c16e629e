"""A persistent download cache for remote images (the ``images: cache`` mode; no MkDocs here).

Remote images are fetched once, at build time, into ``cache_dir`` and served from the site
afterwards, so that readers never depend on a hotlink-protected CDN (WeChat's
``mmbiz.qpic.cn`` refuses requests with a foreign ``Referer``)::

    cache = ImageCache(Path(".cache/dairly-images"))
    result = cache.fetch_all(["https://mmbiz.qpic.cn/…/640?wx_fmt=png"])
    result.images["https://mmbiz.qpic.cn/…/640?wx_fmt=png"].name  # '3f9a0c2d41e8b7a6.png'
    result.failures                                                # {url: 'HTTP 404', …}

Guarantees:

* requests carry no ``Referer`` and a plain browser-like ``User-Agent``; only ``http://``
  and ``https://`` URLs are fetched, and redirects may only lead to those (at most 10);
* one download — connecting, sending, headers, body, every redirect — takes at most
  ``timeout`` seconds, whatever the server does: its sockets are shut down at the deadline;
  all downloads of one :meth:`~ImageCache.fetch_all` take at most ``total_timeout``;
* a response must be ``image/*``, no larger than ``max_bytes`` (checked while streaming, also
  after decoding a ``gzip`` or ``deflate`` Content-Encoding; other encodings are refused),
  and its bytes must be the image type it claims (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO,
  TIFF by their magic numbers). SVG is refused: it can carry scripts, which would run on
  the site's origin once the file is served from there;
* files are named by a hash of their content (identical images are stored once) and written
  atomically (temporary file, fsync, :func:`os.replace`);
* an index file (``index.json``, sorted keys) maps each URL to its file, so a URL cached by
  an earlier build is never requested again; failures are not cached and are retried. The
  index is written when downloads end, also when they are interrupted (``KeyboardInterrupt``),
  and lists exactly the files placed; files of the cache that no index entry names (left
  by a killed build) are removed by the next :meth:`~ImageCache.fetch_all`;
* downloads run on daemon threads; ``KeyboardInterrupt`` in the calling thread stops them at
  once (their sockets are shut down) and is raised again, without tracebacks from them;
  the result does not depend on the order in which downloads complete.

Only the standard library is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from ..notes.model import Day

__all__ = [
    "DEFAULT_USER_AGENT",
    "INDEX_NAME",
    "CacheResult",
    "CachedImage",
    "ImageCache",
    "extension_for",
]

DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)
INDEX_NAME = "index.json"
_INDEX_VERSION = 1
_CHUNK = 64 * 1024
# All downloads of one fetch_all may take this many times `timeout` (60 s by default).
_TOTAL_TIMEOUT_FACTOR = 6
_POLL = 0.1  # the supervising thread looks at the deadlines at least this often (seconds)
_JOIN = 0.5  # how long stopping waits, in all, for download threads to clean up (seconds)
_STALE_TEMP = 3600  # a temporary file this old (seconds) was left by a killed build
_HEAD = 4096  # how many bytes of a body are kept to recognize its type

# The content types cached: each with its file extension and the name of its format.
_FORMATS = {
    "image/png": ("png", "PNG"),
    "image/jpeg": ("jpg", "JPEG"),
    "image/gif": ("gif", "GIF"),
    "image/webp": ("webp", "WebP"),
    "image/avif": ("avif", "AVIF"),
    "image/bmp": ("bmp", "BMP"),
    "image/x-icon": ("ico", "ICO"),
    "image/tiff": ("tif", "TIFF"),
}
_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-ms-bmp": "image/bmp",
    "image/x-bmp": "image/bmp",
    "image/vnd.microsoft.icon": "image/x-icon",
}
_SVG = "image/svg+xml"
_SVG_REFUSED = "SVG refused: an SVG can carry scripts, which would run on this site"
# The names of cached files (svg: left by versions that cached SVG; removed when unused).
_CACHED_NAME = re.compile(
    r"[0-9a-f]{16}\.(?:" + "|".join([*(ext for ext, _ in _FORMATS.values()), "svg"]) + ")"
)
_TEMP_PREFIXES = (".download-", ".index-")
_DECODED = ("gzip", "x-gzip", "deflate")


@dataclass(frozen=True)
class CachedImage:
    """One cached image: its file (inside ``cache_dir``), that file's name and content type."""

    path: Path
    name: str  # content-hash file name like '3f9a0c2d41e8b7a6.png'
    content_type: str  # 'image/png'


@dataclass
class CacheResult:
    """What :meth:`ImageCache.fetch_all` got: cached images and one-line failure reasons."""

    images: dict[str, CachedImage] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)


class _Failure(Exception):
    """A download failed for the one-line reason in ``args[0]``."""


class _Expired(_Failure):
    """A download's deadline passed (or all downloads were stopped)."""


def extension_for(content_type: str) -> str | None:
    """The file extension for a cached content type (``image/jpeg`` → ``jpg``), else ``None``
    (also for ``image/svg+xml``, which is never cached)."""
    known = _FORMATS.get(_canonical(content_type))
    return known[0] if known else None


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _canonical(content_type: str) -> str:
    media_type = _media_type(content_type)
    return _ALIASES.get(media_type, media_type)


def _size(limit: int) -> str:
    """``10_000_000`` → ``10 MB``; ``1500`` → ``1500 bytes``."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if limit >= factor and limit % factor == 0:
            return f"{limit // factor} {unit}"
    return f"{limit} bytes"


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _one_line(text: object) -> str:
    return " ".join(str(text).split()) or "unknown error"


# -- what a body is -------------------------------------------------------------------------

_BMP_HEADER_SIZES = {12, 16, 40, 52, 56, 64, 108, 124}
_XML_PROLOGUE = rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!doctype[^\[>]*(?:\[.*?\])?\s*>\s*)*"
_SVG_START = re.compile(_XML_PROLOGUE + rb"<svg[\s>/]", re.DOTALL)
_HTML_START = re.compile(
    rb"(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|script|meta|title|div|p|a|iframe)"
    rb"[\s>/]",
    re.DOTALL,
)
_TEXT_CONTROLS = set(range(32)) - {9, 10, 12, 13} | {127}


def _sniff(head: bytes) -> tuple[str | None, str]:
    """What a body starting with ``head`` is: its image content type (``None`` for what is
    no image this cache knows) and a description for messages (``an HTML page``)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "a PNG image"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "a JPEG image"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", "a GIF image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "a WebP image"
    if head[4:8] == b"ftyp":
        brands = _iso_brands(head)
        if brands & {b"avif", b"avis"}:
            return "image/avif", "an AVIF image"
        major = re.sub(r"[^0-9A-Za-z]", "?", head[8:12].decode("latin-1"))
        return None, f"an ISO media file of brand {major} (not AVIF)"
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "image/bmp", "a BMP image"
    if head[:4] == b"\x00\x00\x01\x00" and head[4:6] not in (b"", b"\x00", b"\x00\x00"):
        return "image/x-icon", "an ICO image"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff", "a TIFF image"
    if head[:2] == b"\x1f\x8b":
        return None, "gzip-compressed data"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if _SVG_START.match(text):
        return _SVG, "an SVG image"
    if _HTML_START.match(text):
        return None, "an HTML page"
    if text.startswith(b"%pdf-"):
        return None, "a PDF document"
    if text.startswith(b"<?xml"):
        return None, "an XML document"
    if not _TEXT_CONTROLS.intersection(head) and _is_utf8(head):
        return None, "text"
    return None, "unrecognized data"


def _iso_brands(head: bytes) -> set[bytes]:
    """The major and compatible brands of an ISO media ``ftyp`` box at the start of ``head``."""
    end = min(int.from_bytes(head[:4], "big"), len(head))
    brands = {head[8:12]}
    brands.update(head[i : i + 4] for i in range(16, end - 3, 4))
    return brands


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only the last character, cut off at _HEAD
    return True


class _Decoder:
    """Decodes a ``gzip`` or ``deflate`` Content-Encoding while streaming, never producing
    more than ``limit`` bytes (a small body may decode to gigabytes)."""

    def __init__(self, coding: str, limit: int, too_large: str) -> None:
        self.coding = "gzip" if coding == "x-gzip" else coding
        self._wbits = 31 if self.coding == "gzip" else 15
        self._z = zlib.decompressobj(self._wbits)
        self._limit, self._too_large = limit, too_large
        self._produced = 0
        self._fed = False  # whether data reached the current decompressor

    def feed(self, data: bytes) -> bytes:
        parts = []
        while data:
            if self._z.eof:
                if self.coding != "gzip":
                    break  # bytes after the end of a deflate stream mean nothing
                self._z = zlib.decompressobj(self._wbits)  # another gzip member
                self._fed = False
            try:
                out = self._z.decompress(data, self._limit - self._produced + 1)
            except zlib.error:
                if self.coding == "deflate" and not self._fed and self._wbits > 0:
                    self._wbits = -15  # a raw deflate stream, as some servers send
                    self._z = zlib.decompressobj(self._wbits)
                    continue
                raise _Failure(f"the {self.coding}-encoded body is corrupt") from None
            self._fed = True
            self._produced += len(out)
            if self._produced > self._limit:
                raise _Failure(self._too_large)
            parts.append(out)
            data = self._z.unused_data if self._z.eof else self._z.unconsumed_tail
        return b"".join(parts)

    def finish(self) -> None:
        if not self._z.eof:
            raise _Failure(f"the {self.coding}-encoded body is incomplete")


def _decoder_for(content_encoding: str | None, limit: int, too_large: str) -> _Decoder | None:
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in _DECODED:
        return _Decoder(codings[0], limit, too_large)
    named = _one_line(", ".join(codings))[:60]
    raise _Failure(f"Content-Encoding {named} is not supported (only gzip and deflate are)")


# -- deadlines -------------------------------------------------------------------------------


class _Guard:
    """One download's deadline and the sockets it opened. :meth:`expire` shuts them down,
    which ends at once whatever connect, send or read is waiting on them."""

    def __init__(self, deadline: float, reason: str) -> None:
        self.deadline = deadline
        self.reason = reason  # the failure once the deadline passed
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []

    def left(self) -> float:
        """The seconds left; raises :class:`_Expired` when there are none."""
        left = self.deadline - time.monotonic()
        if self.expired or left <= 0:
            raise _Expired(self.reason)
        return left

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                raise _Expired(self.reason)
            self._sockets.append(sock)

    def expire(self, reason: str | None = None) -> None:
        with self._lock:
            if not self.expired:
                self.expired = True
                self.reason = reason or self.reason
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # closed already
                    # socket.socket's own: an SSLSocket's would also drop its TLS state
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
            self._sockets.clear()

    def release(self) -> None:
        """The download is over: its sockets are no longer ours to shut down."""
        with self._lock:
            self._sockets.clear()

    def connect(
        self,
        address: tuple[str, int],
        timeout: object = None,
        source_address: tuple[str, int] | None = None,
    ) -> socket.socket:
        """:func:`socket.create_connection`, within the deadline and shut down at it."""
        host, port = address
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in socket.getaddrinfo(
            host, port, 0, socket.SOCK_STREAM
        ):
            sock = socket.socket(family, kind, proto)
            try:
                self.track(sock)
                sock.settimeout(self.left())
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                error = exc
                sock.close()
            except BaseException:
                sock.close()
                raise
        raise error or OSError(f"no address found for {host}")


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, guard: _Guard, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._create_connection = guard.connect


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, guard: _Guard, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._guard = guard
        self._create_connection = guard.connect

    def connect(self) -> None:
        # http.client's, but the TLS socket is guarded before its handshake starts
        http.client.HTTPConnection.connect(self)
        context = self._context  # type: ignore[attr-defined]
        self.sock = context.wrap_socket(
            self.sock,
            server_hostname=self._tunnel_host or self.host,  # type: ignore[attr-defined]
            do_handshake_on_connect=False,
        )
        self._guard.track(self.sock)
        self.sock.do_handshake()


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: _Guard) -> None:
        super().__init__()
        self._guard = guard

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = _GuardedHTTPConnection
        return self.do_open(connection, req, guard=self._guard)  # type: ignore[arg-type]


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: _Guard) -> None:
        super().__init__()
        self._guard = guard

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        context = self._context  # type: ignore[attr-defined]
        connection = _GuardedHTTPSConnection
        return self.do_open(connection, req, context=context, guard=self._guard)  # type: ignore[arg-type]


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs only (never ``file:`` or ``ftp:``), at most 10."""

    max_redirections = 10

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        _check_redirect(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any
    ) -> Any:
        # urllib refuses e.g. file: targets itself, but only as a bare "HTTP 302" error.
        location = headers.get("location") or headers.get("uri")
        if location:
            _check_redirect(urljoin(req.full_url, location))
        fp.close()  # urllib would read the redirect's body, which may be endless
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _refused(url: str) -> str | None:
    """Why ``url`` is not even requested, or ``None``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        return f"not a valid URL: {_one_line(exc)}"
    if parts.scheme.lower() not in ("http", "https"):
        return "not an http(s) URL"
    if not parts.hostname:
        return "not a valid URL: no host"
    return None


def _check_redirect(url: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise _Failure(f"redirected to a URL that is not http(s): {_one_line(url)[:100]}")


# -- one run of downloads ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Downloaded:
    """A complete, checked download in a temporary file of the cache folder."""

    temp: str
    name: str
    content_type: str


@dataclass
class _Run:
    """The downloads of one :meth:`ImageCache.fetch_all`, shared by its threads under
    ``cond``: a file is placed in the cache only while the run is not ``stopped``, and its
    outcome is recorded in the same step."""

    todo: list[str]
    deadline: float
    cond: threading.Condition = field(default_factory=threading.Condition)
    next: int = 0
    active: dict[int, _Guard] = field(default_factory=dict)
    outcomes: dict[int, tuple[str, str] | str] = field(default_factory=dict)
    stopped: bool = False


class ImageCache:
    """Downloads remote images into ``cache_dir`` once and remembers them across builds.

    ``max_bytes`` limits one image; ``timeout`` is how many seconds one download may take in
    all (connecting, headers, body, redirects); ``total_timeout`` how long all downloads of
    one :meth:`fetch_all` may take (default: six times ``timeout``); ``workers`` downloads
    run at once.
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        max_bytes: int = 10_000_000,
        timeout: float = 10.0,
        total_timeout: float | None = None,
        workers: int = 4,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        if total_timeout is None:
            total_timeout = timeout * _TOTAL_TIMEOUT_FACTOR
        if max_bytes <= 0 or timeout <= 0 or total_timeout <= 0 or workers <= 0:
            raise ValueError("max_bytes, timeout, total_timeout and workers must be positive")
        self.cache_dir = Path(cache_dir)
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.total_timeout = total_timeout
        self.workers = workers
        self.user_agent = user_agent
        self.index_path = self.cache_dir / INDEX_NAME
        self._index_read = False  # whether the index was read, or there was none
        self._index_stale = False  # whether it holds entries that are dropped
        self._index = self._read_index()

    # -- public -------------------------------------------------------------------------------

    def lookup(self, url: str) -> CachedImage | None:
        """The cached image of ``url`` if an earlier fetch stored it (and its file exists)."""
        record = self._index.get(url)
        if record is None:
            return None
        name, content_type = record
        path = self.cache_dir / name
        if not path.is_file():
            return None
        return CachedImage(path=path, name=name, content_type=content_type)

    def fetch_all(self, urls: Iterable[str]) -> CacheResult:
        """Cache every URL: already cached ones from the index without a request, the others
        downloaded in parallel.

        Never raises for a bad URL or response: that URL gets a one-line reason in
        ``failures`` instead. Raises :class:`OSError` only when ``cache_dir`` itself cannot
        be created or its index cannot be written, and ``KeyboardInterrupt`` when that
        interrupts it (the downloads stop, the index lists the files placed until then).
        """
        wanted = list(dict.fromkeys(urls))
        result = CacheResult()
        todo: list[str] = []
        for url in wanted:
            refused = _refused(url)
            if refused:
                result.failures[url] = refused
            elif self.lookup(url) is None:
                todo.append(url)
        self._tidy()
        if todo:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            for url, outcome in zip(todo, self._download_all(todo), strict=True):
                if isinstance(outcome, str):
                    result.failures[url] = outcome
        # In the order the URLs were given, whatever order the downloads finished in.
        images = {}
        for url in wanted:
            if url in result.failures:
                continue
            image = self.lookup(url)
            if image is None:  # pragma: no cover - the file was deleted meanwhile
                result.failures[url] = "the cached file disappeared"
            else:
                images[url] = image
        failures = {url: result.failures[url] for url in wanted if url in result.failures}
        return CacheResult(images=images, failures=failures)

    # -- running the downloads ------------------------------------------------------------------

    def _download_all(self, todo: list[str]) -> list[tuple[str, str] | str]:
        """Download ``todo`` on threads, within ``total_timeout``; record what was placed in
        the index (also when interrupted); the outcome of each URL."""
        run = _Run(todo, deadline=time.monotonic() + self.total_timeout)
        threads = [
            threading.Thread(target=self._work, args=(run,), name=f"dairly-images-{n}", daemon=True)
            for n in range(min(self.workers, len(todo)))
        ]
        budget = _seconds(self.total_timeout)
        finished = False
        try:
            for thread in threads:
                thread.start()
            self._supervise(run)
            finished = True
        finally:
            # Also on KeyboardInterrupt: stop at once, and keep what is placed in the index.
            reason = f"stopped: this build's {budget} for image downloads ran out"
            outcomes = self._stop(run, reason if finished else "interrupted")
            try:
                self._record(run)
            except OSError:
                if finished:
                    raise  # else the interruption goes on (the next run tidies the folder)
            finally:
                self._join(threads)
        skipped = f"not tried: this build's {budget} for image downloads ran out"
        return [outcomes.get(n, skipped) for n in range(len(todo))]

    def _supervise(self, run: _Run) -> None:
        """Wait until every download ended or the run's deadline passed, expiring each
        download whose own deadline passed (which shuts its sockets down)."""
        with run.cond:
            while len(run.outcomes) < len(run.todo):
                now = time.monotonic()
                if now >= run.deadline:
                    return
                waiting = [guard for guard in run.active.values() if not guard.expired]
                for guard in waiting:
                    if now >= guard.deadline:
                        guard.expire()
                wake = min([run.deadline, now + _POLL, *(g.deadline for g in waiting)])
                run.cond.wait(max(wake - now, 0.001))

    def _stop(self, run: _Run, reason: str) -> dict[int, tuple[str, str] | str]:
        """Let no more file be placed and no download start; cut those under way short.
        The outcomes so far, with ``reason`` for the downloads cut short."""
        with run.cond:
            run.stopped = True
            outcomes = dict(run.outcomes)
            for number, guard in run.active.items():
                guard.expire(reason)
                outcomes.setdefault(number, guard.reason)
        return outcomes

    def _record(self, run: _Run) -> None:
        """Write the index with the files this run placed (after :meth:`_stop`)."""
        placed = {
            run.todo[n]: outcome
            for n, outcome in run.outcomes.items()
            if not isinstance(outcome, str)
        }
        if placed:
            self._index.update(placed)
            self._write_index()

    @staticmethod
    def _join(threads: list[threading.Thread]) -> None:
        """Give the threads (whose sockets are shut down) a moment to remove their temporary
        files; one stuck where nothing can interrupt it (resolving a name) is left behind."""
        until = time.monotonic() + _JOIN
        for thread in threads:
            if thread.is_alive():  # not if it never started (an interruption came first)
                thread.join(max(until - time.monotonic(), 0))

    def _work(self, run: _Run) -> None:
        """A download thread: takes URLs until there are none left or the run is stopped."""
        try:
            while True:
                with run.cond:
                    if run.stopped or run.next >= len(run.todo):
                        return
                    number, run.next = run.next, run.next + 1
                    now = time.monotonic()
                    if now + self.timeout <= run.deadline:
                        reason = f"timed out after {_seconds(self.timeout)}"
                        guard = _Guard(now + self.timeout, reason)
                    else:
                        budget = _seconds(self.total_timeout)
                        reason = f"stopped: this build's {budget} for image downloads ran out"
                        guard = _Guard(run.deadline, reason)
                    run.active[number] = guard
                outcome = self._fetch_one(run.todo[number], guard)
                with run.cond:
                    del run.active[number]
                    if not run.stopped:
                        run.outcomes[number] = self._place(outcome)
                        run.cond.notify_all()
                    elif isinstance(outcome, _Downloaded):
                        with contextlib.suppress(OSError):
                            os.unlink(outcome.temp)
        except BaseException:  # pragma: no cover - nothing may escape a download thread
            return

    def _place(self, outcome: _Downloaded | str) -> tuple[str, str] | str:
        """Move a download into the cache (under the run's lock, while it is not stopped)."""
        if isinstance(outcome, str):
            return outcome
        try:
            os.replace(outcome.temp, self.cache_dir / outcome.name)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(outcome.temp)
            return f"cannot store the file: {_one_line(exc)}"
        return outcome.name, outcome.content_type

    # -- downloading one image ------------------------------------------------------------------

    def _fetch_one(self, url: str, guard: _Guard) -> _Downloaded | str:
        """Download one URL into a temporary file of the cache, or a failure reason."""
        try:
            return self._download(url.strip(), guard)
        except _Failure as exc:
            return _one_line(exc.args[0])
        except Exception as exc:  # one bad URL must never break a build
            if guard.expired or _is_timeout(exc):
                return guard.reason  # whatever the shut-down socket made the reader raise
            return _reason(exc)
        finally:
            guard.release()

    def _download(self, url: str, guard: _Guard) -> _Downloaded:
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": self.user_agent,
                "Accept": "image/avif,image/webp,image/apng,image/*,*/*;q=0.8",
                "Accept-Encoding": "gzip, deflate",  # what can be decoded (else: anything)
            },
        )
        opener = urllib.request.build_opener(
            _HttpOnlyRedirects(), _GuardedHTTPHandler(guard), _GuardedHTTPSHandler(guard)
        )
        # addheaders holds urllib's own "Python-urllib" agent; ours are set per request.
        opener.addheaders = []
        with opener.open(request, timeout=guard.left()) as response:
            claimed = _canonical(response.headers.get("Content-Type") or "")
            if not claimed.startswith("image/"):
                raise _Failure(f"not an image ({claimed or 'no content type'})")
            if claimed == _SVG:
                raise _Failure(_SVG_REFUSED)
            if claimed not in _FORMATS:
                raise _Failure(f"unsupported image type ({claimed})")
            too_large = f"larger than {_size(self.max_bytes)}"
            length_header = (response.headers.get("Content-Length") or "").strip()
            length = int(length_header) if length_header.isdigit() else None
            if length is not None and length > self.max_bytes:
                raise _Failure(too_large)
            decoder = _decoder_for(
                response.headers.get("Content-Encoding"), self.max_bytes, too_large
            )
            return self._store(response, guard, claimed, decoder, length, too_large)

    def _store(
        self,
        response: http.client.HTTPResponse,
        guard: _Guard,
        claimed: str,
        decoder: _Decoder | None,
        length: int | None,
        too_large: str,
    ) -> _Downloaded:
        """Stream the (decoded) body into a temporary file, checking its size and type."""
        digest = hashlib.sha256()
        head = b""
        checked = False
        fd, temp = tempfile.mkstemp(dir=self.cache_dir, prefix=".download-")
        try:
            with os.fdopen(fd, "wb") as out:
                received = 0
                while True:
                    guard.left()
                    chunk = response.read(_CHUNK)
                    if not chunk:
                        break
                    received += len(chunk)
                    if received > self.max_bytes:
                        raise _Failure(too_large)
                    data = decoder.feed(chunk) if decoder else chunk
                    if not checked:
                        head += data[: _HEAD - len(head)]
                        if len(head) >= _HEAD:
                            _check_type(claimed, head)
                            checked = True
                    digest.update(data)
                    out.write(data)
                # the deadline's shutdown ends a body without a length like a normal end
                guard.left()
                if received == 0:
                    raise _Failure("empty response")
                if length is not None and received < length:  # http.client does not say
                    raise _Failure("the server closed the connection before the end of the image")
                if decoder:
                    decoder.finish()
                if not head:
                    raise _Failure("empty response once decoded")
                if not checked:
                    _check_type(claimed, head)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, 0o644)  # mkstemp makes 0600; the site serves this file
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        name = f"{digest.hexdigest()[:16]}.{_FORMATS[claimed][0]}"
        return _Downloaded(temp, name, claimed)

    # -- the index and the folder ---------------------------------------------------------------

    def _read_index(self) -> dict[str, tuple[str, str]]:
        """The index of an earlier run; an unreadable one counts as empty (and is rewritten)."""
        try:
            data = json.loads(self.index_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self._index_read = True
            return {}
        except ValueError:  # not JSON: rewritten
            data = None
        except OSError:
            return {}
        self._index_read = True
        images = data.get("images") if isinstance(data, dict) else None
        if not isinstance(images, dict):
            self._index_stale = True
            return {}
        index = {}
        for url, record in images.items():
            entry = _index_entry(record)
            if entry is None:
                self._index_stale = True
            else:
                index[url] = entry
        return index

    def _has(self, name: str) -> bool:
        return (self.cache_dir / name).is_file()

    def _write_index(self) -> None:
        """Write the index atomically, with the entries whose file exists."""
        self._index = {url: record for url, record in self._index.items() if self._has(record[0])}
        data = {
            "version": _INDEX_VERSION,
            "images": {
                url: {"name": name, "content_type": content_type}
                for url, (name, content_type) in self._index.items()
            },
        }
        text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        fd, temp_name = tempfile.mkstemp(dir=self.cache_dir, prefix=".index-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, self.index_path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise

    def _tidy(self) -> None:
        """Make the cache folder and its index agree again, whatever a killed build left:
        drop index entries whose file is gone (or that this version does not serve), remove
        cached files that no entry names and temporary files older than an hour (a younger
        one may be another build's). Nothing else in the folder is touched."""
        if not self._index_read or not self.cache_dir.is_dir():
            return  # an index that could not be read says nothing about the files
        missing = [url for url, (name, _) in self._index.items() if not self._has(name)]
        if missing or self._index_stale:
            for url in missing:
                del self._index[url]
            with contextlib.suppress(OSError):  # a read-only cache is still of use
                self._write_index()
                self._index_stale = False
        named = {name for name, _ in self._index.values()}
        try:
            entries = list(os.scandir(self.cache_dir))
        except OSError:
            return
        now = time.time()
        for entry in entries:
            with contextlib.suppress(OSError):
                if not entry.is_file(follow_symlinks=False):
                    continue
                if entry.name.startswith(_TEMP_PREFIXES):
                    if now - entry.stat(follow_symlinks=False).st_mtime > _STALE_TEMP:
                        os.unlink(entry.path)
                elif _CACHED_NAME.fullmatch(entry.name) and entry.name not in named:
                    os.unlink(entry.path)


def _index_entry(record: object) -> tuple[str, str] | None:
    """``(name, content_type)`` of an index record, or ``None`` for one not to be trusted: a
    name that is no file of the cache (``../../etc/passwd``), a type no longer served (SVG,
    which older versions cached)."""
    if not isinstance(record, dict):
        return None
    name, content_type = record.get("name"), record.get("content_type")
    if not (isinstance(name, str) and isinstance(content_type, str)):
        return None
    content_type = _canonical(content_type)
    known = _FORMATS.get(content_type)
    if known is None or not _CACHED_NAME.fullmatch(name) or not name.endswith(f".{known[0]}"):
        return None
    return name, content_type


def _check_type(claimed: str, head: bytes) -> None:
    """Refuse a body whose first bytes are not the image type ``claimed``."""
    actual, description = _sniff(head)
    if actual == claimed:
        return
    if actual is None and not description.startswith("an ISO media"):
        description = f"{description}, not an image"
    raise _Failure(f"served as {claimed} but is {description}")


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        return isinstance(exc.reason, TimeoutError)
    return isinstance(exc, TimeoutError)


def _reason(exc: Exception) -> str:
    """The one-line failure for an exception of urllib, http.client or the socket."""
    if isinstance(exc, urllib.error.HTTPError):
        exc.close()
        if str(exc.msg).startswith(urllib.request.HTTPRedirectHandler.inf_msg):
            return "too many redirects"
        return f"HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot connect: {_one_line(exc.reason)}"
    if isinstance(exc, http.client.IncompleteRead):
        return "the server closed the connection before the end of the image"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without a response"
    if isinstance(exc, http.client.HTTPException | OSError):
        return f"download failed: {_one_line(exc) if str(exc) else type(exc).__name__}"
    if isinstance(exc, ValueError):
        return f"not a valid URL: {_one_line(exc)}"
    return f"download failed: {type(exc).__name__}: {_one_line(exc)}"


def remote_images(days: Iterable[Day]) -> dict[str, tuple[Day, int]]:
    """Every remote (http/https) image URL of ``days`` with the first day and entry using it."""
    wanted: dict[str, tuple[Day, int]] = {}
    for day in days:
        for entry in day.entries:
            for medium in entry.media:
                if medium.kind == "image" and medium.src.startswith(("http://", "https://")):
                    wanted.setdefault(medium.src, (day, entry.number))
    return wanted
