"""The ``mkdocs-dairly`` command line: import, new and check, through click and a real process."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from mkdocs_dairly.cli.main import main
from mkdocs_dairly.notes.parse import load_days

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SEEDS = FIXTURES / "seeds"
VARIANTS = FIXTURES / "variants"
ARCHIVE = FIXTURES / "archive"
VARIANT_NOTES = {"202103/0324.md", "202104/0410.md", "202105/0510.md", "202105/0511.md"}


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def tree(root: Path) -> dict[str, str]:
    """Every file below ``root`` and a hash of its bytes (empty if ``root`` does not exist)."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def source(tmp_path: Path) -> Path:
    src = tmp_path / "source"
    shutil.copytree(VARIANTS, src)
    return src


# ----------------------------------------------------------------------------- import


def test_import_writes_every_day_and_its_media(source: Path, tmp_path: Path) -> None:
    dest = tmp_path / "site" / "docs" / "notes"
    before = tree(source)
    result = run("import", source, dest)
    assert result.exit_code == 0, result.output
    assert tree(source) == before  # SOURCE untouched
    files = set(tree(dest))
    assert files == VARIANT_NOTES | {"202104/images/0410.png"}
    png = (source / "notes" / "202104" / "images" / "0410.png").read_bytes()
    assert (dest / "202104" / "images" / "0410.png").read_bytes() == png
    lines = result.output.splitlines()
    assert lines[0] == "4 days, 7 entries"
    assert lines[1] == (
        "fields: title 7, url 7, stars 4, abstract 6, paper 3, code 3, demo 1, links 2, tips 3, "
        "image 3, video 1"
    )
    assert (
        "notes: 4 written, 0 overwritten, 0 already present (unchanged), 0 exist with other "
        "content (kept; --force overwrites)"
    ) in lines
    assert "media: 1 copied, 0 already present, 0 exist with other content (never overwritten)" in (
        lines
    )
    assert (
        "  README.md: 历史更新 lists notes/202105/05010.md, which does not exist "
        "(a typo? notes/202105/0510.md has that date)"
    ) in lines
    assert (
        "  README.md: 历史更新 lists notes/202105/05011.md, which does not exist "
        "(its day is imported from the README's 今日要点)"
    ) in lines
    assert (
        "  notes/misc/old-note.md: the path gives no date; the title's date puts it at "
        "202103/0324.md"
    ) in lines
    days = load_days(str(tmp_path / "site" / "docs"), "notes")
    assert [str(p) for d in days for p in d.problems] == []
    assert [d.date for d in days] == [
        dt.date(2021, 3, 24),
        dt.date(2021, 4, 10),
        dt.date(2021, 5, 10),
        dt.date(2021, 5, 11),
    ]


