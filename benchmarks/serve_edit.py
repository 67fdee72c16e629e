"""``mkdocs serve`` while writing: the time from saving a note to the served page showing it.

For each N (days), a generated dairly site (``bench.py``'s data) is served with
``mkdocs serve``; the newest day and a day in the middle are edited in turn (the first
entry's title changes), and each time the clock runs from the write until the day's page,
fetched from the server, carries the new title. Two servers per N, in the same run:

``reuse``
    dairly as shipped: a rebuild reuses the pages the edit leaves unchanged.
``full``
    the same site with a hook that has an ``on_page_markdown`` of its own (it returns the
    Markdown unchanged): dairly cannot reuse what such a hook did, so every rebuild is a
    full one — MkDocs' own ``serve``, the baseline.

Memory: the server's peak RSS (``VmHWM``) after its first build, and after the edits.

Usage::

    python benchmarks/serve_edit.py --days 365,1000,3650 [--edits 3] [--full-edits 1]
                                    [--json PATH] [--dairly-src DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench

# Seconds between a rebuild's end and the next save: a writer looks at the page and types
# before saving again (and dairly collects the last build's garbage meanwhile, see
# integrations/mkdocs_serve.py).
PAUSE = 2.0
NOOP_HOOK = "def on_page_markdown(markdown, **kwargs):\n    return markdown\n"


@dataclass
class ServeRun:
    """One server: first build, edit times per kind of day, peak memory."""

    days: int
    mode: str
    first_build_seconds: float = 0.0
    newest: list[float] = field(default_factory=list)
    middle: list[float] = field(default_factory=list)
    first_peak_mb: float = 0.0
    peak_mb: float = 0.0
    rss_mb: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.newest + self.middle)


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def serve_run(
    root: Path, days: list[bench.SynthDay], mode: str, edits: int, env: dict[str, str]
) -> ServeRun:
    """Serve ``root`` and time ``edits`` edits of the newest and of the middle day."""
    result = ServeRun(len(days), mode)
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    if mode == "full" and "hooks:" not in text:
        (root / "noop_hook.py").write_text(NOOP_HOOK, encoding="utf-8")
        config.write_text(text + "hooks:\n  - noop_hook.py\n", encoding="utf-8")
    if mode == "reuse" and "hooks:" in text:
        config.write_text(text.split("hooks:")[0], encoding="utf-8")
    port = bench._free_port()
    base = f"http://127.0.0.1:{port}/"
    log_path = root / f"serve-{mode}.log"
    timeout = max(120.0, len(days) * 0.5)
    ordered = sorted(days, key=lambda d: d.date)
    targets = {"newest": ordered[-1], "middle": ordered[len(ordered) // 2]}
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=bench._default_sigint,
        )  # fmt: skip
        try:

            def builds_done() -> int:
                return log_path.read_text("utf-8", "replace").count("Documentation built in")

            bench._wait_until(lambda: bench._fetch(base) is not None, timeout, "first build", 0.2)
            bench._wait_until(lambda: builds_done() >= 1, 30, "the first build's log line", 0.1)
            result.first_build_seconds = time.perf_counter() - start
            result.first_peak_mb = _status_mb(proc.pid, "VmHWM")
            for k in range(edits):
                for which, day in targets.items():
                    seconds = _edit_and_wait(root, base, day, f"EDIT-{mode}-{which}-{k}", timeout,
                                             builds_done)  # fmt: skip
                    getattr(result, which).append(seconds)
            result.peak_mb = _status_mb(proc.pid, "VmHWM")
            result.rss_mb = _status_mb(proc.pid, "VmRSS")
        finally:
            bench.stop_server(proc, timeout=20)
    for day in targets.values():
        note = root / "docs" / "notes" / day.month_dir / f"{day.note_name}.md"
        note.write_text(bench.dairly_note(day), encoding="utf-8")
    return result


def _edit_and_wait(
    root: Path, base: str, day: bench.SynthDay, title: str, timeout: float,
    builds_done: Callable[[], int],
) -> float:  # fmt: skip
    """Give the day's first entry ``title``; the seconds until its served page shows it."""
    note = root / "docs" / "notes" / day.month_dir / f"{day.note_name}.md"
    url = f"{base}notes/{day.month_dir}/{day.note_name}/"
    title = f"{title}-{os.getpid()}"
    first = replace(day.entries[0], title=title)
    done = builds_done()
    start = time.perf_counter()
    note.write_text(bench.dairly_note(replace(day, entries=(first, *day.entries[1:]))))
    bench._wait_until(lambda: title in (bench._fetch(url) or ""), timeout, title, 0.02)
    seconds = time.perf_counter() - start
    with contextlib.suppress(TimeoutError):  # let the rebuild finish (search index, sitemap)
        bench._wait_until(lambda: builds_done() > done, 30, "the rebuild", 0.05)
    time.sleep(PAUSE)
    return seconds


def format_table(runs: list[ServeRun]) -> str:
    """The results as a Markdown table, with the reuse/full ratio per N."""
    lines = [
        "| N | server | first build | newest day edited | middle day edited | median | "
        "peak RSS after first build | peak RSS after edits | ratio |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        fmt = ", ".join
        lines.append(
            f"| {run.days:,} | {run.mode} | {run.first_build_seconds:.1f} s | "
            f"{fmt(f'{s:.2f}' for s in run.newest)} s | {fmt(f'{s:.2f}' for s in run.middle)} s | "
            f"**{run.median:.2f} s** | {run.first_peak_mb:.0f} MB | {run.peak_mb:.0f} MB | "
            f"{run.peak_mb / run.first_peak_mb:.2f} × |"
        )
    by_n: dict[int, dict[str, ServeRun]] = {}
    for run in runs:
        by_n.setdefault(run.days, {})[run.mode] = run
    speedups = [
        f"N={n:,}: {modes['full'].median / modes['reuse'].median:.1f}× faster than a full rebuild"
        for n, modes in by_n.items()
        if "full" in modes and "reuse" in modes
    ]
    return "\n".join(lines) + ("\n\n" + "; ".join(speedups) if speedups else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", default="365,1000,3650", help="comma-separated Ns")
    parser.add_argument("--edits", type=int, default=3, help="edits of each day, reuse server")
    parser.add_argument("--full-edits", type=int, default=1, help="edits of each day, full server")
    parser.add_argument("--json", type=Path, help="also save the results as JSON here")
    parser.add_argument("--dairly-src", type=Path, help="import mkdocs_dairly from here")
    args = parser.parse_args(argv)
    env = bench.child_env(args.dairly_src)
    print(bench.machine_line(bench.machine_info(args.dairly_src)), flush=True)
    runs = []
    with tempfile.TemporaryDirectory(prefix="dairly-serve-") as tmp:
        for n in (int(x) for x in args.days.split(",")):
            days = bench.make_days(n)
            site = bench.write_site("dairly", days, Path(tmp) / f"n{n}")
            for mode, edits in (("reuse", args.edits), ("full", args.full_edits)):
                if edits <= 0:
                    continue
                print(f"N={n}: {mode} server…", file=sys.stderr, flush=True)
                run = serve_run(site, days, mode, edits, env)
                print(f"  median {run.median:.2f} s", file=sys.stderr, flush=True)
                runs.append(run)
    print(format_table(runs))
    if args.json:
        data = [asdict(r) | {"median": r.median} for r in runs]
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
