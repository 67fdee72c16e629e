"""Search quality of a dairly site in a real browser: recall and precision@5 of typed terms.

A reading log of ML papers and repositories (Chinese with English names, generated from a
seed) is built with MkDocs and served on 127.0.0.1; Debian's Chromium (Playwright) types each
term into Material's search box as a person does (Latin letters key by key, Chinese word by
word as an input method commits it, each commit followed by a key-up), and the results are
read once Material's search worker has answered every query sent.

Each variant is the same notes built with other dairly options (``baseline``:
``search_typed_first: false``, Material's own search of the lean day views; ``typed-first``:
the default).

Measures, per term and in total (see benchmarks/README.md):

``recall``
    1 if an entry containing the term is among the first 10 results (the results Material
    renders before the reader scrolls), else 0 (every term is in at least one entry).
``p@5``
    Of the first five results, the share containing the term; the denominator is
    ``min(5, days with an entry containing it)`` (a result is a day page; it contains the
    term when one of the entries it shows, not folded away, does).

"Contains" is judged on the built day page's card text (not on the search index), lower
case, zero-width spaces removed, spaces dropped where not between two Latin letters or
digits, a term starting with a Latin letter or digit only at a word start.

Usage::

    python benchmarks/search_quality.py [--days 90] [--variants baseline,typed-first]
                                        [--terms N] [--keep DIR] [--json PATH] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # tests.browserkit: Chromium's path, flags, static server

from tests.browserkit import (  # noqa: E402
    CHROMIUM,
    COUNT_SEARCH_MESSAGES,
    FLAGS,
    serve_dir,
    type_search,
)

DEFAULT_SEED = 20260511
START_DATE = dt.date(2025, 1, 1)
VARIANTS: dict[str, dict[str, Any]] = {
    "baseline": {"search_typed_first": False},
    "typed-first": {},
}
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# -- the reading log ---------------------------------------------------------------------

TASKS = (
    "目标检测", "小目标检测", "语义分割", "实例分割", "图像分类", "目标跟踪", "姿态估计",
    "超分辨率", "图像生成", "文本生成", "机器翻译", "语音识别", "语音合成", "情感分析",
    "推荐系统", "三维重建", "深度估计", "异常检测", "人脸识别", "视频理解", "代码生成",
    "知识图谱", "问答系统", "文本分类", "点云分割", "自动驾驶", "医学影像分割", "图像检索",
)  # fmt: skip
METHODS = (
    "注意力机制", "自注意力", "知识蒸馏", "模型压缩", "模型量化", "结构化剪枝", "对比学习",
    "自监督学习", "强化学习", "迁移学习", "联邦学习", "元学习", "图神经网络", "卷积神经网络",
    "扩散模型", "大语言模型", "多模态大模型", "检索增强生成", "指令微调", "参数高效微调",
    "思维链", "混合专家", "旋转位置编码", "位置编码", "提示学习", "神经架构搜索", "数据增强",
    "生成对抗网络", "人类反馈强化学习", "稀疏注意力", "线性注意力", "多模态融合",
)  # fmt: skip
MODELS = (
    "Transformer", "BERT", "GPT-4", "LLaMA", "CLIP", "ViT", "YOLO", "ResNet", "Stable Diffusion",
    "SAM", "Mamba", "DETR", "Swin Transformer", "Qwen", "ChatGLM", "Mistral", "U-Net",
)  # fmt: skip
TOOLS = ("PyTorch", "TensorRT", "ONNX", "CUDA", "vLLM", "HuggingFace", "DeepSpeed", "JAX")
DATASETS = ("ImageNet", "COCO", "ADE20K", "KITTI", "GLUE", "MMLU", "LAION", "Cityscapes")
ORGS = ("谷歌", "Meta", "微软", "清华", "北大", "阿里", "腾讯", "字节跳动", "商汤", "上海AI实验室")
VENUES = ("CVPR 2024", "ICCV 2023", "NeurIPS 2024", "ICLR 2025", "ACL 2024", "AAAI 2025")
METRICS = ("mAP", "mIoU", "准确率", "F1", "BLEU", "FID", "召回率")
EN_TASKS = (
    "Object Detection", "Semantic Segmentation", "Image Generation", "Machine Translation",
    "Speech Recognition", "Anomaly Detection", "Depth Estimation", "Text Classification",
)  # fmt: skip
EN_METHODS = (
    "Attention", "Knowledge Distillation", "Quantization", "Pruning", "Contrastive Learning",
    "Diffusion", "Low-Rank Adaptation", "Mixture of Experts", "Retrieval", "Benchmark",
)  # fmt: skip
EN_ADJ = ("Efficient", "Scalable", "Simple", "Robust", "Unified", "Lightweight", "Fast")
TAGS = ("CV", "NLP", "LLM", "多模态", "部署", "综述", "开源", "论文", "工具")
ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"

TITLE_FORMS = (
    "{venue}｜{model}：{method}在{task}上的新突破",
    "{org}开源{model}，{task}精度提升{n}%",
    "一文读懂{method}",
    "{method}+{task}：更快更准的{thing}",
    "超越{model}！{method}用于{task}",
    "{task}综述：从{model}到{model2}",
    "用{tool}实现{model}的{task}",
    "{model}的{method}改进，{task}只需{n}行代码",
    "{org}提出新的{method}方法",
    "为什么{method}对{task}有效？",
    "{model} 架构详解：{method}与{method2}",
    "LoRA 微调{model}做{task}",
    "{model} {task}：{method}的新思路",
    "YOLO 目标检测实战：{method}让小模型也能跑",
    "CLIP 多模态检索：{task}的新基线",
    "GPT-4 评测：{task}能力到底如何",
    "ViT 图像分类中的{method}",
    "Stable Diffusion 图像生成提速{k}倍",
    "Transformer 架构还能怎么改？{method}给出答案",
)  # fmt: skip
ABSTRACT_FORMS = (
    "本文提出一种基于{method}的{task}方法，在{dataset}上{metric}达到{n}.{m}，比{model}快{k}倍。",
    "作者把{method}引入{task}，训练目标只改了一项损失，检测头和骨干网络保持不变。",
    "{org}团队用{model}作为骨干，结合{method2}，在{task}和{task2}两个任务上都取得了最好结果。",
    "这是一篇关于{method}的综述，覆盖{task}、{task2}等方向，整理了{n}篇论文和开源代码。",
    "We propose {adj} {en_method} for {en_task}, beating {model} on {dataset} by {n}.{m} points.",
    "该工作用 LoRA 微调 {model}，只训练{n}%的参数就接近全量微调的效果。",
    "{model} 架构在{task}中的应用：作者分析了{method}的计算量，并给出{tool}部署方案。",
    "研究发现大模型在{task}上仍存在幻觉，{method}能缓解这一问题，但推理成本上升。",
    "论文比较了{method}和{method2}，结论是数据规模比模型结构更重要。",
    "{model}在{task}上的表现：用 {tool} 实现，代码不到{n}行。",
    "作者用 GPT-4 做评测，发现{method}在{task}上并不总是有效。",
    "YOLO 的检测头被换成{method}，目标检测速度提升{k}倍。",
)  # fmt: skip
TIPS_FORMS = (
    "代码基于{tool}，提供预训练权重和{dataset}上的评测脚本。",
    "可以和{method2}结合使用，适合端侧部署。",
    "{model}的官方实现，支持{tool}推理加速，显存占用较低。",
    "实验部分值得细读：消融实验说明{method}是提升的主要来源。",
    "作者开源了训练代码，复现{task}结果需要{k}张GPU。",
    "对{task}感兴趣的同学可以先看第三节的方法部分。",
    "Uses {tool} and {en_method}; a good baseline for {en_task}.",
    "注意：{model}的许可证不允许商用。",
)  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One generated entry (the fields a dairly note holds)."""

    title: str
    stars: int
    abstract: str
    paper_title: str
    paper_url: str
    code_url: str
    tips: str
    tags: tuple[str, ...]


