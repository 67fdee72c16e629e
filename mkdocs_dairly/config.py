"""The plugin's options (``plugins: - dairly: {...}`` in ``mkdocs.yml``)."""

from __future__ import annotations

import os

from mkdocs.config import base
from mkdocs.config import config_options as c


class DairlyConfig(base.Config):
    """Options of the ``dairly`` plugin. Every option has a default; ``- dairly`` alone works."""

    notes_dir = c.Type(str, default="notes")
    """Folder, relative to `docs_dir`, whose Markdown files are day notes."""

    home = c.Type(bool, default=True)
    """Show the newest day's entries on the home page (`index.md`), generating it if absent."""

    home_recent = c.Type(int, default=7)
    """How many earlier days the home page links to below the newest day."""

    order = c.Choice(("newest", "oldest"), default="newest")
    """Order of years, months and days in the nav and on index pages."""

    language = c.Optional(c.Type(str))
    """Language of generated labels (`zh`, `en`); default: the theme's `language`."""

    nav_title = c.Optional(c.Type(str))
    """Title of the section holding the day tree when the site keeps its own `nav:`
    (default: a localized "Notes")."""

    nav_days = c.Optional(c.Type(bool))
    """List each day in the nav under its month. Off: the nav holds years and months; a day
    page opens and highlights its month, and the month page lists the days (lighter pages:
    a day page does not carry its month's thirty links). Default: off, but on with
    Material's `toc.integrate` (which shows a page's table of contents only under its nav item)."""

    prune_nav = c.Type(bool, default=True)
    """Add Material's `navigation.prune`, so each page renders only the open branch of the
    archive and page size does not grow with the number of days."""

    section_indexes = c.Type(bool, default=True)
    """Add Material's `navigation.indexes`, so year and month sections link to their
    generated overview pages."""

    compact_html = c.Type(bool, default=True)
    """Fold the indentation between tags of the pages dairly renders (about a third of
    Material's page bytes); text, `pre`, `code` and attribute values are left as they are."""

    calendar = c.Type(bool, default=True)
    """Draw a year calendar of notes per day (inline SVG) on the home, year and archive pages."""

    star_filter = c.Type(bool, default=True)
    """Offer a "show entries with at least N stars" control on day, month and home pages."""

    explore = c.Type(bool, default=True)
    """Generate the explore page (`notes/explore/`, next to the archive in the nav): every
    entry of every day shown, filtered in the browser by stars, tag, year or month, link
    kind and text, from one JSON file (`notes/explore.json`) the page loads."""

    best_count = c.Type(int, default=10)
    """How many entries the best-of page of each month lists (most stars first); a year's
    lists twice as many."""

    feed = c.Optional(c.Type(bool))
    """Publish an Atom feed at `feed.xml`. Default: on when `site_url` is set (feeds need
    absolute URLs); `true` without `site_url` is a warning."""

    feed_count = c.Type(int, default=20)
    """How many of the newest days the feed carries."""

    feed_per = c.Choice(("day", "entry"), default="day")
    """One feed item per day, or one per entry."""

    search_view = c.Type(bool, default=True)
    """Hand Material's search a lean copy of each day page (the same text: titles, abstracts,
    links, tips, tags and the body, one section per entry) instead of the card markup."""

    search_typed_first = c.Type(bool, default=True)
    """In Material's search, list first the entries that contain the query as typed (case,
    and spaces next to Chinese, aside), then Material's other results. Material alone cuts a
    Chinese query into words and lists entries with any of them, titles first."""

    worker = c.Optional(c.Type(bool))
    """Removed in 0.2 (dairly builds in one process): accepted, and does nothing."""

    images = c.Choice(("remote", "cache"), default="remote")
    """`remote`: images load from where they are (with `referrerpolicy="no-referrer"`, which
    hotlink-protected CDNs accept). `cache`: download remote images at build time into
    `images_cache_dir` and serve them from the site; an image that cannot be fetched keeps
    its remote URL."""

    images_cache_dir = c.Type(str, default=".dairly-cache/images")
    """Where `images: cache` keeps downloads between builds, relative to `mkdocs.yml`
    (commit it, or cache it in CI, to skip the downloads)."""

    images_max_bytes = c.Type(int, default=10_000_000)
    """Largest image `images: cache` downloads; larger ones keep their remote URL."""

    images_timeout = c.Type((int, float), default=10.0)
    """Seconds one image's download may take in all (connecting, headers, body, redirects);
    all downloads of a build together may take six times as long."""

    images_strict = c.Type(bool, default=False)
    """Report images that could not be cached as warnings (so `--strict` fails on a dead
    image) instead of as notices."""


def notes_dir_problem(value: object) -> str | None:
    """Why ``value`` cannot be the ``notes_dir`` option (a folder inside docs_dir), or None.
    The plugin and the command-line tools apply this one rule."""
    text = value if isinstance(value, str) else ""
    inside = text.strip().strip("/")
    parts = inside.replace("\\", "/").split("/")
    if not inside or ".." in parts or os.path.isabs(text.strip()) or ":" in parts[0]:
        return f"'notes_dir' must be a folder inside docs_dir like 'notes', got {value!r}"
    return None