def test_import_is_idempotent(source: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert run("import", source, dest).exit_code == 0
    first = tree(dest)
    again = run("import", source, dest)
    assert again.exit_code == 0
    assert tree(dest) == first
    assert (
        "notes: 0 written, 0 overwritten, 4 already present (unchanged), 0 exist with other "
        "content (kept; --force overwrites)"
    ) in again.output.splitlines()
    assert (
        "media: 0 copied, 1 already present, 0 exist with other content (never overwritten)"
    ) in again.output.splitlines()


def test_import_never_overwrites_without_force(source: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    run("import", source, dest)
    original = (dest / "202104" / "0410.md").read_bytes()
    (dest / "202104" / "0410.md").write_text("---\nentries: []\n---\nmy edits\n", "utf-8")
    (dest / "202104" / "images" / "0410.png").write_bytes(b"another picture")
    edited = tree(dest)

    refused = run("import", source, dest)
    assert refused.exit_code == 1
    assert tree(dest) == edited
    shown = (dest / "202104" / "0410.md").as_posix()
    assert f"  {shown}: exists with other content; not overwritten" in refused.output.splitlines()

    forced = run("import", "--force", source, dest)
    assert forced.exit_code == 0
    assert (dest / "202104" / "0410.md").read_bytes() == original
    # Media are never overwritten, not even with --force.
    assert (dest / "202104" / "images" / "0410.png").read_bytes() == b"another picture"
    png = (dest / "202104" / "images" / "0410.png").as_posix()
    assert f"  {png}: a different file is already there; not copied" in forced.output.splitlines()


def test_dry_run_writes_nothing(source: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    result = run("import", "--dry-run", source, dest)
    assert result.exit_code == 0
    assert not dest.exists()
    assert result.output.splitlines()[-1] == "dry run: nothing was written"
    assert "notes: 4 to write, 0 to overwrite" in result.output

    run("import", source, dest)
    (dest / "202105" / "0510.md").write_text("changed\n", "utf-8")
    (dest / "202103" / "0324.md").unlink()
    before = tree(dest)
    result = run("import", "--dry-run", "--force", source, dest)
    assert tree(dest) == before
    assert "notes: 1 to write, 1 to overwrite, 2 already present (unchanged)" in result.output


def test_drop_footer_flag(source: Path, tmp_path: Path) -> None:
    kept, dropped = tmp_path / "kept", tmp_path / "dropped"
    run("import", source, kept)
    result = run("import", "--drop-footer", source, dropped)
    assert "footer ('Others'): dropped from 1 day" in result.output.splitlines()
    assert "## :paperclip:  Others" in (kept / "202104" / "0410.md").read_text("utf-8")
    assert "Others" not in (dropped / "202104" / "0410.md").read_text("utf-8")


def test_readme_media_are_copied_next_to_the_note(tmp_path: Path) -> None:
    src = tmp_path / "source"
    (src / "images").mkdir(parents=True)
    (src / "images" / "today.png").write_bytes(b"png bytes")
    (src / "README.md").write_text(
        "更新今日时间：2021.5.11\n\n## 今日要点\n\n"
        "1. [Today](https://example.org/today)  :star:\n"
        "   - Tips: see the figure\n\n"
        "<div align=center><img src=\"images/today.png\" style='zoom:100%'>\n</div>\n",
        "utf-8",
    )
    dest = tmp_path / "dest"
    result = run("import", src, dest)
    assert result.exit_code == 0, result.output
    assert tree(dest).keys() == {"202105/0511.md", "202105/images/today.png"}
    assert (dest / "202105" / "images" / "today.png").read_bytes() == b"png bytes"
    assert "    image: images/today.png\n" in (dest / "202105" / "0511.md").read_text("utf-8")


def test_readme_media_below_notes_get_a_path_relative_to_the_note(tmp_path: Path) -> None:
    src = tmp_path / "source"
    (src / "notes" / "202105" / "images").mkdir(parents=True)
    (src / "notes" / "202105" / "images" / "b.png").write_bytes(b"b")
    (src / "README.md").write_text(
        "更新今日时间：2021.5.11\n\n## 今日要点\n\n1. [T](https://example.org/t)\n\n"
        '<img src="notes/202105/images/b.png">\n',
        "utf-8",
    )
    dest = tmp_path / "dest"
    assert run("import", src, dest).exit_code == 0
    assert tree(dest).keys() == {"202105/0511.md", "202105/images/b.png"}
    assert "    image: images/b.png\n" in (dest / "202105" / "0511.md").read_text("utf-8")


def test_a_day_dest_has_under_another_layout_is_not_imported(source: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    write(dest / "2021-04-10.md", "---\nentries: []\n---\n")
    result = run("import", source, dest)
    assert result.exit_code == 1
    assert (
        "  notes/202104/0410.md: DEST already has 2021-04-10 as 2021-04-10.md; not imported"
    ) in result.output.splitlines()
    assert not (dest / "202104" / "0410.md").exists()
    assert (dest / "202105" / "0510.md").exists()


@pytest.mark.parametrize("kind", ["file", "missing"])
def test_source_must_be_a_folder(tmp_path: Path, kind: str) -> None:
    bad = tmp_path / "notes.md"
    if kind == "file":
        bad.write_text("# x\n", "utf-8")
    result = run("import", bad, tmp_path / "dest")
    assert result.exit_code == 1
    assert result.output == f"Error: {bad}: SOURCE is not a folder\n"
    assert not (tmp_path / "dest").exists()


def test_dest_inside_source_notes_is_refused(source: Path) -> None:
    dest = source / "notes" / "imported"
    before = tree(source)
    result = run("import", source, dest)
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith(f"Error: {dest}: DEST must be outside SOURCE's notes")
    assert tree(source) == before


def test_no_progress_bar_in_captured_output(tmp_path: Path) -> None:
    day = dt.date(2021, 1, 1)
    for number in range(60):
        note = tmp_path / "source" / "notes" / f"{day:%Y%m}" / f"{day:%m%d}.md"
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(f"1. [Day {number}](https://example.org/{number})  :star:\n", "utf-8")
        day += dt.timedelta(days=1)
    result = run("import", tmp_path / "source", tmp_path / "dest")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "60 days, 60 entries"
    assert "Reading notes" not in result.output
    assert len(tree(tmp_path / "dest")) == 60


def test_console_script_reports_one_line_without_traceback(tmp_path: Path) -> None:
    code = "from mkdocs_dairly.cli.main import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "import", str(tmp_path / "nope"), str(tmp_path / "d")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr == f"Error: {tmp_path / 'nope'}: SOURCE is not a folder\n"
    assert "Traceback" not in proc.stdout + proc.stderr


# ----------------------------------------------------------------------------- new


def make_site(root: Path, config: str = "site_name: t\nplugins:\n  - dairly\n") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config, "utf-8")
    return root


def test_new_in_an_empty_site_uses_the_hand_written_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_site(tmp_path))
    result = run("new", "--date", "2021-05-11")
    assert result.exit_code == 0
    assert result.output == f"{Path('docs/notes/202105/0511.md')}\n"
    checked = run("check")
    assert checked.exit_code == 0
    assert checked.output == "1 note, 0 entries, no problems\n"


@pytest.mark.parametrize(
    ("existing", "created"),
    [
        ("202105/0510.md", "202105/0511.md"),
        ("2021/05/10.md", "2021/05/11.md"),
        ("2021-05-10.md", "2021-05-11.md"),
        ("2021/2021-05-10.md", "2021/2021-05-11.md"),
    ],
)
def test_new_follows_the_existing_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: str, created: str
) -> None:
    monkeypatch.chdir(make_site(tmp_path))
    note = tmp_path / "docs" / "notes" / existing
    note.parent.mkdir(parents=True)
    note.write_text("---\nentries: []\n---\n", "utf-8")
    result = run("new", "--date", "2021-05-11")
    assert result.exit_code == 0
    assert (tmp_path / "docs" / "notes" / created).is_file()
    assert result.output.strip() == str(Path("docs/notes") / created)
    assert run("check").output == "2 notes, 0 entries, no problems\n"


def test_new_refuses_an_existing_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_site(tmp_path))
    assert run("new", "--date", "2021-05-11").exit_code == 0
    # The same day under another layout counts too.
    other = tmp_path / "docs" / "notes" / "2021-06-01.md"
    other.write_text("---\nentries: []\n---\n", "utf-8")
    before = tree(tmp_path)
    for date, path in (("2021-05-11", "202105/0511.md"), ("2021-06-01", "2021-06-01.md")):
        result = run("new", "--date", date)
        assert result.exit_code == 1
        shown = Path("docs/notes") / path
        assert result.output == f"Error: {shown}: {date} already has a note; nothing changed\n"
    assert tree(tmp_path) == before


