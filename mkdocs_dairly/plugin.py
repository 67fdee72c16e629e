"""The ``dairly`` MkDocs plugin: hooks of a few lines, each delegating to one build.

A :class:`~mkdocs_dairly.build.site_build.SiteBuild` is made fresh in ``on_config`` for
every build; only what ``mkdocs serve`` keeps between rebuilds (``ServeCache``) lives on
the plugin. See CONTRIBUTING.md for the layers and where each hook goes.
"""

from __future__ import annotations

from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .build.configure import configure
from .build.notes_files import ServeCache
from .build.site_build import SiteBuild
from .config import DairlyConfig
from .integrations import mkdocs_serve


class DairlyPlugin(BasePlugin[DairlyConfig]):
    """Turns the day notes under ``notes_dir`` into cards, a year/month nav and a home page."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.serve_cache = ServeCache()
        self._build: SiteBuild | None = None

    @property
    def build(self) -> SiteBuild:
        """This build's state (made in ``on_config``)."""
        assert self._build is not None, "dairly: on_config has not run"
        return self._build

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether drafts are shown (only under ``mkdocs serve``)."""
        self.serving = command == "serve"
        self.serve_cache.reuse = self.serving and not dirty  # `--dirty` skips pages itself

    @event_priority(100)  # First: Material's search renders a template in its on_config.
    def _compile_once(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serving:  # templates compiled once per `mkdocs serve`
            mkdocs_serve.compile_once(config, self.serve_cache.bytecode, self.serve_cache.said)
        return config

    def _start_build(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the options, wire templates and assets, and start a fresh build."""
        if self._build is not None:
            self._build.close(built=False)
        settings = configure(self.config, config)
        self._build = SiteBuild(
            self.config, config, settings, serving=self.serving, cache=self.serve_cache
        )
        return config

    on_config = CombinedEvent(_compile_once, _start_build)

    @event_priority(50)  # Early: other plugins' on_files see the generated pages.
    def _add_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return self.build.add_files(files, final=False)

    @event_priority(-110)  # Last: the notes as other plugins left them (i18n, exclude).
    def _settle_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return self.build.add_files(files, final=True)

    on_files = CombinedEvent(_add_files, _settle_files)

    @event_priority(90)  # After awesome-nav (100) built it, before section-index and others.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Attach the year/month tree to the navigation."""
        return self.build.attach_nav(nav, files)

    @event_priority(100)  # First: every other plugin (meta merges, tags reads) sees the meta.
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give day pages their plain title, date, description and tags."""
        return self.build.page_markdown(markdown, page)

    @event_priority(100)  # First: every other plugin sees the cards in the content.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the cards, home section and overviews into the page content."""
        return self.build.page_content(html, page)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Render Material's sidebar once per month; write the feed before MkDocs copies it."""
        self.build.prepare_env(env)
        return env

    @event_priority(-100)  # The last before the template renders.
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Escaped text where the theme prints page meta raw."""
        self.build.before_template(page)
        return context

    @event_priority(100)  # The first after the template rendered.
    def _after_template(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.build.after_template(page)
        return output

    @event_priority(-100)  # After every other plugin has changed the page.
    def _finish_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.build.post_page(output, page)

    on_post_page = CombinedEvent(_after_template, _finish_page)

    def on_shutdown(self) -> None:
        """``mkdocs serve`` stops: remove what it kept between rebuilds."""
        self.serve_cache.close()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Under ``mkdocs serve``, reuse the pages a rebuild leaves unchanged."""
        self.build.pre_build()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Remove the build's own folder; keep what pages left for the next rebuild."""
        self.build.close(built=True)

    def on_build_error(self, *, error: Exception) -> None:
        """Remove the build's own folder; forget what pages left."""
        if self._build is not None:
            self._build.close(built=False)
