"""The image cache against a local HTTP server on 127.0.0.1 that behaves like WeChat's CDN.

The server refuses requests with a foreign ``Referer`` (403), serves one image slowly, some
URLs with 404, one page as ``text/html`` and one image too large; it counts every request so
that cache hits can be told from downloads. Nothing but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import random
import re
import signal
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mkdocs_dairly.site import images
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
GIF = b"GIF89a" + b"gif-body-" * 10
SLOW_SECONDS = 1.5
TIMEOUT = 0.5
MAX_BYTES = 1000
# How long a trickling handler keeps sending: what a download takes without a deadline.
TRICKLE_SECONDS = 8.0
# The slack allowed on top of a deadline: generous, and far below TRICKLE_SECONDS.
MARGIN = 2.5
HTML = b"<!DOCTYPE html>\n<html><head><title>Login</title></head><body>not an image</body></html>"

# Bodies served as they are, by path: (content type, body, more headers).
STATIC: dict[str, tuple[str, bytes, dict[str, str]]] = {
    "/gif": ("image/gif", GIF, {}),
    "/webp": ("image/webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20, {}),
    "/avif": ("image/avif", b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 20, {}),
    "/avif-compatible": ("image/avif", b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1avifmiaf" + b"\x00" * 20, {}),
    "/bmp": ("image/bmp", b"BM" + b"\x3a\x00\x00\x00" + b"\x00" * 8 + b"\x28\x00\x00\x00" + b"\x00" * 40, {}),
    "/ico": ("image/vnd.microsoft.icon", b"\x00\x00\x01\x00\x01\x00" + b"\x10" * 40, {}),
    "/tiff": ("image/tiff", b"II*\x00\x08\x00\x00\x00" + b"\x00" * 20, {}),
    "/jpg-alias": ("image/jpg", JPEG, {}),
    # not what they claim
    "/html-as-png": ("image/png", HTML, {}),
    "/jpeg-as-png": ("image/png", JPEG, {}),
    "/svg-as-png": ("image/png", b"\xef\xbb\xbf <?xml version='1.0'?>\n<!-- x -->\n" + SVG, {}),
    "/heic-as-avif": ("image/avif", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 8, {}),
    "/text-as-jpeg": ("image/jpeg", "a caption, not a picture: 图片".encode(), {}),
    "/garbage-as-gif": ("image/gif", bytes(range(256)), {}),
    "/json-as-webp": ("image/webp", b'{"error": "expired"}', {}),
    "/long-html-as-png": ("image/png", b"<html>" + b" " * 6000 + b"</html>", {}),
    "/bmp-without-header": ("image/bmp", b"BM but only text", {}),
    # Content-Encoding
    "/gzip.png": ("image/png", gzip.compress(PNG), {"Content-Encoding": "gzip"}),
    "/x-gzip.png": ("image/png", gzip.compress(PNG), {"Content-Encoding": "x-gzip"}),
    "/gzip-members.png": ("image/png", gzip.compress(PNG[:100]) + gzip.compress(PNG[100:]), {"Content-Encoding": "gzip"}),
    "/deflate.png": ("image/png", zlib.compress(PNG), {"Content-Encoding": "deflate"}),
    "/raw-deflate.png": ("image/png", zlib.compress(PNG)[2:-4], {"Content-Encoding": "Deflate"}),
    "/identity.png": ("image/png", PNG, {"Content-Encoding": "identity"}),
    "/br.png": ("image/png", b"\x8b\x02\x80" + PNG, {"Content-Encoding": "br"}),
    "/gzip-br.png": ("image/png", PNG, {"Content-Encoding": "gzip, br"}),
    "/gzip-html.png": ("image/png", gzip.compress(HTML), {"Content-Encoding": "gzip"}),
    "/gzip-bomb.png": ("image/png", gzip.compress(PNG + bytes(400_000)), {"Content-Encoding": "gzip"}),
    "/gzip-truncated.png": ("image/png", gzip.compress(PNG)[:-12], {"Content-Encoding": "gzip"}),
    "/gzip-corrupt.png": ("image/png", b"\x1f\x8b\x08\x00" + b"\xff" * 40, {"Content-Encoding": "gzip"}),
    "/gzip-empty.png": ("image/png", gzip.compress(b""), {"Content-Encoding": "gzip"}),
    "/gzip-unannounced.png": ("image/png", gzip.compress(PNG), {}),
}  # fmt: skip


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
        if path in STATIC:
            content_type, body, extra = STATIC[path]
            self._send(200, content_type, body, headers=extra)
            return
        if path.startswith(("/hop/", "/slow-hop/")):  # endless redirects, each to a new URL
            prefix, hop = path.rsplit("/", 1)
            if prefix == "/slow-hop":
                time.sleep(0.2)
            self._redirect(f"{prefix}/{int(hop) + 1}")
            return
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
        elif path == "/short.png":  # closes before the length it announced
            head = b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nContent-Length: 900\r\n\r\n"
            self.wfile.write(head + PNG[:100])
        elif path == "/no-response":
            pass  # the connection closes without a word
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/redirect-with-endless-body":  # urllib would read this body to its end
            self._trickle(b"HTTP/1.0 302 Found\r\nLocation: /a.png\r\n\r\n", b"x" * 1024)
        elif path == "/trickle-headers.png":  # one byte of a header at a time
            self._trickle(b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nX-Pad: ", b"a")
        elif path == "/trickle-body.png":  # headers at once, then a byte at a time, no length
            self._trickle(b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\n\r\n" + PNG[:8], b"\0")
        elif path == "/trickle-body-length.png":
            head = b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nContent-Length: 900\r\n\r\n"
            self._trickle(head + PNG[:8], b"\0")
        elif path == "/silent":  # reads the request, then answers nothing until the client goes
            self._trickle(b"", b"")
        else:
            self._send(404, "text/plain", b"not found")

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _trickle(self, head: bytes, piece: bytes) -> None:
        """Send ``head``, then ``piece`` every 50 ms, for TRICKLE_SECONDS at most (or until
        the client is gone)."""
        server = self.server
        with server.lock:
            server.trickling += 1
        try:
            self.wfile.write(head)
            until = time.monotonic() + TRICKLE_SECONDS
            while time.monotonic() < until:
                if piece:
                    self.wfile.write(piece)
                elif self._client_gone():
                    break
                time.sleep(0.05)
        except OSError:  # the client gave up
            pass
        finally:
            with server.lock:
                server.trickling -= 1

    def _client_gone(self) -> bool:
        try:
            return self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:  # nothing to read: still there
            return False

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        length: bool = True,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (timeout, size limit)
            pass


class CdnServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many downloads connect at once; none may wait for a SYN retry

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), CdnHandler)
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.headers: list[dict[str, str]] = []
        self.trickling = 0  # handlers trickling now
        self.scheme = "http"

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}{path}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up is not a test failure


def serve(server: CdnServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[CdnServer]:
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


@pytest.fixture
def cdn(monkeypatch: pytest.MonkeyPatch) -> Iterator[CdnServer]:
    yield from serve(CdnServer(), monkeypatch)


# A self-signed certificate for 127.0.0.1 (valid 2000-2999), trusted through SSL_CERT_FILE.
TEST_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBoDCCAUagAwIBAgIUb/p5WBciDA0L/JhncWQXxY2Zx3owCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTAwMDEwMTAwMDAwMFoYDzI5OTkxMjMx
MDAwMDAwWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASmfR9Uvr4uk4Zv32LhhRi9OWJRDR7rFQ11ImMmken9LayphNxjlBni
CqDuriy2MMY8FLMLvq5UDfwNuiqzKoKqo3QwcjAPBgNVHREECDAGhwR/AAABMA8G
A1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgKEMB0GA1UdDgQWBBR0JyQCXlOa
Wyq6WaaBHKzQ5PB0NjAfBgNVHSMEGDAWgBR0JyQCXlOaWyq6WaaBHKzQ5PB0NjAK
BggqhkjOPQQDAgNIADBFAiBjcUQv9CU+cIVddBEubza0zswxW3uEy0zO6yV+eJG3
eAIhAJOO4YCG/773dqJxnneApUOBziWI3++8MQ0dAX5ZJ/k5
-----END CERTIFICATE-----
"""
TEST_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0nbPzPWFvmPM72dS
nAzTINexQFdy6A2NCaLkvLl6JFShRANCAASmfR9Uvr4uk4Zv32LhhRi9OWJRDR7r
FQ11ImMmken9LayphNxjlBniCqDuriy2MMY8FLMLvq5UDfwNuiqzKoKq
-----END PRIVATE KEY-----
"""


@pytest.fixture
def tls_cdn(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CdnServer]:
    """The same CDN over HTTPS."""
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_text(TEST_CERT, "ascii")
    (folder / "key.pem").write_text(TEST_KEY, "ascii")
    monkeypatch.setenv("SSL_CERT_FILE", str(folder / "cert.pem"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    server = CdnServer()
    server.scheme = "https"
    # the handshake happens in each handler's thread, so a slow client blocks no other
    server.socket = context.wrap_socket(
        server.socket, server_side=True, do_handshake_on_connect=False
    )
    yield from serve(server, monkeypatch)


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
        cdn.url("/icon.svg"): "SVG refused: an SVG can carry scripts, which would run on this site",
        "ftp://127.0.0.1/x.png": "not an http(s) URL",
        "javascript:alert(1)": "not an http(s) URL",
        "images/local.png": "not an http(s) URL",
        "data:image/png;base64,AAAA": "not an http(s) URL",
    }
    assert list(result.images) == [cdn.url("/a.png"), cdn.url("/b")]
    assert result.images[cdn.url("/a.png")] == CachedImage(
        cache_dir / sha_name(PNG, "png"), sha_name(PNG, "png"), "image/png"
    )
    assert result.images[cdn.url("/b")].name == sha_name(JPEG, "jpg")
    assert result.images[cdn.url("/b")].content_type == "image/jpeg"
    for image in result.images.values():
        assert image.path.parent == cache_dir
    assert (cache_dir / sha_name(PNG, "png")).read_bytes() == PNG
    assert (cache_dir / sha_name(JPEG, "jpg")).read_bytes() == JPEG
    # no temporary files are left behind by the failed downloads
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(
        [INDEX_NAME, sha_name(PNG, "png"), sha_name(JPEG, "jpg")]
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
        assert headers["Accept-Encoding"] == "gzip, deflate"  # what is decoded; nothing else
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
    urls = [cdn.url(p) for p in ("/gif", "/b", "/a.png", "/copy-of-a")]
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
            cdn.url("/gif"): {"content_type": "image/gif", "name": sha_name(GIF, "gif")},
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
     ("image/webp", "webp"), ("image/avif", "avif"), ("image/jpg", "jpg"), ("image/bmp", "bmp"),
     ("image/x-icon", "ico"), ("image/vnd.microsoft.icon", "ico"),
     ("image/svg+xml", None), ("text/html", None), ("image/x-unknown", None)],
)  # fmt: skip
def test_extension_for_each_content_type(content_type: str, extension: str | None) -> None:
    assert extension_for(content_type) == extension


def test_options_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        ImageCache(tmp_path, workers=0)
    with pytest.raises(ValueError):
        ImageCache(tmp_path, total_timeout=0)
    assert not (tmp_path / INDEX_NAME).exists()
    # all downloads of a build may take six times the timeout of one, unless told otherwise
    assert ImageCache(tmp_path).total_timeout == 60
    assert ImageCache(tmp_path, timeout=2).total_timeout == 12
    assert ImageCache(tmp_path, timeout=2, total_timeout=5).total_timeout == 5


# -- deadlines -------------------------------------------------------------------------------


@pytest.fixture
def deaf_port() -> Iterator[int]:
    """A port on 127.0.0.1 whose connections the kernel accepts and nobody ever answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    until = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > until:
            return False
        time.sleep(0.01)
    return True