def test_new_default_date_is_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_site(tmp_path))
    today = dt.date.today()
    result = run("new")
    assert result.exit_code == 0
    assert (tmp_path / "docs" / "notes" / f"{today:%Y%m}" / f"{today:%m%d}.md").is_file()


def test_new_reads_docs_dir_and_notes_dir_despite_custom_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = (
        "site_name: !ENV [DAIRLY_TEST_SITE_NAME, t]\n"
        "docs_dir: content\n"
        "theme: {name: material}\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "plugins:\n"
        "  - search\n"
        "  - dairly:\n"
        "      notes_dir: days\n"
    )
    make_site(tmp_path / "site", config)
    monkeypatch.chdir(tmp_path)
    result = run("new", "--date", "2022-01-20", "--config-file", "site/mkdocs.yml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "content" / "days" / "202201" / "0120.md").is_file()
    assert run("check", "-f", "site/mkdocs.yml").exit_code == 0


def test_new_bad_input_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    missing = run("new", "--date", "2021-05-11")
    assert missing.exit_code == 1
    assert missing.output == (
        "Error: mkdocs.yml: no such config file (run in the site's folder or pass --config-file)\n"
    )
    make_site(tmp_path)
    bad = run("new", "--date", "2021-02-30")
    assert bad.exit_code == 1
    assert bad.output == "Error: --date: expected a date like 2021-05-11, got '2021-02-30'\n"
    assert not (tmp_path / "docs").exists()


@pytest.mark.parametrize(
    "title",
    [
        'Longformer: The "Long-Document" Transformer',
        "#1 [draft] it's @here",
        "公众号: 卷积 & 预训练",
        "yes",
    ],
)
def test_new_writes_the_title_quoted_so_it_reads_back_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title: str
) -> None:
    monkeypatch.chdir(make_site(tmp_path))
    result = run("new", "--date", "2021-05-11", "--title", title)
    assert result.exit_code == 0 and result.output == f"{Path('docs/notes/202105/0511.md')}\n"
    note = tmp_path / "docs" / "notes" / "202105" / "0511.md"
    text = note.read_text("utf-8")
    assert text.startswith("---\ndate: 2021-05-11\ntitle: ") and "\nentries: []\n" in text
    (day,) = load_days(str(tmp_path / "docs"), "notes")
    assert (day.title, day.problems) == (title, [])


