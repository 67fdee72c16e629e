"""`mkdocs-dairly check` and `mkdocs build --strict` agree, line for line and on the exit
status, over the whole bad-input matrix and a clean site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mkdocs_dairly.cli.main import main

from .conftest import Site
from .test_bad_input_matrix import CASES, write_case


def check(root: Path, *args: str) -> tuple[int, list[str], str]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout.splitlines(), result.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_says_what_a_strict_build_says(site: Site, name: str) -> None:
    """Both over every case: ``mkdocs build --strict`` and ``check`` of the same site give the
    same lines (the ones the matrix expects) and the same verdict."""
    case = CASES[name]
    write_case(site, case)
    strict = site.build(strict=True)  # writes mkdocs.yml, as check reads it
    built = [line.split(":", 1)[1] for line in strict.logs if line.startswith("WARNING:")]
    warned = [line.removeprefix("dairly: ") for line in case.warnings]
    assert [line.removeprefix("dairly: ") for line in built] == warned, name
    assert (strict.aborted is not None) == bool(warned), name
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config), "utf-8")
    status, lines, summary = check(site.root)
    if warned:  # the problems on stdout, the summary on stderr
        assert lines == warned, name
        files = len({line.split(":", 1)[0] for line in warned})
        plural = "s" if len(warned) > 1 else ""
        assert summary.endswith(
            f", {len(warned)} problem{plural} in {files} file{'s' * (files > 1)}\n"
        )
    else:
        assert len(lines) == 1 and lines[0].endswith(", no problems") and summary == "", name
    assert status == (1 if warned else 0), name


def test_a_clean_site_checks_clean_and_github_annotations_name_the_file_and_line(
    site: Site,
) -> None:
    site.note("202105/0511.md", {"entries": [{"title": "ok", "stars": 2}]})
    (site.root / "docs").mkdir(exist_ok=True)
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config), "utf-8")
    assert check(site.root) == (0, ["1 note, 1 entry, no problems"], "")
    site.note(
        "202105/0512.md",
        "entries:\n  - title: bad\n    url: https://a.example/\n    stars: three\n",
    )
    site.note("202102/0230.md", {"entries": [{"title": "ok"}]})  # a path problem: line 1
    status, lines, summary = check(site.root, "--format", "github")
    assert status == 1
    assert lines == [
        "::warning file=docs/notes/202102/0230.md,line=1::notes/202102/0230.md:1: the path gives no valid "
        "date: 2021-02-30 is not a date in the calendar",
        "::warning file=docs/notes/202105/0512.md,line=5::notes/202105/0512.md:5: entry 1, "
        "'stars': expected a whole number from 0 to 5, got 'three'",
    ]
    assert summary == "3 notes, 3 entries, 2 problems in 2 files\n"


def test_check_reads_the_config_as_mkdocs_does(tmp_path: Path) -> None:
    """INHERIT and exclude_docs: an excluded bad note is no problem, a base config counts."""
    (tmp_path / "base.yml").write_text(
        "site_name: t\ntheme: {name: material}\nplugins: [dairly]\n", "utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nexclude_docs: |\n  notes/drafts/\n", "utf-8"
    )
    notes = tmp_path / "docs" / "notes"
    (notes / "202105").mkdir(parents=True)
    (notes / "drafts").mkdir()
    (notes / "202105" / "0511.md").write_text("---\nentries:\n  - title: ok\n---\n", "utf-8")
    (notes / "drafts" / "x.md").write_text("---\nentries: oops\n---\n", "utf-8")
    assert check(tmp_path) == (0, ["1 note, 1 entry, no problems"], "")


def test_check_without_a_config_or_without_dairly_says_so(tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert missing.exit_code == 1
    assert missing.output == (
        f"Error: {tmp_path / 'mkdocs.yml'}: no such file (run this next to mkdocs.yml, or -f FILE)\n"
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [search]\n", "utf-8")
    (tmp_path / "docs").mkdir()
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {tmp_path / 'mkdocs.yml'}: the dairly plugin is not in 'plugins'\n"
    )
