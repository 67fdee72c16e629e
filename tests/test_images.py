"""The image cache against a local HTTP server on 127.0.0.1 that behaves like WeChat's CDN.

The server refuses requests with a foreign ``Referer`` (403), serves one image slowly, some
URLs with 404, one page as ``text/html`` and one image too large; it counts every request so
that cache hits can be told from downloads. Nothing but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mkdocs_dairly.site.images import (
    DEFAULT_USER_AGENT,
    INDEX_NAME,
    CachedImage,
    ImageCache,
    extension_for,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"png-body-" * 50
JPEG = b"\xff\xd8\xff\xe0" + b"jpeg-body-" * 40
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
SLOW_SECONDS = 1.5
TIMEOUT = 0.5
MAX_BYTES = 1000


def sha_name(body: bytes, ext: str) -> str:
    return f"{hashlib.sha256(body).hexdigest()[:16]}.{ext}"


class CdnHandler(BaseHTTPRequestHandler):
    """A tiny CDN: paths below map to behaviours; every request is counted and recorded."""

    server: CdnServer

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.counts[self.path] += 1
            server.headers.append(dict(self.headers.items()))
        referer = self.headers.get("Referer")
        if referer is not None and "qpic.cn" not in referer:
            self._send(403, "text/plain", b"hotlinking not allowed")
            return
        path = self.path.split("?", 1)[0]
        if path.startswith("/jitter/"):  # random delay, for completion-order independence
            time.sleep(random.uniform(0, 0.05))
            number = int(path.rsplit("/", 1)[1].split(".")[0])
            self._send(200, "image/png", PNG + str(number % 3).encode())
            return
        if path in ("/a.png", "/copy-of-a"):
            self._send(200, "image/png", PNG)
        elif path == "/b":
            self._send(200, "image/jpeg; charset=binary", JPEG)
        elif path == "/icon.svg":
            self._send(200, "image/svg+xml", SVG)
        elif path == "/slow.png":
            time.sleep(SLOW_SECONDS)
            self._send(200, "image/png", PNG)
        elif path == "/page":
            self._send(200, "text/html; charset=utf-8", b"<html>not an image</html>")
        elif path == "/big.png":
            self._send(200, "image/png", b"x" * (MAX_BYTES + 1))
        elif path == "/big-unannounced.png":  # no Content-Length: only streaming can tell
            self._send(200, "image/png", b"x" * (MAX_BYTES * 3), length=False)
        elif path == "/bitmap":
            self._send(200, "image/x-portable-bitmap", b"P1 1 1 0")
        elif path == "/empty.png":
            self._send(200, "image/png", b"")
        elif path == "/redirect":
            self._redirect("/a.png")
        elif path == "/redirect-to-file":
            self._redirect("file:///etc/passwd")
        else:
            self._send(404, "text/plain", b"not found")

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, content_type: str, body: bytes, length: bool = True) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (timeout, size limit)
            pass


class CdnServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), CdnHandler)
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.headers: list[dict[str, str]] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up is not a test failure


@pytest.fixture
def cdn(monkeypatch: pytest.MonkeyPatch) -> Iterator[CdnServer]:
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = CdnServer()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def make_cache(path: Path, **options: object) -> ImageCache:
    settings: dict[str, object] = {"timeout": TIMEOUT, "max_bytes": MAX_BYTES, "workers": 4}
    settings.update(options)
    return ImageCache(path, **settings)  # type: ignore[arg-type]


def test_the_fake_cdn_refuses_a_foreign_referer(cdn: CdnServer) -> None:
    """The fixture behaves like mmbiz.qpic.cn: a page's Referer gets a 403."""
    request = urllib.request.Request(
        cdn.url("/a.png"), headers={"Referer": "https://my-notes.example/"}
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert caught.value.code == 403


def test_fetch_all_caches_images_and_reports_exact_failures(cdn: CdnServer, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    urls = [cdn.url(p) for p in ("/a.png", "/b", "/icon.svg", "/missing.png", "/slow.png", "/page",
                                 "/big.png", "/big-unannounced.png", "/bitmap", "/empty.png",
                                 "/redirect-to-file")]  # fmt: skip
    others = [
        "ftp://127.0.0.1/x.png",
        "javascript:alert(1)",
        "images/local.png",
        "data:image/png;base64,AAAA",
    ]
    started = time.monotonic()
    result = make_cache(cache_dir).fetch_all(urls + others)
    assert time.monotonic() - started < SLOW_SECONDS + 3
    assert result.failures == {
        cdn.url("/missing.png"): "HTTP 404",
        cdn.url("/slow.png"): "timed out after 0.5 s",
        cdn.url("/page"): "not an image (text/html)",
        cdn.url("/big.png"): "larger than 1 kB",
        cdn.url("/big-unannounced.png"): "larger than 1 kB",
        cdn.url("/bitmap"): "unsupported image type (image/x-portable-bitmap)",
        cdn.url("/empty.png"): "empty response",
        cdn.url("/redirect-to-file"): "redirected to a URL that is not http(s): file:///etc/passwd",
        "ftp://127.0.0.1/x.png": "not an http(s) URL",
        "javascript:alert(1)": "not an http(s) URL",
        "images/local.png": "not an http(s) URL",
        "data:image/png;base64,AAAA": "not an http(s) URL",
    }
    assert list(result.images) == [cdn.url("/a.png"), cdn.url("/b"), cdn.url("/icon.svg")]
    assert result.images[cdn.url("/a.png")] == CachedImage(
        cache_dir / sha_name(PNG, "png"), sha_name(PNG, "png"), "image/png"
    )
    assert result.images[cdn.url("/b")].name == sha_name(JPEG, "jpg")
    assert result.images[cdn.url("/b")].content_type == "image/jpeg"
    assert result.images[cdn.url("/icon.svg")].name == sha_name(SVG, "svg")
    for image in result.images.values():
        assert image.path.parent == cache_dir
    assert (cache_dir / sha_name(PNG, "png")).read_bytes() == PNG
    assert (cache_dir / sha_name(JPEG, "jpg")).read_bytes() == JPEG
    # no temporary files are left behind by the failed downloads
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(
        [INDEX_NAME, sha_name(PNG, "png"), sha_name(JPEG, "jpg"), sha_name(SVG, "svg")]
    )
    # non-http(s) URLs never reached the network
    assert not [p for p in cdn.counts if "x.png" in p or "local" in p]


def test_requests_carry_no_referer_and_a_browser_user_agent(cdn: CdnServer, tmp_path: Path) -> None:
    result = make_cache(tmp_path).fetch_all([cdn.url("/a.png"), cdn.url("/redirect")])
    assert result.failures == {}
    assert len(cdn.headers) == 3  # /a.png, /redirect and the redirect's target
    for headers in cdn.headers:
        assert "Referer" not in headers
        assert headers["User-Agent"] == DEFAULT_USER_AGENT
        assert headers["Host"] == f"127.0.0.1:{cdn.server_address[1]}"
    assert DEFAULT_USER_AGENT.startswith("Mozilla/5.0 ")
    custom = make_cache(tmp_path / "other", user_agent="MyAgent/1.0").fetch_all([cdn.url("/b")])
    assert custom.failures == {}
    assert cdn.headers[-1]["User-Agent"] == "MyAgent/1.0"


def test_identical_images_are_stored_once(cdn: CdnServer, tmp_path: Path) -> None:
    result = make_cache(tmp_path).fetch_all(
        [cdn.url("/a.png"), cdn.url("/copy-of-a"), cdn.url("/redirect")]
    )
    names = {url: image.name for url, image in result.images.items()}
    assert set(names.values()) == {sha_name(PNG, "png")}
    assert len(names) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([INDEX_NAME, sha_name(PNG, "png")])


def test_a_second_build_makes_no_request_for_cached_urls(cdn: CdnServer, tmp_path: Path) -> None:
    urls = [cdn.url("/a.png"), cdn.url("/b"), cdn.url("/missing.png")]
    first = make_cache(tmp_path).fetch_all(urls)
    assert cdn.counts == Counter({"/a.png": 1, "/b": 1, "/missing.png": 1})
    index_bytes = (tmp_path / INDEX_NAME).read_bytes()

    # a new instance, as in the next `mkdocs build`: cached URLs come from the index alone
    second = make_cache(tmp_path).fetch_all(urls)
    assert second == first
    # failures are not cached: the 404 is asked again, the images are not
    assert cdn.counts == Counter({"/a.png": 1, "/b": 1, "/missing.png": 2})
    assert (tmp_path / INDEX_NAME).read_bytes() == index_bytes

    # a cached file deleted by hand is downloaded again
    (tmp_path / sha_name(JPEG, "jpg")).unlink()
    third = make_cache(tmp_path).fetch_all(urls)
    assert third == first
    assert cdn.counts["/b"] == 2 and cdn.counts["/a.png"] == 1


def test_the_index_is_sorted_deterministic_json(cdn: CdnServer, tmp_path: Path) -> None:
    urls = [cdn.url(p) for p in ("/icon.svg", "/b", "/a.png", "/copy-of-a")]
    make_cache(tmp_path / "one").fetch_all(urls)
    make_cache(tmp_path / "two", workers=1).fetch_all(reversed(urls))
    one = (tmp_path / "one" / INDEX_NAME).read_text("utf-8")
    assert one == (tmp_path / "two" / INDEX_NAME).read_text("utf-8")
    data = json.loads(one)
    assert data == {
        "images": {
            cdn.url("/a.png"): {"content_type": "image/png", "name": sha_name(PNG, "png")},
            cdn.url("/b"): {"content_type": "image/jpeg", "name": sha_name(JPEG, "jpg")},
            cdn.url("/copy-of-a"): {"content_type": "image/png", "name": sha_name(PNG, "png")},
            cdn.url("/icon.svg"): {"content_type": "image/svg+xml", "name": sha_name(SVG, "svg")},
        },
        "version": 1,
    }
    assert one == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_the_index_survives_and_a_broken_one_is_ignored(cdn: CdnServer, tmp_path: Path) -> None:
    make_cache(tmp_path).fetch_all([cdn.url("/a.png")])
    reopened = make_cache(tmp_path)
    assert reopened.lookup(cdn.url("/a.png")) == CachedImage(
        tmp_path / sha_name(PNG, "png"), sha_name(PNG, "png"), "image/png"
    )
    assert reopened.lookup(cdn.url("/b")) is None

    (tmp_path / INDEX_NAME).write_text("{not json", "utf-8")
    broken = make_cache(tmp_path)
    assert broken.lookup(cdn.url("/a.png")) is None
    assert broken.fetch_all([cdn.url("/a.png")]).failures == {}
    assert cdn.counts["/a.png"] == 2
    assert json.loads((tmp_path / INDEX_NAME).read_text("utf-8"))["version"] == 1

    # an index naming a file outside the cache folder is not trusted
    (tmp_path / INDEX_NAME).write_text(
        json.dumps(
            {
                "version": 1,
                "images": {
                    "https://x.org/p": {"name": "../../etc/passwd", "content_type": "image/png"}
                },
            }
        ),
        "utf-8",
    )
    assert make_cache(tmp_path).lookup("https://x.org/p") is None


def test_results_do_not_depend_on_completion_order(cdn: CdnServer, tmp_path: Path) -> None:
    urls = [cdn.url(f"/jitter/{n}.png") for n in range(24)]
    serial = make_cache(tmp_path / "serial", workers=1).fetch_all(urls)
    parallel = make_cache(tmp_path / "parallel", workers=8).fetch_all(urls)
    assert serial.failures == parallel.failures == {}
    assert list(serial.images) == list(parallel.images) == urls
    assert [i.name for i in serial.images.values()] == [i.name for i in parallel.images.values()]
    assert len({i.name for i in parallel.images.values()}) == 3  # 24 URLs, 3 distinct images
    assert (tmp_path / "serial" / INDEX_NAME).read_bytes() == (
        tmp_path / "parallel" / INDEX_NAME
    ).read_bytes()


def test_unreachable_server_and_malformed_urls_are_one_line_failures(tmp_path: Path) -> None:
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = closed.server_address[1]
    closed.server_close()  # nothing listens on this port now
    urls = [f"http://127.0.0.1:{port}/a.png", "http://[::1/x.png", "http:///nohost.png"]
    result = make_cache(tmp_path, timeout=2).fetch_all(urls)
    assert result.images == {}
    assert set(result.failures) == set(urls)
    assert result.failures[urls[0]].startswith("cannot connect: ")
    assert result.failures[urls[1]] == "not a valid URL: Invalid IPv6 URL"
    assert result.failures[urls[2]] == "not a valid URL: no host"
    for reason in result.failures.values():
        assert "\n" not in reason and reason


def test_duplicates_in_the_input_are_fetched_once(cdn: CdnServer, tmp_path: Path) -> None:
    result = make_cache(tmp_path).fetch_all([cdn.url("/a.png")] * 5)
    assert list(result.images) == [cdn.url("/a.png")]
    assert cdn.counts["/a.png"] == 1


@pytest.mark.parametrize(
    ("content_type", "extension"),
    [("image/png", "png"), ("image/jpeg", "jpg"), ("IMAGE/JPEG; q=1", "jpg"), ("image/gif", "gif"),
     ("image/webp", "webp"), ("image/svg+xml", "svg"), ("image/avif", "avif"),
     ("text/html", None), ("image/x-unknown", None)],
)  # fmt: skip
def test_extension_for_each_content_type(content_type: str, extension: str | None) -> None:
    assert extension_for(content_type) == extension


def test_options_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        ImageCache(tmp_path, workers=0)
    assert not (tmp_path / INDEX_NAME).exists()
