"""A day note's front matter read once, through the door.

MkDocs reads every page's source in ``Page.read_source``: the ``on_page_read_source``
event, else the file's text; then ``mkdocs.utils.meta.get_data`` cuts the front matter with
its ``YAML_RE`` and loads it with PyYAML's safe loader. dairly has read the same note
already (``notes.parse``), with the same loader, and kept what it read when nothing was
read otherwise (``Day.front_matter``). A :class:`DayPage` does what ``read_source`` does,
but where the source is cut to the very YAML text dairly loaded, MkDocs gets a deep copy of
that data instead of loading it again: the same ``page.markdown`` and ``page.meta``, for a
tenth of a large build's time.

What that rests on is checked in every build: ``Page.read_source`` and ``get_data`` are the
code this replicates (their source is compared), ``YAML_RE`` is the expected pattern, and
MkDocs' loader is the class dairly's loader derives from. Otherwise day pages are plain
``Page`` objects and MkDocs reads their front matter itself.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from ..notes.parse import yaml_loader
from .door import source_digest, use

# sha256 of the source of the MkDocs functions DayPage.read_source stands in for (1.6.x).
KNOWN = {"read_source": "b35101eabf605b08", "get_data": "3cd0a7a5f861a6df"}
YAML_RE = r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n"

_log = logging.getLogger("mkdocs.structure.pages")


class DayPage(Page):
    """A day note's page: its front matter is not loaded again when dairly has read it."""

    front_matter: tuple[str, dict[str, Any]] | None = None

    def read_source(self, config: MkDocsConfig) -> None:
        # What Page.read_source does (MkDocs 1.6), with the YAML loaded once.
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            try:
                source = self.file.content_string
            except OSError:
                _log.error(f"File not found: {self.file.src_path}")
                raise
            except ValueError:
                _log.error(f"Encoding error reading file: {self.file.src_path}")
                raise
        read, self.front_matter = self.front_matter, None  # read once, then let go
        match = meta.YAML_RE.match(source) if read is not None else None
        if read is not None and match is not None and match.group(1) == read[0]:
            self.markdown = source[match.end() :].lstrip("\n")
            self.meta = copy.deepcopy(read[1])
        else:
            self.markdown, self.meta = meta.get_data(source)


def read_front_matter_once(days: list[tuple[File, tuple[str, dict[str, Any]] | None]]) -> bool:
    """Make each day note's page (``days``: the file and what dairly read of its front
    matter) a :class:`DayPage`, if MkDocs is as expected; call it once the navigation is
    built (every page exists, none has been read)."""

    def check() -> str | None:
        if source_digest(Page.read_source) != KNOWN["read_source"]:
            return "MkDocs' Page.read_source is not the one this replicates"
        if source_digest(meta.get_data) != KNOWN["get_data"]:
            return "MkDocs' get_data is not the one this replicates"
        if meta.YAML_RE.pattern != YAML_RE:
            return "MkDocs cuts front matter otherwise"
        if not issubclass(yaml_loader(), meta.SafeLoader):
            return "MkDocs loads YAML with another loader"
        return None

    def install() -> None:
        for file, front_matter in days:
            page = file.page
            # After the navigation is built, as section-index does: the page keeps its title
            # and place (a page made earlier would lose a nav: title); another plugin's own
            # Page class is left alone.
            if type(page) is Page:
                page.__class__ = DayPage
                page.front_matter = front_matter  # type: ignore[attr-defined]

    return use("front matter read once", check, install)
