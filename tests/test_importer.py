"""The hand-written-notes importer: parsing (pure) and planning/rendering (no writes)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from mkdocs_dairly.cli.import_parse import (
    MAX_ENTRIES_PER_ITEM,
    ImportedDay,
    find_links,
    label_field,
    normalize_links,
    normalize_url,
    parse_note,
    parse_readme,
)
from mkdocs_dairly.cli.import_write import (
    apply_plan,
    changes_line,
    dump_yaml,
    plan_import,
    render_note,
)
from mkdocs_dairly.notes.parse import parse_day, split_front_matter

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SEEDS = FIXTURES / "seeds"
VARIANTS = FIXTURES / "variants"

# What the README seeds' 更新今日时间 says, how many entries 今日要点 holds, and its first title.
README_SEEDS = {
    "readme-2021-05-11.md": (dt.date(2021, 5, 11), 7, "AI圈真魔幻！谷歌最新研究表明卷积在NLP"),
    "readme-2022-05-11.md": (dt.date(2022, 5, 11), 6, "CVPR 2022 | 微软提出MiniViT"),
    "readme-2022-04-14.md": (dt.date(2022, 4, 14), 6, "CVPR 2022｜Self-Attention和CNN的优雅集成"),
    "readme-2021-05-06.md": (dt.date(2021, 5, 6), 6, "CVPR2021 | 华为诺亚实验室提出"),
}

# Markdown/HTML syntax and the format's own labels: words that are structure, not content.
SYNTAX_WORDS = {
    "paperclip", "今日要点", "Abstract", "Paper", "Code", "Demo", "Tips", "star", "div",
    "align", "center", "img", "src", "style", "zoom", "video", "controls", "width", "poster",
    "alt", "amp", "主要内容", "摘要", "论文", "GitHub", "ＧitHub", "核心要点", "项目地址",
    "Paper1", "Paper2", "jpg", "png",
}  # fmt: skip
_URL = re.compile(r"https?://[^\s<>\"'()\[\]\u3000-\uffff]+")
_WORD = re.compile(r"[^\W\d_][\w]*")


def source_urls(text: str) -> set[str]:
    """Every http(s) URL of a source text, HTML entities decoded (as a browser reads them)."""
    return {u.rstrip(".,;:") for u in _URL.findall(html.unescape(text))}


def source_words(text: str) -> set[str]:
    """Every word of a source text outside URLs, tags' syntax and the format's labels."""
    text = _URL.sub(" ", html.unescape(text))
    return {w for w in _WORD.findall(text) if w not in SYNTAX_WORDS and len(w) > 1}


def assert_nothing_lost(source: str, note: str) -> None:
    assert source_urls(source) and source_words(source)  # never vacuous
    missing_urls = sorted(u for u in source_urls(source) if u not in note)
    assert not missing_urls
    missing_words = sorted(w for w in source_words(source) if w not in note)
    assert not missing_words


def readme_day(name: str) -> tuple[str, ImportedDay]:
    readme = parse_readme((SEEDS / name).read_text(encoding="utf-8"))
    assert readme.today_text is not None
    day = parse_note(readme.today_text)
    day.date = readme.today
    return readme.today_text, day


def valid(day: ImportedDay, rel: str = "notes/202105/0511.md") -> str:
    """Render the day and insist that the plugin's validator finds nothing wrong."""
    text = render_note(day)
    problems = parse_day(rel, text, "notes").problems
    assert [str(p) for p in problems] == []
    return text


# ----------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("name", sorted(README_SEEDS))
def test_readme_seed_today_section(name: str) -> None:
    date, count, first_title = README_SEEDS[name]
    readme = parse_readme((SEEDS / name).read_text(encoding="utf-8"))
    assert readme.today == date
    source, day = readme_day(name)
    assert len(day.entries) == count
    assert day.entries[0].title.startswith(first_title)
    assert [e.stars for e in day.entries] == [2] * count
    assert all(e.url and e.url.startswith("https://mp.weixin.qq.com/s/") for e in day.entries)
    assert all(e.abstract for e in day.entries)
    assert all(len(e.image) == 1 for e in day.entries)
    assert readme.day_title(date) == "公众号内容拓展学习笔记"
    text = valid(day, f"notes/{date:%Y%m}/{date:%m%d}.md")
    assert_nothing_lost(source, text)