def test_new_without_a_title_writes_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not on a terminal (CI, a pipe): nothing is asked."""
    monkeypatch.chdir(make_site(tmp_path))
    result = run("new", "--date", "2021-05-11")
    assert result.exit_code == 0 and result.output == f"{Path('docs/notes/202105/0511.md')}\n"
    text = (tmp_path / "docs" / "notes" / "202105" / "0511.md").read_text("utf-8")
    assert text.startswith("---\ndate: 2021-05-11\nentries: []\n") and "\ntitle:" not in text


@pytest.mark.parametrize(
    ("answer", "title"), [("  卷积 vs Transformer \n", "卷积 vs Transformer"), ("\n", None)]
)
def test_new_on_a_terminal_asks_for_the_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, title: str | None
) -> None:
    import mkdocs_dairly.cli.main as cli_main

    monkeypatch.setattr(cli_main, "_interactive", lambda: True)
    monkeypatch.chdir(make_site(tmp_path))
    result = CliRunner().invoke(main, ["new", "--date", "2021-05-11"], input=answer)
    assert result.exit_code == 0
    assert result.stdout == f"{Path('docs/notes/202105/0511.md')}\n"  # the prompt is on stderr
    assert result.stderr.startswith("The day's title (Enter: none): ")
    (day,) = load_days(str(tmp_path / "docs"), "notes")
    assert (day.title, day.problems) == (title, [])
    # an existing day is refused before anything is asked
    again = CliRunner().invoke(main, ["new", "--date", "2021-05-11"], input="never read\n")
    assert again.exit_code == 1 and "title" not in again.stderr
    assert again.stderr.endswith("2021-05-11 already has a note; nothing changed\n")


def test_new_refuses_a_title_the_build_would_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_site(tmp_path))
    result = run("new", "--date", "2021-05-11", "--title", "bell\x07")
    assert result.exit_code == 1
    assert result.output == (
        "Error: --title: the new note would have a problem: control characters that XML does "
        "not allow were removed (U+0007); nothing changed\n"
    )
    assert not (tmp_path / "docs").exists()


# ----------------------------------------------------------------------------- check


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_check_clean_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_site(tmp_path))
    notes = tmp_path / "docs" / "notes"
    write(notes / "202105" / "0511.md", "---\nentries:\n  - title: a\n  - title: b\n---\n")
    write(notes / "202105" / "0512.md", "---\nentries:\n  - {title: c, stars: 5}\n---\n")
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == "2 notes, 3 entries, no problems\n"


def test_check_reports_problems_in_the_contract_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_site(tmp_path))
    notes = tmp_path / "docs" / "notes"
    write(notes / "202105" / "0511.md", "---\nentries:\n  - title: a\n    stars: three\n---\n")
    write(notes / "2021-05-11.md", "---\nentries: []\n---\n")
    write(notes / "202105" / "0512.md", "---\nentries:\n  - title: ok\n---\n")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "notes/202105/0511.md:4: entry 1, 'stars': expected a whole number from 0 to 5, got 'three'",
        "notes/202105/0511.md:1: 'date': 2021-05-11 is also the date of notes/2021-05-11.md",
    ]
    assert result.stderr == "3 notes, 2 entries, 2 problems in 1 file\n"


def test_check_without_docs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs refuses the config: check says why, in MkDocs' words, as one line."""
    monkeypatch.chdir(make_site(tmp_path))
    result = run("check")
    assert result.exit_code == 1
    assert result.output == (
        "Error: mkdocs.yml: Config value 'docs_dir': The path "
        f"'{tmp_path / 'docs'}' isn't an existing directory.\n"
    )


