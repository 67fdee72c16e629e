"""The plugin's options checked, and the site's config wired for dairly (``on_config``)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..config import DairlyConfig, notes_dir_problem
from ..site.i18n import Labels, labels_for
from ..site.render import TEMPLATE_DIR

log = get_plugin_logger("dairly")

# The stylesheet and script are static files of dairly's templates folder (a theme folder):
# MkDocs copies them, and a file of the same path in docs_dir or custom_dir wins.
CSS_URI = "assets/dairly/dairly.css"
JS_URI = "assets/dairly/dairly.js"
FEED_URI = "feed.xml"


@dataclass(frozen=True)
class Settings:
    """What the options and the site's config decide for one build."""

    labels: Labels
    nav_days: bool
    feed_url: str | None


def configure(options: DairlyConfig, config: MkDocsConfig) -> Settings:
    """Check ``options`` (a clear error, not a traceback); put dairly's templates right
    after the site's ``custom_dir``, its stylesheet and script in the page, and Material's
    navigation features it relies on."""
    problem = notes_dir_problem(options.notes_dir)
    if problem:
        raise PluginError(f"dairly: {problem}")
    options.notes_dir = options.notes_dir.strip().strip("/")
    for name, least in (("home_recent", 0), ("best_count", 1), ("feed_count", 1),
                        ("images_max_bytes", 1)):  # fmt: skip
        if options[name] < least:
            raise PluginError(f"dairly: '{name}' must be at least {least}, got {options[name]}")
    if options.images_timeout <= 0:
        raise PluginError(
            "dairly: 'images_timeout' must be a number of seconds above 0, "
            f"got {options.images_timeout}"
        )
    if options.worker is not None:
        log.info("'worker' does nothing since 0.2 (dairly builds in one process); remove it")
    theme = config.theme
    language = options.language or theme.get("language") or config.get("locale")
    labels = labels_for(str(language) if language else None)

    if TEMPLATE_DIR not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, TEMPLATE_DIR)
    if CSS_URI not in config.extra_css:
        config.extra_css.insert(0, CSS_URI)
    if JS_URI not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(JS_URI)
    features = (theme.get("features") or []) if theme.name == "material" else []
    # Material shows an integrated table of contents only under the page's own nav item.
    nav_days = "toc.integrate" in features if options.nav_days is None else options.nav_days
    if theme.name == "material":
        wanted = [("navigation.prune", options.prune_nav),
                  ("navigation.indexes", options.section_indexes)]  # fmt: skip
        theme["features"] = features + [f for f, on in wanted if on and f not in features]
    feed_url = None
    if options.feed and not config.site_url:
        log.warning("feed: true needs site_url in mkdocs.yml (a feed's links must be absolute)")
    if (options.feed is None or options.feed) and config.site_url:
        feed_url = urljoin(config.site_url, FEED_URI)
    return Settings(labels, nav_days, feed_url)