def test_readme_seed_fields_of_2021_05_11() -> None:
    _, day = readme_day("readme-2021-05-11.md")
    kinds = [(bool(e.paper), bool(e.code), bool(e.demo)) for e in day.entries]
    assert kinds == [
        (True, False, False),
        (True, False, False),
        (False, True, False),
        (False, False, False),
        (False, False, False),
        (False, True, False),
        (False, True, True),
    ]
    last = day.entries[6].front_matter()
    assert last["code"] == "https://github.com/microsoft/SandDance"
    assert last["demo"] == "https://sanddance.js.org/app/"
    assert last["tips"] == "最近推荐了好几个可视化教程，这个也很秀"
    first = day.entries[0].front_matter()
    assert first["paper"] == {
        "title": "Are Pre-trained Convolutions Better than Pre-trained Transformers?",
        "url": "https://arxiv.org/abs/2105.03322",
    }


def test_readme_seed_nested_tips_and_doubled_colon() -> None:
    _, day = readme_day("readme-2021-05-06.md")
    tips = day.entries[1].tips
    assert tips is not None
    assert (
        tips.splitlines()[0]
        == "- Pixel可以在多视图图像的数据集上面进行训练，而不需要任何额外的监督"
    )
    assert len(tips.splitlines()) == 4
    # A non-WeChat image is an image too.
    assert day.entries[1].image == ["https://alexyu.net/pixelnerf/img/teaser/dtu_outputs_sm.gif"]
    _, day = readme_day("readme-2022-04-14.md")
    assert day.entries[2].tips is not None
    assert day.entries[2].tips.startswith("首先谷歌展示了")  # "Tips: : 首先…" loses the stray colon


def test_readme_seed_history_has_the_typos() -> None:
    readme = parse_readme((SEEDS / "readme-2021-05-11.md").read_text(encoding="utf-8"))
    paths = [item.path for item in readme.history]
    assert len(paths) == 52
    assert "notes/202105/05010.md" in paths
    item = next(i for i in readme.history if i.path == "notes/202105/05010.md")
    assert item.date == dt.date(2021, 5, 10)


def test_note_seed_2021_09_30() -> None:
    source = (SEEDS / "note-2021-09-30.md").read_text(encoding="utf-8")
    day = parse_note(source)
    assert day.date == dt.date(2021, 9, 30)
    assert day.title == "公众号内容拓展学习笔记"
    assert len(day.entries) == 6
    assert [e.stars for e in day.entries] == [2] * 6
    data = [e.front_matter() for e in day.entries]
    assert data[0] == {
        "title": "ICCV 2021 | ResRep：剪枝SOTA！用结构重参数化实现CNN无损压缩",
        "url": "https://mp.weixin.qq.com/s/88nRC3VttYBsuTZ5S49Iww",
        "stars": 2,
        "abstract": "ResRep用结构重参数化实现CNN无损压缩",
        "paper": {
            "title": "ResRep: Lossless CNN Pruning via Decoupling Remembering and Forgetting",
            "url": "https://arxiv.org/abs/2007.03260",
        },
        "code": "https://github.com/DingXiaoH/ResRep",
        "tips": "将原CNN等价拆分成负责“记忆”（保持精度不降低）的部分和负责“遗忘”（去掉某些通道）"
        "的部分，前者进行“记忆训练”，后者进行“遗忘训练”。",
        "image": "https://mmbiz.qpic.cn/mmbiz_png/ibaXaPIy7jV3lC5xFY2lIsWycerFiaXgEdt1HNr87KHnIUN"
        "MVzK6hVjTYCsIFUxkn6fFPsLKxarwxkziaP4trQ8Jw/640?wx_fmt=png&tp=webp&wxfrom=5&wx_lazy=1&wx_co=1",
    }
    # Entry 3's image follows its Tips line with no blank line in between.
    assert len(day.entries[2].image) == 1
    assert (
        day.entries[2].tips == "直接将ResNet C5中的3x3卷积替换成了Self-Attention，来提升模型的性能"
    )
    # "Abstract:高通…" has no space after the colon.
    assert data[4]["abstract"] == "高通人工智能应用创新大赛冠军方案解读"
    assert data[5]["links"] == {"bilibili": "https://www.bilibili.com/read/cv13270965"}
    assert data[5]["code"] == "https://github.com/7eu7d7/genshin_auto_fish"
    text = valid(day, "notes/202109/0930.md")
    assert_nothing_lost(source, text)
    assert "## :paperclip:  Others" in day.body_markdown()


