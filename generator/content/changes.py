"""The change record (contract v3): what changed in a procedure's facts, when, from what to what.

Two files in the content folder, committed like the registers:
- `changes.yml`, the record, only ever appended to: one flow-style line per change, so a
  hand-edit gone wrong is an error naming its line, and the file is then never rewritten;
- `published-facts.yml`, the facts as last published, rewritten whole by each build that
  publishes, so the next build knows what differs without git history or the cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from generator.cache import atomic_write, digest
from generator.content import labels, markup, yamltext
from generator.content.catalog import Catalog
from generator.content.errors import ContentError, ContentErrors
from generator.content.office_list import OVERRIDABLE, Offices
from generator.content.procedure import CODE_PATTERN
from generator.i18n import _

CHANGES_NAME = "changes.yml"
SNAPSHOT_NAME = "published-facts.yml"
#: A procedure's facts whose change residents must hear about.
FACTS = ("title", "fee", "processing_time", "agency", "documents", "online_url", "status")
FACTS += ("replaced_by",)
ENTRY_KEYS = ("date", "code", "office", "fact", "old", "new")
HEADER = """\
# Changes to published procedures, recorded by the build; shown on the site and in its feed.
# Never edit or delete a line: the record only grows. Commit this file.
changes:
"""
SNAPSHOT_HEADER = "# The facts as last published, written by the build. Commit this file.\n"

#: What each recorded fact is called on pages, in feeds, in staff messages and by `reprint`.
FACT_NAMES = {
    **dict(labels.FACT_LABELS),
    "title": "Tên thủ tục",
    "documents": labels.DOCUMENTS,
    "online_url": "Nộp hồ sơ trực tuyến",
    "status": "Tình trạng",
    "replaced_by": "Thay thế bởi thủ tục",
    "note": "Ghi chú",
}

Value = str | list[str] | None
Facts = dict[str, dict[str, Value]]


@dataclass(frozen=True)
class Change:
    """One fact of one procedure (at one office, or site-wide) that changed on `date`."""

    date: dt.date
    code: str
    fact: str
    old: Value
    new: Value
    office: str | None = None
    #: Its line in changes.yml; None while only pending (not yet recorded).
    line: int | None = None
    #: Its place in the record (0 for the first change ever): a permanent anchor and feed
    #: id, since the record only grows.
    serial: int = 0

    @property
    def anchor(self) -> str:
        return f"thay-doi-{self.serial + 1}"


def changes_path(content_dir: Path) -> Path:
    return content_dir / CHANGES_NAME


def snapshot_path(content_dir: Path) -> Path:
    return content_dir / SNAPSHOT_NAME


def shown(value: Value) -> str:
    """A value as residents read it: documents one after another, nothing as a dash."""
    if value is None or value == "":
        return "—"
    return "; ".join(value) if isinstance(value, list) else str(value)


def current_facts(catalog: Catalog, offices: Offices) -> Facts:
    """Per procedure code its facts; per `CODE@OFFICE` pair with overrides, the overrides;
    and one `@OFFICE` mark per office, so a later build knows the office existed."""
    facts: Facts = {}
    for procedure in catalog:
        meta = procedure.meta
        facts[procedure.code] = {
            name: (list(getattr(meta, name)) if name == "documents" else getattr(meta, name))
            for name in FACTS
        }
    for office in offices:
        facts[f"@{office.code}"] = {}
        for code, overrides in office.overrides.items():
            facts[f"{code}@{office.code}"] = {k: overrides.get(k) for k in OVERRIDABLE}
    return facts


def _pair_changes(before: Facts, now: Facts, key: str, today: dt.date) -> list[Change]:
    """One office's overrides of one procedure, as residents there saw them: a fact that was
    or is overridden changed if its value there (the override, else the procedure's own)
    differs. A fact overridden on neither side follows the procedure's own change."""
    code, _sep, office = key.partition("@")
    mark = f"@{office}"
    if mark not in before or mark not in now or code not in before or code not in now:
        return []  # a new office or procedure is not a change
    old_raw, new_raw = before.get(key, {}), now.get(key, {})
    found = []
    for fact in OVERRIDABLE:
        old, new = old_raw.get(fact), new_raw.get(fact)
        if old is None and new is None:
            continue
        old = before[code].get(fact) if old is None else old
        new = now[code].get(fact) if new is None else new
        if old != new:
            found.append(Change(today, code, fact, old, new, office))
    return found


def differences(before: Facts, now: Facts, today: dt.date) -> list[Change]:
    """Today's changes: facts published before whose value is not the same now. A new
    procedure or a new office is not a change; an office's new override is (from the
    procedure's own value), and so is a removed one (back to it)."""
    found: list[Change] = []
    for key in sorted(set(before) | set(now)):
        if key.startswith("@"):
            continue
        if "@" in key:
            found += _pair_changes(before, now, key, today)
            continue
        old_facts, new_facts = before.get(key), now.get(key)
        if old_facts is None or new_facts is None:
            continue
        for fact, value in new_facts.items():
            if old_facts.get(fact) != value:
                found.append(Change(today, key, fact, old_facts.get(fact), value))
    return found


# -- reading and writing, never losing a line --------------------------------------------------


def _text(path: Path, display: str) -> tuple[yamltext.Document | None, list[ContentError]]:
    if not path.exists():
        return None, []
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None, [ContentError(display, _("cannot be read as UTF-8 text; restore it from git"))]
    try:
        text = markup.normalise_newlines(unicodedata.normalize("NFC", raw))
        return yamltext.load(text), []
    except yamltext.YamlProblem as exc:
        return None, [ContentError(display, exc.message, line=exc.line)]


def _value(node: yaml.Node) -> Value:
    if isinstance(node, yaml.SequenceNode):
        return [str(item.value) for item in node.value if isinstance(item, yaml.ScalarNode)]
    if isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":null"):
        return str(node.value)
    return None


