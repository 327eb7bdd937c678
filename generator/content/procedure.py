"""The content model: one Markdown file per procedure, validated and NFC-normalised.

Parsing never raises on bad content: every problem becomes a `ContentError` that names
the file, the line and the field, so one run can report all of them at once. Checks across
files live in `crossfile`, the walk over the content folder in `loader`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from generator import urls
from generator.content import dates, fieldcheck, markup, yamltext
from generator.content.errors import ContentError, ContentErrors, did_you_mean
from generator.content.forms import Form
from generator.i18n import _

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SUMMARY_MAX = 300
#: Codes name files and QR codes; the QR of a code must also fit version 4 (see `qrfit`).
CODE_MAX = 40
#: A field's name is a folder and a file name (`linh-vuc/<slug>/`, `pack-<slug>.pdf`).
FIELD_MAX = 100
#: Any other text: far above a real title (~250 characters), far below what slows a poster.
TEXT_MAX = 2_000
LARGE_BODY_BYTES = 1_000_000
LARGE_DOCUMENT_LIST = 200
#: Marks what `thutuc new` leaves for the editor to fill; a file holding it does not build.
PLACEHOLDER = "TODO"
PLACEHOLDER_PATTERN = re.compile(rf"\b{PLACEHOLDER}\b")
#: A front-matter model (`FrontMatter`, a notice's `NoticeMeta`), for `validate_model`.
M = TypeVar("M", bound=BaseModel)


def code_problem(value: str) -> str | None:
    """Why `value` cannot be a procedure code (the one rule: `check`, `new`, the import)."""
    if not CODE_PATTERN.fullmatch(value):
        return _("{value} is not a valid code: use letters, digits, '.' and '-' only").format(
            value=repr(value)
        )
    if len(value) > CODE_MAX:
        return _("{value} is {length} characters long; a code has at most {limit}").format(
            value=repr(value), length=len(value), limit=CODE_MAX
        )
    return None


def _check_code(value: str) -> str:
    if (problem := code_problem(value)) is not None:
        raise ValueError(problem)
    return value.upper()


def _check_http_url(value: str) -> str:
    """One whole http(s) URL with a host: no spaces, no line breaks, no user name."""
    problem = urls.http_url_problem(value)
    if problem is not None:
        raise ValueError(_("{value} {problem}").format(value=repr(value), problem=problem))
    return value


def _check_field(value: str) -> str:
    if not any(char.isalnum() for char in value):
        raise ValueError(
            _("{value} has no letters or digits; write the field's name").format(value=repr(value))
        )
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]
Code = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_check_code)
]
FieldName = Annotated[Text, StringConstraints(max_length=FIELD_MAX), AfterValidator(_check_field)]


class FrontMatter(BaseModel):
    """The editor-facing contract of `procedure-format.md`; change it only by adding."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)

    code: Code
    title: Text
    summary: Annotated[Text, StringConstraints(max_length=SUMMARY_MAX)]
    field: FieldName
    agency: Text
    processing_time: Text
    fee: Text
    documents: Annotated[list[Text], Field(min_length=1)]
    updated: dt.date
    online_url: Annotated[str, AfterValidator(_check_http_url)] | None = None
    keywords: list[Text] = []
    status: Literal["active", "retired"] = "active"
    replaced_by: Code | None = None
    #: Forms to download (tờ khai): a file under content/ or an http(s) link, with a label.
    forms: list[Form] = []

    @field_validator("code", "replaced_by", mode="before")
    @classmethod
    def _code_is_text(cls, value: Any) -> Any:
        if isinstance(value, int | float):
            raise ValueError(_('must be quoted in YAML, e.g. code: "1.001193"'))
        return value

    @field_validator("updated", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(_("must be a date written YYYY-MM-DD, e.g. 2026-03-15"))
        if isinstance(value, str):
            return dates.iso_date(value.strip())
        if isinstance(value, dt.datetime):
            return value.date()
        return value


FRONT_MATTER_KEYS: tuple[str, ...] = tuple(FrontMatter.model_fields)
REQUIRED_KEYS: tuple[str, ...] = tuple(
    name for name, info in FrontMatter.model_fields.items() if info.is_required()
)


@dataclass(frozen=True)
class Procedure:
    """A validated procedure, ready for pages, QR codes and posters."""

    meta: FrontMatter
    slug: str
    source: str
    body: str
    #: The line of each front-matter key, so checks across files can name it.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: The file's line the body starts on, so checks of the body can name their line.
    body_line: int = field(default=1, compare=False, repr=False)
    #: When the file last changed: a clash between two files is reported against the newer.
    mtime: float = field(default=0.0, compare=False, repr=False)

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def field(self) -> str:
        return self.meta.field

    @property
    def retired(self) -> bool:
        return self.meta.status == "retired"


def file_name_problem(stem: str) -> str | None:
    """Why a file stem cannot be a URL, with the ASCII slug to rename it to."""
    if SLUG_PATTERN.match(stem):
        return None
    suggestion = urls.slug(stem)
    if not suggestion:
        return _("file name must be an ASCII slug: use letters a-z, digits and '-' only")
    return _("file name must be an ASCII slug; rename it to '{name}.md'").format(name=suggestion)


def _placeholders(
    data: dict[str, Any], lines: dict[str, int], body: str, body_line: int, display: str
) -> list[ContentError]:
    """Every placeholder `thutuc new` wrote that the editor has not replaced yet."""
    problems: list[ContentError] = []
    for key, value in data.items():
        items = value if isinstance(value, list) else [value]
        if any(isinstance(item, str) and PLACEHOLDER_PATTERN.search(item) for item in items):
            problems.append(
                ContentError(
                    display,
                    _("still holds a {placeholder} placeholder; write the real text").format(
                        placeholder=PLACEHOLDER
                    ),
                    line=lines.get(key),
                    field=key,
                )
            )
    if not PLACEHOLDER_PATTERN.search(body):
        return problems  # the usual case: one search, not one per line
    for index, text in enumerate(body.split("\n")):
        if PLACEHOLDER_PATTERN.search(text):
            problems.append(
                ContentError(
                    display,
                    _(
                        "the text still holds a {placeholder} placeholder; write the real text"
                    ).format(placeholder=PLACEHOLDER),
                    line=body_line + index,
                )
            )
    return problems


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, first body line) or None when there is no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "".join(line + "\n" for line in lines[1:index])
            return front, "\n".join(lines[index + 1 :]), index + 2
    return None


