"""schema.org `GovernmentService` data for a procedure page, as JSON-LD safe inside <script>.

Search engines and assistants read it to answer "where, how long, which phone" without
parsing the page. Every value comes from content, so the JSON is escaped for an HTML
<script> element: a title holding `</script>` must not end it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from generator.content.procedure import Procedure

#: "3 ngày làm việc", "15 ngày", "24 giờ": a number then a unit, as ISO 8601 durations.
_DURATION = re.compile(r"(\d+)\s*(ngày|giờ|tháng)", re.IGNORECASE)
_UNITS = {"ngày": "P{}D", "giờ": "PT{}H", "tháng": "P{}M"}
_SAME_DAY = re.compile(r"trong ngày|ngay trong ngày", re.IGNORECASE)

#: Characters that could end or confuse an HTML <script> element, as JSON escapes.
_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def processing_duration(text: str) -> str | None:
    """An ISO 8601 duration for schema.org's `processingTime`, when the text names one.

    The longest figure wins ("ngay trong ngày, tối đa 3 ngày làm việc" is P3D); text with no
    figure ("theo quy định") gives None rather than a guess.
    """
    matches = _DURATION.findall(text)
    if matches:
        number, unit = max(matches, key=lambda m: _in_hours(int(m[0]), m[1].lower()))
        return _UNITS[unit.lower()].format(int(number))
    if _SAME_DAY.search(text):
        return "P1D"
    return None


def _in_hours(number: int, unit: str) -> int:
    return number * {"giờ": 1, "ngày": 24, "tháng": 720}[unit]


def _address(office: Mapping[str, str]) -> dict[str, str] | None:
    if not office.get("address"):
        return None
    return {"@type": "PostalAddress", "streetAddress": office["address"], "addressCountry": "VN"}


def government_service(procedure: Procedure, url: str, office: Mapping[str, str]) -> dict[str, Any]:
    """The procedure as a schema.org GovernmentService: provider, channels, time and phone."""
    meta = procedure.meta
    address = _address(office)
    hotline = office.get("hotline")
    duration = processing_duration(meta.processing_time)
    provider: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": office.get("name") or meta.agency,
    }
    in_person: dict[str, Any] = {
        "@type": "ServiceChannel",
        "name": "Nộp hồ sơ trực tiếp",
        "description": f"Thời gian giải quyết: {meta.processing_time}. Lệ phí: {meta.fee}.",
        "serviceLocation": {"@type": "GovernmentOffice", "name": meta.agency},
    }
    if address:
        provider["address"] = address
        in_person["serviceLocation"]["address"] = address
    if hotline:
        provider["telephone"] = hotline
        in_person["servicePhone"] = {"@type": "ContactPoint", "telephone": hotline}
    channels = [in_person]
    if meta.online_url:
        channels.append(
            {
                "@type": "ServiceChannel",
                "name": "Nộp hồ sơ trực tuyến",
                "serviceUrl": meta.online_url,
            }
        )
    for channel in channels:
        if duration:
            channel["processingTime"] = duration
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": procedure.title,
        "identifier": procedure.code,
        "description": meta.summary,
        "url": url,
        "serviceType": procedure.field,
        "provider": provider,
        "availableChannel": channels,
    }


def script_json(data: Mapping[str, Any]) -> Markup:
    """JSON for the inside of a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)