def test_drop_footer_drops_only_the_footer() -> None:
    source = (SEEDS / "note-2021-09-30.md").read_text(encoding="utf-8")
    kept, dropped = parse_note(source), parse_note(source, drop_footer=True)
    assert dropped.footer_dropped and not kept.footer_dropped
    assert "Others" not in dropped.body_markdown()
    assert "https://blog.csdn.net/xiaoxuebajie" not in render_note(dropped)
    footer = source[source.index("## :paperclip:  Others") :]
    assert_nothing_lost(source.replace(footer, ""), render_note(dropped))
    assert [e.front_matter() for e in kept.entries] == [e.front_matter() for e in dropped.entries]


# ----------------------------------------------------------------------------- variants


@pytest.fixture(scope="module")
def variants() -> dict[str, dict]:
    text = (VARIANTS / "notes" / "202104" / "0410.md").read_text(encoding="utf-8")
    day = parse_note(text)
    return {"text": text, "day": day, "entries": [e.front_matter() for e in day.entries]}


def test_variants_chinese_labels_full_width_colons_nested_tips(variants: dict) -> None:
    first = variants["entries"][0]
    assert first["abstract"] == "DeBERTa是对BERT的改造，刷新了GLUE的榜首。"
    assert first["paper"]["url"] == "https://arxiv.org/abs/2006.03654"
    assert first["code"] == "https://github.com/microsoft/DeBERTa"  # "ＧitHub：", full-width Ｇ
    assert first["tips"] == "- 分散注意力\n- 增强解码器\n  - 绝对位置在解码层才加入\n- 训练 trick"
    # &amp; in the src is decoded; the alt text is kept.
    assert first["image"] == {
        "src": "https://mmbiz.qpic.cn/mmbiz_png/BJbRvwibeSTsESbs/640?wx_fmt=png&tp=webp&wxfrom=5",
        "alt": "Image",
    }


def test_variants_no_stars_paper1_paper2_project_links(variants: dict) -> None:
    second = variants["entries"][1]
    assert "stars" not in second
    assert second["abstract"] == "已知位姿条件下进行单目实时3D场景重建"
    assert [p["url"] for p in second["paper"]] == [
        "https://arxiv.org/pdf/2104.00681.pdf",
        "https://arxiv.org/abs/2003.10432",
    ]
    assert second["code"] == "https://github.com/zju3dv/NeuralRecon"  # 项目地址 on GitHub
    assert second["links"] == {  # 项目地址 elsewhere
        "项目地址": {"title": "项目主页", "url": "https://zju3dv.github.io/neuralrecon/"}
    }
    assert second["image"] == "images/0410.png"


def test_variants_bare_urls_video_and_unknown_labels(variants: dict) -> None:
    third = variants["entries"][2]
    assert third["title"] == "AI全自动钓鱼"
    assert third["url"] == "https://mp.weixin.qq.com/s/zA1jnCS6o1UNPum_FoUQlg"
    assert third["stars"] == 3
    assert third["code"] == "https://github.com/7eu7d7/genshin_auto_fish"
    assert third["demo"] == {"title": "在线演示", "url": "https://example.org/fish-demo"}
    assert third["links"] == {
        "bilibili": "https://www.bilibili.com/read/cv13270965",
        "知乎": {"title": "原神自动钓鱼详解", "url": "https://zhuanlan.zhihu.com/p/420000000"},
    }
    assert third["tips"] == "- 备注补充：作者说下周更新模型"  # a label without a link
    assert third["video"] == {"src": "https://example.org/media/fish.mp4", "width": "80%"}
    assert third["image"] == "https://example.org/media/fish.jpg"  # the video's poster


def test_variants_free_paragraphs(variants: dict) -> None:
    fourth = variants["entries"][3]
    assert fourth["abstract"] == "简历模板以及如何写简历"
    assert fourth["tips"] == (
        "这篇文章的重点是项目经历那一段，写得很实在。\n"
        "另见 https://example.org/resume-tips 里的模板。\n\n"
        "多看几遍，*先改项目经历*"
    )
    day: ImportedDay = variants["day"]
    assert day.body[0].startswith("今天主要看了检测和重建相关的文章")  # before the items: body
    assert day.verbatim == 4  # the intro, the footer, the unknown label, the free paragraph


