"""The content folder as files: which files are procedures and pages, and which links and
names cannot be published.

The walk never follows a link to a folder, and reports one: MkDocs would follow it, so a
link to a parent folder (`ln -s . content/procedures/self`) would publish every page again
and again until the path grew too long, and a link to a folder elsewhere would publish files
that were never checked.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator import urls
from generator.content.errors import ContentError
from generator.content.procedure import SLUG_PATTERN, file_name_problem
from generator.i18n import _

PROCEDURES = "procedures"
#: Notices (v3) are data read by `content.notices`, not pages.
NOTICES = "notices"


def display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def markdown_files(content_dir: Path) -> list[Path]:
    """Every `*.md` below `content_dir` (README.md aside), without following folder links,
    sorted so builds are reproducible."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(content_dir, followlinks=False):
        dirs.sort()
        found += [Path(folder, name) for name in dirs + files if name.endswith(".md")]
    return sorted(path for path in found if path.name != "README.md")


def procedure_files(content_dir: Path) -> list[Path]:
    """Every `*.md` under `procedures/`: files, and anything else so named, to report it."""
    folder = content_dir / PROCEDURES
    return markdown_files(folder) if folder.is_dir() else []


def page_files(content_dir: Path) -> list[Path]:
    """The other pages: the home page, the guide, the print page..."""
    procedures, notices = content_dir / PROCEDURES, content_dir / NOTICES
    return [
        p
        for p in markdown_files(content_dir)
        if not p.is_relative_to(procedures) and not p.is_relative_to(notices)
    ]


def link_problems(content_dir: Path, root: Path) -> list[ContentError]:
    """Links that lead out of content/, to a folder, in a loop, or nowhere MkDocs can read."""
    resolved_content = content_dir.resolve()
    problems: list[ContentError] = []
    for folder, dirs, files in os.walk(content_dir, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder, name)
            if not path.is_symlink():
                continue
            problem = _link_problem(path, resolved_content)
            if problem is not None:
                problems.append(ContentError(display_path(path, root), problem))
    return problems


def _link_problem(path: Path, resolved_content: Path) -> str | None:
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return None  # a dangling link: reading it says so
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop
        return _("is a link that leads back to itself (a loop); replace it with the file")
    if not target.is_relative_to(resolved_content):
        return _("is a link to a place outside content/; copy the file in instead")
    if target.is_dir():
        return _(
            "is a link to a folder; the site would publish its pages twice (or without end, "
            "for a link to a folder that holds it). Move the files instead"
        )
    return None


def file_problem(path: Path, display: str) -> ContentError | None:
    """Why a path found by the walk cannot be read as a page, before trying to read it
    (reading a named pipe would wait for ever)."""
    if path.is_symlink() and not path.exists():
        return ContentError(display, _("is a link to a file that does not exist; remove the link"))
    if not path.is_file():
        return ContentError(display, _("is not a regular file; a page must be a Markdown file"))
    return None


def page_name_problems(content_dir: Path, root: Path) -> list[ContentError]:
    """Other pages (the guide, the print page...) make URLs from their paths too."""
    problems: list[ContentError] = []
    for page in page_files(content_dir):
        *folders, _name = page.relative_to(content_dir).parts
        bad = [f for f in folders if not SLUG_PATTERN.match(f)]
        problem = file_name_problem(page.stem)
        if bad:
            renamed = "/".join(urls.slug(f) or "?" for f in bad)
            problem = _("folder names must be ASCII slugs; rename {old} to {new}").format(
                old="/".join(bad), new=renamed
            )
        if problem is not None:
            problems.append(ContentError(display_path(page, root), problem))
    return problems