def test_check_without_notes_folder_is_a_build_without_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `mkdocs build --strict`: a site without notes builds, so it checks clean."""
    monkeypatch.chdir(make_site(tmp_path))
    (tmp_path / "docs").mkdir()
    result = run("check")
    assert (result.exit_code, result.stdout) == (0, "0 notes, 0 entries, no problems\n")


def test_check_reads_hundreds_of_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # How fast it is belongs to the benchmark, not to a timed assertion here.
    monkeypatch.chdir(make_site(tmp_path))
    notes = tmp_path / "docs" / "notes"
    day = dt.date(2015, 1, 1)
    entry = "  - title: t\n    url: https://example.org/\n    stars: 2\n    paper: https://a.org/\n"
    for _ in range(400):
        write(notes / f"{day:%Y%m}" / f"{day:%m%d}.md", f"---\nentries:\n{entry * 3}---\n")
        day += dt.timedelta(days=1)
    result = run("check")
    assert result.stdout == "400 notes, 1200 entries, no problems\n"


# ----------------------------------------------------------------------------- round trip


_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_ATTR_VALUE = re.compile(r"""(?:src|href|poster)\s*=\s*["']([^"']+)["']""")
_HTTP = re.compile(r"https?://[^\s<>\"'()\[\]\u3000-\uffff]+")
_TODAY = re.compile(r"更新今日时间：(\d{4})\.(\d{1,2})\.(\d{1,2})")


def link_targets(text: str) -> set[str]:
    """Every link target and URL of a hand-written text, as a browser reads it."""
    text = html.unescape(text)
    found = {*_LINK_TARGET.findall(text), *_ATTR_VALUE.findall(text), *_HTTP.findall(text)}
    return {t.rstrip(".,;:") for t in found}


def today_section(readme: str) -> str:
    """A README's 今日要点 section: the part of it that is imported."""
    return readme.split("今日要点", 1)[1].split("## :paperclip:  历史更新", 1)[0]


def imported_sources(root: Path, dest: Path) -> list[tuple[str, str]]:
    """(source text that is imported, the note it became) for a repository imported to dest."""
    pairs = []
    for note in sorted((root / "notes").rglob("*.md")):
        pairs.append((note.read_text("utf-8"), note.relative_to(root / "notes").as_posix()))
    readme = root / "README.md"
    if readme.exists():
        text = readme.read_text("utf-8")
        match = _TODAY.search(text)
        assert match is not None
        date = dt.date(*map(int, match.groups()))
        pairs.append((today_section(text), f"{date:%Y%m}/{date:%m%d}.md"))
    return [(text, (dest / rel).read_text("utf-8")) for text, rel in pairs]


