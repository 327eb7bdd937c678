"""A small Atom 1.0 (RFC 4287) writer on `xml.etree`: notices and changes for feed readers.

A library (feedgen) would add lxml for two dozen lines; ElementTree escapes every text node,
so markup in a title or summary stays text. The tests validate the output with feedparser.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from generator.cache import atomic_write

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Feed:
    title: str
    site_url: str
    #: The feed's own path in the site, e.g. `thong-bao/atom.xml`.
    path: str
    updated: dt.date


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    summary: str
    link: str
    updated: dt.date


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def render(feed: Feed, entries: list[Entry]) -> str:
    """The feed's XML; `updated` is the newest entry's day, else the build's."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    _text(root, "id", feed.site_url + feed.path)
    _text(root, "title", feed.title)
    newest = max((entry.updated for entry in entries), default=feed.updated)
    _text(root, "updated", _stamp(newest))
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "href": feed.site_url + feed.path})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "href": feed.site_url})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", feed.title)
    for entry in entries:
        item = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(item, "id", entry.id)
        _text(item, "title", entry.title)
        _text(item, "updated", _stamp(entry.updated))
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": entry.link})
        _text(item, "summary", entry.summary)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def write(site_dir: Path, feed: Feed, entries: list[Entry]) -> Path:
    target = site_dir / feed.path
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, render(feed, entries) + "\n")
    return target
