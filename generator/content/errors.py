"""What the content checks report: one problem in one file, with its line and key.

Every check returns these instead of raising, so one run of `thutuc check` or `build` can
report every problem in every file at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from generator.i18n import _


def did_you_mean(key: str, allowed: Sequence[str]) -> str:
    """The hint after an unknown key: the allowed key closest to it (a typo, a missing
    accent), or nothing when none is close."""
    close = difflib.get_close_matches(key, allowed, n=1)
    return _("; did you mean '{key}'?").format(key=close[0]) if close else ""


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
        what = _("field '{field}': ").format(field=self.field) if self.field else ""
        prefix = _("warning: ") if self.severity == "warning" else ""
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