def read_text(raw: bytes, display: str) -> tuple[str | None, list[ContentError]]:
    """A file's bytes as NFC text with LF line ends, or why they are not usable text."""
    if not raw.strip():
        return None, [
            ContentError(display, _("the file is empty; it needs front matter and a body"))
        ]
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            ContentError(display, _("is not UTF-8 text; save the file as UTF-8"), line=line)
        ]
    text = markup.normalise_newlines(unicodedata.normalize("NFC", decoded))
    controls = markup.control_findings(text)
    return (None if controls else text), [
        ContentError(display, found.message, line=found.line) for found in controls
    ]


def front_matter_keys(
    document: yamltext.Document, allowed: tuple[str, ...], display: str
) -> tuple[dict[str, int], list[ContentError]]:
    """Each key's line, and errors for keys that are unknown, repeated or not words."""
    lines: dict[str, int] = {}
    problems: list[ContentError] = []
    for key_node, _value in yamltext.mapping_items(document):
        name = yamltext.key_name(key_node)
        line = document.line_of(key_node)
        if name is None:
            shown = yamltext.key_text(key_node)
            problems.append(
                ContentError(
                    display,
                    _("key {key} is not a name such as 'title'; write a key from the list").format(
                        key=shown
                    ),
                    line=line,
                )
            )
            continue
        if name in lines:
            problems.append(
                ContentError(
                    display, _("appears twice; keep one of the two lines"), line=line, field=name
                )
            )
        elif name not in allowed:
            problems.append(
                ContentError(
                    display,
                    _("unknown key{hint} (allowed: {allowed})").format(
                        hint=did_you_mean(name, allowed), allowed=", ".join(allowed)
                    ),
                    line=line,
                    field=name,
                )
            )
        lines.setdefault(name, line)
    return lines, problems


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return _("is required but missing; add this key")
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return _("is too long (at most {limit} characters)").format(limit=limit)
    if kind in ("string_too_short", "too_short"):
        return _("must not be empty")
    if kind == "literal_error":
        return _("must be one of {choices}").format(choices=error["ctx"]["expected"])
    if kind == "string_type":
        return _("must be text")
    if kind == "list_type":
        return _("must be a list (one '- item' per line)")
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return _("must be a real date written YYYY-MM-DD, e.g. 2026-03-15")
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def validate_model(
    model: type[M],
    known: dict[str, Any],
    lines: dict[str, int],
    display: str,
    value_problem: Callable[[str, Any], str | None],
) -> tuple[M | None, list[ContentError]]:
    """Front matter (a procedure's, a notice's) against its model: every problem, each
    naming the file, the line and the key; a key `value_problem` already faulted is not
    reported again by the model."""
    problems = [
        ContentError(display, problem, line=lines.get(key), field=key)
        for key, value in known.items()
        if (problem := value_problem(key, value)) is not None
    ]
    reported = {problem.field for problem in problems}
    try:
        meta = model.model_validate(known)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else None
            if name in reported:
                continue  # the same value, already reported
            item = (
                _(" (item {number})").format(number=error["loc"][1] + 1)
                if len(error["loc"]) > 1
                else ""
            )
            problems.append(
                ContentError(
                    display,
                    _describe(error) + item,
                    line=lines.get(name or "", 1 if error["type"] == "missing" else None),
                    field=name,
                )
            )
        return None, problems
    return meta, problems


