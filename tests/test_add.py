"""``mkdocs-dairly add URL``: fetching a page (from a local server only), reading its
metadata, and appending an entry to a day's note without changing anything else of it."""

from __future__ import annotations

import hashlib
import http.server
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mkdocs_dairly.cli import add as add_module
from mkdocs_dairly.cli.add import (
    ABSTRACT_MAX,
    append_entry,
    build_entry,
    clean_url,
    paper_url,
    repo_url,
    title_from_url,
)
from mkdocs_dairly.cli.main import main
from mkdocs_dairly.cli.new import skeleton
from mkdocs_dairly.cli.page_meta import FetchError, decode, fetch_page, read_meta
from mkdocs_dairly.notes.parse import parse_day

FIXTURES = Path(__file__).parent / "fixtures" / "add"
BIG = 3 * 1024 * 1024  # more than the 2 MB limit
TRICKLE_FOR = 5.0  # seconds a slow route keeps the connection open at most
MAX_HANDLERS = 16


# ----------------------------------------------------------------------------- the server


class _Server(http.server.ThreadingHTTPServer):
    """A local HTTP server with a bounded number of handler threads."""

    daemon_threads = True
    block_on_close = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stop = threading.Event()
        self.slots = threading.BoundedSemaphore(MAX_HANDLERS)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # the client gave up: expected
            super().handle_error(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, b"", "text/html", Location=location)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        stop = self.server.stop
        if path.startswith("/page/"):
            name = path[len("/page/") :]
            text = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
            if name == "gbk":  # no charset in the header: the page's <meta charset> says it
                self._send(200, text.encode("gbk"), "text/html")
            else:
                self._send(200, text.encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4\n", "application/pdf")
        elif path == "/notfound":
            self._send(404, b"<title>Not found</title>", "text/html")
        elif path == "/huge":
            self._send(200, b"<p>" + b"x" * BIG, "text/html")
        elif path == "/huge-unannounced":  # no Content-Length: the size shows while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"x" * 65536
            for _ in range(BIG // len(chunk) + 1):
                if stop.is_set():
                    break
                try:
                    self.wfile.write(chunk)
                except OSError:
                    break
        elif path == "/loop":
            self._redirect(302, "/loop")
        elif path == "/r1":
            self._redirect(301, "/r2")
        elif path == "/r2":
            self._redirect(307, "/page/blog")
        elif path == "/to-ftp":
            self._redirect(302, "ftp://example.org/file")
        elif path == "/stall":  # accepts, then says nothing
            stop.wait(TRICKLE_FOR)
        elif path == "/trickle":  # a body, one byte at a time, never finished in time
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self._trickle()
        elif path == "/trickle-headers":  # the headers themselves, one byte at a time
            self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
            self._trickle()
        else:
            self._send(404, b"", "text/html")

    def _trickle(self) -> None:
        end = time.monotonic() + TRICKLE_FOR
        while time.monotonic() < end and not self.server.stop.wait(0.02):
            try:
                self.wfile.write(b"a")
                self.wfile.flush()
            except OSError:
                return


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The base URL of a local server (127.0.0.1 only) serving the recorded pages."""
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture
def closed_port() -> str:
    """A base URL nothing listens on (the port was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# ----------------------------------------------------------------------------- a site


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty notes site; the current folder is the site's folder."""
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - dairly\n", "utf-8")
    (tmp_path / "docs" / "notes").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["add", *args], catch_exceptions=False)


def note(site: Path, rel: str, data: bytes) -> Path:
    path = site / "docs" / "notes" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def blog_item(base: str, dash: int = 2, offset: int = 2, nl: str = "\n") -> str:
    """The entry ``add`` makes of blog.html, as a list item at the given indentation."""
    keys = [
        "title: How we sped up our build",
        f"url: {base}/page/blog",
        "abstract: A \\*short\\* story about caching, \\[links\\] and \\`backticks\\` & ampersands.",
        "paper:",
        "- https://arxiv.org/abs/2301.00001",
        "- https://doi.org/10.1145/3442188.3445922",
        "code:",
        "- https://github.com/someone/fastcache",
        "- https://gitlab.com/group/sub/tool",
    ]
    keys = [k if not k.startswith("- ") else "  " + k for k in keys]
    first = " " * dash + "-" + " " * (offset - 1) + keys[0]
    return nl.join([first, *(" " * (dash + offset) + k for k in keys[1:])]) + nl


# ----------------------------------------------------------------------------- page shapes


def test_arxiv_abs_page_gives_citation_title_abstract_and_paper(server: str) -> None:
    draft = build_entry(f"{server}/page/arxiv_abs?utm_source=x")
    entry = draft.entry
    assert entry["title"] == "Are Pre-trained Convolutions Better than Pre-trained Transformers?"
    assert entry["url"] == "https://arxiv.org/abs/2105.03322"  # the canonical link
    assert entry["paper"] == "https://arxiv.org/abs/2105.03322"
    assert entry["abstract"].startswith("In the era of pre-trained language models, Transformers")
    assert len(entry["abstract"]) <= ABSTRACT_MAX and entry["abstract"].endswith("…")
    assert "image" not in entry  # arXiv's og:image is its logo
    assert "code" not in entry  # the header's link to arXiv's own repository is not code
    assert draft.notes == [
        f"abstract: shortened to {ABSTRACT_MAX} characters (the page's has 663)",
        "code: not filled: no GitHub or GitLab repository link in the page",
        "image: not filled: arxiv.org's og:image is its logo",
    ]


def test_github_repo_page_is_its_own_code_and_links_its_paper(server: str) -> None:
    entry = build_entry(f"{server}/page/github_repo").entry
    assert entry == {
        "title": "obss/sahi: Framework agnostic sliced/tiled inference + interactive ui + "
        "error analysis plots",
        "url": "https://github.com/obss/sahi",
        "abstract": "Framework agnostic sliced/tiled inference + interactive ui + error "
        "analysis plots - obss/sahi",
        "paper": "https://arxiv.org/abs/2202.06934",
        "code": "https://github.com/obss/sahi",
        "image": "https://opengraph.githubassets.com/4f1c0f9b2e/obss/sahi",
    }


def test_wechat_article_reads_og_meta_and_cleans_its_url(server: str) -> None:
    draft = build_entry(f"{server}/page/wechat")
    assert draft.entry == {
        "title": "SAHI：用于对大图像/小目标执行切片推理的视觉库",
        # og:url without chksm, scene, srcid, sharer_* and #rd; WeChat is https
        "url": "https://mp.weixin.qq.com/s?__biz=MzI5MDUyMDIxNA==&mid=2247543300&idx=2&sn=7d0f1a2b3c",
        "abstract": "基于mmdetection用于对大图像/小目标执行切片推理的视觉库SAHI",
        "paper": "https://arxiv.org/abs/2202.06934",  # written as text: WeChat cannot link
        "code": "https://github.com/obss/sahi",
        "image": "https://mmbiz.qpic.cn/mmbiz_jpg/og-cover/0?wx_fmt=jpeg",  # og: first
    }
    assert draft.notes == []


def test_wechat_article_without_og_meta_uses_the_script_variables(server: str) -> None:
    entry = build_entry(f"{server}/page/wechat_script_only").entry
    assert entry["title"] == 'Github标星4.8K！微软开源的可视化工具 & "SandDance"'
    assert entry["abstract"] == "微软开源的可视化工具SandDance 第二行"
    assert entry["image"] == "https://mmbiz.qpic.cn/mmbiz_png/script-only/0?wx_fmt=png"


def test_plain_blog_uses_title_and_description_and_skips_site_chrome(server: str) -> None:
    draft = build_entry(f"{server}/page/blog")
    assert draft.entry == {
        "title": "How we sped up our build",
        "url": f"{server}/page/blog",
        "abstract": "A \\*short\\* story about caching, \\[links\\] and \\`backticks\\` & ampersands.",
        "paper": ["https://arxiv.org/abs/2301.00001", "https://doi.org/10.1145/3442188.3445922"],
        # not the theme's repository (header), the site's (nav) or the author's (footer)
        "code": ["https://github.com/someone/fastcache", "https://gitlab.com/group/sub/tool"],
    }
    assert draft.notes == ["image: not filled: the page has no og:image"]


def test_canonical_link_and_tracking_parameters(server: str) -> None:
    draft = build_entry(f"{server}/page/canonical?utm_medium=social&fbclid=abc")
    assert draft.entry["url"] == f"{server}/post/42?id=7"
    assert draft.entry["image"] == f"{server}/images/cover.png"  # made absolute
    assert draft.entry["title"] == "Post 42"


def test_charset_from_meta_when_the_header_has_none(server: str) -> None:
    entry = build_entry(f"{server}/page/gbk").entry
    assert entry["title"] == "中文标题：卷积"
    assert entry["abstract"] == "一段中文描述"


def test_hostile_values_stay_values(server: str, site: Path) -> None:
    result = run(f"{server}/page/hostile", "--date", "2021-05-11")
    assert result.exit_code == 0, result.output
    text = (site / "docs/notes/202105/0511.md").read_text("utf-8")
    day = parse_day("notes/202105/0511.md", text, "notes")
    assert day.problems == []
    [entry] = day.entries
    assert entry.title == 'Evil url: javascript:alert(1) stars: 5 txet "q" {a: b} # not a comment'
    assert entry.url == f"{server}/page/hostile"
    assert entry.stars == 0 and entry.tips is None and entry.media == []
    assert entry.abstract == "line one tips: injected - title: second entry"
    assert "image: not filled: the page's og:image is not an http(s) URL" in result.output


# ----------------------------------------------------------------------------- fetch errors


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("/pdf", "not an HTML page (Content-Type: application/pdf)"),
        ("/notfound", "HTTP error 404 Not Found"),
        ("/huge", "the page is larger than 2 MB"),
        ("/huge-unannounced", "the page is larger than 2 MB"),
        ("/loop", "too many redirects (more than 5)"),
        ("/to-ftp", "redirected to a URL that is not http(s): 'ftp://example.org/file'"),
    ],
)
def test_fetch_errors(server: str, route: str, reason: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_page(server + route)
    assert str(caught.value) == reason


def test_redirects_are_followed(server: str) -> None:
    page = fetch_page(f"{server}/r1")
    assert page.url == f"{server}/page/blog"
    assert "How we sped up" in page.text


def test_non_ascii_urls_are_fetched(server: str) -> None:
    page = fetch_page(f"{server}/page/blog?q=卷积 1")
    assert "How we sped up" in page.text


def test_the_page_is_fetched_once(server: str) -> None:
    fetched: list[str] = []

    def counting(url: str) -> Any:
        fetched.append(url)
        return fetch_page(url)

    build_entry(f"{server}/page/github_repo", fetch=counting)
    assert fetched == [f"{server}/page/github_repo"]


@pytest.mark.parametrize("route", ["/stall", "/trickle", "/trickle-headers"])
def test_a_slow_server_cannot_extend_the_deadline(server: str, route: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out$"):
        fetch_page(server + route, timeout=0.5)
    assert time.monotonic() - started < TRICKLE_FOR / 2


def test_offline_gives_connection_refused(closed_port: str) -> None:
    with pytest.raises(FetchError, match=r"^connection refused$"):
        fetch_page(f"{closed_port}/a")


def test_only_http_is_fetched() -> None:
    with pytest.raises(FetchError, match="only http"):
        fetch_page("file:///etc/passwd")


def test_decode_order() -> None:
    body = '<meta charset="gbk"><title>卷积</title>'.encode("gbk")
    assert "卷积" in decode(body, "text/html")  # <meta charset>
    assert "中文" in decode("中文".encode("big5"), "text/html; charset=big5")  # header wins
    assert decode(b"caf\xe9 \xff", "text/html") == "caf\ufffd \ufffd"  # UTF-8, replaced
    assert decode(b"ok", "text/html; charset=no-such-codec") == "ok"


def test_read_meta_never_runs_scripts_and_takes_first_values() -> None:
    meta = read_meta(
        '<meta property="og:title" content="A"><meta property="og:title" content="B">'
        "<script>var msg_title = \"T\\u0041\"; document.write('<title>X</title>')</script>"
        "<title>Real</title>",
        "https://example.org/",
    )
    assert meta.first("og:title") == "A"
    assert meta.script_vars["msg_title"] == "TA"
    assert meta.title == "Real"


# ----------------------------------------------------------------------------- URL forms


def test_clean_url() -> None:
    assert clean_url("https://Example.org/a?utm_source=x&id=1&UTM_Campaign=y&gclid=2#top") == (
        "https://example.org/a?id=1#top"
    )
    assert clean_url("https://example.org/a?spm=1.2&fbclid=3") == "https://example.org/a"
    assert clean_url(
        "http://mp.weixin.qq.com/s/w70mFSP-l-Zk95ZpEAo8qQ?scene=1&srcid=2&sharer_shareinfo=3#rd"
    ) == ("https://mp.weixin.qq.com/s/w70mFSP-l-Zk95ZpEAo8qQ")
    # scene and srcid only mean tracking on WeChat
    assert clean_url("https://example.org/a?scene=2") == "https://example.org/a?scene=2"


def test_paper_and_repo_forms() -> None:
    assert paper_url("https://arxiv.org/pdf/2105.03322v2.pdf") == "https://arxiv.org/abs/2105.03322"
    assert paper_url("http://export.arxiv.org/abs/hep-th/9901001v1") == (
        "https://arxiv.org/abs/hep-th/9901001"
    )
    assert paper_url("https://arxiv.org/list/cs.CL/recent") is None
    assert paper_url("https://openreview.net/pdf?id=abc123") == (
        "https://openreview.net/forum?id=abc123"
    )
    assert paper_url("https://dx.doi.org/10.1000/xyz") == "https://doi.org/10.1000/xyz"
    assert repo_url("https://github.com/obss/sahi.git") == "https://github.com/obss/sahi"
    assert repo_url("https://github.com/features/actions") is None
    assert repo_url("https://github.com/obss") is None
    assert repo_url("https://gitlab.com/a/b/c/-/issues/3") == "https://gitlab.com/a/b/c"
    assert title_from_url("https://example.org/blog/my-great_post.html") == "my great post"
    assert title_from_url("https://example.org/") == "example.org"
    assert title_from_url("https://arxiv.org/pdf/2105.03322") == "arXiv:2105.03322"


# ----------------------------------------------------------------------------- the note


def test_odd_note_with_crlf_is_kept_byte_for_byte(server: str, site: Path) -> None:
    head = (
        "---\r\n"
        "# a comment at the top\r\n"
        "date: 2021-05-11\r\n"
        "title: 'It''s a \"quoted\" title'   # trailing comment\r\n"
        "entries:\r\n"
        '-   title: "First: with a colon"\r\n'
        "    url: https://example.org/1   # why I read it\r\n"
        "    tips: |\r\n"
        "        indented block\r\n"
        "\r\n"
        "        second paragraph\r\n"
        "    # a comment under the entry\r\n"
    )
    tail = "# a comment after the list\r\ntags: [a, b]\r\n---\r\n\r\nBody with --- and `code`.\r\n"
    path = note(site, "202105/0511.md", (head + tail).encode("utf-8"))
    result = run(f"{server}/page/blog", "--date", "2021-05-11")
    assert result.exit_code == 0, result.output
    expected = head + blog_item(server, dash=0, offset=4, nl="\r\n") + tail
    assert path.read_bytes() == expected.encode("utf-8")
    assert result.stdout == "docs/notes/202105/0511.md: added entry 2\n"


def test_two_space_list_with_options_and_body(server: str, site: Path) -> None:
    head = (
        "---\n"
        "title: 公众号内容拓展学习笔记\n"
        "entries:\n"
        "  - title: AI圈真魔幻！\n"
        "    url: https://mp.weixin.qq.com/s/w70mFSP-l-Zk95ZpEAo8qQ\n"
        "    code: {title: obss/sahi, url: https://github.com/obss/sahi}\n"
        "    tags: [nlp, cnn]\n"
    )
    tail = "---\n\n## Others\n\n- 星标的数量是与个人相关程度\n"
    path = note(site, "202105/0511.md", (head + tail).encode("utf-8"))
    result = run(
        f"{server}/page/blog",
        *("--date", "2021-05-11", "--stars", "3", "--tips", "Line one\nLine *two*"),
        *("--tag", "build", "--tag", "cache", "--tag", "build"),
    )
    assert result.exit_code == 0, result.output
    item = blog_item(server).replace(
        f"    url: {server}/page/blog\n", f"    url: {server}/page/blog\n    stars: 3\n"
    ) + ("    tips: |\n      Line one\n      Line *two*\n    tags:\n      - build\n      - cache\n")
    assert path.read_text("utf-8") == head + item + tail


def test_empty_entries_as_new_creates_them(server: str, site: Path) -> None:
    assert CliRunner().invoke(main, ["new", "--date", "2021-05-11"]).exit_code == 0
    path = site / "docs/notes/202105/0511.md"
    before = path.read_text("utf-8")
    assert before == skeleton(__import__("datetime").date(2021, 5, 11))
    result = run(f"{server}/page/blog", "--date", "2021-05-11")
    assert result.exit_code == 0, result.output
    expected = before.replace("entries: []\n", "entries:\n" + blog_item(server), 1)
    assert path.read_text("utf-8") == expected


def test_note_without_entries_key(server: str, site: Path) -> None:
    original = "---\ndate: 2021-05-11\ntitle: A day\n---\nThe body.\n"
    path = note(site, "2021-05-11.md", original.encode("utf-8"))
    result = run(f"{server}/page/blog", "--date", "2021-05-11")
    assert result.exit_code == 0, result.output
    expected = "---\ndate: 2021-05-11\ntitle: A day\nentries:\n" + blog_item(server)
    assert path.read_text("utf-8") == expected + "---\nThe body.\n"


def test_note_without_front_matter(server: str, site: Path) -> None:
    path = note(site, "202105/0511.md", "\ufeff# Just a body\r\n".encode())
    result = run(f"{server}/page/blog", "--date", "2021-05-11")
    assert result.exit_code == 0, result.output
    item = blog_item(server, nl="\r\n")
    expected = "\ufeff---\r\nentries:\r\n" + item + "---\r\n# Just a body\r\n"
    assert path.read_bytes() == expected.encode("utf-8")


@pytest.mark.parametrize(
    ("front", "after"),
    [
        ("entries:\n# nothing yet\n", "entries:\n{item}# nothing yet\n"),
        ("entries: ~  # none\n", "entries:  # none\n{item}"),
        ("entries: [{title: a}]\n", None),  # flow list: the entry is added as JSON
    ],
)
def test_other_shapes_of_entries(front: str, after: str | None) -> None:
    entry = {"title": "New", "url": "https://example.org/"}
    text = f"---\ndate: 2021-05-11\n{front}---\n"
    edited = append_entry(text, entry)
    if after is None:
        assert edited == (
            '---\ndate: 2021-05-11\nentries: [{title: a}, {"title": "New", '
            '"url": "https://example.org/"}]\n---\n'
        )
    else:
        item = "  - title: New\n    url: https://example.org/\n"
        assert edited == "---\ndate: 2021-05-11\n" + after.format(item=item) + "---\n"
    day = parse_day("notes/202105/0511.md", edited, "notes")
    assert day.problems == [] and day.entries[-1].title == "New"


def test_missing_note_is_created_in_the_sites_layout(server: str, site: Path) -> None:
    note(site, "2021/05/10.md", b"---\nentries: []\n---\n")
    result = run(f"{server}/page/blog", "--date", "2021-05-11")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "docs/notes/2021/05/11.md: created the note\ndocs/notes/2021/05/11.md: added entry 1\n"
    )
    text = (site / "docs/notes/2021/05/11.md").read_text("utf-8")
    skel = skeleton(__import__("datetime").date(2021, 5, 11))
    assert text == skel.replace("entries: []\n", "entries:\n" + blog_item(server), 1)


def test_dry_run_prints_the_entry_and_writes_nothing(server: str, site: Path) -> None:
    path = note(site, "202105/0511.md", b"---\nentries: []\n---\n")
    before = tree(site)
    result = run(f"{server}/page/blog", "--date", "2021-05-11", "--dry-run")
    assert result.exit_code == 0, result.output
    assert tree(site) == before
    assert path.read_bytes() == b"---\nentries: []\n---\n"
    assert result.stdout == blog_item(server, dash=0)
    assert result.stderr == (
        "image: not filled: the page has no og:image\n"
        "dry run: nothing was written (would add entry 1 to the note docs/notes/202105/0511.md)\n"
    )
    result = run(f"{server}/page/blog", "--date", "2021-05-12", "--dry-run")
    assert "would add entry 1 to a new note docs/notes/202105/0512.md" in result.stderr
    assert tree(site) == before


def test_offline_still_adds_the_url(closed_port: str, site: Path) -> None:
    url = f"{closed_port}/posts/attention-is-all.html?utm_source=rss"
    result = run(url, "--date", "2021-05-11", "--stars", "2")
    assert result.exit_code == 0, result.output
    why = "could not fetch the page: connection refused"
    assert result.stderr.splitlines() == [
        f"title: taken from the URL: {why}",
        f"abstract: not filled: {why}",
        f"paper: not filled: {why}",
        f"code: not filled: {why}",
        f"image: not filled: {why}",
    ]
    text = (site / "docs/notes/202105/0511.md").read_text("utf-8")
    assert (
        "entries:\n  - title: attention is all\n"
        f"    url: {closed_port}/posts/attention-is-all.html\n    stars: 2\n"
    ) in text


def test_offline_paper_and_repo_come_from_the_url(site: Path) -> None:
    def offline(url: str) -> Any:
        raise FetchError("connection refused")

    draft = build_entry("https://arxiv.org/pdf/2105.03322v1", fetch=offline)
    assert draft.entry == {
        "title": "arXiv:2105.03322",
        "url": "https://arxiv.org/pdf/2105.03322v1",
        "paper": "https://arxiv.org/abs/2105.03322",
    }
    assert "paper: not filled" not in "\n".join(draft.notes)


def test_a_problem_the_entry_brings_is_refused(
    server: str, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = b"---\nentries: []\n---\n"
    path = note(site, "202105/0511.md", original)
    bad = add_module.Draft(entry={"title": "t", "image": {"src": "x", "width": "50vw"}})
    monkeypatch.setattr(add_module, "build_entry", lambda *a, **k: bad)
    result = run(f"{server}/page/blog", "--date", "2021-05-11")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: docs/notes/202105/0511.md: the new entry would bring a problem: "
        "notes/202105/0511.md:6: entry 1, 'image': width: expected a number of pixels or a "
        "percentage like 60%, got '50vw'; nothing changed\n"
    )
    assert path.read_bytes() == original


def test_links_in_tips_are_checked(site: Path) -> None:
    result = run("https://example.org/", "--tips", "see [x](javascript:alert(1))")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --tips: a link is refused: expected an http(s):// or mailto: URL or a path relative to "
        "the note, got a javascript: URL; nothing changed\n"
    )
    assert list((site / "docs" / "notes").iterdir()) == []


