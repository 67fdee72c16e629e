"""A rebuild of ``mkdocs serve`` that reuses unchanged pages writes exactly the site a full
build of the same notes writes: every file, byte for byte, the search index included, and
the same warnings.

A serve session is driven as ``mkdocs serve`` drives it: one site folder, the config loaded
again for every rebuild, the plugins kept (MkDocs keeps a plugin with ``on_startup`` for the
whole process). After each random edit (add, edit, delete, redate by path or by the date field, break, fix, and edits of
a non-note page, of a template in ``custom_dir`` and of ``mkdocs.yml``), the served folder
is compared with a fresh first build of the same notes into another folder.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from mkdocs_dairly.build.notes_files import ServeCache

URL = "http://127.0.0.1:8000/"
ESSAY_DATE, ONE_DAY = dt.date(2021, 8, 10), dt.timedelta(days=1)
TOPICS = ["目标检测", "语义分割", "大语言模型", "注意力机制", "多模态", "扩散模型", "强化学习"]


def note_text(date: dt.date, rng: random.Random, *, with_date: bool = True) -> str:
    entries = []
    for k in range(rng.randint(1, 4)):
        topic = rng.choice(TOPICS)
        entry: dict[str, Any] = {
            "title": f"{topic}的第{rng.randint(1, 999)}篇笔记 {k}",
            "url": f"https://example.com/{date:%Y%m%d}/{k}/{rng.randint(1, 10**6)}",
            "stars": rng.randint(0, 5),
            "abstract": f"关于{topic}的摘要，第 {rng.randint(1, 99)} 段。",
        }
        if rng.random() < 0.5:
            entry["code"] = f"https://github.com/example/{topic.encode().hex()[:8]}"
        if rng.random() < 0.3:
            entry["tips"] = (
                f"- 要点 {rng.randint(1, 9)}\n- 见 [论文](https://arxiv.org/abs/2101.0{k}001)"
            )
        entries.append(entry)
    front: dict[str, Any] = {}
    if with_date:
        front["date"] = date.isoformat()
    if rng.random() < 0.6:  # the day's title: what its neighbours and lists show of it
        front["title"] = f"{rng.choice(TOPICS)}日记 {rng.randint(1, 999)}"
    if rng.random() < 0.3:
        front["tags"] = [rng.choice(TOPICS)]
    front["entries"] = entries
    body = "\n今天的读后感。\n" if rng.random() < 0.3 else ""
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


def note_path(root: Path, date: dt.date) -> Path:
    return root / "docs" / "notes" / f"{date:%Y%m}" / f"{date:%m%d}.md"


class Session:
    """A notes site served as ``mkdocs serve`` serves it, and fresh builds to compare."""

    def __init__(self, root: Path, config: dict[str, Any]) -> None:
        self.root = root
        self.config = config
        self.served = root / "served"
        self.cache: ServeCache | None = None
        self.fresh_count = 0

    def write_config(self) -> None:
        text = yaml.safe_dump(self.config, allow_unicode=True, sort_keys=False)
        (self.root / "mkdocs.yml").write_text(text, encoding="utf-8")

    def _build(self, site_dir: Path, cache: ServeCache | None) -> tuple[Any, list[str]]:
        config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(site_dir))
        config.site_url = URL
        plugin = config.plugins["dairly"]
        config.plugins.on_startup(command="serve", dirty=False)
        # A full build: a cache that has never seen this site and reuses nothing (the
        # plain way, as with a plugin that does page work of its own).
        plugin.serve_cache = cache if cache is not None else ServeCache()
        records: list[logging.LogRecord] = []
        handler = _Keep(records)
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            build(config, serve_url=URL)
        finally:
            logger.removeHandler(handler)
        lines = [f"{r.levelname}:{r.getMessage()}" for r in records if r.levelno >= logging.WARNING]
        return plugin.serve_cache, lines

    def rebuild(self) -> tuple[ServeCache, list[str]]:
        """The served site after a rebuild (the first build on the first call)."""
        if self.cache is None:
            self.cache = ServeCache()
            self.cache.reuse = True
        self.cache, lines = self._build(self.served, self.cache)
        return self.cache, lines

    def fresh(self) -> tuple[Path, list[str]]:
        """A full build of the same notes into a folder of its own, reusing nothing."""
        self.fresh_count += 1
        site_dir = self.root / f"fresh-{self.fresh_count}"
        cache, lines = self._build(site_dir, None)
        cache.close()
        return site_dir, lines

    def close(self) -> None:
        """``mkdocs serve`` stops: the served cache lets go of its folder."""
        if self.cache is not None:
            self.cache.close()


class _Keep(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.INFO)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file with its bytes, and every folder (an empty one left behind differs too)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<folder>"
        for p in sorted(folder.rglob("*"))
        if not p.relative_to(folder).parts[0].startswith(".")
    }


def assert_same_site(served: Path, fresh: Path, what: str) -> None:
    a, b = tree(served), tree(fresh)
    assert sorted(a) == sorted(b), f"after {what}: files differ: {sorted(set(a) ^ set(b))[:10]}"
    differ = [name for name in a if a[name] != b[name]]
    assert differ == [], (
        f"after {what}: {len(differ)} files differ from a full build: {differ[:10]}"
    )
    # and nothing of the previous build is left behind (the folder set aside is removed)
    assert not any(p.name.startswith(".dairly") for p in served.iterdir()), what


@pytest.fixture
def notes_site(tmp_path: Path) -> Iterator[tuple[Path, list[dt.date], random.Random]]:
    rng = random.Random(20210511)
    root = tmp_path
    dates = sorted(
        {dt.date(2021, 3, 1) + dt.timedelta(days=rng.randint(0, 150)) for _ in range(24)}
    )
    dates += [dt.date(2022, d.month, d.day) for d in dates[:4]]  # "on this day" links
    # a note whose path gives no date (its date: field does), with a day of the same date
    # a year later: "redate-field" moves it to the next day, in the same place in time
    dates.append(dt.date(2022, 8, 10))
    essay = root / "docs" / "notes" / "misc" / "essay.md"
    essay.parent.mkdir(parents=True)
    essay.write_text(note_text(ESSAY_DATE, rng), encoding="utf-8")
    for date in dates:
        path = note_path(root, date)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(date, rng), encoding="utf-8")
    (root / "docs" / "about.md").write_text("# 关于\n\n每天读的东西。\n", encoding="utf-8")
    yield root, sorted(dates), rng


def _edit(root: Path, dates: list[dt.date], rng: random.Random, op: str) -> str:
    """Apply ``op`` to the notes; return what was done."""
    if op in ("edit", "edit-newest"):
        date = dates[-1] if op == "edit-newest" else rng.choice(dates)
        note_path(root, date).write_text(note_text(date, rng), encoding="utf-8")
        return f"{op} {date}"
    if op == "retitle-best":  # only the title of the month's best entry: its lists change
        month = rng.choice(dates)
        best = None
        for date in (d for d in dates if (d.year, d.month) == (month.year, month.month)):
            front = yaml.safe_load(
                note_path(root, date).read_text(encoding="utf-8").split("---")[1]
            )
            for number, entry in enumerate(front["entries"], 1):
                if isinstance(entry.get("stars"), int) and (
                    best is None or entry["stars"] > best[0]
                ):
                    best = (entry["stars"], date, number, entry["title"])
        if best is None:
            return "retitle-best (no rated entry)"
        _, date, number, title = best
        path = note_path(root, date)
        path.write_text(path.read_text(encoding="utf-8").replace(title, f"{title} 改", 1))
        return f"retitle-best {date} #{number}"
    if op == "add":
        date = max(dates) + dt.timedelta(days=rng.randint(1, 40))
        path = note_path(root, date)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(date, rng), encoding="utf-8")
        dates.append(date)
        return f"add {date}"
    if op == "delete-month":  # every note of a month: its folders go, up to the month's
        month = rng.choice(dates)
        gone = [d for d in dates if (d.year, d.month) == (month.year, month.month)]
        for date in gone:
            dates.remove(date)
            note_path(root, date).unlink()
        return f"delete-month {month:%Y-%m} ({len(gone)} notes)"
    if op == "delete":
        date = dates.pop(rng.randrange(len(dates)))
        note_path(root, date).unlink()
        return f"delete {date}"
    if op == "redate":  # the note moves to another date (its path and its date: field)
        date = dates.pop(rng.randrange(len(dates)))
        new = date + dt.timedelta(days=1)
        while new in dates:
            new += dt.timedelta(days=1)
        text = note_path(root, date).read_text(encoding="utf-8")
        note_path(root, date).unlink()
        target = note_path(root, new)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace(f"date: '{date}'", f"date: '{new}'"), encoding="utf-8")
        dates.append(new)
        dates.sort()
        return f"redate {date} -> {new}"
    if op == "redate-field":  # only its date: field, to a date in the same place in time
        essay = root / "docs" / "notes" / "misc" / "essay.md"
        text = essay.read_text(encoding="utf-8")
        date = ESSAY_DATE if f"date: '{ESSAY_DATE}'" not in text else ESSAY_DATE + ONE_DAY
        essay.write_text(re.sub(r"date: '[0-9-]+'", f"date: '{date}'", text), encoding="utf-8")
        return f"redate-field misc/essay.md -> {date}"
    if op == "break":
        date = rng.choice(dates)
        path = note_path(root, date)
        path.write_text(path.read_text(encoding="utf-8").replace("stars: ", "stars: many", 1))
        return f"break {date}"
    if op == "fix":
        for date in dates:
            path = note_path(root, date)
            text = path.read_text(encoding="utf-8")
            if "stars: many" in text:
                path.write_text(text.replace("stars: many", "stars: "), encoding="utf-8")
        return "fix"
    if op == "page":
        about = root / "docs" / "about.md"
        about.write_text(
            about.read_text(encoding="utf-8") + f"\n第 {rng.randint(1, 99)} 次修改。\n"
        )
        return "edit about.md"
    raise AssertionError(op)


OPS = [
    "edit", "add", "edit-newest", "break", "delete", "fix", "redate", "page", "retitle-best",
    "delete-month", "redate-field",
]  # fmt: skip


_SESSIONS: list[Session] = []


@pytest.fixture(autouse=True)
def _stop_sessions() -> Iterator[None]:
    yield
    while _SESSIONS:
        _SESSIONS.pop().close()


def _session(root: Path, config: dict[str, Any]) -> Session:
    session = Session(root, config)
    session.write_config()
    _SESSIONS.append(session)
    return session


def _run(session: Session, dates: list[dt.date], rng: random.Random, ops: list[str]) -> int:
    """Serve, then edit and compare after each rebuild; the number of pages reused."""
    session.rebuild()
    reused_total = 0
    for op in ops:
        what = _edit(session.root, dates, rng, op)
        cache, served_lines = session.rebuild()
        fresh, fresh_lines = session.fresh()
        assert_same_site(session.served, fresh, what)
        assert served_lines == fresh_lines, what
        reused_total += cache.reused[1]
    return reused_total


def _config(**dairly: Any) -> dict[str, Any]:
    return {
        "site_name": "测试笔记",
        "theme": {"name": "material", "language": "zh"},
        "plugins": ["search", {"dairly": dairly} if dairly else "dairly"],
        "nav": ["index.md", "about.md", {"笔记": "notes/index.md"}],
    }


def test_rebuilds_write_what_a_full_build_writes(notes_site) -> None:
    root, dates, rng = notes_site
    ops = OPS[:]
    rng.shuffle(ops)  # a random order of every kind of edit (the seed is fixed)
    reused = _run(_session(root, _config()), dates, rng, ops)
    assert reused > 15 * len(ops)  # most pages were reused, not rebuilt


def test_next_to_materials_tags_plugin_and_its_listing(notes_site) -> None:
    """Material's tags plugin collects tags in on_page_markdown and renders its listing in
    on_env: reused pages give it their tags again, the listing page is rebuilt as its tags
    change, and every tagged page's links stay right."""
    root, dates, rng = notes_site
    listing = "# 标签\n\n<!-- material/tags -->\n"
    (root / "docs" / "tags.md").write_text(listing, encoding="utf-8")
    (root / "docs" / "about.md").write_text("---\ntags: [关于]\n---\n# 关于\n", encoding="utf-8")
    config = _config()
    config["plugins"] = ["search", "tags", "dairly"]
    config["nav"].append("tags.md")
    ops = [*OPS, "edit", "retitle-best", "edit", "edit-newest"]
    rng.shuffle(ops)
    reused = _run(_session(root, config), dates, rng, ops)
    assert reused > 15 * len(ops)  # reused, not rebuilt in full as next to other page work
    page = (root / "served" / "tags" / "index.html").read_text("utf-8")
    assert "关于" in page and "notes/" in page  # the listing lists the days and the page