def test_import_the_seeds_and_build_the_site_strictly(tmp_path: Path) -> None:
    """The seeds (every one of them) and a hand-written archive with what real archives hold —
    links without a scheme, addresses as links, empty links, two rated titles under one
    number — import with every URL kept, and the site builds with ``--strict``, no warning."""
    assert sorted(p.name for p in SEEDS.iterdir()) == [
        "note-2021-09-30.md",
        "readme-2021-05-06.md",
        "readme-2021-05-11.md",
        "readme-2022-04-14.md",
        "readme-2022-05-11.md",
    ]  # a seed added to the folder must be added here
    site = make_site(
        tmp_path / "site",
        "site_name: t\ntheme: {name: material, language: zh}\nplugins: [search, dairly]\n",
    )
    dest = site / "docs" / "notes"
    # A repository with its day note of 2021-09-30 and the README of 2022-05-11 …
    repo = tmp_path / "repo"
    (repo / "notes" / "202109").mkdir(parents=True)
    shutil.copy(SEEDS / "note-2021-09-30.md", repo / "notes" / "202109" / "0930.md")
    shutil.copy(SEEDS / "readme-2022-05-11.md", repo / "README.md")
    assert run("import", repo, dest).exit_code == 0
    repos = [repo]
    # … and the README at three earlier days, each a repository of its own.
    for name in ("readme-2021-05-06.md", "readme-2021-05-11.md", "readme-2022-04-14.md"):
        other = tmp_path / name.removesuffix(".md")
        other.mkdir()
        shutil.copy(SEEDS / name, other / "README.md")
        assert run("import", other, dest).exit_code == 0
        repos.append(other)
    assert sorted(tree(dest)) == [
        "202105/0506.md",
        "202105/0511.md",
        "202109/0930.md",
        "202204/0414.md",
        "202205/0511.md",
    ]
    # The archive: each change to what its author wrote is counted in the summary.
    archived = run("import", ARCHIVE, dest)
    assert archived.exit_code == 0, archived.output
    assert archived.output.splitlines()[:4] == [
        "3 days, 10 entries",
        "fields: title 10, url 9, stars 10, abstract 6, paper 3, code 2, demo 1, links 2, "
        "tips 4, image 2",
        "kept verbatim: 4 fragments (in an entry's tips or the day's Markdown body)",
        "changed from the source: 12 links given https://, 4 addresses given mailto:, "
        "3 empty links kept as text, 2 items split into 4 entries",
    ]
    repos.append(ARCHIVE)
    # Nothing lost: every link target and URL of what is imported is in the notes written.
    for root in repos:
        for source, note in imported_sources(root, dest):
            targets = link_targets(source)
            assert targets  # never vacuous
            assert sorted(t for t in targets if t not in note) == []

    checked = run("check", "-f", site / "mkdocs.yml")
    assert checked.stdout == "8 notes, 41 entries, no problems\n"

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml"],
        cwd=site,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    home = BeautifulSoup((site / "site" / "index.html").read_text("utf-8"), "html.parser")
    first = home.select_one("article.dairly-entry#entry-1")
    assert first is not None
    assert "CVPR 2022 | 微软提出MiniViT：极致压缩视觉Transformer" in first.get_text()
    day = site / "site" / "notes" / "202106" / "0601" / "index.html"
    page = BeautifulSoup(day.read_text("utf-8"), "html.parser")
    third = page.select_one("article.dairly-entry#entry-3")  # the second title of item 2
    assert third is not None and "无人机在稠密环境中跟踪未知目标" in third.get_text()
    assert third.select_one('.dairly-stars[data-stars="3"]') is not None
    hrefs = {a["href"] for a in page.select("a[href]")}
    assert {
        "https://mp.weixin.qq.com/s/resnet-revisit",
        "https://arxiv.org/abs/2106.00001",
        "https://careers.example.com",
        "mailto:hr@example-lab.cn",
        "mailto:someone@example.com",
    } <= hrefs


@pytest.mark.parametrize("notes_dir", ["../outside", "/abs/notes", "a/../../b", "", "C:/x"])
def test_new_refuses_a_notes_dir_outside_docs_dir_as_the_plugin_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notes_dir: str
) -> None:
    config = f"site_name: t\nplugins:\n  - dairly:\n      notes_dir: '{notes_dir}'\n"
    monkeypatch.chdir(make_site(tmp_path, config))
    (tmp_path / "docs").mkdir()
    result = run("new", "--date", "2021-05-11", "--title", "x")
    assert result.exit_code == 1
    assert result.output == (
        "Error: mkdocs.yml: dairly: 'notes_dir' must be a folder inside docs_dir like 'notes', "
        f"got {notes_dir!r}\n"
    )
    assert sorted(p.name for p in tmp_path.rglob("*.md")) == []


def test_new_follows_inherit_to_the_notes_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "base.yml").write_text(
        "site_name: t\nplugins:\n  - dairly:\n      notes_dir: journal\n", "utf-8"
    )
    monkeypatch.chdir(make_site(tmp_path, "INHERIT: base.yml\n"))
    result = run("new", "--date", "2021-05-11", "--title", "x")
    assert (result.exit_code, result.output) == (0, f"{Path('docs/journal/202105/0511.md')}\n")
