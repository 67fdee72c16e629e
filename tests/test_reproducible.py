"""Reproducible builds: the same notes built twice, in different folders, by separate
``python -m mkdocs build --strict`` processes with the same ``SOURCE_DATE_EPOCH`` and
different ``PYTHONHASHSEED`` values, give byte-identical sites: every page, the sitemap (and
its gzip file), the search index (Chinese segmented by jieba), the feed, images and assets.

``sitemap.xml.gz`` is compared raw as well as decompressed. Its bytes depend on nothing
outside our control: MkDocs writes it with ``gzip.GzipFile(mtime=…)`` taken from the pages'
update date (``SOURCE_DATE_EPOCH`` when set), Python's gzip header holds only the base name
(``sitemap.xml``), compression level 9 and OS byte 255 (unknown), so the raw bytes are
compared too.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201e2219bc80000000049454e44ae426082"
)

CONFIG = {
    "site_name": "读书笔记",
    "site_url": "https://notes.example/",
    "theme": {"name": "material", "language": "zh"},
    "plugins": ["search", "tags", "dairly"],
}

NOTES: dict[str, dict[str, object]] = {
    "202104/0410.md": {
        "title": "四月的阅读",
        "summary": "图像与卷积",
        "tags": ["cv", "卷积"],
        "entries": [
            {"title": "卷积网络的归纳偏置", "url": "https://mp.weixin.qq.com/s/abc", "stars": 3,
             "abstract": "**卷积** 在小数据上更稳", "image": "images/0410.png", "tags": ["cv"]},
            {"title": "A second item", "stars": 1, "paper": "https://arxiv.org/abs/2105.03322"},
        ],
    },
    "202105/0501.md": {
        "entries": [
            {"title": "预训练语言模型综述", "stars": 5, "tips": "- 要点一\n- 要点二\n",
             "links": {"bilibili": "https://www.bilibili.com/read/cv13270965",
                       "上一篇": "../202104/0410.md"}, "tags": ["nlp"]},
        ],
    },
    "202105/0511.md": {
        "title": "公众号内容拓展学习笔记",
        "tags": ["nlp"],
        "entries": [
            {"title": "Are Pre-trained Convolutions Better than Pre-trained Transformers?",
             "url": "https://mp.weixin.qq.com/s/w70mFSP", "stars": 2,
             "abstract": "谷歌最新研究表明卷积在NLP预训练上竟优于Transformer",
             "code": {"title": "FlyreelAI/sesemi", "url": "https://github.com/FlyreelAI/sesemi"},
             "image": [{"src": "images/fig.png", "alt": "结构图", "width": "60%"},
                       "https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png"],
             "tags": ["nlp", "cnn"]},
        ],
    },
    "2022/01/20.md": {
        "title": "新年第一篇",
        "entries": [{"title": "扩散模型入门", "stars": 4, "tags": ["生成模型"]}],
    },
}  # fmt: skip


def write_site(root: Path) -> None:
    docs = root / "docs"
    for path, front_matter in NOTES.items():
        target = docs / "notes" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        fm = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
        target.write_text(f"---\n{fm}---\n\n今天读了几篇文章，记下要点。\n", encoding="utf-8")
    for image in ("notes/202104/images/0410.png", "notes/202105/images/fig.png"):
        (docs / image).parent.mkdir(parents=True, exist_ok=True)
        (docs / image).write_bytes(PNG)
    (docs / "about.md").write_text("# 关于\n\n这是一个读书笔记网站。\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(CONFIG, allow_unicode=True), encoding="utf-8")


def build(root: Path, hash_seed: str, epoch: str = EPOCH) -> dict[str, bytes]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SOURCE_DATE_EPOCH", "PYTHONHASHSEED"))
    }
    env.update(SOURCE_DATE_EPOCH=epoch, PYTHONHASHSEED=hash_seed, NO_MKDOCS_2_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true")  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site = root / "site"
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    first = tmp_path_factory.mktemp("first") / "notes-site"
    second = tmp_path_factory.mktemp("second-elsewhere") / "a" / "deeper" / "place"
    for root in (first, second):
        root.mkdir(parents=True)
        write_site(root)
    return build(first, "1"), build(second, "4242")


def test_the_same_files_are_written(two_builds: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    a, b = two_builds
    assert sorted(a) == sorted(b)
    for expected in ("index.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
                     "feed.xml", "notes/202105/0511/index.html", "notes/202105/images/fig.png",
                     "notes/2021/05/index.html", "notes/index.html", "notes/explore/index.html",
                     "notes/explore.json"):  # fmt: skip
        assert expected in a, expected


def test_every_file_is_byte_identical(
    two_builds: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    a, b = two_builds
    differing = [name for name in sorted(a) if a[name] != b.get(name)]
    assert differing == []


def test_gzip_files_are_identical_raw_and_decompressed(
    two_builds: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    a, b = two_builds
    gz = [name for name in a if name.endswith(".gz")]
    assert gz == ["sitemap.xml.gz"]
    for name in gz:
        assert gzip.decompress(a[name]) == gzip.decompress(b[name])
        assert gzip.decompress(a[name]) == a[name.removesuffix(".gz")]
        assert a[name] == b[name]
        # header: mtime is SOURCE_DATE_EPOCH's day (MkDocs uses the pages' update date)
        assert int.from_bytes(a[name][4:8], "little") == 1699920000  # 2023-11-14T00:00:00Z


def test_dates_in_the_output_come_from_source_date_epoch(
    two_builds: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    a, _ = two_builds
    sitemap = a["sitemap.xml"].decode("utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2023-11-14"}
    # nothing mentions the day the test happens to run, unless that is the epoch's own day
    today = dt.date.today().isoformat()
    if today != "2023-11-14":
        assert not [name for name, data in a.items() if today.encode() in data]


def test_search_index_holds_chinese_and_is_identical(
    two_builds: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    a, b = two_builds
    index = json.loads(a["search/search_index.json"])
    # jieba separates Chinese words with zero-width spaces; its segmentation is stable
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"]).replace("\u200b", "")
    assert "预训练语言模型综述" in text and "公众号内容拓展学习笔记" in text
    assert "\u200b" in json.dumps(index["docs"], ensure_ascii=False)
    assert index == json.loads(b["search/search_index.json"])


def test_the_comparison_would_see_a_difference(
    two_builds: tuple[dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    """A control: another SOURCE_DATE_EPOCH changes exactly the dated files."""
    a, _ = two_builds
    write_site(tmp_path)
    later = build(tmp_path, "1", epoch=str(int(EPOCH) + 86400 * 40))
    assert sorted(name for name in a if a[name] != later[name]) == ["sitemap.xml", "sitemap.xml.gz"]