def test_with_a_custom_dir_override_and_its_edits(notes_site) -> None:
    root, dates, rng = notes_site
    overrides = root / "overrides" / "partials" / "dairly"
    overrides.mkdir(parents=True)
    from mkdocs_dairly.site.render import TEMPLATE_DIR

    entry = (Path(TEMPLATE_DIR) / "partials" / "dairly" / "entry.html").read_text("utf-8")
    (overrides / "entry.html").write_text(entry.replace("</article>", "<!-- v1 --></article>"))
    # An override that shows more of the neighbours than dairly's own template does: a
    # day's page then changes with its neighbours' titles and entries.
    (overrides / "day-nav.html").write_text(
        "{% for d in [older, newer] + on_this_day %}{% if d %}"
        "<a href='{{ d.url }}'>{{ d.title }} {{ d.entries | length }}</a>{% endif %}{% endfor %}",
        encoding="utf-8",
    )
    config = _config()
    config["theme"]["custom_dir"] = "overrides"
    session = _session(root, config)
    session.rebuild()
    for _ in range(4):
        what = _edit(root, dates, rng, "edit")
        session.rebuild()
        fresh, _ = session.fresh()
        assert_same_site(session.served, fresh, what)
    # a template of the site's own changes: every card shows it, as in a full build
    (overrides / "entry.html").write_text(entry.replace("</article>", "<!-- v2 --></article>"))
    session.rebuild()
    fresh, _ = session.fresh()
    assert_same_site(session.served, fresh, "the override edited")
    assert "<!-- v2 -->" in (
        session.served / "notes" / f"{dates[0]:%Y%m}" / f"{dates[0]:%m%d}" / "index.html"
    ).read_text("utf-8")


