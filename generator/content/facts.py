"""The facts list: what a resident needs first about a procedure (fee, time, where to submit),
defined once for the procedure page, the office's scan page and the search document, so the
three never disagree on labels or order. Also where and when: the office's address, a map
link, its hours and a number to call, for the top of every resident page."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.content import labels

#: Built from the address when an office has no `map_url`: a search, opened only when tapped.
MAP_SEARCH = "https://www.google.com/maps/search/?api=1&query="
#: A setting that becomes a link must be a web address (never `javascript:`).
_WEB = re.compile(r"^https?://\S+$", flags=re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    """One labelled fact; `overridden` when an office's value replaces the shared one."""

    key: str
    label: str
    value: str
    overridden: bool = False


def procedure_facts(meta: Any, overridden: frozenset[str] = frozenset()) -> list[Fact]:
    """The facts of a procedure's (or an office's view of its) front matter, in the order
    every output shows them."""
    return [
        Fact(key, label, str(getattr(meta, key)), key in overridden)
        for key, label in labels.FACT_LABELS
    ]


@dataclass(frozen=True)
class Place:
    """Where and when: the office a resident goes to, with links a phone can follow."""

    name: str
    address: str
    hours: str
    hotline: str
    map_url: str
    #: A Zalo link (https://zalo.me/...) for "báo sai thông tin", when the office has one.
    zalo_url: str = ""

    @property
    def tel(self) -> str:
        """The hotline as a `tel:` target: digits and a leading +, nothing else."""
        return re.sub(r"[^\d+]", "", self.hotline)


def map_link(address: str, map_url: str | None = None) -> str:
    """The office's own map link (http or https only), or a map search for its address."""
    if map_url and _WEB.match(map_url):
        return map_url
    return MAP_SEARCH + urllib.parse.quote(address, safe="")


def place(office: Mapping[str, Any] | Any) -> Place | None:
    """Where and when from `extra.office` (a mapping) or an `Office`; None without an address,
    hours or hotline to show."""

    def get(key: str) -> str:
        value = office.get(key) if isinstance(office, Mapping) else getattr(office, key, None)
        return str(value or "").strip()

    address, hours, hotline = get("address"), get("hours"), get("hotline")
    if not (address or hours or hotline):
        return None
    map_url = map_link(address, get("map_url") or None) if address else ""
    zalo = get("zalo_url")
    zalo = zalo if _WEB.match(zalo) else ""
    return Place(get("name") or "Bộ phận một cửa", address, hours, hotline, map_url, zalo)