def _fill(form: str, rng: random.Random) -> str:
    model, model2 = rng.sample(MODELS, 2)
    method, method2 = rng.sample(METHODS, 2)
    task, task2 = rng.sample(TASKS, 2)
    return form.format(
        venue=rng.choice(VENUES), model=model, model2=model2, method=method, method2=method2,
        task=task, task2=task2, org=rng.choice(ORGS), tool=rng.choice(TOOLS),
        dataset=rng.choice(DATASETS), metric=rng.choice(METRICS), n=rng.randint(2, 60),
        m=rng.randint(0, 9), k=rng.randint(2, 8), adj=rng.choice(EN_ADJ),
        en_method=rng.choice(EN_METHODS), en_task=rng.choice(EN_TASKS),
        thing=rng.choice(("模型", "方法", "框架", "基线")),
    )  # fmt: skip


def make_entry(rng: random.Random) -> Entry:
    """One entry: a title, an abstract, a paper, a repository, tips and perhaps tags."""
    token = "".join(rng.choice(ALNUM) for _ in range(6))
    paper = (
        f"{rng.choice(EN_ADJ)} {rng.choice(EN_METHODS)} for {rng.choice(EN_TASKS)}"
        f" with {rng.choice(MODELS)}"
    )
    return Entry(
        title=_fill(rng.choice(TITLE_FORMS), rng),
        stars=rng.choice((1, 2, 3, 3, 4, 5)),
        abstract=_fill(rng.choice(ABSTRACT_FORMS), rng),
        paper_title=paper,
        paper_url=f"https://arxiv.org/abs/24{rng.randint(1, 12):02d}.{rng.randint(1, 19999):05d}",
        code_url=f"https://github.com/{token}/{rng.choice(MODELS).lower().replace(' ', '-')}",
        tips=_fill(rng.choice(TIPS_FORMS), rng),
        tags=tuple(rng.sample(TAGS, rng.randint(0, 2))),
    )


