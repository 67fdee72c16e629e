"""Shared helpers for the browser tests: Debian's Chromium through Playwright, a static
server on 127.0.0.1, and a page opener that records JavaScript errors."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

if not os.path.exists(CHROMIUM):  # CI installs it; say so loudly rather than pass silently
    pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)


def make_png(width: int, height: int, rgb: tuple[int, int, int] = (64, 128, 192)) -> bytes:
    """A valid solid-colour PNG, made with zlib (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def open_page(
    browser, url: str, width: int = 1280, dark: bool = False, *,
    placeholder_images: bool = False, wait: str = "networkidle",
):  # fmt: skip
    """Open ``url`` in a fresh context; return the page and the list of JavaScript errors.

    Nothing leaves the machine: requests to other hosts (web fonts, CDN images) are aborted —
    or, with ``placeholder_images``, remote images are answered with a local placeholder so
    screenshots look like the real site. The console line an abort causes is not an error;
    a local 404 is.
    """
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: _local_only(route, url, placeholder_images))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and msg.text != "Failed to load resource: net::ERR_FAILED"
            else None
        ),
    )
    if dark:
        page.add_init_script(
            "localStorage.setItem('/.__palette', JSON.stringify({index: 1, color: {scheme: 'slate'}}))"
        )
    page.goto(url)
    page.wait_for_load_state(wait)
    return page, errors


_PLACEHOLDER = b""


def _local_only(route, base: str, placeholder_images: bool) -> None:
    global _PLACEHOLDER
    if route.request.url.startswith(base.split("/", 3)[0] + "//" + base.split("/", 3)[2]):
        route.continue_()
    elif placeholder_images and route.request.resource_type == "image":
        _PLACEHOLDER = _PLACEHOLDER or make_png(640, 300, (176, 190, 214))
        route.fulfill(status=200, content_type="image/png", body=_PLACEHOLDER)
    else:
        route.abort()


def screenshot(page, name: str, full_page: bool = True) -> None:
    """Save a screenshot under ``test-artifacts/`` (kept by CI, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def build_and_serve(site: Any) -> Iterator[str]:
    """Build ``site`` (a ``conftest.Site``) strictly and serve it while the block runs;
    yields the base URL (a fixture's ``yield from build_and_serve(site)``)."""
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    with serve_dir(build.site_dir) as url:
        yield url


@contextlib.contextmanager
def serve_dir(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# -- Material's search, typed as a person types (tests/test_browser_search.py, benchmarks) --

# Before Material's bundle runs: count the queries it posts to its search worker and the
# results it gets back (Material's message types: 2 a query, 3 a result), and note when the
# last of each went (performance.now(), ms).
COUNT_SEARCH_MESSAGES = """
(() => {
  const Real = window.Worker
  window.__dairlyQueries = 0
  window.__dairlyResults = 0
  window.Worker = class extends Real {
    constructor(...args) {
      super(...args)
      this.addEventListener("message", ev => {
        if (ev.data && ev.data.type === 3) {
          window.__dairlyResults++
          window.__dairlyResultAt = performance.now()
        }
      })
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) {
        window.__dairlyQueries++
        window.__dairlyQueryAt = performance.now()
      }
      return super.postMessage(message, ...rest)
    }
  }
})()
"""

# Each result item (a page) as the list of its links: path + anchor, and whether it is
# folded away under "N more on this page".
READ_SEARCH_RESULTS = """
() => [...document.querySelectorAll(".md-search-result__list > li")].map(li =>
  [...li.querySelectorAll("a.md-search-result__link")].map(a => {
    const url = new URL(a.getAttribute("href"), location.href)
    return { href: url.pathname + url.hash, folded: a.closest("details") !== null }
  }))
"""

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def search_keystrokes(text: str) -> list[tuple[str, str]]:
    """How a person enters ``text``: ("keys", …) typed key by key (Latin letters, digits,
    spaces); ("ime", word) committed by an input method, Chinese word by word as jieba cuts
    it, each commit followed by a key-up."""
    import jieba

    steps: list[tuple[str, str]] = []
    at = 0
    for match in _HAN_RUN.finditer(text):
        if match.start() > at:
            steps.append(("keys", text[at : match.start()]))
        steps.extend(("ime", word) for word in jieba.cut(match.group(0)))
        at = match.end()
    if at < len(text):
        steps.append(("keys", text[at:]))
    return steps


def type_search(page, text: str) -> list[list[dict[str, object]]]:
    """Clear Material's search box, type ``text`` into it as a person does, wait until its
    worker has answered every query sent (the page must have ``COUNT_SEARCH_MESSAGES`` as
    an init script); return the result items (``READ_SEARCH_RESULTS``)."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("Backspace")  # a key-up with the box empty
    for kind, part in search_keystrokes(text):
        if kind == "keys":
            page.keyboard.type(part, delay=20)
        else:
            page.keyboard.insert_text(part)  # the input method's commit
            page.keyboard.press("Shift")  # the key that committed it, released
    page.wait_for_function(
        "() => window.__dairlyQueries > 0 && window.__dairlyQueries === window.__dairlyResults",
        polling="raf", timeout=30000,
    )  # fmt: skip
    assert box.input_value() == text, (box.input_value(), text)
    return page.evaluate(READ_SEARCH_RESULTS)
