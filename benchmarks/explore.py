"""The explore page at scale: its data size, load and filter times in Debian's Chromium.

Builds the synthetic reading log of ``bench.py`` (N days, six entries a day; every entry
here also gets 0–3 tags from a list of 40 and, one in six, a demo link, so that the tag and
link filters have something to do), serves the site on 127.0.0.1 and opens
``/notes/explore/`` in Chromium (``/usr/bin/chromium``, the flags of the browser tests).

Measured in the page (``performance.now()`` and the marks ``explore.js`` sets):

* the data: ``notes/explore.json`` raw and gzip-compressed (what a server sends);
* load: navigation start → the fetch starts (after the first paint) → the data is parsed and
  indexed → the first 100 rows are written; each in a fresh browser context (empty cache);
* each change, from the control's event to the rows written and laid out (the event
  handler and a forced layout): minimum stars, tag, period, link kind, each keystroke of a
  word typed into the text box (as ``input`` events, one per character), sort, show more.

Usage::

    python benchmarks/explore.py --days 3650 [--reps 5] [--keep DIR] [--site DIR]
                                 [--json PATH] [--busy K]

``--site DIR`` measures an already built site folder (skips the build); ``--keep DIR``
keeps the generated notes and site. The report (Markdown) goes to stdout.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests.browserkit: the browser tests' Chromium setup

TAGS = (
    "cv", "nlp", "多模态", "目标检测", "语义分割", "扩散模型", "大模型", "强化学习", "图神经网络",
    "自监督", "对比学习", "蒸馏", "剪枝", "量化", "部署", "TensorRT", "ONNX", "数据集", "综述",
    "基准", "Transformer", "CNN", "ViT", "检索", "推荐", "语音", "OCR", "视频", "3D", "点云",
    "医学影像", "自动驾驶", "机器人", "生成", "编辑", "超分辨率", "去噪", "跟踪", "姿态估计",
    "开源",
)  # fmt: skip
TYPED = ("Transformer", "卷积网络")  # words typed into the text box, one keystroke at a time


def load_bench() -> ModuleType:
    """``benchmarks/bench.py`` as a module (its synthetic days and build helper)."""
    spec = importlib.util.spec_from_file_location("dairly_bench", HERE / "bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def explore_note(bench: ModuleType, day: Any, index: int, seed: int) -> str:
    """``bench.dairly_note`` of the day, each entry with tags (0–3) and one in six a demo."""
    meta = yaml.safe_load(bench.dairly_note(day).split("---\n")[1])
    rng = random.Random(f"explore-{seed}-{index}")
    for entry in meta["entries"]:
        tags = rng.sample(TAGS, rng.choice((0, 1, 1, 2, 2, 3)))
        if tags:
            entry["tags"] = tags
        if rng.random() < 1 / 6:
            entry["demo"] = f"https://huggingface.co/spaces/demo/{index}-{rng.randint(1, 9999)}"
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def write_site(bench: ModuleType, n: int, root: Path, seed: int) -> Path:
    """The dairly shape of ``bench.py`` with tags and demos; ``root`` (created)."""
    days = bench.make_days(n, seed)
    bench.write_site("dairly", days[:1], root)  # mkdocs.yml as bench.py writes it
    for i, day in enumerate(days):
        path = root / "docs" / "notes" / day.month_dir / f"{day.note_name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(explore_note(bench, day, i, seed), encoding="utf-8")
    return root


# The in-page measurements. ``change`` sets a control and dispatches its event; the time runs
# until the rows are written and laid out (explore.js filters and writes synchronously).
MEASURE_JS = r"""
async ([typed, reps]) => {
  const root = document.querySelector('[data-dairly-explore]');
  const form = root.querySelector('form');
  const el = form.elements;
  const nextFrame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const time = (action) => {
    const t0 = performance.now();
    action();
    void document.body.offsetHeight;  // style and layout of the new rows
    return performance.now() - t0;
  };
  const change = (name, value) => time(() => {
    el[name].value = value;
    el[name].dispatchEvent(new Event('change', {bubbles: true}));
  });
  const box = (kind, on) => time(() => {
    const input = form.querySelector(`input[name=has][value=${kind}]`);
    input.checked = on;
    input.dispatchEvent(new Event('change', {bubbles: true}));
  });
  const count = () => root.querySelector('.dairly-explore__count').textContent;
  const out = {stars: [], tag: [], period: [], kind: [], sort: [], more: [], typed: {}};
  const tags = Array.from(el.tag.options).slice(1);
  const used = (option) => parseInt(option.textContent.split('(').pop().replace(/\D/g, ''));
  tags.sort((a, b) => used(b) - used(a));
  const tag = tags[0].value;
  const period = el.period.options[1].value;
  const counts = {};
  for (let i = 0; i < reps; i++) {
    out.stars.push(change('stars', '3')); counts.stars = count(); await nextFrame();
    out.stars.push(change('stars', '0')); await nextFrame();
    out.tag.push(change('tag', tag)); counts.tag = count(); await nextFrame();
    out.tag.push(change('tag', '')); await nextFrame();
    out.period.push(change('period', period)); counts.period = count(); await nextFrame();
    out.period.push(change('period', '')); await nextFrame();
    out.kind.push(box('demo', true)); counts.kind = count(); await nextFrame();
    out.kind.push(box('demo', false)); await nextFrame();
    out.sort.push(change('sort', 'stars')); await nextFrame();
    out.sort.push(change('sort', 'newest')); await nextFrame();
    const more = root.querySelector('.dairly-explore__more');
    out.more.push(time(() => more.click())); await nextFrame();
    change('stars', '0'); await nextFrame();
  }
  for (const word of typed) {
    const keys = [];
    for (let i = 0; i < reps; i++) {
      el.text.value = '';
      el.text.dispatchEvent(new Event('input', {bubbles: true}));
      await nextFrame();
      for (const ch of word) {
        keys.push(time(() => {
          el.text.value += ch;
          el.text.dispatchEvent(new Event('input', {bubbles: true}));
        }));
        await nextFrame();
      }
      counts['typed ' + word] = count();
    }
    out.typed[word] = keys;
  }
  el.text.value = '';
  el.text.dispatchEvent(new Event('input', {bubbles: true}));
  return {times: out, counts: counts, tag: tag, period: period};
}
"""

LOAD_JS = """
() => {
  const at = (name) => performance.getEntriesByName(name)[0].startTime;
  const nav = performance.getEntriesByType('navigation')[0];
  const json = performance.getEntriesByType('resource').find(r => r.name.endsWith('.json'));
  return {dom: nav.domContentLoadedEventEnd, fetch: at('dairly-explore-fetch'),
          received: json ? json.responseEnd : null,
          data: at('dairly-explore-data'), ready: at('dairly-explore-ready'),
          heap: performance.memory ? performance.memory.usedJSHeapSize : null,
          count: document.querySelector('.dairly-explore__count').textContent};
}
"""


def measure(site_dir: Path, reps: int) -> dict[str, Any]:
    """Open the explore page ``reps`` times (fresh contexts) and measure load and changes."""
    from playwright import sync_api

    from tests.browserkit import CHROMIUM, FLAGS, serve_dir

    data_file = site_dir / "notes" / "explore.json"
    raw = data_file.read_bytes()
    result: dict[str, Any] = {
        "json_bytes": len(raw),
        "json_gzip_bytes": len(gzip.compress(raw, 6)),
        "entries": sum(len(d[2]) for d in json.loads(raw)["days"]),
        "days": len(json.loads(raw)["days"]),
        "loads": [],
    }
    with sync_api.sync_playwright() as p, serve_dir(site_dir) as url:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        for i in range(reps):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            page.goto(url + "notes/explore/")
            page.wait_for_selector("[data-dairly-explore][data-state='ready']", timeout=120_000)
            load = page.evaluate(LOAD_JS)
            result["loads"].append(load)
            if i == reps - 1:  # the changes, once the page has settled
                page.wait_for_timeout(500)
                changes = page.evaluate(MEASURE_JS, [list(TYPED), max(3, reps)])
                result["changes"] = changes
            if errors:
                raise RuntimeError(f"JavaScript errors on the explore page: {errors}")
            context.close()
        browser.close()
    return result


def _ms(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.1f} ms"


def report(result: dict[str, Any], info: dict[str, Any]) -> str:
    """The Markdown report of a measurement."""
    loads = result["loads"]
    fetch = [x["fetch"] for x in loads]
    download = [x["received"] - x["fetch"] for x in loads]
    parse = [x["data"] - x["received"] for x in loads]
    first = [x["ready"] - x["data"] for x in loads]
    ready = [x["ready"] for x in loads]
    changes = result["changes"]
    times, counts = changes["times"], changes["counts"]
    kib = result["json_bytes"] / 1024
    gz = result["json_gzip_bytes"] / 1024
    lines = [
        info["line"],
        "",
        f"{result['days']:,} days, {result['entries']:,} entries; medians of "
        f"{len(loads)} page loads (fresh contexts) and of every change repeated.",
        "",
        "| what | measured |",
        "|---|---|",
        f"| `notes/explore.json` | {kib:,.0f} KiB raw, {gz:,.0f} KiB gzip |",
        f"| navigation start → data fetch starts (after first paint) | {_ms(fetch)} |",
        f"| fetch → data received (Python's http.server on 127.0.0.1) | {_ms(download)} |",
        f"| data received → parsed and indexed | {_ms(parse)} |",
        f"| data → first 100 rows written | {_ms(first)} |",
        f"| navigation start → rows shown | {_ms(ready)} |",
        f"| minimum stars (★3+: {counts['stars']}) | {_ms(times['stars'])} |",
        f"| tag (the most used, `{changes['tag']}`: {counts['tag']}) | {_ms(times['tag'])} |",
        f"| period (`{changes['period']}`: {counts['period']}) | {_ms(times['period'])} |",
        f"| link kind (has a demo: {counts['kind']}) | {_ms(times['kind'])} |",
    ]
    for word, keys in times["typed"].items():
        lines.append(
            f"| text typed, per keystroke (`{word}`: {counts['typed ' + word]}) | "
            f"{_ms(keys)} (max {max(keys):.1f} ms) |"
        )
    lines += [
        f"| sort (most stars first ↔ newest first) | {_ms(times['sort'])} |",
        f"| show 100 more | {_ms(times['more'])} |",
    ]
    heap = [x["heap"] for x in loads if x["heap"]]
    if heap:
        lines.append(f"| JS heap after loading | {statistics.median(heap) / 2**20:,.0f} MiB |")
    return "\n".join(lines) + "\n"


def machine(bench: ModuleType, busy: int) -> dict[str, Any]:
    """The machine, as ``bench.py`` describes it, with its load average and Chromium."""
    import subprocess

    info = bench.machine_info()
    info["busy"] = busy
    version = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load = os.getloadavg()
    info["line"] = (
        bench.machine_line(info)
        + f"; {version or 'chromium'}; load average {load[0]:.2f} when measuring"
    )
    return info


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--site", type=Path, default=None, help="a built site folder")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--busy", type=int, default=0)
    args = parser.parse_args(argv)
    bench = load_bench()
    seed = bench.DEFAULT_SEED if args.seed is None else args.seed
    with tempfile.TemporaryDirectory() as scratch:
        site_dir = args.site
        if site_dir is None:
            root = args.keep or Path(scratch) / "site"
            print(f"writing {args.days} days into {root}", file=sys.stderr)
            write_site(bench, args.days, root, seed)
            print("building", file=sys.stderr)
            start = time.perf_counter()
            bench.build_once(root)
            print(f"built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            site_dir = root / "site"
        with bench.competitors(args.busy):
            info = machine(bench, args.busy)
            result = measure(site_dir, args.reps)
    text = report(result, info)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "result": result}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