def make_days(n: int, seed: int = DEFAULT_SEED) -> list[tuple[dt.date, list[Entry]]]:
    """``n`` consecutive days from 2025-01-01, three to five entries each (one RNG per day)."""
    days = []
    for i in range(n):
        rng = random.Random(f"{seed}-{i}")
        days.append(
            (START_DATE + dt.timedelta(days=i), [make_entry(rng) for _ in range(rng.randint(3, 5))])
        )
    return days


def note_text(entries: Sequence[Entry]) -> str:
    meta = {
        "entries": [
            {
                "title": e.title, "stars": e.stars, "abstract": e.abstract,
                "paper": {"title": e.paper_title, "url": e.paper_url}, "code": e.code_url,
                "tips": e.tips, **({"tags": list(e.tags)} if e.tags else {}),
            }
            for e in entries
        ]
    }  # fmt: skip
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def write_site(
    root: Path, days: Sequence[tuple[dt.date, list[Entry]]], options: dict[str, Any]
) -> None:
    """The notes and an ``mkdocs.yml`` (Material in Chinese, ``plugins: [search, dairly]``)."""
    for date, entries in days:
        path = root / "docs" / "notes" / date.strftime("%Y%m") / f"{date:%m%d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(entries), encoding="utf-8")
    config = {
        "site_name": "论文阅读笔记",
        "theme": {"name": "material", "language": "zh"},
        "plugins": ["search", {"dairly": options} if options else "dairly"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


# -- the terms ---------------------------------------------------------------------------

TERMS: tuple[tuple[str, str], ...] = tuple(
    [("zh", t) for t in (
        "目标检测", "语义分割", "实例分割", "图像分类", "目标跟踪", "姿态估计", "超分辨率",
        "图像生成", "机器翻译", "语音识别", "异常检测", "三维重建", "自动驾驶", "人脸识别",
        "注意力机制", "自注意力", "知识蒸馏", "模型压缩", "对比学习", "自监督学习", "强化学习",
        "图神经网络", "扩散模型", "大语言模型", "多模态", "多模态大模型", "检索增强生成",
        "指令微调", "思维链", "混合专家", "位置编码", "数据增强", "小目标检测", "大模型",
        "语言模型", "推理加速", "端侧部署", "开源代码", "预训练权重", "消融实验",
    )]
    + [("zh-word", t) for t in (
        "检测", "分割", "微调", "量化", "剪枝", "蒸馏", "模型", "推理", "开源", "综述",
        "注意力", "生成", "部署", "幻觉",
    )]
    + [("mixed", t) for t in (
        "LoRA 微调", "Transformer 架构", "YOLO 目标检测", "CLIP 多模态", "PyTorch 实现",
        "GPT-4 评测", "ViT 图像分类", "Stable Diffusion 图像生成",
    )]
    + [("en", t) for t in (
        "Transformer", "diffusion", "LoRA", "YOLO", "quantization", "benchmark", "PyTorch",
        "attention", "segmentation", "CUDA", "detection", "distillation",
    )]
)  # fmt: skip

# -- containment -------------------------------------------------------------------------

_LATIN = "a-z0-9"
_SPACE_NOT_BETWEEN_LATIN = re.compile(rf" (?![{_LATIN}])|(?<![{_LATIN}]) ")


def normalize(text: str) -> str:
    """Lower case, zero-width spaces out, spaces kept only between Latin letters or digits."""
    text = re.sub(r"\s+", " ", text.replace("\u200b", "").lower()).strip()
    return _SPACE_NOT_BETWEEN_LATIN.sub("", text)


def contains(text: str, term: str) -> bool:
    """Whether normalized ``text`` holds normalized ``term`` (a Latin start at a word start)."""
    text, needle = normalize(text), normalize(term)
    latin = re.match(rf"[{_LATIN}]", needle) is not None
    at = text.find(needle)
    while at != -1:
        if not latin or at == 0 or not re.match(rf"[{_LATIN}]", text[at - 1]):
            return True
        at = text.find(needle, at + 1)
    return False


def page_texts(site_dir: Path) -> dict[str, str]:
    """``location`` (as Material's search index names it) → the text a reader sees there:
    each entry card's text at ``notes/YYYYMM/MMDD/#entry-N``, the day's heading at the page."""
    from bs4 import BeautifulSoup

    texts: dict[str, str] = {}
    for page in sorted((site_dir / "notes").glob("[0-9]*/[0-9]*/index.html")):
        location = page.parent.relative_to(site_dir).as_posix() + "/"
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        content = soup.select_one("article.md-content__inner")
        assert content is not None, page
        h1 = content.find("h1")
        texts[location] = h1.get_text(" ") if h1 else ""
        for card in content.select("article.dairly-entry"):
            texts[f"{location}#{card['id']}"] = card.get_text(" ")
    return texts


# -- judging the results -----------------------------------------------------------------


@dataclass
class TermResult:
    kind: str
    term: str
    entries: int  # entries containing the term
    days: int  # days with such an entry
    recall: int
    precision: float
    first: list[bool] = field(default_factory=list)  # the first five results: contains?
    ms: float = 0.0  # from the last query posted to the search worker to its results


def judge(
    kind: str, term: str, items: list[list[dict[str, Any]]], texts: dict[str, str]
) -> TermResult:
    """Recall and precision@5 of one term's result items."""
    holding = {loc for loc, text in texts.items() if "#" in loc and contains(text, term)}
    days = {loc.split("#")[0] for loc in holding}

    def holds(link: dict[str, Any]) -> bool:
        return link["href"].lstrip("/") in holding or (
            "#" not in link["href"] and contains(texts.get(link["href"].lstrip("/"), ""), term)
        )

    first = [any(holds(link) for link in item if not link["folded"]) for item in items[:5]]
    found = any(holds(link) for item in items[:10] for link in item)
    denominator = min(5, len(days))
    return TermResult(
        kind, term, len(holding), len(days), int(found),
        sum(first) / denominator if denominator else 0.0, first,
    )  # fmt: skip


def run_variant(browser: Any, site_dir: Path, terms: Sequence[tuple[str, str]]) -> list[TermResult]:
    texts = page_texts(site_dir)
    results = []
    with serve_dir(site_dir) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(COUNT_SEARCH_MESSAGES)
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(url) else route.abort(),
        )
        page.goto(url + "notes/")
        page.click("input.md-search__input")
        page.wait_for_function("() => !!document.querySelector('.md-search-result__meta')")
        for kind, term in terms:
            items = type_search(page, term)
            results.append(judge(kind, term, items, texts))
            results[-1].ms = page.evaluate("window.__dairlyResultAt - window.__dairlyQueryAt")
            print(
                f"  {term}: recall {results[-1].recall}, p@5 {results[-1].precision:.2f}",
                file=sys.stderr,
            )
        context.close()
    return results


def build(root: Path, dairly_src: Path | None = None) -> Path:
    """``mkdocs build`` in ``root`` (with the ``mkdocs_dairly`` package in ``dairly_src``, if
    given, as ``benchmarks/bench.py --dairly-src`` does)."""
    site_dir = root / "site"
    env = os.environ | BUILD_ENV
    if dairly_src is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(dairly_src.resolve()), env.get("PYTHONPATH", "")) if p
        )
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site_dir)],
        cwd=root, capture_output=True, text=True, env=env,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"build failed in {root}:\n{proc.stderr}")
    return site_dir


