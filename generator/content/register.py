"""The register of issued codes: every code ever published, so no printed QR is orphaned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import yaml

from generator.build.cache import atomic_write
from generator.content.procedure import ContentError, Procedure

REGISTER_NAME = "register.yml"
HEADER = """\
# Register of issued procedure codes.
# Every code here may be printed on a QR poster somewhere, so its short URL must keep working.
# The build adds new codes. Never delete a line: to withdraw a procedure, keep its file and set
# `status: retired` (and `replaced_by: <code>` when another procedure takes over).
"""


def register_path(content_dir: Path) -> Path:
    return content_dir / REGISTER_NAME


def read_register(path: Path, display: str) -> tuple[dict[str, str], list[ContentError]]:
    """Codes with the date they were first issued."""
    if not path.exists():
        return {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return {}, [ContentError(display, f"cannot be read: {exc}")]
    codes = data.get("codes") if isinstance(data, dict) else None
    if codes is None:
        return {}, []
    if not isinstance(codes, dict):
        return {}, [
            ContentError(display, "must hold 'codes:' as 'CODE: date' lines", field="codes")
        ]
    return {str(code).upper(): str(issued) for code, issued in codes.items()}, []


def orphaned_codes(
    issued: dict[str, str], procedures: Iterable[Procedure], display: str
) -> list[ContentError]:
    """Issued codes that no procedure file carries any more."""
    present = {procedure.code for procedure in procedures}
    return [
        ContentError(
            display,
            f"code '{code}' was issued on {issued[code]} and may be printed on posters, but no "
            f"procedure has it any more. Restore its file and retire it with 'status: retired' "
            f"(add 'replaced_by: <new code>' if another procedure replaces it).",
            field=code,
        )
        for code in sorted(issued)
        if code not in present
    ]


def with_new_codes(
    issued: dict[str, str], procedures: Iterable[Procedure], today: dt.date | None = None
) -> dict[str, str]:
    day = (today or dt.date.today()).isoformat()
    merged = dict(issued)
    for procedure in procedures:
        merged.setdefault(procedure.code, day)
    return merged


def write_register(path: Path, issued: dict[str, str], header: str = HEADER) -> bool:
    """Write the register if it changed; returns whether it did."""
    lines = [header, "codes:\n"]
    lines += [f'  "{code}": {issued[code]}\n' for code in sorted(issued)]
    text = "".join(lines)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write(path, text)
    return True
