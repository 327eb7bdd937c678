"""The register of published notices, `content/notice-register.yml`: a notice's link is pasted
into Zalo groups and printed as a QR on the notice board, so once published its slug must keep
a page. Deleting the file of a registered notice is an error that says to set `expires`.

Its own file and top key (`notices:`), in the same `"slug": YYYY-MM-DD` shape as the code
registers; read strictly (an unreadable register is an error with a line, never empty).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import yaml

from generator.cache import atomic_write
from generator.content import markup, yamltext
from generator.content.errors import ContentError, ContentErrors
from generator.content.notices import SLUG_PATTERN, Notice
from generator.i18n import _

NOTICE_REGISTER_NAME = "notice-register.yml"
TOP_KEY = "notices"
HEADER = """\
# Register of published notices (content/notices/).
# Every notice here may be linked from Zalo groups or printed on the notice board, so its page
# must keep working. The build adds new notices. Never delete a line: to withdraw a notice,
# keep its file and set `expires:`.
"""


def notice_register_path(content_dir: Path) -> Path:
    return content_dir / NOTICE_REGISTER_NAME


def read_notice_register(path: Path, display: str) -> tuple[dict[str, str], list[ContentError]]:
    """Slugs with the day each was first published, or why the register cannot be used."""
    if not path.exists():
        return {}, []
    try:
        text = markup.normalise_newlines(
            unicodedata.normalize("NFC", path.read_bytes().decode("utf-8-sig"))
        )
        document = yamltext.load(text)
    except (OSError, UnicodeDecodeError):
        return {}, [ContentError(display, _("cannot be read as UTF-8 text; restore it from git"))]
    except yamltext.YamlProblem as exc:
        return {}, [ContentError(display, exc.message, line=exc.line)]
    if not isinstance(document.node, yaml.MappingNode):
        return {}, [ContentError(display, _("must start with 'notices:'"), line=1)]
    issued: dict[str, str] = {}
    problems: list[ContentError] = []
    for key, value in yamltext.mapping_items(document):
        if yamltext.key_name(key) != TOP_KEY:
            message = _("unknown key; the register holds only 'notices:'")
            problems.append(ContentError(display, message, line=document.line_of(key)))
            continue
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            continue
        if not isinstance(value, yaml.MappingNode):
            message = _("must hold one '\"slug\": YYYY-MM-DD' line per notice")
            problems.append(ContentError(display, message, line=document.line_of(value)))
            continue
        for slug_node, day in value.value:
            slug = yamltext.key_name(slug_node)
            line = document.line_of(slug_node)
            if slug is None or not SLUG_PATTERN.fullmatch(slug):
                message = _("{key} is not a notice's file name").format(
                    key=yamltext.key_text(slug_node)
                )
                problems.append(ContentError(display, message, line=line, field=TOP_KEY))
            elif not isinstance(day, yaml.ScalarNode) or len(day.value) != 10:
                message = _("must be the day the notice was first published, YYYY-MM-DD")
                problems.append(ContentError(display, message, line=line, field=slug))
            else:
                issued[slug] = day.value
    return ({} if problems else issued), problems


def withdrawn_files(
    issued: dict[str, str], notices: Iterable[Notice], display: str, unreadable: set[str]
) -> list[ContentError]:
    """Registered notices whose file is gone: their links are in Zalo and on paper."""
    present = {notice.slug for notice in notices} | unreadable
    message = _(
        "notice '{slug}' was published on {day} and its link may be in Zalo groups and on "
        "the notice board, but content/notices/{slug}.md is gone. Restore the file and set "
        "'expires:' to withdraw the notice instead."
    )
    return [
        ContentError(display, message.format(slug=slug, day=issued[slug]), field=slug)
        for slug in sorted(issued)
        if slug not in present
    ]


def record_notices(path: Path, display: str, published: Iterable[Notice], today: dt.date) -> bool:
    """Add the notices this build published; refuses to rewrite a register it cannot read."""
    issued, problems = read_notice_register(path, display)
    if problems:
        raise ContentErrors(problems)
    merged = dict(issued)
    for notice in published:
        merged.setdefault(notice.slug, today.isoformat())
    lines = [HEADER, f"{TOP_KEY}:\n", *(f'  "{s}": {merged[s]}\n' for s in sorted(merged))]
    text = "".join(lines)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write(path, text)
    return True