def test_variants_nothing_lost_and_valid(variants: dict) -> None:
    text = valid(variants["day"], "notes/202104/0410.md")
    assert_nothing_lost(variants["text"], text)


# ----------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Abstract", "abstract"),
        ("主要内容", "abstract"),
        ("摘要", "abstract"),
        ("Paper", "paper"),
        ("论文", "paper"),
        ("Paper1", "paper"),
        ("Paper2", "paper"),
        ("Code", "code"),
        ("code", "code"),
        ("GitHub", "code"),
        ("ＧitHub", "code"),
        ("项目地址", "project"),
        ("Demo", "demo"),
        ("Tips", "tips"),
        ("核心要点", "tips"),
        ("bilibili", None),
        ("知乎", None),
    ],
)
def test_label_synonyms(label: str, kind: str | None) -> None:
    assert label_field(label) == kind


def test_find_links_brackets_parens_and_bare_urls() -> None:
    text = (
        "[a [nested] title](https://en.wikipedia.org/wiki/Foo_(bar)) and "
        "https://example.org/x. 以及 <https://example.org/auto>，https://example.org/中文"
    )
    links = find_links(text)
    assert [(link.title, link.url) for link in links] == [
        ("a [nested] title", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        (None, "https://example.org/x"),
        (None, "https://example.org/auto"),
        (None, "https://example.org/"),
    ]


def test_title_date_against_path_date_and_missing_date(tmp_path: Path) -> None:
    notes = tmp_path / "src" / "notes" / "202105"
    notes.mkdir(parents=True)
    (notes / "0511.md").write_text("# 笔记（2021.5.12）\n\n1. [t](https://a.example/1)\n", "utf-8")
    (notes / "nodate.md").write_text("1. [t](https://a.example/2)\n", "utf-8")
    plan = plan_import(tmp_path / "src", tmp_path / "dest")
    assert [n.rel for n in plan.notes] == ["202105/0511.md"]
    assert plan.notes[0].date == dt.date(2021, 5, 11)
    assert plan.warnings == [
        "notes/202105/0511.md: the title says 2021-05-12, the path 2021-05-11; used the path's date",
        "notes/202105/nodate.md: neither the path nor a title like '# …（2021.9.30）' gives a date;"
        " not imported",
    ]


def test_readme_day_only_without_a_file_and_file_wins(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "notes" / "202104").mkdir(parents=True)
    readme = (VARIANTS / "README.md").read_text(encoding="utf-8")
    (src / "README.md").write_text(readme.replace("2021.5.11", "2021.4.10"), "utf-8")
    (src / "notes" / "202104" / "0410.md").write_text(
        "# 笔记（2021.4.10）\n\n1. [From the file](https://a.example/file)\n", "utf-8"
    )
    plan = plan_import(src, tmp_path / "dest")
    assert [n.rel for n in plan.notes] == ["202104/0410.md"]
    day = plan.notes[0].day
    assert day is not None
    assert [e.title for e in day.entries] == ["From the file"]

    (src / "notes" / "202104" / "0410.md").unlink()
    plan = plan_import(src, tmp_path / "dest")
    assert [n.origin for n in plan.notes] == ["README.md (今日要点)"]
    assert plan.notes[0].day is not None
    assert plan.notes[0].day.entries[0].title == "只在 README 里的一天"


def test_yaml_is_block_style_ordered_unicode_and_deterministic(variants: dict) -> None:
    day: ImportedDay = variants["day"]
    day.date = dt.date(2021, 4, 10)
    text = render_note(day)
    assert text == render_note(day)
    front, body = split_front_matter(text)
    assert front is not None
    assert "\\u" not in front and "DeBERTa是对BERT的改造" in front
    assert "{" not in front  # block style only
    assert "    tips: |\n      - 分散注意力\n" in front
    data = yaml.safe_load(front)
    assert list(data) == ["date", "title", "entries"]
    order = ["title", "url", "stars", "abstract", "paper", "code", "demo", "links", "tips"]
    order += ["image", "video"]
    for entry in data["entries"]:
        keys = list(entry)
        assert keys == sorted(keys, key=order.index)
    assert body.startswith("\n今天主要看了")


def test_dump_yaml_multiline_is_a_literal_block() -> None:
    assert dump_yaml({"tips": "a\nb"}) == "tips: |\n  a\n  b\n"
    assert dump_yaml({"tips": "one line"}) == "tips: one line\n"


# ----------------------------------------------------------------------------- as written
# What a real archive holds that would not build with --strict as written (issue #13, item 5):
# links without a scheme, addresses as link targets, empty links, two rated titles under one
# number. Each is fixed, counted in the summary, and no URL is lost.


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("arxiv.org/abs/2111.08687", "https://arxiv.org/abs/2111.08687"),
        ("microsoft.careers.com", "https://microsoft.careers.com"),
        ("www.example.org/x", "https://www.example.org/x"),
        ("github.com/a/b", "https://github.com/a/b"),
        ("huggingface.co/spaces/a/b", "https://huggingface.co/spaces/a/b"),
        ("WWW.Example.ORG/Upper", "https://WWW.Example.ORG/Upper"),
        ("www.example.internal/x", "https://www.example.internal/x"),  # www.: any domain
        ("news.bbc.co.uk/story?id=1#top", "https://news.bbc.co.uk/story?id=1#top"),
        ("example.com?q=1", "https://example.com?q=1"),
        ("demo.example.com:8080/try", "https://demo.example.com:8080/try"),
        ("//cdn.example.com/a.png", "https://cdn.example.com/a.png"),
        ("  arxiv.org/abs/1  ", "https://arxiv.org/abs/1"),
        ("me@example.org", "mailto:me@example.org"),
        ("first.last+tag@mail.example.cn", "mailto:first.last+tag@mail.example.cn"),
    ],
)
def test_a_target_without_its_scheme_gets_it(written: str, fixed: str) -> None:
    assert normalize_url(written) == (fixed, "mailto" if "@" in written else "https")


