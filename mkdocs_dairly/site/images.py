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
  and ``https://`` URLs are fetched, and redirects may only lead to those;
* a response must be ``image/*``, no larger than ``max_bytes`` (checked while streaming),
  and arrive without ``timeout`` seconds of silence;
* files are named by a hash of their content (identical images are stored once) and written
  atomically (temporary file, then :func:`os.replace`);
* an index file (``index.json``, sorted keys) maps each URL to its file, so a URL cached by
  an earlier build is never requested again; failures are not cached and are retried;
* downloads run on a thread pool, and the result does not depend on the order in which they
  complete.

Only the standard library is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
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
# A download that keeps trickling bytes may take this many times `timeout` in all.
_TOTAL_TIMEOUT_FACTOR = 6

# Content types (without parameters) and the file extension each is stored with.
_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/jpg": "jpg",
    "image/pjpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
    "image/avif": "avif",
    "image/bmp": "bmp",
    "image/x-icon": "ico",
    "image/vnd.microsoft.icon": "ico",
    "image/tiff": "tif",
}


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


def extension_for(content_type: str) -> str | None:
    """The file extension for an image content type (``image/jpeg`` → ``jpg``), else ``None``."""
    return _EXTENSIONS.get(_media_type(content_type))


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


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


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs only (never ``file:`` or ``ftp:``)."""

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


class ImageCache:
    """Downloads remote images into ``cache_dir`` once and remembers them across builds.

    ``max_bytes`` limits one image; ``timeout`` is how many seconds connecting or any read
    may take (a whole download may take at most six times that); ``workers`` downloads run
    at once.
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        max_bytes: int = 10_000_000,
        timeout: float = 10.0,
        workers: int = 4,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        if max_bytes <= 0 or timeout <= 0 or workers <= 0:
            raise ValueError("max_bytes, timeout and workers must be positive")
        self.cache_dir = Path(cache_dir)
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.workers = workers
        self.user_agent = user_agent
        self.index_path = self.cache_dir / INDEX_NAME
        self._opener = urllib.request.build_opener(_HttpOnlyRedirects())
        # addheaders holds urllib's own "Python-urllib" agent; ours are set per request.
        self._opener.addheaders = []
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
        be created or its index cannot be written.
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
        downloaded: dict[str, tuple[str, str] | str] = {}
        if todo:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            with ThreadPoolExecutor(max_workers=min(self.workers, len(todo))) as pool:
                for url, outcome in zip(todo, pool.map(self._fetch_one, todo), strict=True):
                    downloaded[url] = outcome
        changed = False
        for url in todo:
            outcome = downloaded[url]
            if isinstance(outcome, str):
                result.failures[url] = outcome
            else:
                self._index[url] = outcome
                changed = True
        if changed:
            self._write_index()
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

    # -- downloading --------------------------------------------------------------------------

    def _fetch_one(self, url: str) -> tuple[str, str] | str:
        """Download one URL into the cache: ``(name, content_type)`` or a failure reason."""
        try:
            return self._download(url.strip())
        except _Failure as exc:
            return _one_line(exc.args[0])
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code}"
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                return f"timed out after {_seconds(self.timeout)}"
            return f"cannot connect: {_one_line(exc.reason)}"
        except TimeoutError:
            return f"timed out after {_seconds(self.timeout)}"
        except (http.client.HTTPException, OSError) as exc:
            return f"download failed: {_one_line(exc) if str(exc) else type(exc).__name__}"
        except ValueError as exc:
            return f"not a valid URL: {_one_line(exc)}"
        except Exception as exc:  # one bad URL must never break a build
            return f"download failed: {type(exc).__name__}: {_one_line(exc)}"

    def _download(self, url: str) -> tuple[str, str]:
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": self.user_agent,
                "Accept": "image/avif,image/webp,image/apng,image/*,*/*;q=0.8",
            },
        )
        deadline = time.monotonic() + self.timeout * _TOTAL_TIMEOUT_FACTOR
        with self._opener.open(request, timeout=self.timeout) as response:
            content_type = _media_type(response.headers.get("Content-Type") or "")
            if not content_type.startswith("image/"):
                raise _Failure(f"not an image ({content_type or 'no content type'})")
            extension = extension_for(content_type)
            if extension is None:
                raise _Failure(f"unsupported image type ({content_type})")
            too_large = f"larger than {_size(self.max_bytes)}"
            length = response.headers.get("Content-Length")
            if length is not None and length.strip().isdigit() and int(length) > self.max_bytes:
                raise _Failure(too_large)
            digest = hashlib.sha256()
            fd, temp_name = tempfile.mkstemp(dir=self.cache_dir, prefix=".download-")
            try:
                with os.fdopen(fd, "wb") as out:
                    total = 0
                    while True:
                        chunk = response.read(_CHUNK)
                        if not chunk:
                            break
                        total += len(chunk)
                        if total > self.max_bytes:
                            raise _Failure(too_large)
                        if time.monotonic() > deadline:
                            limit = self.timeout * _TOTAL_TIMEOUT_FACTOR
                            raise _Failure(f"timed out after {_seconds(limit)}")
                        digest.update(chunk)
                        out.write(chunk)
                if total == 0:
                    raise _Failure("empty response")
                name = f"{digest.hexdigest()[:16]}.{extension}"
                os.chmod(temp_name, 0o644)  # mkstemp makes 0600; the site serves this file
                os.replace(temp_name, self.cache_dir / name)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp_name)
                raise
        return name, content_type

    # -- the index ----------------------------------------------------------------------------

    def _read_index(self) -> dict[str, tuple[str, str]]:
        """The index of an earlier run; an unreadable one counts as empty (and is rewritten)."""
        try:
            data = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        images = data.get("images") if isinstance(data, dict) else None
        if not isinstance(images, dict):
            return {}
        index = {}
        for url, record in images.items():
            if not isinstance(record, dict):
                continue
            name, content_type = record.get("name"), record.get("content_type")
            if (
                isinstance(name, str)
                and isinstance(content_type, str)
                and name == os.path.basename(name)
                and not name.startswith(".")
            ):
                index[url] = (name, content_type)
        return index

    def _write_index(self) -> None:
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
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, self.index_path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise


def remote_images(days: Iterable[Day]) -> dict[str, tuple[Day, int]]:
    """Every remote (http/https) image URL of ``days`` with the first day and entry using it."""
    wanted: dict[str, tuple[Day, int]] = {}
    for day in days:
        for entry in day.entries:
            for medium in entry.media:
                if medium.kind == "image" and medium.src.startswith(("http://", "https://")):
                    wanted.setdefault(medium.src, (day, entry.number))
    return wanted
