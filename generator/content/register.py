"""The register of issued codes: every code ever published, so no printed QR is orphaned.

The register only grows. A register that cannot be read, or that does not have its shape
(one `codes:` key holding `"CODE": YYYY-MM-DD` lines), is an error naming the file, the line
and the key, never an empty register: read as empty, the next build would forget every
issued code and every issue date.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable
from pathlib import Path

import yaml

from generator.cache import atomic_write
from generator.content import drafts, markup, yamltext
from generator.content.errors import ContentError, ContentErrors
from generator.content.loader import LoadResult
from generator.content.procedure import CODE_PATTERN, Procedure
from generator.i18n import _

REGISTER_NAME = "register.yml"
TOP_KEY = "codes"
HEADER = """\
# Register of issued procedure codes.
# Every code here may be printed on a QR poster somewhere, so its short URL must keep working.
# The build adds new codes. Never delete a line: to withdraw a procedure, keep its file and set
# `status: retired` (and `replaced_by: <code>` when another procedure takes over).
"""
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _restore(display: str) -> str:
    """What to do about a register that cannot be used: restore that very file."""
    return _("restore it from version control (git checkout {path})").format(path=display)


def register_path(content_dir: Path) -> Path:
    return content_dir / REGISTER_NAME


def read_register(path: Path, display: str) -> tuple[dict[str, str], list[ContentError]]:
    """Codes with the date they were first issued, or the reasons the register is unusable."""
    if not path.exists() and not path.is_symlink():
        return {}, []  # no code was ever issued
    if not path.is_file():
        return {}, [
            ContentError(
                display, _("is not a file (a folder?); {fix}").format(fix=_restore(display))
            )
        ]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return {}, [
            ContentError(
                display,
                _("cannot be read: {reason}; check the file's permissions").format(
                    reason=exc.strerror
                ),
            )
        ]
    try:
        text = markup.normalise_newlines(unicodedata.normalize("NFC", raw.decode("utf-8-sig")))
    except UnicodeDecodeError:
        return {}, [
            ContentError(display, _("is not UTF-8 text; {fix}").format(fix=_restore(display)))
        ]
    if not text.strip():
        return {}, [
            ContentError(display, _("is empty; {fix}, or delete it").format(fix=_restore(display)))
        ]
    try:
        document = yamltext.load(text)
    except yamltext.YamlProblem as exc:
        return {}, [ContentError(display, exc.message, line=exc.line, field=exc.key)]
    return _codes(document, display)


def _codes(document: yamltext.Document, display: str) -> tuple[dict[str, str], list[ContentError]]:
    if not isinstance(document.data, dict):
        return {}, [
            ContentError(
                display,
                _("must start with '{key}:'; {fix}").format(key=TOP_KEY, fix=_restore(display)),
                line=1,
            )
        ]
    problems: list[ContentError] = []
    codes_node: yaml.Node | None = None
    for key, value in yamltext.mapping_items(document):
        name = yamltext.key_name(key)
        if name == TOP_KEY:
            codes_node = value
            continue
        close = difflib.get_close_matches(str(name), [TOP_KEY], n=1)
        hint = _("did you mean '{key}'? ").format(key=TOP_KEY) if close else ""
        problems.append(
            ContentError(
                display,
                _("unknown key; {hint}the register holds only '{key}:'").format(
                    hint=hint, key=TOP_KEY
                ),
                line=document.line_of(key),
                field=name or yamltext.key_text(key),
            )
        )
    if codes_node is None:
        message = _("is required: the register lists issued codes under '{key}:'").format(
            key=TOP_KEY
        )
        return {}, [*problems, ContentError(display, message, line=1, field=TOP_KEY)]
    issued, entry_problems = _entries(document, codes_node, display)
    problems += entry_problems
    return ({} if problems else issued), problems


def _entries(
    document: yamltext.Document, node: yaml.Node, display: str
) -> tuple[dict[str, str], list[ContentError]]:
    """`"CODE": YYYY-MM-DD` lines; `codes:` with nothing under it is an empty register."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return {}, []
    if not isinstance(node, yaml.MappingNode):
        message = _("must hold one '\"CODE\": YYYY-MM-DD' line per issued code")
        return {}, [ContentError(display, message, line=document.line_of(node), field=TOP_KEY)]
    issued: dict[str, str] = {}
    problems: list[ContentError] = []
    for key, value in node.value:
        line = document.line_of(key)
        code = yamltext.key_name(key)
        if code is None or not CODE_PATTERN.fullmatch(code):
            shown = yamltext.key_text(key)
            message = _('{key} is not a code; write each code in quotes, e.g. "1.001193"').format(
                key=shown
            )
            problems.append(ContentError(display, message, line=line, field=TOP_KEY))
        elif not (isinstance(value, yaml.ScalarNode) and _ISO_DATE.fullmatch(value.value)):
            message = _("must be the date the code was first issued, written YYYY-MM-DD")
            problems.append(ContentError(display, message, line=line, field=code))
        elif code.upper() in issued:
            problems.append(
                ContentError(
                    display, _("appears twice; keep one of the two lines"), line=line, field=code
                )
            )
        else:  # loading the document has already refused an impossible date
            issued[code.upper()] = value.value
    return issued, problems


