"""Checks across procedure files: what no single file can be judged on alone.

Every error names the file and the line of the key, and for a clash also the other file,
so the editor can fix either one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from generator import urls
from generator.content import qrfit
from generator.content.errors import ContentError
from generator.content.procedure import Procedure
from generator.i18n import _


def _error(procedure: Procedure, key: str, message: str) -> ContentError:
    return ContentError(procedure.source, message, line=procedure.lines.get(key), field=key)


def _where(procedure: Procedure, key: str) -> str:
    line = procedure.lines.get(key)
    return procedure.source if line is None else f"{procedure.source}:{line}"


def check_catalog(
    procedures: Iterable[Procedure],
    unloaded_codes: Collection[str] = (),
    site_url: str | None = None,
) -> list[ContentError]:
    """Unique codes and URLs, replacements that exist and lead somewhere, field names that
    keep their own pages, and QR codes small enough to scan. A code written in a file that
    failed to load counts as present, so its own errors are not echoed here."""
    problems: list[ContentError] = []
    by_code: dict[str, Procedure] = {}
    by_slug: dict[str, Procedure] = {}
    # Oldest first, so a clash is reported against the file that changed last: the one the
    # editor has just copied or edited, not the one nobody touched.
    for procedure in sorted(procedures, key=lambda p: p.mtime):
        first = by_code.setdefault(procedure.code, procedure)
        if first is not procedure:
            problems.append(
                _error(
                    procedure,
                    "code",
                    _(
                        "code '{code}' is also used by {other}, an older file; codes must be "
                        "unique: give this procedure its own code"
                    ).format(code=procedure.code, other=_where(first, "code")),
                )
            )
        other = by_slug.setdefault(procedure.slug.lower(), procedure)
        if other is not procedure:
            problems.append(
                ContentError(
                    procedure.source,
                    _("has the same URL as {other}; rename one of the two files").format(
                        other=other.source
                    ),
                )
            )
        if site_url and (problem := qrfit.code_problem(site_url, procedure.code)) is not None:
            problems.append(_error(procedure, "code", problem))
    problems += _replacement_problems(by_code, set(unloaded_codes))
    problems += _field_problems(by_code.values())
    return problems


def _replacement_problems(by_code: dict[str, Procedure], unloaded: set[str]) -> list[ContentError]:
    problems: list[ContentError] = []
    for procedure in by_code.values():
        target = procedure.meta.replaced_by
        if target is None:
            continue
        if not procedure.retired:
            message = _("only a retired procedure can be replaced; add 'status: retired'")
        elif target == procedure.code:
            message = _(
                "procedure '{code}' cannot replace itself; name the procedure that does"
            ).format(code=target)
        elif target not in by_code:
            if target in unloaded:
                continue  # that file's own errors are reported
            message = _("no procedure has the code '{code}'").format(code=target)
        else:
            cycle = _cycle(procedure, by_code)
            if cycle is None:
                continue
            message = _(
                "replacements go round in a circle ({chain}); a short URL must lead to a "
                "procedure in force, so end the chain at one that is not retired"
            ).format(chain=" → ".join(cycle))
        problems.append(_error(procedure, "replaced_by", message))
    return problems


def _cycle(start: Procedure, by_code: dict[str, Procedure]) -> list[str] | None:
    """The codes of a replacement chain that comes back to `start`, if it does."""
    chain = [start.code]
    current = start
    while current.retired and current.meta.replaced_by in by_code:
        current = by_code[current.meta.replaced_by]
        if current.code == start.code:
            return [*chain, start.code]
        if current.code in chain:
            return None  # a loop further on, reported from its own members
        chain.append(current.code)
    return None


def _field_problems(procedures: Iterable[Procedure]) -> list[ContentError]:
    """Field names that differ only in case, accents or punctuation share a page and a pack
    (`linh-vuc/ho-tich/`, `pack-ho-tich.pdf`); the editor must write them one way. The
    spelling whose files stayed untouched longest is the reference; the newest file of each
    other spelling is reported, since that is where the slip was made."""
    newest_by_name: dict[str, Procedure] = {}
    first_by_name: dict[str, Procedure] = {}
    for procedure in procedures:
        first_by_name.setdefault(procedure.field, procedure)
        known = newest_by_name.get(procedure.field)
        if known is None or procedure.mtime > known.mtime:
            newest_by_name[procedure.field] = procedure
    by_slug: dict[str, list[Procedure]] = {}
    for name in sorted(newest_by_name):
        by_slug.setdefault(urls.field_slug(name), []).append(newest_by_name[name])
    problems = []
    for group in by_slug.values():
        newest_of_reference, *others = sorted(group, key=lambda p: p.mtime)
        reference = first_by_name[newest_of_reference.field]
        for procedure in others:
            message = _(
                "field '{name}' and field '{other}' in {where} would share one page ({page}); "
                "write the field's name the same way in every file"
            ).format(
                name=procedure.field,
                other=reference.field,
                where=_where(reference, "field"),
                page=urls.field_path(procedure.field),
            )
            problems.append(_error(procedure, "field", message))
    return problems
