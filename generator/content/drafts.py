"""Drafts: procedure files with `status: draft`, written by `thutuc import` for new codes.

A draft is neither published nor checked as a procedure, so it blocks nothing; `check` and
`build` list each one as a warning naming what it still lacks (a missing key, or one that
still holds the `TODO` placeholder). The editor completes it and removes `status: draft` (or
writes `status: active`); from then on it is an ordinary procedure, checked and published.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import yaml

from generator.content.errors import ContentError
from generator.content.procedure import (
    PLACEHOLDER_PATTERN,
    REQUIRED_KEYS,
    read_text,
    split_front_matter,
)
from generator.i18n import _

DRAFT_STATUS = "draft"
#: How the note `thutuc import` writes at the top of a draft's front matter begins: its two
#: lines say the file is not published and how to publish it, untrue once it is.
DRAFT_NOTE = ("# Bản nháp do `thutuc import`", "# Điền các mục ")
_STATUS_DRAFT = re.compile(rb"^status\s*:\s*[\"']?draft[\"']?\s*(?:#.*)?$", re.MULTILINE)


def is_draft(raw: bytes) -> bool:
    """Whether the front matter says `status: draft` (read without YAML, for speed)."""
    return _STATUS_DRAFT.search(raw[:65536]) is not None


def without_draft_note(text: str) -> str:
    """The file without import's draft note, for a draft being published from the browser
    editor, where the clerk never sees the file's comments to delete them."""
    lines = text.split("\n")
    if lines[0] != "---":
        return text
    end = 1
    for start in DRAFT_NOTE:
        if end < len(lines) and lines[end].startswith(start):
            end += 1
    return "\n".join(lines[:1] + lines[end:])


def _holds_placeholder(value: object) -> bool:
    if isinstance(value, str):
        return PLACEHOLDER_PATTERN.search(value) is not None
    if isinstance(value, list):
        return not value or any(_holds_placeholder(item) for item in value)
    return value is None


def lacking(raw: bytes) -> tuple[list[str], int | None]:
    """The keys a draft still lacks (and `body`), and the line of the first of them."""
    text, _problems = read_text(raw, "")
    parts = split_front_matter(text or "")
    if parts is None:
        return ["front matter"], 1
    front, body, _body_line = parts
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:
        return ["front matter"], 1
    data = data if isinstance(data, dict) else {}
    keys = [key for key in REQUIRED_KEYS if key not in data or _holds_placeholder(data[key])]
    lines = front.split("\n")
    first = next(
        (n + 2 for n, line in enumerate(lines) if keys and line.startswith(keys[0] + ":")), None
    )
    if PLACEHOLDER_PATTERN.search(body):
        keys.append("body")
    return keys, first


def draft_report(raw: bytes, display: str) -> ContentError | None:
    """The warning that lists a draft and what it lacks; None when the file is not a draft."""
    if not is_draft(raw):
        return None
    keys, line = lacking(raw)
    if line is None and (found := _STATUS_DRAFT.search(raw[:65536])) is not None:
        line = raw[: found.start()].count(b"\n") + 1  # the line to delete
    if keys:
        message = _("draft, not published; still to write: {keys}").format(keys=", ".join(keys))
    else:
        message = _("draft, not published; complete: remove the line “status: draft” to publish")
    return ContentError(display, message, line=line, field=None, severity="warning")


def published_drafts(
    drafts: dict[str, ContentError], issued: Collection[str]
) -> list[ContentError]:
    """A code already published may be printed on posters: its file cannot go back to draft,
    or its short URL would stop working. Retire it instead."""
    return [
        ContentError(
            found.path,
            _(
                "code {code} was published and may be printed on posters; a published "
                "procedure cannot become a draft again. Remove “status: draft”, or set "
                "“status: retired” to withdraw it"
            ).format(code=code),
            line=found.line,
            field="status",
        )
        for code, found in sorted(drafts.items())
        if code in issued
    ]
