"""Pages that are not procedures (the home page, the guide, the print page...): the same
rules as procedures for what reaches a page, and a small set of front-matter keys.

MkDocs reads these pages itself, and Material writes their `title` and `description` into
`<title>`, the navigation of every page and a meta tag without escaping; the MkDocs adapter
escapes them (`mkdocs.pages.prepare_page`). Here they are checked, so a stray key or an
unknown template is an error with a line instead of a traceback half-way through a build.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.content import markup, tree, yamltext
from generator.content.errors import ContentError
from generator.content.procedure import TEXT_MAX, front_matter_keys, read_text, split_front_matter
from generator.i18n import _

PAGE_KEYS: tuple[str, ...] = ("title", "description", "template", "hide", "featured")
#: `featured:` lists procedure codes the home page shows first; unknown or retired ones are
#: skipped, with a warning from `check`.
FEATURED_MAX = 24
#: The theme's templates for plain pages; the others need a procedure or a field.
PAGE_TEMPLATES: tuple[str, ...] = ("main.html", "home.html", "prints.html")
HIDE_CHOICES: tuple[str, ...] = ("navigation", "toc", "footer", "path")
#: MkDocs also reads `key: value` lines at the very top of a page, without `---`, as metadata.
_BARE_META = re.compile(r"^ {0,3}[A-Za-z0-9_-]+:")


def check_page(path: Path, display: str, active: set[str] | None = None) -> list[ContentError]:
    """Every problem in one plain page; with the `active` procedure codes, also `featured:`
    codes that match none of them."""
    problem = tree.file_problem(path, display)
    if problem is not None:
        return [problem]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [
            ContentError(
                display,
                _("cannot be read: {reason}; check the file's permissions").format(
                    reason=exc.strerror
                ),
            )
        ]
    if not raw.strip():
        return []  # an empty page is harmless
    text, problems = read_text(raw, display)
    if text is None:
        return problems
    parts = split_front_matter(text)
    if parts is None:
        if _BARE_META.match(text):
            message = _(
                "starts with a 'key: value' line, which MkDocs would take as settings and "
                "hide; put settings between two '---' lines, or start with a heading"
            )
            return [ContentError(display, message, line=1)]
        parts = ("", text, 1)
    front, body, body_line = parts
    problems += _front_matter_problems(front, display, active)
    problems += [
        ContentError(display, found.message, line=found.line)
        for found in markup.body_findings(body, body_line)
    ]
    return problems


def _front_matter_problems(front: str, display: str, active: set[str] | None) -> list[ContentError]:
    if not front.strip():
        return []
    try:
        document = yamltext.load(front, first_line=2)
    except yamltext.YamlProblem as exc:
        return [ContentError(display, exc.message, line=exc.line, field=exc.key)]
    if not isinstance(document.data, dict):
        return [
            ContentError(display, _("front matter must be a set of 'key: value' lines"), line=2)
        ]
    lines, problems = front_matter_keys(document, PAGE_KEYS, display)
    for key, value in document.data.items():
        if key in PAGE_KEYS and (message := _value_problem(str(key), value)) is not None:
            problems.append(ContentError(display, message, line=lines.get(key), field=key))
        elif key == "featured" and active is not None:
            problems += [
                ContentError(
                    display,
                    _(
                        "'{code}' is not the code of an active procedure; the home page skips it"
                    ).format(code=code),
                    line=lines.get(key),
                    field=key,
                    severity="warning",
                )
                for code in value
                if code not in active
            ]
    return problems


def _value_problem(key: str, value: object) -> str | None:
    if key in ("title", "description"):
        if not isinstance(value, str) or not value.strip():
            return _("must be text")
        if len(value) > TEXT_MAX:
            return _("is too long (at most {limit} characters)").format(limit=TEXT_MAX)
        return markup.value_problem(value)
    if key == "template":
        if value not in PAGE_TEMPLATES:
            return _("{value} is not a page template; use one of {choices}").format(
                value=repr(value), choices=", ".join(PAGE_TEMPLATES)
            )
        return None
    items = value if isinstance(value, list) else None
    if key == "featured":
        if items is None or not all(isinstance(item, str) and item.strip() for item in items):
            return _('must be a list of procedure codes, each in quotes ("1.001193")')
        if len(items) > FEATURED_MAX:
            return _("lists {count} codes; the home page shows at most {limit}").format(
                count=len(items), limit=FEATURED_MAX
            )
        return None
    if items is None or any(item not in HIDE_CHOICES for item in items):
        return _("must be a list of some of {choices}").format(choices=", ".join(HIDE_CHOICES))
    return None