@pytest.mark.parametrize(
    "written",
    [
        "images/a.png",
        "../202105/0511.md",
        "./0511.md",
        "0511.md",
        "readme.md",  # .md is also Moldova's domain: a file here
        "model.pt",
        "files/model.pt",
        "paper.pdf",
        "archive.tar.gz",
        "icon@2x.png",  # an @ in a file name is no address
        "images/icon@2x.png",
        "v1.2",
        "10.30",
        "example.internal/x",  # no known domain, no www.
        "localhost/x",
        "www.md",
        "-bad-.com/x",
        "https://example.org/x",
        "http://example.org/x",
        "HTTPS://EXAMPLE.ORG/X",
        "mailto:me@example.org",
        "javascript:alert(1)",
        "example.com:x/y",  # not a port: left for the validator
        "#top",
        "?q=1",
        "/etc/passwd",
        "//etc/passwd",
        "C:\\notes\\a.png",
        "\\\\server\\share\\a.png",
        "example.com\\a.png",
        "arxiv.org/abs/1 and more",
        "me@localhost",
        "",
        "   ",
    ],
)
def test_a_relative_path_or_a_full_url_is_left_as_written(written: str) -> None:
    assert normalize_url(written) == (written, None)


@pytest.mark.parametrize(
    ("text", "fixed", "changes"),
    [
        ("[t](arxiv.org/abs/1)", "[t](https://arxiv.org/abs/1)", {"https": 1}),
        ("![a](mmbiz.qpic.cn/x.png)", "![a](https://mmbiz.qpic.cn/x.png)", {"https": 1}),
        ('[t](example.com/x "title")', '[t](https://example.com/x "title")', {"https": 1}),
        ("[t](<example.com/x>)", "[t](<https://example.com/x>)", {"https": 1}),
        ("[t]( example.com/x )", "[t]( https://example.com/x )", {"https": 1}),
        ("[example.com](example.com)", "[example.com](https://example.com)", {"https": 1}),
        ("[me](me@example.org)", "[me](mailto:me@example.org)", {"mailto": 1}),
        ("[t]()", "t", {"empty": 1}),
        ("[t]( )", "t", {"empty": 1}),
        ("![alt]()", "alt", {"empty": 1}),
        ("a [t]() and [u]() b", "a t and u b", {"empty": 2}),
        ('<a href="www.example.org/p">p</a>', '<a href="https://www.example.org/p">p</a>', {"https": 1}),
        ("<img src='//cdn.example.com/a.png'>", "<img src='https://cdn.example.com/a.png'>", {"https": 1}),
        ("<video poster=cdn.example.com/p.jpg>", "<video poster=https://cdn.example.com/p.jpg>", {"https": 1}),
        ('<img alt="example.com" src="a.png">', '<img alt="example.com" src="a.png">', {}),
        ("[t](images/a.png) [u](../202105/0511.md)", "[t](images/a.png) [u](../202105/0511.md)", {}),
        ("[t](https://example.org) <https://e.org> https://x.org", None, {}),
        ("arxiv.org/abs/1 and me@example.org as plain text", None, {}),  # not links: text
        ("```\n[t](example.com)\n[e]()\n```", None, {}),
        ("  ~~~\n  [t](example.com)\n  ~~~\n[u](example.com)", "  ~~~\n  [t](example.com)\n  ~~~\n[u](https://example.com)", {"https": 1}),
        ("[a [b]() c](example.com)", "[a b c](https://example.com)", {"empty": 1, "https": 1}),
    ],
)  # fmt: skip
def test_normalize_links_in_markdown(text: str, fixed: str | None, changes: dict) -> None:
    counted: Counter[str] = Counter()
    assert normalize_links(text, counted) == (text if fixed is None else fixed)
    assert dict(counted) == changes


