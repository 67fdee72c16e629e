"""`images: cache` in real builds, against the CDN-like server of test_images (127.0.0.1)."""

from __future__ import annotations

import time
from pathlib import Path

from .conftest import Site
from .test_images import MARGIN, PNG, CdnServer, cdn, sha_name

__all__ = ["cdn"]  # a fixture, used by name


def cache_site(site: Site, cdn: CdnServer) -> None:
    site.config["site_url"] = "https://example.org/"
    site.config["plugins"] = [
        "search",
        {"dairly": {"images": "cache", "images_timeout": 0.5, "images_max_bytes": 1000}},
    ]
    site.note(
        "202105/0511.md",
        {"entries": [
            {"title": "Cached", "image": cdn.url("/a.png")},
            {"title": "Same picture", "image": cdn.url("/copy-of-a")},
            {"title": "Dead", "image": cdn.url("/gone.png"), "stars": 2},
        ]},
    )  # fmt: skip


def test_remote_images_are_served_from_the_site(site: Site, cdn: CdnServer) -> None:
    cache_site(site, cdn)
    build = site.build(strict=True)
    assert build.aborted is None, build.logs
    name = sha_name(PNG, "png")
    stored = build.site_dir / "assets/dairly/images" / name
    assert stored.read_bytes() == PNG
    page = build.content("notes/202105/0511/")
    srcs = [img["src"] for img in page.select("figure img")]
    assert srcs == [f"../../../assets/dairly/images/{name}"] * 2 + [cdn.url("/gone.png")]
    home = build.content("").select_one("figure img")
    assert home is not None and home["src"] == f"assets/dairly/images/{name}"
    assert all(h.get("Referer") is None for h in cdn.headers)
    feed = (build.site_dir / "feed.xml").read_text("utf-8")
    assert f"https://example.org/assets/dairly/images/{name}" in feed
    # a dead image is a notice, not a failure of the strict build
    assert (
        f"INFO:dairly: notes/202105/0511.md:8: entry 3, 'image': {cdn.url('/gone.png')} not cached "
        "(HTTP 404); the remote URL stays"
    ) in build.logs
    assert "INFO:dairly: images: 2 cached in .dairly-cache/images, 1 kept remote" in build.logs
    assert (site.root / ".dairly-cache/images" / name).exists()


def test_the_cache_is_reused_across_builds(site: Site, cdn: CdnServer) -> None:
    cache_site(site, cdn)
    site.build(strict=True)
    first = dict(cdn.counts)
    build = site.build(strict=True)
    assert build.aborted is None
    assert cdn.counts["/a.png"] == first["/a.png"] == 1
    assert cdn.counts["/copy-of-a"] == 1
    assert cdn.counts["/gone.png"] == 2  # failures are retried


def test_images_strict_turns_dead_images_into_warnings(site: Site, cdn: CdnServer) -> None:
    cache_site(site, cdn)
    site.config["plugins"][1]["dairly"]["images_strict"] = True
    build = site.build(strict=True)
    assert build.aborted == "Aborted with 1 warnings in strict mode!"


def test_pages_with_entries_send_no_referrer(site: Site, tmp_path: Path) -> None:
    site.note("202105/0511.md", {"entries": [{"title": "V", "video": "https://example.org/v.mp4"}]})
    site.write("docs/about.md", "# About\n")
    build = site.build(strict=True)
    for path in ("", "notes/202105/0511/", "notes/2021/"):
        meta = build.html(path).select_one('head meta[name="referrer"]')
        assert meta is not None and meta["content"] == "no-referrer", path
    assert build.html("about/").select_one('head meta[name="referrer"]') is None
    video = build.content("notes/202105/0511/").select_one("figure video")
    assert video is not None and video["referrerpolicy"] == "no-referrer"


def test_a_stalling_or_lying_server_is_one_line_and_the_build_goes_on(
    site: Site, cdn: CdnServer
) -> None:
    """A body trickled for 8 s, HTML served as a PNG, an SVG, a redirect loop: each is one
    notice naming the file, the entry and the field; the build waits 0.5 s for the trickle."""
    cache_site(site, cdn)
    site.note(
        "202105/0512.md",
        {"entries": [
            {"title": "Trickle", "image": cdn.url("/trickle-body.png")},
            {"title": "Login page", "image": cdn.url("/html-as-png")},
            {"title": "Drawing", "image": cdn.url("/icon.svg")},
            {"title": "Loop", "image": cdn.url("/loop")},
            {"title": "Zipped", "image": cdn.url("/gzip.png")},
        ]},
    )  # fmt: skip
    started = time.monotonic()
    build = site.build(strict=True)
    assert time.monotonic() - started < 0.5 + 2 * MARGIN
    assert build.aborted is None, build.logs
    lines = [line for line in build.logs if "0512.md" in line]
    assert lines == [
        f"INFO:dairly: notes/202105/0512.md:{2 + 2 * n}: entry {n}, 'image': {cdn.url(path)} not cached "
        f"({reason}); the remote URL stays"
        for n, path, reason in sorted([
            (1, "/trickle-body.png", "timed out after 0.5 s"),
            (2, "/html-as-png", "served as image/png but is an HTML page, not an image"),
            (3, "/icon.svg", "SVG refused: an SVG can carry scripts, which would run on this site"),
            (4, "/loop", "too many redirects"),
        ], key=lambda item: item[1])
    ]  # fmt: skip
    assert not [line for line in build.logs if "Traceback" in line]
    srcs = [img["src"] for img in build.content("notes/202105/0512/").select("figure img")]
    assert srcs[:4] == [
        cdn.url(p) for p in ("/trickle-body.png", "/html-as-png", "/icon.svg", "/loop")
    ]
    assert srcs[4] == f"../../../assets/dairly/images/{sha_name(PNG, 'png')}"  # decoded
    assert (build.site_dir / "assets/dairly/images" / sha_name(PNG, "png")).read_bytes() == PNG
