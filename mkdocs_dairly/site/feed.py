"""An Atom feed of the newest days (no MkDocs here)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from ..notes.model import Day, Entry
from .render import Linker, Renderer

ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow. The notes reader reports and removes them from front
# matter; this keeps feed.xml well-formed whatever else (a theme's label, a Markdown
# extension's output) brings one in.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class FeedItem:
    """One feed entry: a day, or one entry of a day. URLs are absolute."""

    id: str
    title: str
    url: str
    date: dt.date
    content_html: str
    summary: str | None = None


# ``cards(day, linker, entries)``: a day's cards as HTML (``None``: all its entries).
Cards = Callable[[Day, Linker, list[Entry] | None], str]


def day_items(
    days: list[Day],
    renderer: Renderer,
    linker_for: Callable[[Day], tuple[Linker, str]],
    *,
    per_entry: bool,
    cards: Cards | None = None,
) -> list[FeedItem]:
    """Feed items for ``days`` (newest first): one per day, or one per entry (newest first).

    ``linker_for(day)`` gives a linker that writes absolute URLs and the day's absolute URL;
    ``cards(day, linker, entries)``, if given, the cards as ``renderer.cards`` draws them
    (``None``: all the day's entries).
    """
    items = []
    t = renderer.t
    if cards is None:

        def cards(day: Day, linker: Linker, entries: list[Entry] | None) -> str:
            return str(renderer.cards(day, linker, entries=entries))

    for day in days:
        assert day.date is not None
        linker, url = linker_for(day)
        date = t.full_date(day.date)
        title = f"{day.title} · {date}" if day.title else date
        if not per_entry:
            html = cards(day, linker, None)
            items.append(FeedItem(url, title, url, day.date, html, day.summary))
            continue
        for entry in reversed(day.entries):
            anchor = f"{url}#entry-{entry.number}"
            html = cards(day, linker, [entry])
            name = entry.title or t.untitled
            items.append(FeedItem(anchor, f"{name} · {title}", anchor, day.date, html))
    return items


def _timestamp(date: dt.date) -> str:
    # Notes have dates, not times: noon UTC keeps the day the same in every time zone reader.
    return f"{date.isoformat()}T12:00:00Z"


def atom_feed(
    *, title: str, site_url: str, feed_url: str, language: str, items: list[FeedItem]
) -> str:
    """The Atom document for ``items`` (newest first). Deterministic: same items, same bytes."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": language})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = xml_text(site_url)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = xml_text(title)
    newest = max((i.date for i in items), default=dt.date(1970, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(newest)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": feed_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": site_url})
    ET.SubElement(
        feed, f"{{{ATOM}}}generator", {"uri": "https://pypi.org/project/mkdocs-dairly/"}
    ).text = "mkdocs-dairly"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = xml_text(title)
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = xml_text(item.id)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(item.title)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": xml_text(item.url)})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(item.date)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(item.date)
        if item.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(item.summary)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "html"})
        content.text = xml_text(item.content_html)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