def test_one_download_ends_at_its_deadline_whatever_the_server_does(
    cdn: CdnServer, tmp_path: Path, deaf_port: int
) -> None:
    """Slow headers, a slow body (with or without a length), silence after accepting, no
    accept at all, redirects that each take a while: each is cut at `timeout` (0.5 s) in all.
    Without a total deadline the trickles take TRICKLE_SECONDS (8 s), the slow redirects
    10 × 0.2 s."""
    slow = [
        cdn.url("/trickle-headers.png"),
        cdn.url("/trickle-body.png"),
        cdn.url("/trickle-body-length.png"),
        cdn.url("/silent"),
        cdn.url("/slow-hop/0"),
        f"http://127.0.0.1:{deaf_port}/never.png",
    ]
    started = time.monotonic()
    result = make_cache(tmp_path, workers=len(slow)).fetch_all([*slow, cdn.url("/a.png")])
    elapsed = time.monotonic() - started
    assert result.failures == dict.fromkeys(slow, "timed out after 0.5 s")
    assert list(result.images) == [cdn.url("/a.png")]
    assert elapsed < TIMEOUT + MARGIN
    # the connections were closed: the trickling handlers notice and stop
    assert wait_until(lambda: cdn.trickling == 0, MARGIN)
    assert cdn.counts["/slow-hop/1"] == 1 and cdn.counts["/slow-hop/4"] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([INDEX_NAME, sha_name(PNG, "png")])


