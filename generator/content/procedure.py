"""The content model: one Markdown file per procedure, validated and NFC-normalised.

Loading never raises on bad content: every problem becomes a `ContentError` that names
the file, the line and the field, so one run can report all of them at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)
from slugify import slugify

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SUMMARY_MAX = 300
LARGE_BODY_BYTES = 1_000_000
LARGE_DOCUMENT_LIST = 200
#: Marks what `thutuc new` leaves for the editor to fill; a file holding it does not build.
PLACEHOLDER = "TODO"
PLACEHOLDER_PATTERN = re.compile(rf"\b{PLACEHOLDER}\b")


def _check_code(value: str) -> str:
    if not CODE_PATTERN.match(value):
        raise ValueError(f"{value!r} is not a valid code: use letters, digits, '.' and '-' only")
    return value.upper()


def _check_http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value, flags=re.IGNORECASE):
        raise ValueError(f"{value!r} is not an http or https URL")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Code = Annotated[Text, AfterValidator(_check_code)]


class FrontMatter(BaseModel):
    """The editor-facing contract of `procedure-format.md`; change it only by adding."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    code: Code
    title: Text
    summary: Annotated[Text, StringConstraints(max_length=SUMMARY_MAX)]
    field: Text
    agency: Text
    processing_time: Text
    fee: Text
    documents: Annotated[list[Text], Field(min_length=1)]
    updated: dt.date
    online_url: Annotated[Text, AfterValidator(_check_http_url)] | None = None
    keywords: list[Text] = []
    status: Literal["active", "retired"] = "active"
    replaced_by: Code | None = None

    @field_validator("code", "replaced_by", mode="before")
    @classmethod
    def _code_is_text(cls, value: Any) -> Any:
        if isinstance(value, int | float):
            raise ValueError('must be quoted in YAML, e.g. code: "1.001193"')
        return value

    @field_validator("updated", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError("must be a date written YYYY-MM-DD")
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


@dataclass(frozen=True)
class ContentError:
    """One problem in one file, printed as `path:line: field 'x': message`."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"field '{self.field}': " if self.field else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{what}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
        }


class ContentErrors(Exception):
    """Raised when content cannot be built; carries every error found."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class LoadResult:
    procedures: list[Procedure] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)
    #: Codes written in files that failed to load, so the register check does not call
    #: them orphaned while the editor is still fixing those files.
    unloaded_codes: set[str] = field(default_factory=set)

    @property
    def errors(self) -> list[ContentError]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[ContentError]:
        return [p for p in self.problems if p.severity == "warning"]


def suggest_slug(name: str) -> str:
    """An ASCII slug for a file stem, with Vietnamese letters folded (đ becomes d)."""
    return slugify(unicodedata.normalize("NFC", name).replace("đ", "d").replace("Đ", "D"))


def file_name_problem(stem: str) -> str | None:
    """Why a file stem cannot be a URL, with the ASCII slug to rename it to."""
    if SLUG_PATTERN.match(stem):
        return None
    suggestion = suggest_slug(stem)
    if not suggestion:
        return "file name must be an ASCII slug: use letters a-z, digits and '-' only"
    return f"file name must be an ASCII slug; rename it to '{suggestion}.md'"


def _placeholders(
    data: dict[Any, Any], lines: dict[str, int], body: str, body_line: int, display: str
) -> list[ContentError]:
    """Every placeholder `thutuc new` wrote that the editor has not replaced yet."""
    problems: list[ContentError] = []
    for key, value in data.items():
        items = value if isinstance(value, list) else [value]
        if any(isinstance(item, str) and PLACEHOLDER_PATTERN.search(item) for item in items):
            problems.append(
                ContentError(
                    display,
                    f"still holds a {PLACEHOLDER} placeholder; write the real text",
                    line=lines.get(str(key)),
                    field=str(key),
                )
            )
    if not PLACEHOLDER_PATTERN.search(body):
        return problems  # the usual case: one search, not one per line
    for index, text in enumerate(body.splitlines()):
        if PLACEHOLDER_PATTERN.search(text):
            problems.append(
                ContentError(
                    display,
                    f"the text still holds a {PLACEHOLDER} placeholder; write the real text",
                    line=body_line + index,
                )
            )
    return problems


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, first body line) or None when there is no front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None


