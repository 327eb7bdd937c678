"""Where staff commands write: checked before any poster is drawn, so a mistyped `--out` or
an output in a place nobody can write to is one clear line (exit status 2), not a traceback
after minutes of drawing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from generator.i18n import _


def _writable_ancestor(path: Path) -> tuple[Path, str | None]:
    """The nearest folder that exists above `path`, and why it cannot take new files."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return existing, _("{path} is a file, not a folder").format(path=existing)
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return existing, _("cannot write in {path}: {reason}").format(path=existing, reason=reason)
    return existing, None


def folder_problem(folder: Path) -> str | None:
    """Why posters cannot be written into `folder`, if they cannot."""
    if folder.exists() and not folder.is_dir():
        return _("{path} is a file, not a folder; give --out a folder").format(path=folder)
    return _writable_ancestor(folder)[1]


def file_problem(target: Path) -> str | None:
    """Why a PDF cannot be written at `target`, if it cannot."""
    if target.is_dir():
        return _("{path} is a folder; give a file name ending in .pdf").format(path=target)
    return _writable_ancestor(target.parent)[1]