def test_https_downloads_keep_the_same_deadline(tls_cdn: CdnServer, tmp_path: Path) -> None:
    """Over TLS too, a slow body and a slow handshake (a relay passing the server's bytes on
    one at a time) are cut at the timeout; a good image is cached."""
    relay = socket.create_server(("127.0.0.1", 0))
    relay.settimeout(TRICKLE_SECONDS)

    def pass_on_slowly() -> None:
        with contextlib.suppress(OSError):  # the client hung up, or never came
            client, _ = relay.accept()
            with (
                client,
                socket.create_connection(("127.0.0.1", tls_cdn.server_address[1])) as server,
            ):
                client.settimeout(TRICKLE_SECONDS)
                server.settimeout(TRICKLE_SECONDS)
                server.sendall(client.recv(4096))  # the client's hello
                until = time.monotonic() + TRICKLE_SECONDS
                while time.monotonic() < until and (byte := server.recv(1)):
                    client.sendall(byte)
                    time.sleep(0.05)

    relaying = threading.Thread(target=pass_on_slowly, daemon=True)
    relaying.start()
    slow = [tls_cdn.url("/trickle-body.png"), f"https://127.0.0.1:{relay.getsockname()[1]}/a.png"]
    try:
        started = time.monotonic()
        result = make_cache(tmp_path).fetch_all([tls_cdn.url("/a.png"), *slow])
        elapsed = time.monotonic() - started
        relaying.join(MARGIN)
        assert not relaying.is_alive()  # the client closed its connection
    finally:
        relay.close()
    assert result.failures == dict.fromkeys(slow, "timed out after 0.5 s")
    assert list(result.images) == [tls_cdn.url("/a.png")]
    assert elapsed < TIMEOUT + MARGIN


