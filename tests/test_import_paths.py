"""``import`` reads nothing outside SOURCE and writes nothing outside DEST (issue #12, item 11).

Every way a note can name a file outside SOURCE — climbing ``..``, absolute paths, ``file:``
URLs, percent-escapes, character references, backslashes, linked files and folders — is
refused with one warning line naming the file, line, entry, field and path; the entry keeps
its text. An audit hook records every file the import opens or lists, so "not read" is
checked, not assumed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .test_cli import run, tree

SECRET = b"SECRET-BYTES-OUTSIDE-SOURCE"
NOTE = "notes/202105/0511.md"
HEAD = "1. [Entry one](https://example.org/one)  :star:\n   - Abstract: keeps its text\n\n"

_opened: list[str] | None = None  # paths opened or listed while recording, else None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _opened is not None and event in ("open", "os.scandir", "os.listdir") and args:
        path = args[0]
        if isinstance(path, str | bytes | os.PathLike):
            _opened.append(os.path.abspath(os.fsdecode(path)))


sys.addaudithook(_audit)  # cheap when not recording; audit hooks cannot be removed


@contextmanager
def recording() -> Iterator[list[str]]:
    """Every path the code under test opens or lists, absolute."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """``source/`` (a notes repository), ``outside/`` next to it (a secret, a note, a folder)."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.png").write_bytes(SECRET)
    write(outside / "day.md", "1. [Outside day](https://example.org/outside)\n")
    write(outside / "folder" / "0520.md", "1. [Outside folder](https://example.org/folder)\n")
    write(
        outside / "README.md", "更新今日时间：2021.5.30\n\n## 今日要点\n\n1. [R](https://e.org/r)\n"
    )
    (tmp_path / "source" / "notes" / "202105").mkdir(parents=True)
    return tmp_path


def never_read(opened: list[str], world: Path) -> None:
    outside = str(world / "outside")
    touched = [p for p in opened if p == outside or p.startswith(outside + os.sep)]
    touched += [p for p in opened if p in ("/etc/passwd", "/etc/hostname")]
    assert touched == []


# (payload, where: "entry 1, 'field'" or "" for the body, the line the path is on).
# {o} is the climb from notes/202105/ to outside/, {abs} the absolute path of the secret.
ESCAPES = {
    "climb-img": ('<img src="{o}/secret.png">', "entry 1, 'image'"),
    "climb-md-image": ("![k]({o}/secret.png)", "entry 1, 'image'"),
    "issue-passwd": ('<img src="../../../../../../../../etc/passwd">', "entry 1, 'image'"),
    "issue-hostname": ("![k](../../../../../../../../etc/hostname)", "entry 1, 'image'"),
    "absolute-path": ('<img src="{abs}">', "entry 1, 'tips'"),
    "file-url": ("![k](file://{abs})", "entry 1, 'tips'"),
    "file-url-localhost": ('<img src="file://localhost{abs}">', "entry 1, 'tips'"),
    "file-url-case-one-slash": ('<img src="FiLe:{abs}">', "entry 1, 'tips'"),
    "file-url-other-host": ('<img src="file://server/share/secret.png">', "entry 1, 'tips'"),
    "percent-slashes": ("![k](..%2f..%2f..%2foutside%2fsecret.png)", "entry 1, 'image'"),
    "percent-dots": ("![k](%2e%2e/%2E%2E/%2e%2e/outside/secret.png)", "entry 1, 'image'"),
    "backslashes": ('<img src="..\\..\\..\\outside\\secret.png">', "entry 1, 'image'"),
    "absolute-backslash": ('<img src="\\etc\\passwd">', "entry 1, 'tips'"),
    "windows-drive": ('<img src="C:\\Windows\\secret.png">', "entry 1, 'tips'"),
    "windows-share": ('<img src="\\\\server\\share\\secret.png">', "entry 1, 'tips'"),
    "char-references": (
        '<img src="&#46;&#46;/&#x2e;&#x2e;/&period;&period;/outside/secret.png">',
        "entry 1, 'image'",
    ),
    "query-and-fragment": ("![k]({o}/secret.png?raw=true#top)", "entry 1, 'image'"),
    "dot-segments": ("![k](images/./../../../../outside/secret.png)", "entry 1, 'image'"),
    "video-poster": (
        '<video src="https://example.org/v.mp4" poster="{o}/secret.png"></video>',
        "entry 1, 'image'",
    ),
    "video-src": ('<video src="{o}/secret.png"></video>', "entry 1, 'video'"),
    "tips-link": ("   - Tips: see [the data]({o}/secret.png)", "entry 1, 'tips'"),
    "labelled-link": ("   - Data: [raw]({o}/secret.png)", "entry 1, 'links'"),
    "paper-link": ("   - Paper: [pdf]({o}/secret.png)", "entry 1, 'paper'"),
    "linked-file": ("![k](images/secret.png)", "entry 1, 'image'"),
    "linked-folder": ("![k](linked/secret.png)", "entry 1, 'image'"),
}