#: libyaml's parser when PyYAML has it: the pure-Python one costs ~1 ms a file, too much at
#: 5,000 files. Both keep line marks and raise the same errors.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader, except that an impossible date is a YAML error with a line,
    not a bare ValueError from `datetime`."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark
            ) from None


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp
)


def _key_lines(node: yaml.MappingNode) -> dict[str, int]:
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines.setdefault(str(key_node.value), key_node.start_mark.line + 2)
    return lines


def _duplicate_keys(node: yaml.MappingNode) -> list[tuple[str, int]]:
    seen: set[str] = set()
    duplicates = []
    for key_node, _ in node.value:
        key = str(key_node.value)
        if key in seen:
            duplicates.append((key, key_node.start_mark.line + 2))
        seen.add(key)
    return duplicates


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required but missing"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"is too long (at most {limit} characters)"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty"
    if kind == "literal_error":
        return f"must be one of {error['ctx']['expected']}"
    if kind == "string_type":
        return "must be text"
    if kind == "list_type":
        return "must be a list (one '- item' per line)"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def parse_procedure(
    path: Path, display: str, raw: bytes
) -> tuple[Procedure | None, list[ContentError]]:
    """Parse one file's bytes; returns the procedure or the reasons it has none."""
    problems: list[ContentError] = []
    if not raw.strip():
        return None, [ContentError(display, "the file is empty; it needs front matter and a body")]
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [ContentError(display, "is not UTF-8 text; save the file as UTF-8", line=line)]
    text = unicodedata.normalize("NFC", decoded)
    parts = split_front_matter(text)
    if parts is None:
        return None, [
            ContentError(
                display,
                "has no front matter: start with a '---' line and close it with '---'",
                line=1,
            )
        ]
    front, body, body_line = parts
    try:
        loader = _FrontMatterLoader(front)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [ContentError(display, f"YAML syntax error: {problem}", line=line)]
    except RecursionError:
        return None, [ContentError(display, "YAML syntax error: nested too deeply", line=2)]
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        return None, [
            ContentError(display, "front matter must be a set of 'key: value' lines", line=2)
        ]

    lines = _key_lines(node)
    for key, line in _duplicate_keys(node):
        problems.append(ContentError(display, "appears twice", line=line, field=key))
    for key in data:
        if str(key) not in FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(str(key), FRONT_MATTER_KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            allowed = ", ".join(FRONT_MATTER_KEYS)
            problems.append(
                ContentError(
                    display,
                    f"unknown key{hint} (allowed: {allowed})",
                    line=lines.get(str(key)),
                    field=str(key),
                )
            )
    known = {k: v for k, v in data.items() if str(k) in FRONT_MATTER_KEYS}
    problems.extend(_placeholders(known, lines, body, body_line, display))
    try:
        meta = FrontMatter.model_validate(known)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else None
            item = f" (item {error['loc'][1] + 1})" if len(error["loc"]) > 1 else ""
            problems.append(
                ContentError(
                    display,
                    _describe(error) + item,
                    line=lines.get(name or "", 1 if error["type"] == "missing" else None),
                    field=name,
                )
            )
        meta = None
    name_problem = file_name_problem(path.stem)
    if name_problem is not None:
        problems.append(ContentError(display, name_problem))
    if problems or meta is None:
        return None, problems

    if len(raw) > LARGE_BODY_BYTES:
        problems.append(
            ContentError(
                display,
                f"the file is {len(raw) // 1024} KB; residents on slow phones wait for every byte",
                severity="warning",
            )
        )
    if len(meta.documents) > LARGE_DOCUMENT_LIST:
        problems.append(
            ContentError(
                display,
                f"{len(meta.documents)} documents; the poster shows the first few only",
                line=lines.get("documents"),
                field="documents",
                severity="warning",
            )
        )
    return Procedure(meta=meta, slug=path.stem, source=display, body=body), problems


def procedure_files(content_dir: Path) -> list[Path]:
    """Every `*.md` under `procedures/`, sorted so builds are reproducible."""
    folder = content_dir / "procedures"
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*.md") if path.name != "README.md")


def display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def links_outside(content_dir: Path) -> list[Path]:
    """Symbolic links anywhere under content/ that lead out of it (MkDocs would follow them)."""
    resolved_content = content_dir.resolve()
    found: list[Path] = []
    for folder, dirs, files in os.walk(content_dir, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder, name)
            if path.is_symlink() and not path.resolve().is_relative_to(resolved_content):
                found.append(path)
    return sorted(found)


def page_name_problems(content_dir: Path, root: Path) -> list[ContentError]:
    """Other pages (the guide, the print page...) make URLs from their paths too."""
    problems: list[ContentError] = []
    procedures = content_dir / "procedures"
    for page in sorted(content_dir.rglob("*.md")):
        if page.name == "README.md" or page.is_relative_to(procedures):
            continue
        *folders, _ = page.relative_to(content_dir).parts
        bad = [f for f in folders if not SLUG_PATTERN.match(f)]
        problem = file_name_problem(page.stem)
        if bad:
            renamed = "/".join(suggest_slug(f) or "?" for f in bad)
            problem = f"folder names must be ASCII slugs; rename {'/'.join(bad)} to {renamed}"
        if problem is not None:
            problems.append(ContentError(display_path(page, root), problem))
    return problems


_CODE_LINE = re.compile(r"""^code\s*:\s*["']?([A-Za-z0-9][A-Za-z0-9.\-]*)""", re.MULTILINE)


def written_code(raw: bytes) -> str | None:
    """The code a file that failed to load seems to carry, read without YAML."""
    match = _CODE_LINE.search(raw[:65536].decode("utf-8", errors="replace"))
    return match.group(1).upper() if match else None


def load_procedures(content_dir: Path, root: Path | None = None) -> LoadResult:
    """Load every procedure file and run the checks that span files."""
    root = root or content_dir.parent
    result = LoadResult()
    resolved_content = content_dir.resolve()
    for link in links_outside(content_dir):
        result.problems.append(
            ContentError(
                display_path(link, root),
                "is a link to a place outside content/; copy the file in instead",
            )
        )
    result.problems.extend(page_name_problems(content_dir, root))
    for path in procedure_files(content_dir):
        display = display_path(path, root)
        if not path.resolve().is_relative_to(resolved_content):
            continue  # reported above
        try:
            raw = path.read_bytes()
        except OSError as exc:
            result.problems.append(ContentError(display, f"cannot be read: {exc.strerror}"))
            continue
        procedure, problems = parse_procedure(path, display, raw)
        result.problems.extend(problems)
        if procedure is not None:
            result.procedures.append(procedure)
        elif (code := written_code(raw)) is not None:
            result.unloaded_codes.add(code)
    result.problems.extend(check_catalog(result.procedures))
    return result


def check_catalog(procedures: Iterable[Procedure]) -> list[ContentError]:
    """Checks across files: unique codes and slugs, and replacements that exist."""
    problems: list[ContentError] = []
    by_code: dict[str, Procedure] = {}
    by_slug: dict[str, Procedure] = {}
    for procedure in procedures:
        first = by_code.setdefault(procedure.code, procedure)
        if first is not procedure:
            problems.append(
                ContentError(
                    procedure.source,
                    f"code '{procedure.code}' is also used by {first.source}; codes must be unique",
                    field="code",
                )
            )
        other = by_slug.setdefault(procedure.slug.lower(), procedure)
        if other is not procedure:
            problems.append(ContentError(procedure.source, f"has the same URL as {other.source}"))
    for procedure in by_code.values():
        target = procedure.meta.replaced_by
        if target is None:
            continue
        if procedure.meta.status != "retired":
            problems.append(
                ContentError(
                    procedure.source,
                    "only a retired procedure can be replaced; add 'status: retired'",
                    field="replaced_by",
                )
            )
        elif target not in by_code:
            problems.append(
                ContentError(
                    procedure.source,
                    f"no procedure has the code '{target}'",
                    field="replaced_by",
                )
            )
    return problems