def test_existing_problems_do_not_block_and_bad_yaml_refuses(
    server: str, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stars = b"---\nentries:\n  - title: a\n    stars: seven\n---\n"
    path = note(site, "202105/0511.md", stars)
    assert run(f"{server}/page/blog", "--date", "2021-05-11").exit_code == 0
    assert path.read_bytes().startswith(stars[:-4])
    # A problem below the entries moves down a line as the entry goes in: still not new.
    below = b"---\nentries:\n  - title: a\ndraft: maybe\n---\n"
    path = note(site, "202105/0513.md", below)
    assert run(f"{server}/page/blog", "--date", "2021-05-13").exit_code == 0
    assert path.read_bytes().endswith(b"draft: maybe\n---\n")
    broken = b"---\nentries: [\n---\n"
    path = note(site, "202105/0512.md", broken)
    monkeypatch.setattr(add_module, "build_entry", pytest.fail)  # refused before fetching
    result = run(f"{server}/page/blog", "--date", "2021-05-12")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: docs/notes/202105/0512.md: its front matter is not valid YAML (line "
    )
    assert result.stderr.endswith("): fix it first; nothing changed\n")
    assert path.read_bytes() == broken


def test_a_bad_write_is_restored(server: str, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = b"---\nentries: []\n---\n"
    path = note(site, "202105/0511.md", original)
    real = add_module.write_atomic
    calls: list[bytes] = []

    def flaky(target: Path, data: bytes) -> None:
        calls.append(data)
        real(target, data.replace(b"title:", b"titel:") if len(calls) == 1 else data)

    monkeypatch.setattr(add_module, "write_atomic", flaky)
    result = run(f"{server}/page/blog", "--date", "2021-05-11")
    assert result.exit_code == 1
    assert "the new entry would bring a problem" in result.stderr
    assert result.stderr.rstrip().endswith("; restored")
    assert path.read_bytes() == original and calls[-1] == original


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["ftp://example.org/x"],
            "Error: URL: expected an http:// or https:// URL, got 'ftp://example.org/x'",
        ),
        (
            ["javascript:alert(1)"],
            "Error: URL: expected an http:// or https:// URL, got 'javascript:alert(1)'",
        ),
        (
            ["https://example.org/", "--date", "tomorrow"],
            "Error: --date: expected a date like 2021-05-11, got 'tomorrow'",
        ),
        (
            ["https://example.org/", "--date", "0999-01-01"],
            "Error: --date: 0999-01-01 is outside the years 1000–9999 that dairly supports; nothing changed",
        ),
        (
            ["https://example.org/", "-f", "nope.yml"],
            "Error: nope.yml: no such config file (run in the site's folder or pass --config-file)",
        ),
    ],
)
def test_bad_input_is_one_line(site: Path, args: list[str], message: str) -> None:
    before = tree(site)
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert tree(site) == before


def test_stars_out_of_range_is_a_usage_error(site: Path) -> None:
    assert run("https://example.org/", "--stars", "6").exit_code == 2
