"""Notices (contract v3): one Markdown file per notice in `content/notices/<slug>.md`.

A notice is what staff would otherwise type into Zalo by hand: a Saturday opening, a fee
change, a warning about scams. Parsed like a procedure, so every problem names the file,
the line and the key, and one run reports them all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from generator.content import markup, procedure
from generator.content.errors import ContentError
from generator.i18n import _

NOTICES_DIR = "notices"
TITLE_MAX = 150
SUMMARY_MAX = 300
#: A notice's file name, its URL and its key in the notice register.
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

Title = Annotated[procedure.Text, StringConstraints(max_length=TITLE_MAX)]
Summary = Annotated[procedure.Text, StringConstraints(max_length=SUMMARY_MAX)]


class NoticeMeta(BaseModel):
    """The front matter of a notice (procedure-format.md § Notices); change only by adding."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)

    title: Title
    date: dt.date
    summary: Summary
    expires: dt.date | None = None
    procedures: list[procedure.Code] = []
    offices: list[procedure.Code] = []
    pinned: bool = False

    @field_validator("date", "expires", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if not isinstance(value, dt.date) and value is not None:
            raise ValueError(_("must be a date written YYYY-MM-DD"))
        return value

    @field_validator("procedures", "offices", mode="before")
    @classmethod
    def _codes_are_text(cls, value: Any) -> Any:
        if isinstance(value, list) and any(isinstance(item, int | float) for item in value):
            raise ValueError(_('write each code in quotes, e.g. - "1.001193"'))
        return value


NOTICE_KEYS: tuple[str, ...] = tuple(NoticeMeta.model_fields)


@dataclass(frozen=True)
class Notice:
    """A validated notice; `slug` is its file name and its permanent URL."""

    meta: NoticeMeta
    slug: str
    source: str
    body: str
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def title(self) -> str:
        return self.meta.title

    def published(self, today: dt.date) -> bool:
        """A notice dated after the build's day is not published by that build."""
        return self.meta.date <= today

    def ended(self, today: dt.date) -> bool:
        return self.meta.expires is not None and self.meta.expires < today

    def active(self, today: dt.date) -> bool:
        return self.published(today) and not self.ended(today)

    def concerns_office(self, office: str) -> bool:
        return not self.meta.offices or office in self.meta.offices


def notices_dir(content_dir: Path) -> Path:
    return content_dir / NOTICES_DIR


def notice_files(content_dir: Path) -> list[Path]:
    folder = notices_dir(content_dir)
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def parse_notice(path: Path, display: str, raw: bytes) -> tuple[Notice | None, list[ContentError]]:
    """One notice file's bytes; the notice, or every reason it has none."""
    read, problems = procedure.read_markdown_file(raw, display)
    if read is None:
        return None, problems
    document, body, body_line = read.document, read.body, read.body_line
    lines, problems = procedure.front_matter_keys(document, NOTICE_KEYS, display)
    known = {k: v for k, v in document.data.items() if k in NOTICE_KEYS}
    meta, invalid = procedure.validate_model(
        NoticeMeta, known, lines, display, lambda key, value: markup.value_problem(value)
    )
    problems += invalid
    problems += [
        ContentError(display, found.message, line=found.line)
        for found in markup.body_findings(body, body_line)
    ]
    name_problem = procedure.file_name_problem(path.stem)
    if name_problem is not None:
        problems.append(ContentError(display, name_problem))
    if meta is not None and meta.expires is not None and meta.expires < meta.date:
        message = _("the notice expires ({expires}) before its date ({date})").format(
            expires=meta.expires.isoformat(), date=meta.date.isoformat()
        )
        problems.append(ContentError(display, message, line=lines.get("expires"), field="expires"))
    if problems or meta is None:
        return None, problems
    return Notice(meta=meta, slug=path.stem, source=display, body=body, lines=lines), []


def unknown_codes(
    notice: Notice, procedure_codes: set[str], office_codes: set[str]
) -> list[ContentError]:
    """Codes a notice names that no procedure (or office) has."""
    problems = []
    for key, known in (("procedures", procedure_codes), ("offices", office_codes)):
        for code in getattr(notice.meta, key):
            if code in known:
                continue
            if key == "offices" and not office_codes:
                message = _("office '{code}' is unknown: this site has no content/offices.yml")
            elif key == "offices":
                message = _("office '{code}' is not in content/offices.yml")
            else:
                message = _("no procedure has code '{code}'")
            problems.append(
                ContentError(
                    notice.source,
                    message.format(code=code),
                    line=notice.lines.get(key),
                    field=key,
                )
            )
    return problems


def load_notices(
    paths: Iterable[tuple[Path, str]], procedure_codes: set[str], office_codes: set[str]
) -> tuple[list[Notice], list[ContentError]]:
    """Every notice from (path, display) pairs, and every problem in them."""
    notices: list[Notice] = []
    problems: list[ContentError] = []
    for path, display in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(
                ContentError(display, _("cannot be read: {reason}").format(reason=exc.strerror))
            )
            continue
        notice, found = parse_notice(path, display, raw)
        problems += found
        if notice is not None:
            wrong = unknown_codes(notice, procedure_codes, office_codes)
            problems += wrong
            if not wrong:
                notices.append(notice)
    return notices, problems


def board_order(notices: Iterable[Notice]) -> list[Notice]:
    """Pinned first, then newest first; ties by slug, so builds are reproducible."""
    ordered = sorted(notices, key=lambda n: n.slug)
    ordered.sort(key=lambda n: n.meta.date, reverse=True)
    ordered.sort(key=lambda n: not n.meta.pinned)
    return ordered
