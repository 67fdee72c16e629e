"""Material's search removes ``data-search-*`` attributes from every page's content after
indexing it; dairly leaves a content that has none of them unscanned. The site, its search
index included, is the same byte for byte as the plain way, and a page that has them still
loses them."""

from __future__ import annotations

import json

import mkdocs_dairly.integrations.material_search as door_side

from .conftest import Site

ABOUT = """# 关于

<p data-search-exclude="true">不该被搜到的秘密文字</p>

<div markdown data-search-boost="2">能搜到的普通文字</div>
"""


def _build(site: Site) -> tuple[dict[str, bytes], list[str]]:
    site.note("202105/0511.md", {"entries": [{"title": "今天读的论文", "stars": 3}]})
    site.note("202105/0512.md", {"entries": [{"title": "另一篇", "abstract": "摘要"}]})
    site.write("docs/about.md", ABOUT)
    site.config["markdown_extensions"] = ["md_in_html"]
    build = site.build()
    assert build.aborted is None, build.logs
    files = build.files()
    return files, build.logs


def test_the_site_is_the_same_and_attributes_still_go(make_site, monkeypatch) -> None:
    on_files, on_logs = _build(make_site("on"))
    monkeypatch.setattr(door_side, "ON_PAGE_CONTEXT", "not the one")
    plain_files, plain_logs = _build(make_site("plain"))
    off = (
        "INFO:dairly: search: content without data-search- left unscanned off for this build "
        "(Material's SearchPlugin.on_page_context is not the one this was written against); "
        "building it the plain way"
    )
    assert off not in on_logs and plain_logs.count(off) == 1
    assert sorted(on_files) == sorted(plain_files)
    assert [name for name in on_files if on_files[name] != plain_files[name]] == []
    about = on_files["about/index.html"].decode("utf-8")
    assert "data-search-" not in about and "不该被搜到的秘密文字" in about
    index = json.loads(on_files["search/search_index.json"])
    text = json.dumps(index["docs"], ensure_ascii=False).replace("\u200b", "")  # jieba cuts
    assert "能搜到的普通文字" in text and "不该被搜到的秘密文字" not in text
    assert "今天读的论文" in text