def _entry(node: yaml.Node, line: int, display: str) -> tuple[Change | None, list[ContentError]]:
    def problem(message: str, key: str | None = None) -> tuple[None, list[ContentError]]:
        return None, [ContentError(display, message, line=line, field=key)]

    if not isinstance(node, yaml.MappingNode):
        return problem(_("each change is one line: - {date: ..., code: ..., fact: ...}"))
    values: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = yamltext.key_name(key)
        if name not in ENTRY_KEYS:
            return problem(
                _("unknown key in a change; allowed: {keys}").format(keys=", ".join(ENTRY_KEYS)),
                name,
            )
        values[name] = value
    for required in ("date", "code", "fact", "old", "new"):
        if required not in values:
            return problem(_("a change needs '{key}'").format(key=required), required)
    try:
        date = dt.date.fromisoformat(str(values["date"].value))
    except (ValueError, TypeError, AttributeError):
        return problem(_("must be a date written YYYY-MM-DD"), "date")
    code = _value(values["code"])
    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        return problem(_("is not a procedure code"), "code")
    fact = _value(values["fact"])
    office = _value(values["office"]) if "office" in values else None
    if fact not in (OVERRIDABLE if office else FACTS) or (office and not isinstance(office, str)):
        return problem(_("'{fact}' is not a fact that is recorded").format(fact=fact), "fact")
    old, new = _value(values["old"]), _value(values["new"])
    return Change(date, code.upper(), str(fact), old, new, office, line), []


def numbered(changes: list[Change], start: int = 0) -> list[Change]:
    """The changes with their places in the record, from `start`."""
    return [replace(change, serial=start + index) for index, change in enumerate(changes)]


def read_changes(path: Path, display: str) -> tuple[list[Change], list[ContentError]]:
    """Every recorded change in file order, or every broken line (then nothing is recorded)."""
    document, problems = _text(path, display)
    if document is None:
        return [], problems
    items = yamltext.mapping_items(document)
    if [yamltext.key_name(key) for key, _v in items] != ["changes"]:
        return [], [ContentError(display, _("must hold only 'changes:'"), line=1)]
    node = items[0][1]
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return [], []
    if not isinstance(node, yaml.SequenceNode):
        message = _("must hold one '- {...}' line per change")
        return [], [ContentError(display, message, line=document.line_of(node))]
    changes: list[Change] = []
    for item in node.value:
        change, found = _entry(item, document.line_of(item), display)
        problems += found
        if change is not None:
            changes.append(change)
    return ([] if problems else numbered(changes)), problems


def read_snapshot(path: Path, display: str) -> tuple[Facts | None, list[ContentError]]:
    """The facts as last published; None when nothing was published yet."""
    document, problems = _text(path, display)
    if document is None:
        return None, problems
    data = document.data
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        return None, [ContentError(display, _("is not a record of facts; restore it from git"))]
    return {str(k): {str(f): _plain(v) for f, v in facts.items()} for k, facts in data.items()}, []


