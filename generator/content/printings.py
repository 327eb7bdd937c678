"""Printings: which poster is on the wall, and which ones need printing again.

Staff record a printing with `thutuc printed`; it writes each printed poster's fingerprint (the
'Bản in' code in the poster's footer) to `content/printings.yml`, a file they commit.
`thutuc reprint` compares those with the current content and packs what changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from generator.cache import atomic_write
from generator.content import yamltext
from generator.content.catalog import Catalog
from generator.i18n import _

PRINTINGS_FILE = "printings.yml"
HEADER = (
    "# Áp phích đã in: mã bản in (chân mỗi áp phích) của lần in gần nhất, theo mã thủ tục.\n"
    "# Ghi bằng `thutuc printed`, so sánh bằng `thutuc reprint`. Hãy commit tệp này.\n"
)


@dataclass(frozen=True)
class Printed:
    """One poster as it was last printed."""

    code: str
    fingerprint: str
    date: dt.date
    pack: str


@dataclass(frozen=True)
class Change:
    """A poster that no longer matches what is on the wall, and why."""

    code: str
    title: str
    reason: Literal["changed", "new", "retired", "dropped"]

    @property
    def label(self) -> str:
        return {
            "changed": "nội dung đã thay đổi",
            "new": "chưa in lần nào",
            "retired": "đã ngừng áp dụng: gỡ áp phích xuống",
            "dropped": "đơn vị không còn tiếp nhận: gỡ áp phích xuống",
        }[self.reason]


def printings_path(content_dir: Path) -> Path:
    return content_dir / PRINTINGS_FILE


def read_printings(path: Path) -> dict[str, Printed]:
    """The recorded printings by code; a missing file means nothing was printed yet."""
    if not path.exists():
        return {}
    try:
        data = yamltext.load(path.read_text(encoding="utf-8")).data or {}
    except yamltext.YamlProblem as exc:
        raise ValueError(f"{path}:{exc.line}: {exc.message}") from None
    posters = data.get("posters") if isinstance(data, dict) else None
    if not isinstance(posters, dict):
        raise ValueError(
            _("{path}: expected a 'posters:' mapping of codes; restore it from git").format(
                path=path
            )
        )
    records = {}
    for code, entry in posters.items():
        if not isinstance(entry, dict) or "fingerprint" not in entry:
            raise ValueError(
                _("{path}: poster {code} has no fingerprint; restore it from git").format(
                    path=path, code=repr(code)
                )
            )
        printed = entry.get("printed")
        records[str(code)] = Printed(
            code=str(code),
            fingerprint=str(entry["fingerprint"]),
            date=printed if isinstance(printed, dt.date) else dt.date.fromisoformat(str(printed)),
            pack=str(entry.get("pack", "")),
        )
    return records


class _Dumper(yaml.SafeDumper):
    """Writes every date in full rather than as YAML aliases of the first one."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_printings(path: Path, records: dict[str, Printed]) -> None:
    data: dict[str, Any] = {
        "posters": {
            code: {"fingerprint": r.fingerprint, "printed": r.date, "pack": r.pack}
            for code, r in sorted(records.items())
        }
    }
    atomic_write(
        path, HEADER + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    )


def record_printing(
    path: Path,
    fingerprints: dict[str, str],
    codes: Iterable[str],
    pack_name: str,
    today: dt.date | None = None,
) -> list[str]:
    """Note that the posters `codes` were printed now, with their current fingerprints."""
    records = read_printings(path)
    today = today or dt.date.today()
    recorded = []
    for code in codes:
        records[code] = Printed(code, fingerprints[code], today, pack_name)
        recorded.append(code)
    write_printings(path, records)
    return recorded


def changes_since_printing(
    catalog: Catalog,
    fingerprints: dict[str, str],
    records: dict[str, Printed],
    site: Catalog | None = None,
) -> list[Change]:
    """Posters to print again (changed or never printed) and posters to take down: retired,
    or (an office's `catalog`, within the `site`'s) no longer handled by that office."""
    changes = []
    for code in sorted(set(records) - set(catalog.by_code)):
        known = site.by_code.get(code) if site is not None else None
        title = known.title if known is not None else code
        changes.append(Change(code, title, "retired" if known and known.retired else "dropped"))
    for procedure in catalog:
        record = records.get(procedure.code)
        if procedure.retired:
            if record is not None:
                changes.append(Change(procedure.code, procedure.title, "retired"))
        elif record is None:
            changes.append(Change(procedure.code, procedure.title, "new"))
        elif record.fingerprint != fingerprints[procedure.code]:
            changes.append(Change(procedure.code, procedure.title, "changed"))
    return changes


def to_print(changes: list[Change]) -> list[str]:
    return [change.code for change in changes if change.reason in ("changed", "new")]