def entries_of(text: str) -> list[dict]:
    day = parse_note(text)
    valid(day)
    return [e.front_matter() for e in day.entries]


def test_links_without_a_scheme_in_every_field() -> None:
    day = parse_note(
        "今天也在 [网站](www.example.org/today) 上\n\n"
        "1. [T](mp.weixin.qq.com/s/abc)  :star:\n"
        "   - Abstract: 见 [代码](github.com/a/b)\n"
        "   - Paper: [P](arxiv.org/abs/2111.08687)\n"
        "   - Code: github.com/a/c\n"
        "   - 网站：[microsoft.careers.com](microsoft.careers.com)\n"
        "   - Demo: <demo.example.com>\n"
        "   - Tips: 另见 [博客](//blog.example.org/p)\n\n"
        '<div align=center><img src="mmbiz.qpic.cn/x/640?wx_fmt=png&amp;tp=webp"></div>\n'
    )
    (entry,) = [e.front_matter() for e in day.entries]
    assert entry == {
        "title": "T",
        "url": "https://mp.weixin.qq.com/s/abc",
        "stars": 1,
        "abstract": "见 [代码](https://github.com/a/b)",
        "paper": {"title": "P", "url": "https://arxiv.org/abs/2111.08687"},
        "code": "https://github.com/a/c",
        "demo": "https://demo.example.com",
        "links": {
            "网站": {"title": "microsoft.careers.com", "url": "https://microsoft.careers.com"}
        },
        "tips": "另见 [博客](https://blog.example.org/p)",
        "image": "https://mmbiz.qpic.cn/x/640?wx_fmt=png&tp=webp",
    }
    assert day.body == ["今天也在 [网站](https://www.example.org/today) 上"]
    assert day.all_changes() == Counter({"https": 9})
    valid(day)


def test_addresses_as_link_targets_get_mailto() -> None:
    day = parse_note(
        "1. [T](https://example.org/t)\n"
        "   - Contact: [me](me@example.org)\n"
        "   - 邮箱: someone@example.com\n"
        "   - HR: <hr@example.cn>\n"
        "   - Tips: 写信到 [这里](tips@example.org)\n\n"
        "## Others\n\n- [reader@example.org](reader@example.org)\n"
    )
    (entry,) = [e.front_matter() for e in day.entries]
    assert entry["links"] == {
        "Contact": {"title": "me", "url": "mailto:me@example.org"},
        "邮箱": "mailto:someone@example.com",
        "HR": "mailto:hr@example.cn",
    }
    assert entry["tips"] == "写信到 [这里](mailto:tips@example.org)"
    assert day.body == ["## Others\n\n- [reader@example.org](mailto:reader@example.org)"]
    assert day.all_changes() == Counter({"mailto": 5})
    valid(day)


def test_a_value_that_is_not_an_address_stays_text() -> None:
    (entry,) = entries_of(
        "1. [T](https://example.org/t)\n   - 时间: 10.30\n   - 版本: v1.2\n   - 作者: Zhang.San\n"
    )
    assert "links" not in entry
    assert entry["tips"] == "- 时间: 10.30\n- 版本: v1.2\n- 作者: Zhang.San"


