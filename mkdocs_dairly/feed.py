"""An Atom feed of the newest days (no MkDocs here)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedItem:
    """One feed entry: a day, or one entry of a day. URLs are absolute."""

    id: str
    title: str
    url: str
    date: dt.date
    content_html: str
    summary: str | None = None


def _timestamp(date: dt.date) -> str:
    # Notes have dates, not times: noon UTC keeps the day the same in every time zone reader.
    return f"{date.isoformat()}T12:00:00Z"


def atom_feed(
    *, title: str, site_url: str, feed_url: str, language: str, items: list[FeedItem]
) -> str:
    """The Atom document for ``items`` (newest first). Deterministic: same items, same bytes."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": language})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = site_url
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = max((i.date for i in items), default=dt.date(1970, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(newest)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": feed_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": site_url})
    ET.SubElement(
        feed, f"{{{ATOM}}}generator", {"uri": "https://pypi.org/project/mkdocs-dairly/"}
    ).text = "mkdocs-dairly"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = title
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = item.id
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": item.url})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(item.date)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(item.date)
        if item.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
        ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "html"}).text = item.content_html
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
