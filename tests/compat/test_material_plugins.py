"""Material for MkDocs' own plugins: blog, tags, meta, privacy, offline."""

from __future__ import annotations

import json

import pytest

from .conftest import (
    AWKWARD,
    NOTES,
    assert_dairly_output,
    base_config,
    day_url,
    links_to,
    run_build,
    write,
    write_site,
)


def top_nav_titles(result, url):
    nav = result.html(url).select_one("nav.md-nav--primary > ul")
    return [
        li.select_one(".md-nav__link").get_text(" ", strip=True)
        for li in nav.find_all("li", recursive=False)
    ]


# -- blog -------------------------------------------------------------------------------


def _blog(root):
    write(root, "docs/blog/index.md", "# Blog\n")
    write(
        root,
        "docs/blog/posts/hello.md",
        "---\ndate: 2021-06-05\n---\n\n# Hello blog\n\nA post.\n\n<!-- more -->\n\nMore.\n",
    )


@pytest.fixture(scope="module")
def blog(compat_build):
    return compat_build("blog", ["search", "dairly", "blog"], setup=_blog)


@pytest.fixture(scope="module")
def blog_alone(tmp_path_factory):
    """The same blog without dairly and without the notes: the blog's own nav."""
    root = tmp_path_factory.mktemp("blog-alone")
    write_site(root, notes=[])
    _blog(root)
    return run_build(root, base_config(["search", "blog"]))


def test_blog_dairly_output(blog):
    assert_dairly_output(blog)


def test_blog_post_is_built(blog):
    assert blog.content("blog/2021/06/05/hello-blog/").h1.get_text(strip=True) == "Hello blog"


def test_blog_no_stray_nav_section(blog, blog_alone):
    blog_alone.ok()
    own = top_nav_titles(blog_alone, "about/")
    with_dairly = top_nav_titles(blog, "about/")
    dairly_items = {"首页", "2021年", "2020年", "归档", "探索"}
    extra = [t for t in with_dairly if t not in own and t not in dairly_items]
    assert extra == [], f"top-level nav {with_dairly}; the blog alone has {own}; stray: {extra}"


# -- tags -------------------------------------------------------------------------------


def _tags(root):
    write(root, "docs/tags.md", "# Tags\n\n<!-- material/tags -->\n")


@pytest.fixture(scope="module")
def tags(compat_build):
    return compat_build("tags", ["search", "dairly", "tags"], setup=_tags)


def test_tags_dairly_output(tags):
    assert_dairly_output(tags)


def test_tags_page_lists_day_tags_once_each(tags):
    page = tags.content("tags/")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.select("h2")]
    for tag in ("R&D", "nlp", "cv", "multimodal"):
        assert headings.count(tag) == 1, (
            f"tag {tag!r} appears {headings.count(tag)} times in {headings}"
        )
    assert not [h for h in headings if "&amp;" in h or "&lt;" in h], headings


def test_tags_page_links_days_under_their_tag(tags):
    page = tags.content("tags/")
    for h in page.select("h2"):
        if h.get_text(" ", strip=True).rstrip("¶").strip() == "R&D":
            section = h.find_next_sibling("ul")
            assert section is not None and links_to(section, "tags/", day_url(AWKWARD)), str(
                section
            )[:300]
            return
    pytest.fail("no R&D heading on the tags page")


# -- meta -------------------------------------------------------------------------------


def _meta(root):
    write(root, "docs/notes/.meta.yml", "tags:\n  - fromdir\n")


@pytest.fixture(scope="module", params=["meta-first", "dairly-first"])
def meta(request, compat_build):
    plugins = (
        ["search", "meta", "dairly", "tags"]
        if request.param == "meta-first"
        else ["search", "dairly", "meta", "tags"]
    )
    return compat_build(f"meta-{request.param}", plugins, setup=_meta)


def test_meta_dairly_output(meta):
    assert_dairly_output(meta)


def test_meta_tags_merged_with_day_tags(meta):
    shown = [t.get_text(strip=True) for t in meta.html(day_url(AWKWARD)).select(".md-tags .md-tag")]
    fm = NOTES[AWKWARD]
    expected = {"fromdir", *fm["tags"], *(t for e in fm["entries"] for t in e.get("tags", []))}
    assert set(shown) == expected, f"day page tags {shown}, expected {sorted(expected)}"


# -- privacy, offline -------------------------------------------------------------------


@pytest.fixture(scope="module")
def privacy(compat_build):
    return compat_build("privacy", ["search", "dairly", {"privacy": {"assets_fetch": False}}])


def test_privacy_dairly_output(privacy):
    assert_dairly_output(privacy)


def test_privacy_external_links_get_noopener(privacy):
    card = privacy.content(day_url(AWKWARD)).select_one("article.dairly-entry")
    link = card.select_one(".dairly-entry__title a")
    assert "noopener" in link.get("rel", []), link


@pytest.fixture(scope="module")
def offline(compat_build):
    return compat_build("offline", ["search", "dairly", "offline"], use_directory_urls=False)


def _html_url(note):
    return "notes/" + note[: -len(".md")] + ".html"


def test_offline_dairly_output(offline):
    assert_dairly_output(
        offline,
        url=_html_url,
        month_url="notes/2021/05/index.html",
        year_url="notes/2021/index.html",
    )


def test_offline_search_index_is_a_script_with_the_days(offline):
    text = offline.text("search/search_index.js")
    assert text.startswith("var __index = ")
    index = json.loads(text[len("var __index = ") :].rstrip().rstrip(";"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert _html_url(AWKWARD) in locations, sorted(locations)[:20]
