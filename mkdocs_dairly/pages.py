"""The MkDocs page of a day note: no Markdown converter when there is no Markdown.

Most day notes have their whole day in front matter and no body. MkDocs makes a Markdown
converter, with every extension of the site, for each page it renders, which for a
thousand empty pages is a tenth of a second of nothing. A page whose Markdown (after every
plugin's ``on_page_markdown``) is blank gets what Markdown gives for it without one: no
content, no table of contents, no title, no anchors.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

_mkdocs_log = logging.getLogger("mkdocs.structure.pages")


class DayPage(Page):
    """A ``Page`` that skips the Markdown converter when its Markdown is blank."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None or self.markdown.strip():
            super().render(config, files)
            return
        # What Markdown.convert gives for blank text, and what MkDocs keeps of it.
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        if _mkdocs_log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {}