def published_facts(
    path: Path, display: str, now: Facts, memo: Path | None = None
) -> tuple[Facts | None, list[ContentError]]:
    """The facts as last published. When the file holds exactly the text `now` is written
    as (a build that changed no fact: the usual one), that is `now` itself, known without
    parsing 1,000 procedures' facts as YAML (0.3 s of every warm build). `memo`, a file in the
    cache folder, remembers the digests of such a pair, so the next run knows it without
    writing the text either (0.08 s)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return read_snapshot(path, display)  # missing or unreadable: it says which
    pair = _pair(raw, now)
    if memo is not None and _memo_text(memo) == pair:
        return now, []
    if raw == snapshot_text(now).encode("utf-8"):
        _remember(memo, pair)
        return now, []
    return read_snapshot(path, display)


def _pair(raw: bytes, now: Facts) -> str:
    """The memo's line: the digests of the file's bytes and of the facts they hold."""
    return f"{digest(raw.decode('latin-1'), length=32)} {digest(now, length=32)}\n"


def _memo_text(memo: Path) -> str | None:
    try:
        return memo.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _remember(memo: Path | None, pair: str) -> None:
    """Keep the pair of digests; a cache folder that cannot be written only costs time."""
    if memo is not None and _memo_text(memo) != pair:
        with contextlib.suppress(OSError):
            memo.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(memo, pair)


def snapshot_text(now: Facts) -> str:
    """`published-facts.yml` for the facts `now`."""
    return SNAPSHOT_HEADER + yamltext.dump(
        dict(sorted(now.items())), allow_unicode=True, sort_keys=True, width=1 << 30
    )


def _plain(value: Any) -> Value:
    if value is None:
        return None
    return [str(item) for item in value] if isinstance(value, list) else str(value)


def _line(change: Change) -> str:
    entry: dict[str, Any] = {"date": change.date, "code": change.code}
    if change.office:
        entry["office"] = change.office
    entry.update({"fact": change.fact, "old": change.old, "new": change.new})
    text = yamltext.dump(
        entry, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1 << 30
    )
    return "- " + text.strip() + "\n"


def record(
    content_dir: Path,
    display: str,
    pending: Iterable[Change],
    now: Facts,
    before: Facts | None = None,
    memo: Path | None = None,
) -> bool:
    """Append today's changes (the old lines untouched, byte for byte) and rewrite the facts
    as published; refuses (ContentErrors) rather than touch a record it cannot read. With
    `before` (the facts as read from the file this build), a file they equal is left alone:
    dumping 1,000 procedures' facts only to find the same text cost a warm build 0.4 s."""
    path = changes_path(content_dir)
    added = "".join(_line(change) for change in pending)
    if added or not path.exists():  # created on the first build, so editors see where it is
        _recorded, problems = read_changes(path, display)
        if problems:
            raise ContentErrors(problems)
        old = path.read_text(encoding="utf-8") if path.exists() else HEADER
        atomic_write(path, (old if old.endswith("\n") else old + "\n") + added)
    snapshot = snapshot_path(content_dir)
    if before is not None and before == now and snapshot.exists():
        return bool(added)
    text = snapshot_text(now)
    pair = _pair(text.encode("utf-8"), now)
    if not snapshot.exists() or snapshot.read_text(encoding="utf-8") != text:
        atomic_write(snapshot, text)
        _remember(memo, pair)
        return True
    _remember(memo, pair)
    return bool(added)


def newest_first(changes: Iterable[Change]) -> list[Change]:
    """Newest first; within a day, in the order they were recorded."""
    return sorted(changes, key=lambda change: (change.date, change.serial), reverse=True)


def fact_label(fact: str) -> str:
    return FACT_NAMES.get(fact, fact)


def describe(change: Change) -> str:
    """One line for residents and staff: the day, the fact, before and after (Vietnamese, as
    the site is)."""
    return (
        f"{change.date.strftime('%d/%m/%Y')} {fact_label(change.fact)}: "
        f"trước đây {shown(change.old)}; nay {shown(change.new)}"
    )


def reprint_reasons(
    changes: Iterable[Change], code: str, printed: dt.date, office: str | None = None
) -> list[str]:
    """Why a poster printed on `printed` must be printed again: its facts changed since (the
    site's, and with `office` that office's own)."""
    return [
        describe(c)
        for c in changes
        if c.code == code and c.date >= printed and c.office in (None, office)
    ]


def of_procedure(changes: Iterable[Change], code: str) -> list[Change]:
    return [change for change in changes if change.code == code]


def by_code(changes: Iterable[Change]) -> Mapping[str, list[Change]]:
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.code, []).append(change)
    return grouped
