"""The register of issued office codes, `content/office-register.yml`: an office code printed
in a QR is as permanent as a procedure code, so a dropped one is an error.

A file of its own, in the same `codes:` format as `register.yml`, rather than a new section of
that file: `register.py` rewrites `register.yml` whole, and v1 sites, tools and tests that
read it stay exactly as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from generator.content import register
from generator.content.loader import LoadResult
from generator.content.office_list import Offices, load_offices
from generator.content.procedure import ContentError
from generator.i18n import _

OFFICE_REGISTER_NAME = "office-register.yml"
HEADER = """\
# Register of issued office codes (content/offices.yml).
# Every office code here may be printed in QR codes on posters, so its short URLs must keep
# working. The build adds new codes. Never delete a line: to close an office, keep it in
# offices.yml with `status: retired` (and `replaced_by: <office code>` when offices merge).
"""


def office_register_path(content_dir: Path) -> Path:
    return content_dir / OFFICE_REGISTER_NAME


def dropped_codes(issued: dict[str, str], offices: Offices, display: str) -> list[ContentError]:
    """Issued office codes that `offices.yml` no longer has."""
    reason = _(
        "office code '{code}' was issued on {date} and may be printed on posters, "
        "but content/offices.yml no longer has it. Put the office back with "
        "'status: retired' (and 'replaced_by: <office code>' if another office took "
        "over)."
    )
    return register.missing_codes(issued, {office.code for office in offices}, display, reason)


def check_offices(content_dir: Path, result: LoadResult, display: Callable[[Path], str]) -> Offices:
    """Load `offices.yml` against the loaded procedures and the office register; every
    problem is added to `result`. Without `offices.yml` and its register: no offices (v1)."""
    path = content_dir / "offices.yml"
    codes = {p.code for p in result.procedures} | result.unloaded_codes
    active = {p.code for p in result.procedures if not p.retired}
    offices, problems = load_offices(content_dir, display(path), codes, active)
    result.problems.extend(problems)
    reg = office_register_path(content_dir)
    issued, unreadable = register.read_register(reg, display(reg))
    result.problems.extend(unreadable)
    if not problems:  # an office that failed to parse is being fixed, not dropped
        result.problems.extend(dropped_codes(issued, offices, display(reg)))
    return offices


def record_office_codes(content_dir: Path, offices: Offices, today: dt.date | None = None) -> bool:
    """Add newly published office codes to the register; returns whether it changed."""
    if not len(offices):
        return False
    path = office_register_path(content_dir)
    issued, _ = register.read_register(path, path.name)
    day = (today or dt.date.today()).isoformat()
    merged = dict(issued)
    for office in offices:
        merged.setdefault(office.code, day)
    return register.write_register(path, merged, header=HEADER)