def test_empty_links_keep_their_title_as_text() -> None:
    day = parse_note(
        "1. [还没有链接的标题]()  :star:\n"
        "   - Paper: [论文稍后补上]( )\n"
        "   - 主要内容：\n"
        "     - [项目一]()\n"
        "     - [项目二](https://github.com/a/b)\n"
    )
    (entry,) = [e.front_matter() for e in day.entries]
    assert entry == {
        "title": "还没有链接的标题",
        "stars": 1,
        "tips": "- Paper: 论文稍后补上\n- 主要内容：\n  - 项目一\n  - [项目二](https://github.com/a/b)",
    }
    assert day.all_changes() == Counter({"empty": 3})
    valid(day)


def test_a_second_rated_title_on_a_line_of_its_own_is_its_own_entry() -> None:
    day = parse_note(
        "1. [First](https://example.org/1)       :star::star:\n\n"
        "   [Second](https://example.org/2)       :star::star::star:\n\n"
        "   - Abstract: about the second\n"
        "   - Code: [https://github.com/a/b](https://github.com/a/b)\n\n"
        '<div align=center><img src="https://img.example.org/2.png"></div>\n\n'
        "2. [Third](https://example.org/3)  :star:\n"
        "   - Abstract: about the third\n"
    )
    assert [e.front_matter() for e in day.entries] == [
        {"title": "First", "url": "https://example.org/1", "stars": 2},
        {
            "title": "Second",
            "url": "https://example.org/2",
            "stars": 3,
            "abstract": "about the second",
            "code": "https://github.com/a/b",
            "image": "https://img.example.org/2.png",
        },
        {
            "title": "Third",
            "url": "https://example.org/3",
            "stars": 1,
            "abstract": "about the third",
        },
    ]
    assert day.all_changes() == Counter({"split": 1, "split entries": 2})
    valid(day)


@pytest.mark.parametrize(
    "second",
    [
        "   - [Second](https://example.org/2) ⭐⭐⭐",  # a bullet of its own
        "   [Second](https://example.org/2):star::star::star: 好文",  # stars then words
        "[Second](https://example.org/2)  :star: :star: :star:",  # at the margin
    ],
)
def test_a_second_rated_title_variants(second: str) -> None:
    first, other = entries_of(f"1. [First](https://example.org/1)  :star:\n{second}\n")
    assert (first["title"], first["stars"]) == ("First", 1)
    assert (other["title"], other["url"], other["stars"]) == ("Second", "https://example.org/2", 3)
    assert other.get("tips", "好文") == "好文"


def test_two_rated_titles_on_the_item_line() -> None:
    day = parse_note(
        "1. [A](https://example.org/a) :star: [B](example.com/b) :star::star: 推荐\n"
        "   - Abstract: about B\n"
    )
    assert [e.front_matter() for e in day.entries] == [
        {"title": "A", "url": "https://example.org/a", "stars": 1},
        {
            "title": "B",
            "url": "https://example.com/b",
            "stars": 2,
            "abstract": "about B",
            "tips": "推荐",
        },
    ]
    assert day.all_changes() == Counter({"https": 1, "split": 1, "split entries": 2})


@pytest.mark.parametrize(
    "text",
    [
        # one title, its stars in two runs: one entry with all of them
        "1. [A](https://example.org/a) :star: 很好 :star:\n",
        # a second link without stars: a link in the tips
        "1. [A](https://example.org/a) :star:\n   [B](https://example.org/b)\n",
        "1. [A](https://example.org/a) 和 [B](https://example.org/b) :star::star:\n",
        # a rated link after a label is that field's link, not a title
        "1. [A](https://example.org/a) :star:\n   - Paper: [P](https://arxiv.org/abs/1) :star:\n",
        # rated links nested under a label stay in it
        "1. [A](https://example.org/a) :star:\n   - 主要内容：\n     - [B](https://e.org/b) :star:\n",
        # words before the link: not a title of its own
        "1. [A](https://example.org/a) :star:\n   另见 [B](https://example.org/b) :star:\n",
        # an image is no title
        "1. [A](https://example.org/a) :star:\n   ![B](https://example.org/b.png) :star:\n",
    ],
)
def test_what_is_not_a_second_title(text: str) -> None:
    day = parse_note(text)
    assert len(day.entries) == 1
    assert day.all_changes()["split"] == 0
    note = valid(day)
    assert all(url in note for url in re.findall(r"https://[^\s)]+", text))


