"""MkDocs's own log lines, in the clerk's language.

`thutuc build` and `thutuc serve` show what MkDocs logs ("Building documentation...",
"Documentation built in 3.12 seconds"). MkDocs writes them in English, so a logging filter
on our handlers maps the known ones through the catalogue; unknown lines pass unchanged.
The level names (INFO, WARNING, ERROR) are translated the same way.
"""

from __future__ import annotations

import logging
import re

from generator.i18n import N_, _

#: MkDocs's lines (mkdocs 1.6: commands/build.py, commands/serve.py, livereload) as a pattern,
#: and our message with the pattern's named groups as placeholders.
KNOWN_LINES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in (
        (r"Building documentation\.\.\.", N_("Building documentation...")),
        (r"Cleaning site directory", N_("Cleaning site directory")),
        (
            r"Building documentation to directory: (?P<path>.*)",
            N_("Building documentation to directory: {path}"),
        ),
        (
            r"Documentation built in (?P<seconds>[\d.]+) seconds",
            N_("Documentation built in {seconds} seconds"),
        ),
        (r"Shutting down\.\.\.", N_("Shutting down...")),
        (r"Watching paths for changes: (?P<paths>.*)", N_("Watching paths for changes: {paths}")),
        (r"Serving on (?P<url>\S+)", N_("Serving on {url}")),
        (r"Detected file changes", N_("Detected file changes")),
        (r"Reloading browsers", N_("Reloading browsers")),
        (r"Browser connected: (?P<url>.*)", N_("Browser connected: {url}")),
        (
            r"An error happened during the rebuild\. The server will appear stuck until build "
            r"errors are resolved\.",
            N_(
                "An error happened during the rebuild. The server will appear stuck until build "
                "errors are resolved."
            ),
        ),
        (r"Aborted with a BuildError!", N_("Aborted with a BuildError!")),
        (
            r"Error reading page '(?P<page>[^']*)':(?P<reason>.*)",
            N_("Error reading page '{page}':{reason}"),
        ),
        (
            r"Error building page '(?P<page>[^']*)':(?P<reason>.*)",
            N_("Error building page '{page}':{reason}"),
        ),
    )
)

LEVEL_NAMES = {
    "DEBUG": N_("DEBUG"),
    "INFO": N_("INFO"),
    "WARNING": N_("WARNING"),
    "ERROR": N_("ERROR"),
    "CRITICAL": N_("CRITICAL"),
}


def translated_line(text: str) -> str | None:
    """A known MkDocs line in the active language; None for a line we do not know."""
    for pattern, message in KNOWN_LINES:
        match = pattern.fullmatch(text)
        if match is not None:
            return _(message).format(**match.groupdict())
    return None


class TranslateMkDocs(logging.Filter):
    """Rewrites known MkDocs records (and every record's level name) before they are shown."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "mkdocs" or record.name.startswith("mkdocs."):
            try:
                line = translated_line(record.getMessage())
            except (TypeError, ValueError):  # a record whose arguments do not fit
                line = None
            if line is not None:
                record.msg, record.args = line, ()
        if record.levelname in LEVEL_NAMES:
            record.levelname = _(LEVEL_NAMES[record.levelname])
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Add the filter to every handler of `logger` (the root logger by default)."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, TranslateMkDocs) for f in handler.filters):
            handler.addFilter(TranslateMkDocs())


__all__ = ["KNOWN_LINES", "TranslateMkDocs", "install", "translated_line"]