@pytest.mark.parametrize("case", sorted(ESCAPES))
def test_a_path_out_of_source_is_neither_read_nor_copied(world: Path, case: str) -> None:
    payload, where = ESCAPES[case]
    source, dest = world / "source", world / "dest"
    note_dir = source / "notes" / "202105"
    (note_dir / "images").mkdir()
    (note_dir / "images" / "secret.png").symlink_to(world / "outside" / "secret.png")
    if case == "linked-folder":
        (note_dir / "linked").symlink_to(world / "outside", target_is_directory=True)
    payload = payload.format(o="../../../outside", abs=world / "outside" / "secret.png")
    write(note_dir / "0511.md", HEAD + payload + "\n")  # HEAD is 3 lines: the payload is line 4
    before = tree(source)

    with recording() as opened:
        result = run("import", source, dest)

    assert result.exit_code == 0, result.output
    never_read(opened, world)
    assert tree(dest).keys() == {"202105/0511.md"}  # nothing copied
    assert all(SECRET not in p.read_bytes() for p in dest.rglob("*") if p.is_file())
    assert tree(source) == before
    warnings = [w for w in result.output.splitlines() if w.startswith(f"  {NOTE}: ")]
    ref = payload.split('"')[1] if '"' in payload else payload.split("(", 1)[1][:-1]
    if case == "video-poster":
        ref = payload.split('"')[3]
    if case == "char-references":  # the image field holds the attribute as a browser reads it
        ref = "../../../outside/secret.png"
    assert warnings == [
        f"  {NOTE}: line 4, {where}: {ref} leads outside SOURCE; not read, kept the link as it is"
    ]
    if case == "linked-folder":
        assert (
            f"  notes/202105/linked: a link to {world / 'outside'}, outside SOURCE; not read"
        ) in result.output.splitlines()
    note = (dest / "202105" / "0511.md").read_text("utf-8")
    assert "  - title: Entry one\n    url: https://example.org/one\n    stars: 1\n" in note
    assert "    abstract: keeps its text\n" in note


def test_a_path_out_of_source_in_the_body_names_its_line(world: Path) -> None:
    source = world / "source"
    body = "# 笔记（2021.5.11）\n\nIntro text.\n\n![k](../../../outside/secret.png)\n\n"
    write(source / NOTE, body + HEAD)
    with recording() as opened:
        result = run("import", source, world / "dest")
    never_read(opened, world)
    assert (
        f"  {NOTE}: line 5: ../../../outside/secret.png leads outside SOURCE; not read, "
        "kept the link as it is"
    ) in result.output.splitlines()
    assert "Intro text." in (world / "dest" / "202105" / "0511.md").read_text("utf-8")


def test_a_path_used_twice_is_one_warning_at_its_first_line(world: Path) -> None:
    source = world / "source"
    twice = '<img src="../../../outside/secret.png">\n\n2. [Two](https://e.org/2)\n\n'
    write(source / NOTE, HEAD + twice + '<img src="../../../outside/secret.png">\n')
    result = run("import", source, world / "dest")
    warnings = [w for w in result.output.splitlines() if "outside SOURCE" in w]
    assert warnings == [
        f"  {NOTE}: line 4, entry 1, 'image': ../../../outside/secret.png leads outside "
        "SOURCE; not read, kept the link as it is"
    ]


def test_urls_of_other_hosts_are_left_alone(world: Path) -> None:
    """``//host/x`` and ``https://…`` name no file: nothing to read, nothing to warn about."""
    source = world / "source"
    urls = '<img src="//cdn.example/a.png">\n\n![b](https://cdn.example/b.png)\n'
    write(source / NOTE, HEAD + urls)
    result = run("import", source, world / "dest")
    assert result.exit_code == 0
    assert "warnings" not in result.output
    note = (world / "dest" / "202105" / "0511.md").read_text("utf-8")
    assert "//cdn.example/a.png" in note and "https://cdn.example/b.png" in note