# -- the report --------------------------------------------------------------------------


def summary(results: Sequence[TermResult]) -> tuple[float, float]:
    """Mean recall and precision@5 over the terms some entry contains."""
    results = [r for r in results if r.entries]
    n = len(results)
    return (
        (sum(r.recall for r in results) / n, sum(r.precision for r in results) / n)
        if n
        else (0.0, 0.0)
    )


def format_report(info: dict[str, Any], runs: dict[str, list[TermResult]]) -> str:
    names = list(runs)
    lines = [
        f"Machine: {info['cpus']} CPUs, Python {info['python']}, Chromium {info['chromium']}, "
        f"{info['days']} days, {info['entries']} entries, {len(next(iter(runs.values())))} terms, "
        f"commit {info['commit']}, load {info['load']:.1f} at the start",
        "",
        "| term | kind | entries (days) | "
        + " | ".join(f"{n} found | {n} p@5" for n in names)
        + " |",
        "|---|---|---|" + "---|---|" * len(names),
    ]
    for i, first in enumerate(next(iter(runs.values()))):
        cells = []
        for name in names:
            r = runs[name][i]
            cells += (
                ["yes" if r.recall else "**no**", f"{r.precision:.2f}"] if r.entries else ["—", "—"]
            )
        lines.append(
            f"| {first.term} | {first.kind} | {first.entries} ({first.days}) | "
            + " | ".join(cells)
            + " |"
        )
    lines += [
        "",
        "| variant | terms | recall | precision@5 | goal (recall ≥ 0.95, p@5 ≥ 0.9) "
        "| last query → results, median (max) ms |",
        "|---|---|---|---|---|---|",
    ]
    kinds = ["all", "zh", "zh-word", "mixed", "en"]
    for name in names:
        for kind in kinds:
            part = [r for r in runs[name] if r.entries and kind in ("all", r.kind)]
            recall, precision = summary(part)
            met = "met" if recall >= 0.95 and precision >= 0.9 else "**not met**"
            label = name if kind == "all" else f"{name}, {kind}"
            goal = met if kind == "all" else ""
            ms = [r.ms for r in part] or [0.0]
            wait = f"{statistics.median(ms):.0f} ({max(ms):.0f})"
            lines.append(
                f"| {label} | {len(part)} | {recall:.3f} | {precision:.3f} | {goal} | {wait} |"
            )
    return "\n".join(lines) + "\n"


