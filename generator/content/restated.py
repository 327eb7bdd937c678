"""Where a procedure's body restates one of its facts (fee, time, where to submit): a line
that starts with the fact's label ("Lệ phí: 20.000 đồng", a table row "| Lệ phí | ... |") or
that holds the shared value word for word. At an office that overrides the fact, such a line
would contradict the office's own value: `check` warns about it (file and line) and the
office's page marks it (`render.office_body`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.content import labels
from generator.content.errors import ContentError
from generator.content.office_list import Offices
from generator.content.procedure import Procedure
from generator.i18n import _

#: Shared values shorter than this are too common to be a restatement ("Không").
MIN_VALUE = 8
#: Markdown's line openers: quotes, list markers, table bars, headings, bold.
_OPENER = re.compile(r"^[\s>*+\-|#\d.)]*(?:\*\*|__)?\s*")
_LABEL_END = re.compile(r"^\s*(?:\*\*|__)?\s*[:|]")

LABELS: dict[str, str] = dict(labels.FACT_LABELS)


@dataclass(frozen=True)
class Restated:
    """One line of a body that states the fact `key`."""

    line: int
    key: str


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def states(text: str, key: str, shared: str) -> bool:
    """Whether one line (or a block's text) states the fact `key`: it opens with the fact's
    label and a ':' or a table cell's end, or it holds the shared value word for word."""
    line = _norm(text)
    label = _norm(LABELS.get(key, key))
    rest = _OPENER.sub("", line, count=1)
    if rest.startswith(label) and _LABEL_END.match(rest[len(label) :]):
        return True
    value = _norm(shared)
    return len(value) >= MIN_VALUE and value in line


def restated_lines(
    body: str, shared: Mapping[str, str], keys: Iterable[str], first_line: int = 1
) -> list[Restated]:
    """The body's lines that state any of `keys` (facts an office overrides); `shared` holds
    each fact's shared value."""
    wanted = [key for key in keys if key in LABELS]
    found = []
    for index, text in enumerate(body.split("\n")):
        for key in wanted:
            if states(text, key, shared.get(key, "")):
                found.append(Restated(first_line + index, key))
    return found


def office_warnings(procedures: Iterable[Procedure], offices: Offices) -> list[ContentError]:
    """A warning for each body line that restates a fact some office overrides: at that
    office the line would contradict the page's own facts (its page marks it)."""
    by_code = {p.code: p for p in procedures}
    problems = []
    for office in offices.active:
        for code, facts in office.overrides.items():
            procedure = by_code.get(code)
            if procedure is None:
                continue
            shared = {key: str(getattr(procedure.meta, key) or "") for key in LABELS}
            for found in restated_lines(procedure.body, shared, facts, procedure.body_line):
                message = _(
                    "the body restates the {label}, which office {office} overrides; write "
                    "the body without it (at that office the page marks this line as not "
                    "applying)"
                ).format(label=LABELS[found.key], office=office.code)
                problems.append(
                    ContentError(
                        procedure.source,
                        message,
                        line=found.line,
                        field=found.key,
                        severity="warning",
                    )
                )
    return problems