def test_files_inside_source_are_still_copied(world: Path) -> None:
    """Climbing within SOURCE, and links that stay inside it, are not refused."""
    source, dest = world / "source", world / "dest"
    (source / "images").mkdir()
    (source / "images" / "top.png").write_bytes(b"top")
    (source / "notes" / "202105" / "same.png").symlink_to(source / "images" / "top.png")
    (source / "notes" / "202105" / "pics").symlink_to(source / "images")
    write(
        source / NOTE,
        HEAD + "![a](../../images/top.png)\n\n![b](same.png)\n\n![c](pics/top.png)\n\n"
        f'<img src="file://{source / "images" / "top.png"}">\n',
    )
    result = run("import", source, dest)
    assert result.exit_code == 0, result.output
    assert "outside SOURCE" not in result.output
    assert "not in SOURCE" not in result.output
    assert (dest / "202105" / "top.png").read_bytes() == b"top"
    assert (dest / "202105" / "same.png").read_bytes() == b"top"
    assert (dest / "202105" / "pics" / "top.png").read_bytes() == b"top"
    note = (dest / "202105" / "0511.md").read_text("utf-8")
    assert "src: top.png" in note and "src: same.png" in note and "src: pics/top.png" in note
    assert '<img src="top.png">' in note  # the file: URL, now relative to the note


def test_a_note_file_linked_from_outside_is_not_imported(world: Path) -> None:
    source, dest = world / "source", world / "dest"
    write(source / NOTE, HEAD)
    (source / "notes" / "202105" / "0512.md").symlink_to(world / "outside" / "day.md")
    (source / "notes" / "202105" / "0513.md").symlink_to(world / "nowhere.md")  # broken
    with recording() as opened:
        result = run("import", source, dest)
    never_read(opened, world)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        f"  notes/202105/0512.md: a link to {world / 'outside' / 'day.md'}, outside SOURCE; "
        "not read"
    ) in lines
    assert (
        f"  notes/202105/0513.md: a link to {world / 'nowhere.md'}, outside SOURCE; not read"
        in (lines)
    )
    assert tree(dest).keys() == {"202105/0511.md"}
    assert "Outside day" not in result.output


def test_a_notes_folder_linked_from_outside_is_not_read(world: Path) -> None:
    source, dest = world / "source", world / "dest"
    write(source / NOTE, HEAD)
    (source / "notes" / "202105" / "more").symlink_to(world / "outside" / "folder")
    with recording() as opened:
        result = run("import", source, dest)
    never_read(opened, world)
    assert (
        f"  notes/202105/more: a link to {world / 'outside' / 'folder'}, outside SOURCE; not read"
    ) in result.output.splitlines()
    assert tree(dest).keys() == {"202105/0511.md"}


def test_a_readme_linked_from_outside_is_not_read(world: Path) -> None:
    source, dest = world / "source", world / "dest"
    write(source / NOTE, HEAD)
    (source / "README.md").symlink_to(world / "outside" / "README.md")
    with recording() as opened:
        result = run("import", source, dest)
    never_read(opened, world)
    assert (
        f"  README.md: a link to {world / 'outside' / 'README.md'}, outside SOURCE; not read"
    ) in result.output.splitlines()
    assert tree(dest).keys() == {"202105/0511.md"}


def test_readme_history_outside_source_is_not_looked_at(world: Path) -> None:
    source = world / "source"
    write(source / NOTE, HEAD)
    write(
        source / "README.md",
        "## 历史更新\n\n- [笔记（2021.5.11）](notes/202105/0511.md)\n"
        "- [笔记（2021.5.12）](../outside/day.md)\n",
    )
    result = run("import", source, world / "dest")
    assert (
        "  README.md: 历史更新 lists ../outside/day.md, which is outside SOURCE; not read"
    ) in result.output.splitlines()


def test_a_source_whose_notes_folder_is_a_link_out_is_refused(world: Path) -> None:
    source, dest = world / "elsewhere", world / "dest"
    source.mkdir()
    (source / "notes").symlink_to(world / "outside", target_is_directory=True)
    with recording() as opened:
        result = run("import", source, dest)
    never_read(opened, world)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {source / 'notes'}: a link to {world / 'outside'}, outside SOURCE; import "
        "reads nothing outside SOURCE (give that folder as SOURCE)\n"
    )
    assert not dest.exists()


