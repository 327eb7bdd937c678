"""Staff commands: draw posters and packs, record a printing, pack what must be reprinted."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator import urls
from generator.build import packs
from generator.cache import link_or_copy
from generator.cli import outputs
from generator.cli.scope import Scope, UnknownOffice, load_scope
from generator.content.changes import reprint_reasons
from generator.content.printings import (
    changes_since_printing,
    read_printings,
    record_printing,
    to_print,
)
from generator.i18n import _
from generator.render import pack_pages, pack_plan

# -- staff commands ---------------------------------------------------------------------------


def _load(args: argparse.Namespace) -> Scope:
    """The site's posters, or one office's with `--office CODE`."""
    return load_scope(args.config, getattr(args, "office", None))


def cmd_posters(args: argparse.Namespace) -> int:
    """Draw posters and packs into a folder, without building the site."""
    scope = _load(args)
    project, catalog = scope.project, scope.catalog
    out = project.root / (args.out or scope.poster_dir)
    if (problem := outputs.folder_problem(out)) is not None:
        print(_("error: {reason}").format(reason=problem), file=sys.stderr)
        return 2
    run = scope.start_artifacts()
    run.wait()
    out.mkdir(parents=True, exist_ok=True)
    # Single posters are cut from the field packs.
    report = packs.PackRun(run, scope.cache_dir / "packs").start().finish(out)
    print(
        _("{posters} posters and {packs} packs in {out}/").format(
            posters=len(catalog.active), packs=len(report.packs), out=out
        )
    )
    return 0


def cmd_printed(args: argparse.Namespace) -> int:
    """Record that a pack (or some posters) was printed today."""
    scope = _load(args)
    project, catalog, settings = scope.project, scope.catalog, scope.settings.poster
    fingerprints = packs.poster_fingerprints(catalog, settings)
    path = scope.printings
    if args.code:
        codes = [code.upper() for code in args.code]
        unknown = [code for code in codes if code not in fingerprints]
        if unknown:
            print(
                _("error: no active procedure has code {codes}").format(codes=", ".join(unknown)),
                file=sys.stderr,
            )
            return 1
        name = "posters"
    elif args.pack == "reprint":
        codes = to_print(
            changes_since_printing(catalog, fingerprints, read_printings(path), scope.site_catalog)
        )
        name = "reprint"
    else:
        plans = {p.name: p for p in pack_plan.plan_packs(catalog, settings) if p.kind != "stickers"}
        if args.pack not in plans or plans[args.pack].kind == "fields":
            names = ", ".join(n for n, p in plans.items() if p.kind != "fields")
            print(
                _("error: no poster pack {pack}; choose one of: {names}").format(
                    pack=repr(args.pack), names=names
                ),
                file=sys.stderr,
            )
            return 1
        codes, name = list(plans[args.pack].codes), args.pack
    recorded = record_printing(path, fingerprints, codes, name)
    print(
        _("recorded {count} printed posters in {path}; commit it").format(
            count=len(recorded), path=project.display(path)
        )
    )
    if name == "reprint":  # printed: the pack is spent, and a stale one must not be printed
        _remove_reprint_pack(project.root / reprint_path(scope.poster_dir))
    return 0


def reprint_path(poster_dir: str) -> str:
    """Where `reprint` writes its pack by default: `posters/` or `posters/<OFFICE>/`."""
    return poster_dir + urls.REPRINT_PACK


def _remove_reprint_pack(path: Path) -> None:
    if path.is_file():
        path.unlink()
        print(_("removed {path}: it is printed, or nothing needs printing again").format(path=path))


def cmd_reprint(args: argparse.Namespace) -> int:
    """List the posters that changed since they were printed, and pack them for printing."""
    scope = _load(args)
    project, catalog, settings = scope.project, scope.catalog, scope.settings.poster
    if args.output and (problem := outputs.file_problem(project.root / args.output)):
        print(_("error: {reason}").format(reason=problem), file=sys.stderr)
        return 2
    fingerprints = packs.poster_fingerprints(catalog, settings)
    path = scope.printings
    records = read_printings(path)
    changes = changes_since_printing(catalog, fingerprints, records, scope.site_catalog)
    recorded = scope.notices.all_changes  # notices (v3)
    office = args.office.upper() if getattr(args, "office", None) else None
    for change in changes:
        print(f"{change.code}\t{change.title}\t({change.label})")
        if change.code in records:  # the change record says what changed since printing
            for why in reprint_reasons(recorded, change.code, records[change.code].date, office):
                print(f"    {why}")
    codes = to_print(changes)
    if not codes:
        print(_("nothing to print again: every poster matches the content"))
        if args.output is None:
            _remove_reprint_pack(project.root / reprint_path(scope.poster_dir))
        return 0
    run = scope.start_artifacts()
    run.wait()
    plan = pack_plan.reprint_plan(catalog, codes, settings)
    members = packs.members_of(run, set(codes))
    pdf, pages = pack_pages.render_pack(
        plan, members, settings, packs.pack_fingerprint(plan, fingerprints, settings)
    )
    target = project.root / (args.output or reprint_path(scope.poster_dir))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    print(
        _("{count} poster(s) to print again: {path} ({pages} pages)").format(
            count=len(codes), path=target, pages=pages
        )
    )
    office = f" --office {args.office}" if getattr(args, "office", None) else ""
    print(
        _("after printing, run: {command}").format(command=f"thutuc printed --pack reprint{office}")
    )
    return 0


def refresh_poster_folder(root: Path, site: Path) -> int:
    """After a build, the staff's `posters/` folder (from `thutuc posters`) holds what the site
    publishes, so a single poster printed from it never shows an old fee. A pack waiting to be
    reprinted is the staff's own and stays; what the site no longer publishes goes."""
    folder, published = root / urls.POSTER_DIR, site / urls.POSTER_DIR
    if not folder.is_dir() or not published.is_dir():
        return 0
    fresh = {path.relative_to(published) for path in published.rglob("*") if path.is_file()}
    for relative in fresh:
        link_or_copy(published / relative, folder / relative)
    for path in list(folder.rglob("*")):
        stale = path.is_file() and path.relative_to(folder) not in fresh
        if stale and path.name != urls.REPRINT_PACK:
            path.unlink()
    return len(fresh)


def _reporting_bad_printings(command: Callable[[argparse.Namespace], int]) -> Any:
    """A broken `printings.yml` is reported in one line, not as a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except (ValueError, UnknownOffice) as exc:
            print(_("error: {reason}").format(reason=exc), file=sys.stderr)
            return 1

    return run


#: The staff commands by name, each reporting a broken `printings.yml` in one line.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "posters": _reporting_bad_printings(cmd_posters),
    "printed": _reporting_bad_printings(cmd_printed),
    "reprint": _reporting_bad_printings(cmd_reprint),
}