def _age(folder: Path, seconds: float = 3600) -> None:
    """Make ``folder`` and every folder below it look untouched for ``seconds``."""
    then = time.time() - seconds
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            os.utime(path, (then, then))


def test_theme_static_files_added_and_removed_while_serving(notes_site) -> None:
    """The theme's static files are listed again only when a folder of the theme changed;
    files added to, removed from, or shadowed by the docs are served as a full build does."""
    root = notes_site[0]
    assets = root / "overrides" / "assets" / "extra"
    assets.mkdir(parents=True)
    (assets / "one.css").write_text("a { color: red }\n", encoding="utf-8")
    config = _config()
    config["theme"]["custom_dir"] = "overrides"
    session = _session(root, config)
    _age(root / "overrides")
    cache, _ = session.rebuild()
    assert "theme files" in cache.kept  # listed once, kept while no folder changes
    assert not getattr(Files.add_files_from_theme, "__dairly__", False)  # MkDocs' own again

    steps = [
        ("a static file added to a folder kept", lambda: (assets / "two.js").write_text("1;\n")),
        ("a new folder with a file", lambda: _write(root / "overrides" / "img" / "x.svg", "<svg/>")),
        ("a static file removed", lambda: (assets / "one.css").unlink()),
        ("the docs shadow a theme file", lambda: _write(root / "docs" / "assets" / "extra" / "two.js", "2;\n")),
        ("the docs' file removed again", lambda: (root / "docs" / "assets" / "extra" / "two.js").unlink()),
    ]  # fmt: skip
    for what, change in steps:
        _age(root / "overrides")  # the change must show though the folders look old
        change()
        session.rebuild()
        fresh, _ = session.fresh()
        assert_same_site(session.served, fresh, what)
        _age(root / "overrides")
        session.rebuild()  # and again, from the listing kept now
        assert_same_site(session.served, fresh, f"{what}, rebuilt again")
    served = {p.name for p in (session.served / "assets" / "extra").iterdir()}
    assert served == {"two.js"}
    assert (session.served / "assets" / "extra" / "two.js").read_text() == "1;\n"
    assert (session.served / "img" / "x.svg").is_file()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_with_days_in_the_nav_and_a_config_change(notes_site) -> None:
    root, dates, rng = notes_site
    session = _session(root, _config(nav_days=True))
    reused = _run(session, dates, rng, ["edit", "add", "redate"])
    assert reused > 0
    session.config["plugins"] = ["search", {"dairly": {"nav_days": True, "home_recent": 2}}]
    session.write_config()
    session.rebuild()
    fresh, _ = session.fresh()
    assert_same_site(session.served, fresh, "mkdocs.yml edited")