# ----------------------------------------------------------------------------- DEST


def test_dest_inside_source_but_not_its_notes_is_allowed(world: Path) -> None:
    """A site in the same repository: ``import . docs/notes``; SOURCE's notes are untouched."""
    source = world / "source"
    write(source / NOTE, HEAD)
    write(source / "README.md", "# notes\n")
    dest = source / "docs" / "notes"
    before = tree(source)
    for _ in range(2):  # the second run finds DEST's notes already there
        result = run("import", source, dest)
        assert result.exit_code == 0, result.output
    after = tree(source)
    assert {k: v for k, v in after.items() if not k.startswith("docs/")} == before
    assert set(after) - set(before) == {"docs/notes/202105/0511.md"}


@pytest.mark.parametrize("where", ["source", "source/notes", "source/notes/202105/x", "link"])
def test_dest_overlapping_source_notes_is_refused(world: Path, where: str) -> None:
    source = world / "source"
    write(source / NOTE, HEAD)
    dest = world / where
    if where == "link":  # DEST reaches SOURCE's notes through a link
        dest.symlink_to(source / "notes" / "202105", target_is_directory=True)
    before = tree(source)
    result = run("import", source, dest)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {dest}: DEST must be outside SOURCE's notes")
    assert len(result.output.splitlines()) == 1
    assert tree(source) == before


def test_a_link_inside_dest_is_not_written_through(world: Path) -> None:
    """DEST/202105 linked into SOURCE's notes: even --force writes nothing there."""
    source, dest = world / "source", world / "dest"
    write(source / NOTE, HEAD + "![p](pic.png)\n")
    (source / "notes" / "202105" / "pic.png").write_bytes(b"pic")
    dest.mkdir()
    (dest / "202105").symlink_to(source / "notes" / "202105", target_is_directory=True)
    before = tree(source)
    result = run("import", "--force", source, dest)
    assert result.exit_code == 1
    assert tree(source) == before
    shown = (dest / "202105" / "0511.md").as_posix()
    assert f"  {shown}: a link in DEST leads outside DEST; not written" in (
        result.output.splitlines()
    )


def test_a_media_folder_linked_out_of_dest_is_not_written(world: Path) -> None:
    source, dest = world / "source", world / "dest"
    write(source / NOTE, HEAD + "![p](images/pic.png)\n")
    (source / "notes" / "202105" / "images").mkdir()
    (source / "notes" / "202105" / "images" / "pic.png").write_bytes(b"pic")
    (dest / "202105").mkdir(parents=True)
    (dest / "202105" / "images").symlink_to(world / "outside", target_is_directory=True)
    outside_before = tree(world / "outside")
    result = run("import", source, dest)
    assert result.exit_code == 1
    assert tree(world / "outside") == outside_before
    assert (dest / "202105" / "0511.md").is_file()
    shown = (dest / "202105" / "images" / "pic.png").as_posix()
    assert f"  {shown}: a link in DEST leads outside DEST; not written" in (
        result.output.splitlines()
    )


def test_paths_in_an_abstract_are_checked_and_copied_like_the_others(world: Path) -> None:
    """An abstract is inline Markdown: its images are copied, and one out of SOURCE is not
    read (issue #13, item 5: an abstract's image was neither, and the build then failed)."""
    source, dest = world / "source", world / "dest"
    (source / "notes" / "202105" / "images").mkdir()
    (source / "notes" / "202105" / "images" / "fig.png").write_bytes(b"figure")
    write(
        source / NOTE,
        "1. [Entry one](https://example.org/one)  :star:\n"
        "   - Abstract: 见 ![图](images/fig.png) 和 ![k](../../../outside/secret.png)\n",
    )
    with recording() as opened:
        result = run("import", source, dest)
    assert result.exit_code == 0, result.output
    never_read(opened, world)
    assert tree(dest).keys() == {"202105/0511.md", "202105/images/fig.png"}
    assert (dest / "202105" / "images" / "fig.png").read_bytes() == b"figure"
    assert [w for w in result.output.splitlines() if w.startswith(f"  {NOTE}: ")] == [
        f"  {NOTE}: line 2, entry 1, 'abstract': ../../../outside/secret.png leads outside "
        "SOURCE; not read, kept the link as it is"
    ]
    note = (dest / "202105" / "0511.md").read_text("utf-8")
    assert "    abstract: 见 ![图](images/fig.png) 和 ![k](../../../outside/secret.png)\n" in note
