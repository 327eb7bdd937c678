"""Loading a content folder: every procedure and page checked, every problem collected."""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.content import drafts, plainpage, tree
from generator.content.crossfile import check_catalog
from generator.content.errors import ContentError
from generator.content.forms import missing_forms
from generator.content.parsed import ParsedFiles
from generator.content.procedure import Procedure, parse_procedure, written_code
from generator.i18n import _


@dataclass
class LoadResult:
    procedures: list[Procedure] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)
    #: Codes written in files that failed to load, so the register check does not call
    #: them orphaned while the editor is still fixing those files.
    unloaded_codes: set[str] = field(default_factory=set)
    #: Drafts (import, v3) by code: not published, so not loaded.
    drafts: dict[str, ContentError] = field(default_factory=dict)
    #: Some procedure file could not be read at all, so nobody knows which codes exist:
    #: the register check must not call any code orphaned.
    incomplete: bool = False

    @property
    def errors(self) -> list[ContentError]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[ContentError]:
        return [p for p in self.problems if p.severity == "warning"]


class ParseWatcher(Protocol):
    """Told of each procedure file as it is read, before the checks that span files: a build
    starts drawing from it meanwhile (`build.early`)."""

    def parsed(self, procedure: Procedure | None, failed: bool) -> None:
        """One file read: its procedure (None for a draft or a file that did not parse), and
        whether it had an error (then the build will fail)."""

    def loaded(self) -> None:
        """Every procedure file is read; the checks that span files come next."""


def load_procedures(
    content_dir: Path,
    root: Path | None = None,
    site_url: str | None = None,
    parsed: ParsedFiles | None = None,
    watcher: ParseWatcher | None = None,
) -> LoadResult:
    """Load every procedure file and page, and run the checks that span files. With
    `site_url`, codes are also checked to keep their QR codes small; with `parsed`, a file
    whose bytes an earlier run parsed is not parsed again; `watcher` hears of each file read."""
    root = root or content_dir.parent
    result = LoadResult()
    resolved_content = content_dir.resolve()
    result.problems += tree.link_problems(content_dir, root)
    result.problems += tree.page_name_problems(content_dir, root)
    for path in tree.procedure_files(content_dir):
        display = tree.display_path(path, root)
        try:
            if not path.resolve().is_relative_to(resolved_content):
                continue  # reported by link_problems
        except (OSError, RuntimeError):
            continue  # a link loop, reported by link_problems
        before = len(result.problems)
        procedure = _load_one(path, display, result, parsed)
        if watcher is not None:
            failed = any(p.severity == "error" for p in result.problems[before:])
            watcher.parsed(procedure, failed)
    if watcher is not None:
        watcher.loaded()
    for procedure in result.procedures:  # each `forms:` file must be in content/
        forms = procedure.meta.forms
        line = procedure.lines.get("forms")
        result.problems += missing_forms(forms, content_dir, procedure.source, line)
    # A code whose file failed to load is being fixed: a page that features it is not wrong.
    active = {p.code for p in result.procedures if not p.retired} | result.unloaded_codes
    for page in tree.page_files(content_dir):
        result.problems += plainpage.check_page(page, tree.display_path(page, root), active)
    result.problems += check_catalog(result.procedures, result.unloaded_codes, site_url)
    return result


def _load_one(
    path: Path, display: str, result: LoadResult, parsed: ParsedFiles | None
) -> Procedure | None:
    """Read one procedure file into `result`; returns the procedure it loaded, if any."""
    problem = tree.file_problem(path, display)
    if problem is not None:
        result.problems.append(problem)
        result.incomplete = True
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        result.problems.append(
            ContentError(
                display,
                _("cannot be read: {reason}; check the file's permissions").format(
                    reason=exc.strerror
                ),
            )
        )
        result.incomplete = True
        return None
    if (draft := drafts.draft_report(raw, display)) is not None:  # import (v3): not published
        result.problems.append(draft)
        if (code := written_code(raw)) is not None:
            result.unloaded_codes.add(code)
            result.drafts[code] = draft
        return None
    parse = parse_procedure if parsed is None else parsed.parse
    procedure, problems = parse(path, display, raw)
    result.problems.extend(problems)
    if procedure is not None:
        # Gone since it was read: the clash checks treat it as the oldest.
        with contextlib.suppress(OSError):
            procedure = dataclasses.replace(procedure, mtime=path.stat().st_mtime)
        result.procedures.append(procedure)
    elif (code := written_code(raw)) is not None:
        result.unloaded_codes.add(code)
    return procedure