def test_a_trickle_is_cut_at_each_timeout(cdn: CdnServer, tmp_path: Path) -> None:
    for timeout in (0.3, 0.8):
        cache = make_cache(tmp_path / str(timeout), timeout=timeout)
        started = time.monotonic()
        result = cache.fetch_all([cdn.url("/trickle-headers.png"), cdn.url("/trickle-body.png")])
        elapsed = time.monotonic() - started
        assert set(result.failures.values()) == {f"timed out after {timeout:g} s"}
        assert timeout <= elapsed < timeout + MARGIN


def test_all_downloads_of_a_build_end_at_the_total_deadline(cdn: CdnServer, tmp_path: Path) -> None:
    """Two download threads, a long timeout for each image, a total of 1 s: the image done in
    time is cached, the two downloads under way are cut, the last one is not tried."""
    urls = [cdn.url("/a.png")] + [cdn.url(f"/trickle-body.png?{n}") for n in range(3)]
    cache = make_cache(tmp_path, timeout=30, total_timeout=1, workers=2)
    started = time.monotonic()
    result = cache.fetch_all(urls)
    elapsed = time.monotonic() - started
    assert 1 <= elapsed < 1 + MARGIN
    assert list(result.images) == [cdn.url("/a.png")]
    assert result.failures == {
        urls[1]: "stopped: this build's 1 s for image downloads ran out",
        urls[2]: "stopped: this build's 1 s for image downloads ran out",
        urls[3]: "not tried: this build's 1 s for image downloads ran out",
    }
    assert wait_until(lambda: cdn.trickling == 0, MARGIN)
    assert_consistent(tmp_path)
    # the next build goes on where this one stopped: a.png is not asked for again
    cache.fetch_all([cdn.url("/a.png")])
    assert cdn.counts["/a.png"] == 1


