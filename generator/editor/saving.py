"""A save from the browser editor keeps the file's meaning.

Decap re-serialises a whole file on every save: comments go, key order follows the form, and
a key the form does not know may go too. So `thutuc edit` does not write what Decap sends: it
applies to the file as it is on disk only the values that changed, through ruamel.yaml's
round-trip mode (comments, order and quoting kept). Codes stay quoted strings, dates stay
dates, keys the form does not know stay, and the body is kept byte for byte unless edited.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator.content.procedure import split_front_matter

#: Values that YAML would read as numbers unless quoted (`1.001193`, `08377`).
QUOTED_KEYS = frozenset({"code", "replaced_by", "procedures", "offices"})
DATE_KEYS = frozenset({"updated", "date", "expires"})


def _yaml() -> YAML:
    loader = YAML(typ="rt")
    loader.preserve_quotes = True
    loader.width = 4096  # a 250-character title stays on its line
    loader.indent(mapping=2, sequence=4, offset=2)
    return loader


def _plain(value: Any) -> Any:
    """A value as plain data, for comparing what the form sent with what the file holds."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _styled(key: str, value: Any, like: Any = None) -> Any:
    """A new value written as the file writes such values: strings double-quoted, dates as
    dates, lists in the style of the list they replace."""
    if key in DATE_KEYS and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return DoubleQuotedScalarString(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return DoubleQuotedScalarString(value)
    if isinstance(value, int | float) and key in QUOTED_KEYS:
        return DoubleQuotedScalarString(str(value))
    if isinstance(value, list):
        items = CommentedSeq(_styled(key, item) for item in value)
        if isinstance(like, CommentedSeq) and like.fa.flow_style():
            items.fa.set_flow_style()
        return items
    return value


def merge_mapping(original: CommentedMap, saved: dict[str, Any], known: set[str]) -> None:
    """Change in `original` what differs in `saved`; drop a key the form knows and left
    empty; keep every key the form does not know."""
    for key, value in saved.items():
        if value in (None, "", []) and key not in original:
            continue
        if key in original and _plain(original[key]) == _plain(value):
            continue
        if value in (None, "", []):
            del original[key]
            continue
        original[key] = _styled(key, value, original.get(key))
    for key in [k for k in original if k in known and k not in saved]:
        del original[key]


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def merged_markdown(original: str | None, saved: str, known: set[str]) -> str:
    """The file to write for a Markdown entry (a procedure or a notice)."""
    new_parts = split_front_matter(saved.replace("\r\n", "\n"))
    if new_parts is None:
        return saved
    new_front, new_body, _line = new_parts
    data = yaml.safe_load(new_front) or {}
    old_parts = split_front_matter(original) if original is not None else None
    if old_parts is None:
        front: CommentedMap = CommentedMap()
        body = new_body
    else:
        front = _yaml().load(old_parts[0]) or CommentedMap()
        body = old_parts[1] if old_parts[1].strip() == new_body.strip() else new_body
    merge_mapping(front, data, known)
    if not body.startswith("\n"):
        body = "\n" + body
    return f"---\n{_dump(front)}---\n{body}"


def merged_offices(original: str | None, saved: str, known: set[str]) -> str:
    """`offices.yml`: each office matched by code, so its `overrides` and comments stay."""
    data = yaml.safe_load(saved) or {}
    if original is None:
        return _dump(data)
    document = _yaml().load(original) or CommentedMap()
    by_code = {str(o.get("code", "")).upper(): o for o in document.get("offices") or []}
    merged = CommentedSeq()
    for office in data.get("offices") or []:
        existing = by_code.get(str(office.get("code", "")).upper())
        if existing is None:
            existing = CommentedMap()
        merge_mapping(existing, office, known)
        merged.append(existing)
    document["offices"] = merged
    return _dump(document)


def merged_synonyms(original: str | None, saved: str) -> str:
    """`synonyms.yml`: the groups replaced, the file's comments kept."""
    data = yaml.safe_load(saved) or {}
    document = (_yaml().load(original) if original else None) or CommentedMap()
    groups = CommentedSeq()
    for group in data.get("groups") or []:
        words = CommentedSeq(DoubleQuotedScalarString(str(w)) for w in group)
        words.fa.set_flow_style()
        groups.append(words)
    document["groups"] = groups
    return _dump(document)


__all__ = ["merge_mapping", "merged_markdown", "merged_offices", "merged_synonyms"]
