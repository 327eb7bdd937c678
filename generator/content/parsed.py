"""Procedures parsed by an earlier build or check, reused for files whose bytes are unchanged.

Parsing 1,000 procedure files (YAML, the front-matter model, the body's checks) costs a warm
build 0.25 s of the main process before anything else can start. The parse of a file depends
only on its bytes, its name, how it is shown in messages, the language of the messages, the
day (an `updated:` date in the future) and this package's code; an entry is reused only when
all of them are the same, so a reused parse is the one a fresh parse would give, warnings
included. Files with errors are never kept: they are parsed again, and their errors name
file, line and field as always.

The entries live in one pickle in the project's cache folder, like the converted pages: the
folder is the project's own, written only by its builds.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import pickle
from pathlib import Path

from generator.cache import atomic_write, code_digest, digest
from generator.content.errors import ContentError
from generator.content.procedure import Procedure, parse_procedure
from generator.i18n import LOCALE_DIR, active_language

NAME = "procedures.pickle"
#: The libraries a parse goes through: another version may read a file differently.
LIBRARIES = ("PyYAML", "pydantic", "pydantic-core", "nh3", "Markdown")
_PACKAGE = Path(__file__).resolve().parent.parent

Parsed = tuple[Procedure, list[ContentError]]


def code_fingerprint(language: str, today: dt.date) -> str:
    """What every parse depends on besides the file: this package's code and messages, the
    libraries' versions, the language and the day."""
    messages = [
        (path.relative_to(_PACKAGE).as_posix(), _latin(path.read_bytes()))
        for path in sorted(LOCALE_DIR.rglob("*.mo"))
    ]
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(importlib.metadata.version(name))
        except importlib.metadata.PackageNotFoundError:
            versions.append("")
    return digest([code_digest(), messages, versions, language, today.isoformat()], length=32)


def _latin(raw: bytes) -> str:
    """Bytes as text one to one, so any file (broken UTF-8 too) has a digest."""
    return raw.decode("latin-1")


class ParsedFiles:
    """The parses kept in `path`; `parse` reuses one or parses anew, `save` keeps those this
    run used. The constructor touches no file."""

    def __init__(self, path: Path, today: dt.date | None = None) -> None:
        self.path = path
        self.today = today or dt.date.today()
        self.hits = 0
        self._context: str | None = None
        self._stored: dict[str, Parsed] | None = None
        self._used: dict[str, Parsed] = {}

    def _entries(self) -> dict[str, Parsed]:
        if self._stored is None:
            self._context = code_fingerprint(active_language(), self.today)
            try:
                with self.path.open("rb") as file:
                    stored = pickle.load(file)
            except Exception:  # missing, damaged or from another Python: only costs parses
                stored = None
            valid = isinstance(stored, dict) and stored.get("context") == self._context
            self._stored = stored["parsed"] if valid else {}
        return self._stored

    def parse(
        self, path: Path, display: str, raw: bytes
    ) -> tuple[Procedure | None, list[ContentError]]:
        """`parse_procedure(path, display, raw)`, reused when the same file was parsed before."""
        entries = self._entries()
        key = digest([path.stem, display, _latin(raw)], length=32)
        kept = entries.get(key)
        if kept is not None:
            self.hits += 1
            self._used[key] = kept
            return kept[0], list(kept[1])
        procedure, problems = parse_procedure(path, display, raw)
        if procedure is not None and not any(p.severity == "error" for p in problems):
            self._used[key] = (procedure, list(problems))
        return procedure, problems

    def save(self) -> None:
        """Keep the parses this run used, unless they are exactly those stored; a cache
        folder that cannot be written only costs the next run its parses."""
        if self._stored is None or self._stored.keys() == self._used.keys():
            return
        data = pickle.dumps(
            {"context": self._context, "parsed": self._used}, protocol=pickle.HIGHEST_PROTOCOL
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, data)
        except OSError:
            pass