def test_redirects_end(cdn: CdnServer, tmp_path: Path) -> None:
    urls = [cdn.url("/loop"), cdn.url("/hop/0"), cdn.url("/redirect-with-endless-body")]
    started = time.monotonic()
    result = make_cache(tmp_path, timeout=5).fetch_all(urls)
    assert time.monotonic() - started < MARGIN  # the redirect's endless body is not read
    assert result.failures == {
        cdn.url("/loop"): "too many redirects",
        cdn.url("/hop/0"): "too many redirects",
    }
    assert result.images[cdn.url("/redirect-with-endless-body")].name == sha_name(PNG, "png")
    assert cdn.counts["/hop/10"] == 1 and cdn.counts["/hop/11"] == 0  # 10 redirects followed


# -- interruption and the consistency of the folder -----------------------------------------


def assert_consistent(cache_dir: Path) -> None:
    """Every file of the folder is named by the index, and every name there is a file."""
    index = json.loads((cache_dir / INDEX_NAME).read_text("utf-8"))
    named = {record["name"] for record in index["images"].values()}
    files = {p.name for p in cache_dir.iterdir()} - {INDEX_NAME}
    assert files == named


def test_ctrl_c_stops_downloads_at_once_and_keeps_what_is_cached(
    cdn: CdnServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """KeyboardInterrupt in the main thread while threads download: raised again at once,
    no thread reports an exception, every connection is closed, the threads end, and the
    images cached until then are in the index (the unfixed code waited for the trickles)."""
    crashed: list[object] = []
    monkeypatch.setattr(threading, "excepthook", crashed.append)
    cache_dir = tmp_path / "cache"
    trickles = [
        "/trickle-body.png?1",
        "/trickle-headers.png",
        "/trickle-body-length.png",
        "/silent",
    ]
    urls = [cdn.url("/a.png"), cdn.url("/b"), *map(cdn.url, trickles)]
    cache = make_cache(cache_dir, timeout=30, workers=4)  # only the interruption ends them
    done = [cache_dir / sha_name(PNG, "png"), cache_dir / sha_name(JPEG, "jpg")]
    inside = threading.Event()
    sent: list[float] = []

    def on_sigint(signum: int, frame: object) -> None:
        if inside.is_set():  # never anywhere else in the test
            raise KeyboardInterrupt

    def interrupt() -> None:
        wait_until(lambda: all(p.exists() for p in done) and cdn.trickling == len(trickles))
        sent.append(time.monotonic())
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        threading.Thread(target=interrupt, daemon=True).start()
        inside.set()
        with pytest.raises(KeyboardInterrupt):
            cache.fetch_all(urls)
        inside.clear()
        stopped = time.monotonic()
    finally:
        inside.clear()
        signal.signal(signal.SIGINT, previous)
    assert stopped - sent[0] < MARGIN
    assert not [t for t in threading.enumerate() if t.name.startswith("dairly-images")]
    assert wait_until(lambda: cdn.trickling == 0, MARGIN)
    assert crashed == []
    assert "Traceback" not in capfd.readouterr().err
    index = json.loads((cache_dir / INDEX_NAME).read_text("utf-8"))["images"]
    assert set(index) == {cdn.url("/a.png"), cdn.url("/b")}
    assert_consistent(cache_dir)
    assert make_cache(cache_dir).lookup(cdn.url("/b")) is not None


def test_an_interrupted_index_write_is_repaired_by_the_next_run(
    cdn: CdnServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second Ctrl-C while the index is written: the old index stays whole, no temporary
    file stays, and the file it does not name yet is removed by the next run."""
    make_cache(tmp_path).fetch_all([cdn.url("/b")])
    before = (tmp_path / INDEX_NAME).read_bytes()
    real_replace = os.replace

    def replace(src: str, dst: str | os.PathLike[str]) -> None:
        if Path(dst).name == INDEX_NAME:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(images.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        make_cache(tmp_path).fetch_all([cdn.url("/a.png"), cdn.url("/gif")])
    monkeypatch.undo()
    assert (tmp_path / INDEX_NAME).read_bytes() == before
    leftovers = {p.name for p in tmp_path.iterdir()}
    assert leftovers == {
        INDEX_NAME,
        sha_name(JPEG, "jpg"),
        sha_name(PNG, "png"),
        sha_name(GIF, "gif"),
    }
    make_cache(tmp_path).fetch_all([])
    assert_consistent(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {INDEX_NAME, sha_name(JPEG, "jpg")}


def test_the_next_run_makes_folder_and_index_agree(cdn: CdnServer, tmp_path: Path) -> None:
    """What a killed build (or an older version) may leave: files no entry names, entries
    whose file is gone, cached SVGs, temporary files. Other files are left alone."""
    make_cache(tmp_path).fetch_all([cdn.url("/a.png"), cdn.url("/b")])
    (tmp_path / sha_name(JPEG, "jpg")).unlink()  # an entry without its file
    (tmp_path / "0123456789abcdef.png").write_bytes(PNG)  # a file without its entry
    (tmp_path / sha_name(SVG, "svg")).write_bytes(SVG)  # cached by a version that cached SVG
    index = json.loads((tmp_path / INDEX_NAME).read_text("utf-8"))
    index["images"][cdn.url("/icon.svg")] = {
        "name": sha_name(SVG, "svg"),
        "content_type": "image/svg+xml",
    }
    (tmp_path / INDEX_NAME).write_text(json.dumps(index), "utf-8")
    for name, age in ((".download-old", 7200), (".index-old", 7200), (".download-new", 0)):
        (tmp_path / name).write_bytes(b"partial")
        os.utime(tmp_path / name, (time.time() - age, time.time() - age))
    (tmp_path / "README.md").write_text("mine", "utf-8")
    (tmp_path / "0123456789abcdef.txt").write_text("mine too", "utf-8")

    result = make_cache(tmp_path).fetch_all([cdn.url("/a.png"), cdn.url("/icon.svg")])
    assert list(result.images) == [cdn.url("/a.png")]
    assert result.failures == {
        cdn.url("/icon.svg"): "SVG refused: an SVG can carry scripts, which would run on this site"
    }
    assert cdn.counts["/a.png"] == 1  # still cached
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [INDEX_NAME, sha_name(PNG, "png"), ".download-new", "README.md", "0123456789abcdef.txt"]
    )
    assert set(json.loads((tmp_path / INDEX_NAME).read_text("utf-8"))["images"]) == {
        cdn.url("/a.png")
    }


# -- what a body is ------------------------------------------------------------------------


def test_each_image_type_is_cached_when_its_bytes_are_that_type(
    cdn: CdnServer, tmp_path: Path
) -> None:
    expected = {
        "/gif": ("gif", "image/gif"),
        "/webp": ("webp", "image/webp"),
        "/avif": ("avif", "image/avif"),
        "/avif-compatible": ("avif", "image/avif"),
        "/bmp": ("bmp", "image/bmp"),
        "/ico": ("ico", "image/x-icon"),
        "/tiff": ("tif", "image/tiff"),
        "/jpg-alias": ("jpg", "image/jpeg"),
    }
    result = make_cache(tmp_path).fetch_all(map(cdn.url, expected))
    assert result.failures == {}
    for path, (extension, content_type) in expected.items():
        image = result.images[cdn.url(path)]
        assert image.name == sha_name(STATIC[path][1], extension)
        assert image.content_type == content_type
        assert image.path.read_bytes() == STATIC[path][1]


def test_bytes_that_are_not_the_type_claimed_are_refused(cdn: CdnServer, tmp_path: Path) -> None:
    result = make_cache(tmp_path, max_bytes=100_000).fetch_all(
        cdn.url(p) for p in ("/html-as-png", "/jpeg-as-png", "/svg-as-png", "/heic-as-avif",
                             "/text-as-jpeg", "/garbage-as-gif", "/json-as-webp",
                             "/long-html-as-png", "/bmp-without-header", "/page")
    )  # fmt: skip
    assert result.images == {}
    assert result.failures == {
        cdn.url("/html-as-png"): "served as image/png but is an HTML page, not an image",
        cdn.url("/jpeg-as-png"): "served as image/png but is a JPEG image",
        cdn.url("/svg-as-png"): "served as image/png but is an SVG image",
        cdn.url(
            "/heic-as-avif"
        ): "served as image/avif but is an ISO media file of brand heic (not AVIF)",
        cdn.url("/text-as-jpeg"): "served as image/jpeg but is text, not an image",
        cdn.url("/garbage-as-gif"): "served as image/gif but is unrecognized data, not an image",
        cdn.url("/json-as-webp"): "served as image/webp but is text, not an image",
        cdn.url("/long-html-as-png"): "served as image/png but is an HTML page, not an image",
        cdn.url("/bmp-without-header"): "served as image/bmp but is text, not an image",
        cdn.url("/page"): "not an image (text/html)",
    }
    assert [p.name for p in tmp_path.iterdir()] == []  # nothing stored, not even an index


def test_content_encodings_are_decoded_or_refused(cdn: CdnServer, tmp_path: Path) -> None:
    decoded = ["/gzip.png", "/x-gzip.png", "/gzip-members.png", "/deflate.png", "/raw-deflate.png",
               "/identity.png"]  # fmt: skip
    refused = {
        "/br.png": "Content-Encoding br is not supported (only gzip and deflate are)",
        "/gzip-br.png": "Content-Encoding gzip, br is not supported (only gzip and deflate are)",
        "/gzip-html.png": "served as image/png but is an HTML page, not an image",
        "/gzip-bomb.png": "larger than 1 kB",
        "/gzip-truncated.png": "the gzip-encoded body is incomplete",
        "/gzip-corrupt.png": "the gzip-encoded body is corrupt",
        "/gzip-empty.png": "empty response once decoded",
        "/gzip-unannounced.png": "served as image/png but is gzip-compressed data, not an image",
    }
    assert len(STATIC["/gzip-bomb.png"][1]) < MAX_BYTES  # it is the decoded size that counts
    result = make_cache(tmp_path).fetch_all(map(cdn.url, [*decoded, *refused]))
    assert result.failures == {cdn.url(path): reason for path, reason in refused.items()}
    assert {image.name for image in result.images.values()} == {sha_name(PNG, "png")}
    assert len(result.images) == len(decoded)
    assert (tmp_path / sha_name(PNG, "png")).read_bytes() == PNG  # never the encoded bytes
    assert_consistent(tmp_path)


@pytest.mark.parametrize(
    ("head", "description"),
    [(b"<svg width='1'/>", "an SVG image"),
     (b"\xef\xbb\xbf\n  <?xml version='1.0'?><!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'x'>"
      b"<svg>", "an SVG image"),
     (b"<!DOCTYPE svg [<!ENTITY a 'b'>]><!-- c --><SVG xmlns='x'>", "an SVG image"),
     (b"<?xml version='1.0'?><rss/>", "an XML document"),
     (b"  <!doctype HTML><p>", "an HTML page"), (b"<!-- x --><html lang=en>", "an HTML page"),
     (b"<script>alert(1)</script>", "an HTML page"), (b"%PDF-1.7", "a PDF document"),
     (b"\x1f\x8b\x08\x00", "gzip-compressed data"), (b"", "text"),
     (b"\x00\x00\x01\x00\x00\x00", "unrecognized data"),  # an ICO of no image
     (b"BM" + b"\x00" * 12 + b"\x28\x00\x00\x00", "a BMP image"),
     (b"\x00\x00\x00\x10ftypmp42\x00\x00\x00\x00", "an ISO media file of brand mp42 (not AVIF)"),
     (b"\x00\x00\x00\x10ftyp\x00\n\xffa", "an ISO media file of brand ???a (not AVIF)"),
     ("中文".encode()[:-1], "text")],  # cut inside a character at the end: still text
)  # fmt: skip
def test_what_a_body_is(head: bytes, description: str) -> None:
    assert images._sniff(head)[1] == description


def test_failure_reasons_are_one_plain_line(cdn: CdnServer, tmp_path: Path, deaf_port: int) -> None:
    """No reprs (quotes, b'…', class names, exception names) and no line breaks."""
    paths = [*STATIC, "/missing.png", "/loop", "/page", "/bitmap", "/redirect-to-file", "/silent",
             "/short.png", "/no-response"]  # fmt: skip
    urls = [*map(cdn.url, paths), f"http://127.0.0.1:{deaf_port}/x.png", "http://[::1/x"]
    result = make_cache(tmp_path, workers=8).fetch_all(urls)
    assert len(result.images) == 14  # the good images of STATIC
    assert len(result.failures) == len(urls) - 14
    assert result.failures[cdn.url("/short.png")] == (
        "the server closed the connection before the end of the image"
    )
    assert result.failures[cdn.url("/no-response")] == (
        "the server closed the connection without a response"
    )
    for reason in result.failures.values():
        assert reason == " ".join(reason.split()), reason
        assert not re.search(r"[A-Z]\w+\(|b'|b\"|<class|Error|Exception", reason), reason