@dataclass(frozen=True)
class MarkdownFile:
    """A Markdown file with front matter, read: its YAML document and its body."""

    document: yamltext.Document
    body: str
    body_line: int


def read_markdown_file(raw: bytes, display: str) -> tuple[MarkdownFile | None, list[ContentError]]:
    """A procedure's or a notice's bytes as front matter and body, or why they are not."""
    text, problems = read_text(raw, display)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts is None:
        message = _("has no front matter: start with a '---' line and close it with '---'")
        return None, [ContentError(display, message, line=1)]
    front, body, body_line = parts
    try:
        document = yamltext.load(front, first_line=2)
    except yamltext.YamlProblem as exc:
        return None, [ContentError(display, exc.message, line=exc.line, field=exc.key)]
    if not isinstance(document.data, dict):
        message = _("front matter must be a set of 'key: value' lines")
        return None, [ContentError(display, message, line=2)]
    return MarkdownFile(document, body, body_line), problems


def parse_procedure(
    path: Path, display: str, raw: bytes
) -> tuple[Procedure | None, list[ContentError]]:
    """Parse one file's bytes; returns the procedure or the reasons it has none."""
    read, problems = read_markdown_file(raw, display)
    if read is None:
        return None, problems
    document, body, body_line = read.document, read.body, read.body_line

    lines, problems = front_matter_keys(document, FRONT_MATTER_KEYS, display)
    problems += yaml_notices(document, display)
    known = {k: v for k, v in document.data.items() if k in FRONT_MATTER_KEYS}
    problems.extend(_placeholders(known, lines, body, body_line, display))
    meta, invalid = validate_model(FrontMatter, known, lines, display, fieldcheck.value_problem)
    problems += invalid
    if meta is not None:
        problems += dates.updated_problems(meta.updated, lines.get("updated"), display)
    problems += [
        ContentError(display, found.message, line=found.line)
        for found in markup.body_findings(body, body_line)
    ]
    name_problem = file_name_problem(path.stem)
    if name_problem is not None:
        problems.append(ContentError(display, name_problem))
    if any(problem.severity == "error" for problem in problems) or meta is None:
        return None, problems
    procedure = Procedure(
        meta=meta, slug=path.stem, source=display, body=body, lines=lines, body_line=body_line
    )
    return procedure, problems + _warnings(procedure, len(raw))


def yaml_notices(document: yamltext.Document, display: str) -> list[ContentError]:
    """The slips YAML let through (curly quotes), as warnings with their line and key."""
    return [
        ContentError(
            display, notice.message, line=notice.line, field=notice.key, severity="warning"
        )
        for notice in document.notices
    ]


def _warnings(procedure: Procedure, size: int) -> list[ContentError]:
    problems = []
    if size > LARGE_BODY_BYTES:
        problems.append(
            ContentError(
                procedure.source,
                _(
                    "the file is {size} KB; residents on slow phones wait for every byte; "
                    "shorten it"
                ).format(size=size // 1024),
                severity="warning",
            )
        )
    if len(procedure.meta.documents) > LARGE_DOCUMENT_LIST:
        problems.append(
            ContentError(
                procedure.source,
                _("{count} documents; the poster shows the first few only").format(
                    count=len(procedure.meta.documents)
                ),
                line=procedure.lines.get("documents"),
                field="documents",
                severity="warning",
            )
        )
    return problems


_CODE_LINE = re.compile(r"""^code\s*:\s*["']?([A-Za-z0-9][A-Za-z0-9.\-]*)""", re.MULTILINE)


def written_code(raw: bytes) -> str | None:
    """The code a file that failed to load seems to carry, read without YAML."""
    match = _CODE_LINE.search(raw[:65536].decode("utf-8", errors="replace"))
    return match.group(1).upper() if match else None


__all__ = ["ContentError", "ContentErrors", "FrontMatter", "Procedure", "parse_procedure"]