def machine_info(days: int, entries: int, load: float) -> dict[str, Any]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    chromium = subprocess.run(
        [CHROMIUM, "--version"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(), "python": platform.python_version(), "chromium": chromium,
        "load": load, "days": days, "entries": entries, "commit": commit or "?",
    }  # fmt: skip


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=90, help="days of notes (default 90)")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated")
    parser.add_argument("--terms", type=int, default=0, help="only the first N terms (0: all)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--keep", type=Path, help="write the sites into DIR/<variant>/")
    parser.add_argument("--json", type=Path, help="also save every term's result as JSON")
    parser.add_argument("--dairly-src", type=Path, help="build with the mkdocs_dairly in DIR")
    args = parser.parse_args(argv)
    args.variants = [v for v in args.variants.split(",") if v]
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown or not args.variants:
        parser.error(f"unknown variant {unknown}; expected some of {', '.join(VARIANTS)}")
    return args


@dataclass
class Sites:
    root: Path
    paths: dict[str, Path] = field(default_factory=dict)


def _folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
    else:
        with tempfile.TemporaryDirectory(prefix="dairly-search-") as tmp:
            yield Path(tmp)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from playwright import sync_api

    load = os.getloadavg()[0]
    days = make_days(args.days, args.seed)
    terms = TERMS[: args.terms] if args.terms else TERMS
    runs: dict[str, list[TermResult]] = {}
    for folder in _folder(args.keep):
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            for name in args.variants:
                root = folder / name
                write_site(root, days, VARIANTS[name])
                started = time.perf_counter()
                site_dir = build(root, args.dairly_src)
                print(f"{name}: built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
                runs[name] = run_variant(browser, site_dir, terms)
            browser.close()
    info = machine_info(args.days, sum(len(e) for _, e in days), load)
    print(format_report(info, runs), end="")
    if args.json:
        saved = {"machine": info, "runs": {k: [asdict(r) for r in v] for k, v in runs.items()}}
        args.json.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