def test_a_note_that_breaks_shows_its_problem_at_once(notes_site) -> None:
    root, dates, rng = notes_site
    session = _session(root, _config())
    session.rebuild()
    _edit(root, dates, rng, "edit")
    session.rebuild()
    what = _edit(root, dates, rng, "break")
    _, lines = session.rebuild()
    date = what.split()[1].replace("-", "")
    assert any(
        f"notes/{date[:6]}/{date[4:]}.md:" in line and "'stars'" in line for line in lines
    ), lines


def test_a_plugin_with_page_work_of_its_own_gets_full_rebuilds_said_once(notes_site) -> None:
    root, dates, rng = notes_site
    (root / "stamp.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n"
        "    return markdown + '\\n\\nstamped\\n'\n",
        encoding="utf-8",
    )
    config = _config()
    config["hooks"] = ["stamp.py"]
    session = _session(root, config)
    said = []
    for _ in range(3):
        cache, _ = session.rebuild()
        said += [line for line in cache.said]
        assert cache.reused == (0, 0)  # nothing reused: every page went through the hook
        _edit(root, dates, rng, "edit")
    assert said == [said[0]] * len(said) and len(cache.said) == 1
    assert said[0] == "the hook 'stamp.py' works on pages in on_page_markdown"
    fresh, _ = session.fresh()
    session.rebuild()
    assert_same_site(session.served, fresh, "an edit with the hook")


