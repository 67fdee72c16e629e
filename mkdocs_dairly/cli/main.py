"""The ``mkdocs-dairly`` command: ``import``, ``new``, ``check`` (thin: the logic is elsewhere)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import click

from .. import __version__
from .check import CheckError, check_site
from .import_write import ImportSourceError, apply_plan, plan_import
from .new import DayExistsError, create_day, day_path
from .site_config import SiteConfig, SiteConfigError, load_site_config

T = TypeVar("T")
PROGRESS_THRESHOLD = 50


@click.group()
@click.version_option(__version__, prog_name="mkdocs-dairly")
def main() -> None:
    """Tools for a daily reading log kept as Markdown notes (the dairly MkDocs plugin)."""


def _site(config_file: str) -> SiteConfig:
    try:
        return load_site_config(config_file)
    except SiteConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _date(text: str | None) -> dt.date:
    """The day ``--date`` names (today without it), or a one-line error."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise click.ClickException(
            f"--date: expected a date like 2021-05-11, got {text!r}"
        ) from None


def _progress(items: Sequence[T]) -> Iterator[T]:
    """A progress bar on stderr for large repositories, and only on a terminal."""
    if len(items) > PROGRESS_THRESHOLD and sys.stderr.isatty():
        with click.progressbar(items, label="Reading notes", file=sys.stderr) as bar:
            yield from bar
    else:
        yield from items


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--force", is_flag=True, help="Overwrite notes in DEST that differ.")
@click.option("--drop-footer", is_flag=True, help="Leave out the repeated 'Others' footer.")
def import_(source: Path, dest: Path, dry_run: bool, force: bool, drop_footer: bool) -> None:
    """Import a hand-written notes repository SOURCE into the site's notes folder DEST.

    SOURCE holds notes/YYYYMM/MMDD.md (and usually a README), or is a notes folder itself.
    Every day becomes a note in the front-matter contract at the same relative path.
    """
    try:
        plan = plan_import(source, dest, drop_footer=drop_footer, progress=_progress)
        result = apply_plan(plan, force=force, dry_run=dry_run)
    except ImportSourceError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or dest}: {exc.strerror or exc}") from None
    for line in result.summary_lines():
        click.echo(line)
    sys.exit(result.exit_code)


def _interactive() -> bool:
    """Whether a person answers on standard input (a terminal, not CI or a pipe)."""
    return sys.stdin.isatty()


@main.command()
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The day (default: today).")
@click.option(
    "--title", help="The day's title (asked for on a terminal when not given; empty: none)."
)
@click.option(
    "--config-file", "-f", default="mkdocs.yml", show_default=True, help="The site's config."
)
def new(date_text: str | None, title: str | None, config_file: str) -> None:
    """Create a day's note (today's by default) in the site's notes folder."""
    date = _date(date_text)
    site = _site(config_file)
    try:
        day_path(site, date)  # an existing day is refused before anything is asked
        if title is None and _interactive():
            title = click.prompt(
                "The day's title (Enter: none)", default="", show_default=False, err=True
            )
        path = create_day(site, date, " ".join((title or "").split()) or None)
    except DayExistsError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        where = exc.filename or site.notes_root
        raise click.ClickException(f"{where}: {exc.strerror or exc}") from None
    click.echo(str(path))


@main.command()
@click.option(
    "--config-file", "-f", default="mkdocs.yml", show_default=True, help="The site's config."
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: GitHub Actions annotations on the notes' lines.",
)
def check(config_file: str, output: str) -> None:
    """Validate the site as `mkdocs build --strict` does, publishing nothing; exit 1 on any
    problem."""
    try:
        result = check_site(config_file)
    except CheckError as exc:
        raise click.ClickException(str(exc)) from None
    for line in result.github() if output == "github" else result.problems:
        click.echo(line)
    click.echo(result.summary(), err=bool(result.problems))
    sys.exit(1 if result.problems else 0)


@main.command()
@click.argument("url")
@click.option("--stars", type=click.IntRange(0, 5), help="Relevance to you, 0 to 5.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The day (default: today).")
@click.option("--tips", help="Your own take (Markdown).")
@click.option("--tag", "tags", multiple=True, help="A tag of the entry (repeatable).")
@click.option("--dry-run", is_flag=True, help="Print the entry; write nothing.")
@click.option(
    "--config-file", "-f", default="mkdocs.yml", show_default=True, help="The site's config."
)
def add(
    url: str,
    stars: int | None,
    date_text: str | None,
    tips: str | None,
    tags: tuple[str, ...],
    dry_run: bool,
    config_file: str,
) -> None:
    """Fetch URL once and append an entry for it to a day's note (today's by default).

    Title, abstract, image, paper and code come from the page's metadata; the note is
    created if the day has none, and its other entries are kept byte for byte.
    """
    from .add import AddError, add_entry, summary_lines

    date = _date(date_text)
    site = _site(config_file)
    try:
        result = add_entry(site, url, date, stars=stars, tips=tips, tags=tags, dry_run=dry_run)
    except AddError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        where = exc.filename or site.notes_root
        raise click.ClickException(f"{where}: {exc.strerror or exc}") from None
    if dry_run:
        click.echo(result.item_yaml, nl=False)
    for note in result.notes:
        click.echo(note, err=True)
    for line in summary_lines(result):
        click.echo(line, err=dry_run)