def test_an_item_with_very_many_rated_titles_is_cut_at_the_limit() -> None:
    head = " ".join(f"[T{n}](https://example.org/{n}) :star:" for n in range(1, 26))
    day = parse_note(f"1. {head}\n   [T26](https://example.org/26) :star:\n")
    assert len(day.entries) == MAX_ENTRIES_PER_ITEM == 20
    assert [e.title for e in day.entries[:19]] == [f"T{n}" for n in range(1, 20)]
    assert day.warnings == [
        "entry 20: more than 20 rated titles under one number; "
        "the others are kept in this entry's tips"
    ]
    note = valid(day)
    assert all(f"https://example.org/{n}" in note for n in range(1, 27))


def test_changes_line_counts_and_plurals() -> None:
    one = parse_note(
        "1. [A](a.org/x) :star:\n   [B](https://b.org) :star:\n   - C: [c](me@example.org)\n"
        "   - D: [d]()\n"
    )
    assert changes_line([one]) == (
        "changed from the source: 1 link given https://, 1 address given mailto:, "
        "1 empty link kept as text, 1 item split into 2 entries"
    )
    assert changes_line([one, one]) == (
        "changed from the source: 2 links given https://, 2 addresses given mailto:, "
        "2 empty links kept as text, 2 items split into 4 entries"
    )
    assert changes_line([parse_note("1. [A](https://a.org/x) :star:\n")]) is None


def test_the_summary_lists_the_changes_and_nothing_is_lost(tmp_path: Path) -> None:
    """The archive fixture: every URL and link target of the source is in the notes."""
    archive = FIXTURES / "archive"
    plan = plan_import(archive, tmp_path / "dest")
    result = apply_plan(plan, dry_run=True)
    assert (
        "changed from the source: 12 links given https://, 4 addresses given mailto:, "
        "3 empty links kept as text, 2 items split into 4 entries"
    ) in result.summary_lines()
    notes = {n.rel: n.text for n in plan.notes}
    for rel in ("202106/0601.md", "202106/0602.md"):
        source = (archive / "notes" / rel).read_text("utf-8")
        targets = set(re.findall(r"\]\(\s*<?([^)\s>]+)", source))
        targets |= set(re.findall(r"""src="([^"]+)\"""", html.unescape(source)))
        targets |= source_urls(source)
        assert len(targets) >= 8  # never vacuous
        assert sorted(t for t in targets if t not in notes[rel]) == []
    fixed = notes["202106/0601.md"]
    for url in (
        "url: https://mp.weixin.qq.com/s/resnet-revisit",
        "url: https://arxiv.org/abs/2106.00001",
        "code: https://github.com/example-lab/resnet-revisit-lite",
        "url: mailto:hr@example-lab.cn",
        "邮箱: mailto:someone@example.com",
        "[博客](https://blog.example.org/resnet)",
        "image: https://mmbiz.qpic.cn/mmbiz_png/fixture-resnet/640?wx_fmt=png&tp=webp",
        "[我的网站](https://www.notes-example.org/daily)",
    ):
        assert url in fixed
    kept = notes["202106/0602.md"]
    for path in (
        "![示意图](images/fig.png)",
        "(0601.md)",
        "(../202106/0601.md)",
        "url: files/model.pt",
    ):
        assert path in kept  # real relative paths stay relative
    assert "[clone](github.com/example-lab/not-a-link)" in kept  # code is left alone
    for note in plan.notes:
        assert [str(p) for p in parse_day(f"notes/{note.rel}", note.text, "notes").problems] == []


def test_a_note_already_in_the_contract_keeps_its_problems_lines(tmp_path: Path) -> None:
    """A note with front matter is copied as it is; its problems are named with where it
    comes from, and with their line, entry and field."""
    note = tmp_path / "src" / "notes" / "202105" / "0511.md"
    note.parent.mkdir(parents=True)
    note.write_text("---\nentries:\n  - title: a\n    stars: seven\n---\n", "utf-8")
    plan = plan_import(tmp_path / "src", tmp_path / "dest")
    assert [w for w in plan.warnings if "stars" in w] == [
        "notes/202105/0511.md:4: entry 1, 'stars': expected a whole number from 0 to 5, got 'seven'"
    ]
