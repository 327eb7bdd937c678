"""An office's scan page shows the shared body (the steps) under the office's own facts.
Where that body restates a fact the office overrides (`content.restated`), the block
(paragraph, list item, table row) is marked plainly as not applying at this office, so the
page never shows the shared value unmarked next to the office's own."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from generator.content.restated import LABELS, states

#: The blocks a restatement is marked in; the innermost match wins for nested lists.
_BLOCK = re.compile(r"<(p|li|tr)\b([^>]*)>(.*?)</\1>", flags=re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_CELL = re.compile(r"<t[dh]\b[^>]*>", flags=re.IGNORECASE)


_CELL_END = re.compile(r"</t[dh]>", flags=re.IGNORECASE)


def _text(fragment: str) -> str:
    """A block's text; a table row's cells kept apart as in Markdown ("Lệ phí | 20.000")."""
    return html.unescape(_TAG.sub(" ", _CELL_END.sub(" | ", fragment)))


def _note(key: str, office_name: str) -> str:
    label = html.escape(LABELS[key])
    where = html.escape(office_name)
    return (
        f'<strong class="o-stale__note">Không áp dụng tại {where}: xem “{label}” ở trên.</strong> '
    )


def mark_restated(
    body: str, shared: Mapping[str, str], keys: frozenset[str], office_name: str
) -> str:
    """`body` with each block that states one of `keys` marked as not applying here."""
    if not keys:
        return body

    def mark(match: re.Match[str]) -> str:
        tag, attrs, inner = match.group(1), match.group(2), match.group(3)
        if _BLOCK.search(inner):  # a list item holding a list: mark the inner items
            return match.group(0)
        text = _text(inner)
        key = next((k for k in sorted(keys) if states(text, k, shared.get(k, ""))), None)
        if key is None:
            return match.group(0)
        note = _note(key, office_name)
        if tag.lower() == "tr":
            cells = list(_CELL.finditer(inner))
            if not cells:
                return match.group(0)
            at = cells[-1].end()
            inner = inner[:at] + note + inner[at:]
        else:
            inner = note + inner
        if 'class="' in attrs:
            attrs = attrs.replace('class="', 'class="o-stale ', 1)
        else:
            attrs = ' class="o-stale"' + attrs
        return f"<{tag}{attrs}>{inner}</{tag}>"

    return _BLOCK.sub(mark, body)
