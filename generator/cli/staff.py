"""Staff commands: draw posters and packs, record a printing, pack what must be reprinted."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.build import packs
from generator.cli import outputs
from generator.cli.scope import Scope, UnknownOffice, load_scope
from generator.content.printings import (
    changes_since_printing,
    read_printings,
    record_printing,
    to_print,
)
from generator.render import pack_pages, pack_plan

DEFAULT_REPRINT_PATH = Path("posters") / "pack-reprint.pdf"


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
        print(f"error: {problem}", file=sys.stderr)
        return 2
    run = scope.start_artifacts()
    run.wait()
    out.mkdir(parents=True, exist_ok=True)
    # Single posters are cut from the field packs.
    report = packs.PackRun(run, scope.cache_dir / "packs").start().finish(out)
    print(f"{len(catalog.active)} posters and {len(report.packs)} packs in {out}/")
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
            print(f"error: no active procedure has code {', '.join(unknown)}", file=sys.stderr)
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
            print(f"error: no poster pack {args.pack!r}; choose one of: {names}", file=sys.stderr)
            return 1
        codes, name = list(plans[args.pack].codes), args.pack
    recorded = record_printing(path, fingerprints, codes, name)
    print(f"recorded {len(recorded)} printed posters in {project.display(path)}; commit it")
    return 0


def cmd_reprint(args: argparse.Namespace) -> int:
    """List the posters that changed since they were printed, and pack them for printing."""
    scope = _load(args)
    project, catalog, settings = scope.project, scope.catalog, scope.settings.poster
    if args.output and (problem := outputs.file_problem(project.root / args.output)):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    fingerprints = packs.poster_fingerprints(catalog, settings)
    path = scope.printings
    changes = changes_since_printing(
        catalog, fingerprints, read_printings(path), scope.site_catalog
    )
    for change in changes:
        print(f"{change.code}\t{change.title}\t({change.label})")
    codes = to_print(changes)
    if not codes:
        print("nothing to print again: every poster matches the content")
        return 0
    run = scope.start_artifacts()
    run.wait()
    plan = pack_plan.reprint_plan(catalog, codes, settings)
    members = packs.members_of(run, set(codes))
    pdf, pages = pack_pages.render_pack(
        plan, members, settings, packs.pack_fingerprint(plan, fingerprints, settings)
    )
    target = project.root / (args.output or scope.poster_dir + DEFAULT_REPRINT_PATH.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    print(f"{len(codes)} poster(s) to print again: {target} ({pages} pages)")
    office = f" --office {args.office}" if getattr(args, "office", None) else ""
    print(f"after printing, run: thutuc printed --pack reprint{office}")
    return 0


def _reporting_bad_printings(command: Callable[[argparse.Namespace], int]) -> Any:
    """A broken `printings.yml` is reported in one line, not as a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except (ValueError, UnknownOffice) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1

    return run


def add_commands(commands: Any) -> None:
    """The staff commands, added to `thutuc`'s subcommands."""
    posters = commands.add_parser("posters", help="draw posters and packs without the site")
    posters.add_argument("--out", help="folder to write to (default: posters, or posters/<OFFICE>)")
    posters.set_defaults(func=_reporting_bad_printings(cmd_posters))
    printed = commands.add_parser("printed", help="record that posters were printed today")
    printed.add_argument(
        "--pack",
        default="all",
        help="the pack printed: all, field-<slug> or reprint (default: all)",
    )
    printed.add_argument(
        "--code", action="append", help="record one poster by code instead (repeatable)"
    )
    printed.set_defaults(func=_reporting_bad_printings(cmd_printed))
    reprint = commands.add_parser("reprint", help="list posters changed since printing; pack them")
    reprint.add_argument(
        "output",
        nargs="?",
        default=None,
        help=f"where to write the pack (default: {DEFAULT_REPRINT_PATH}, or in posters/<OFFICE>/)",
    )
    reprint.set_defaults(func=_reporting_bad_printings(cmd_reprint))
    for command in (posters, printed, reprint):  # offices (v2)
        command.add_argument("--office", help="one office's posters (a code in offices.yml)")
