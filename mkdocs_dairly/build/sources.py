"""Files dairly adds to a site, each with a real source file in a folder of its own.

Plugins that read a page's source (``abs_src_path``: feeds, translations, git dates) find
a real file for every page and asset dairly adds: a generated page's source holds its front
matter (title, search settings) as any Markdown page would. The folder is made fresh for
each build and removed when the build ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..notes.errors import Problem

WHAT = {"page": "a page dairly generates", "asset": "a file dairly writes"}


class Sources:
    """The build folder holding the sources of the files dairly adds to ``files``."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="dairly-")

    def write(self, src_uri: str, text: str) -> str:
        """Write ``text`` as the source of ``src_uri``; its absolute path."""
        path = os.path.join(self.folder, *src_uri.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        return path

    def page(
        self, files: Files, config: MkDocsConfig, src_uri: str, meta: dict[str, Any],
        *, in_nav: bool,
    ) -> File | Problem:  # fmt: skip
        """Add a generated Markdown page whose source is ``meta`` as front matter (its
        content is rendered later); a problem if the site has a file at that path."""
        if files.get_file_from_path(src_uri) is not None:
            return Problem(src_uri, f"this path is reserved for {WHAT['page']}; rename the file")
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) if meta else ""
        path = self.write(src_uri, f"---\n{front}---\n" if front else "")
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, src_uri, abs_src_path=path, inclusion=inclusion)
        files.append(file)
        return file

    def asset(
        self, files: Files, config: MkDocsConfig, src_uri: str, *, source: str | None = None
    ) -> File | Problem:
        """Add a file dairly writes (stylesheet, script, feed): from ``source``, or from the
        build folder (written later, before MkDocs copies it); never over one of the site's."""
        if files.get_file_from_path(src_uri) is not None:
            return Problem(src_uri, f"this path is reserved for {WHAT['asset']}; rename the file")
        path = source or self.write(src_uri, "")
        file = File.generated(config, src_uri, abs_src_path=path)
        files.append(file)
        return file

    def close(self) -> None:
        """Remove the build folder."""
        shutil.rmtree(self.folder, ignore_errors=True)