def check_register(path: Path, display: str, result: LoadResult) -> list[ContentError]:
    """The register's own problems, and issued codes that no procedure file carries any more.

    The second check runs even while other files are broken, so one run reports everything;
    a code still written in a file that failed to load is not orphaned, only being fixed,
    and when a file could not be read at all no code is called orphaned.
    """
    issued, problems = read_register(path, display)
    # import (v3): a code already published cannot go back to draft.
    problems += drafts.published_drafts(result.drafts, issued)
    if result.incomplete:
        return problems
    present = {code: day for code, day in issued.items() if code not in result.unloaded_codes}
    return problems + orphaned_codes(present, result.procedures, display)


def orphaned_codes(
    issued: dict[str, str], procedures: Iterable[Procedure], display: str
) -> list[ContentError]:
    """Issued codes that no procedure file carries any more."""
    reason = _(
        "code '{code}' was issued on {date} and may be printed on posters, but no "
        "procedure has it any more. Restore its file and retire it with "
        "'status: retired' (add 'replaced_by: <new code>' if another procedure "
        "replaces it)."
    )
    return missing_codes(issued, {procedure.code for procedure in procedures}, display, reason)


def missing_codes(
    issued: dict[str, str], present: Collection[str], display: str, reason: str
) -> list[ContentError]:
    """Every issued code not `present` any more, an error each: a register only grows, as a
    printed QR code may carry any code in it. `reason` says how to put it back, with the
    `{code}` and the `{date}` it was issued."""
    return [
        ContentError(display, reason.format(code=code, date=issued[code]), field=code)
        for code in sorted(issued)
        if code not in present
    ]


def with_new_codes(
    issued: dict[str, str], procedures: Iterable[Procedure], today: dt.date | None = None
) -> dict[str, str]:
    """The register plus today's new codes; an issued code keeps its first date for ever."""
    day = (today or dt.date.today()).isoformat()
    merged = dict(issued)
    for procedure in procedures:
        merged.setdefault(procedure.code, day)
    return merged


def record(
    path: Path, display: str, procedures: Iterable[Procedure], today: dt.date | None = None
) -> bool:
    """Add newly published codes; refuses (ContentErrors) rather than rewrite a register it
    cannot read, since that would drop every code in it."""
    issued, problems = read_register(path, display)
    if problems:
        raise ContentErrors(problems)
    return write_register(path, with_new_codes(issued, procedures, today))


def write_register(path: Path, issued: dict[str, str], header: str = HEADER) -> bool:
    """Write the register if it changed, whole or not at all; returns whether it did."""
    lines = [header, f"{TOP_KEY}:\n"]
    lines += [f'  "{code}": {issued[code]}\n' for code in sorted(issued)]
    text = "".join(lines)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write(path, text)
    return True