def test_two_instances_of_the_tags_plugin_get_full_rebuilds_said_once(notes_site) -> None:
    """Only one instance of Material's tags plugin is known: with two, every rebuild is a
    full one, as next to any plugin with page work of its own."""
    root, dates, rng = notes_site
    config = _config()
    config["plugins"] = ["search", "tags", {"tags": {"export": False}}, "dairly"]
    session = _session(root, config)
    for _ in range(2):
        cache, _ = session.rebuild()
        assert cache.reused == (0, 0)
        _edit(root, dates, rng, "edit")
    assert list(cache.said) == ["more than one instance of Material's tags plugin works on pages"]
    session.rebuild()
    fresh, _ = session.fresh()
    assert_same_site(session.served, fresh, "an edit with two tags plugins")


def test_a_title_edited_with_days_in_the_nav(notes_site) -> None:
    root, dates, _ = notes_site
    session = _session(root, _config(nav_days=True))
    session.rebuild()
    path = note_path(root, dates[3])
    front, body = path.read_text(encoding="utf-8").split("entries:", 1)
    front = "\n".join(line for line in front.split("\n") if not line.startswith("title:"))
    path.write_text(f"{front}title: 换了标题的一天\nentries:{body}", encoding="utf-8")
    cache, lines = session.rebuild()
    fresh, fresh_lines = session.fresh()
    assert_same_site(session.served, fresh, "a title edited")
    assert lines == fresh_lines == []
    assert cache.reused[1] > 20
