"""Staff commands: draw posters and packs, record a printing, pack what must be reprinted."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.build import packs
from generator.build.project import Project
from generator.content.catalog import Catalog
from generator.content.printings import (
    changes_since_printing,
    printings_path,
    read_printings,
    record_printing,
    to_print,
)
from generator.mkdocs.config import load_project
from generator.render import pack_pages, pack_plan
from generator.render.layout import PosterSettings

DEFAULT_REPRINT_PATH = Path("posters") / "pack-reprint.pdf"


# -- staff commands ---------------------------------------------------------------------------


def _load(args: argparse.Namespace) -> tuple[Project, Catalog, PosterSettings]:
    project = load_project(args.config)
    catalog = project.load()
    return project, catalog, project.settings().poster


def cmd_posters(args: argparse.Namespace) -> int:
    """Draw posters and packs into a folder, without building the site."""
    project, catalog, _ = _load(args)
    out = project.root / args.out
    run = project.start_artifacts(catalog)
    run.wait()
    out.mkdir(parents=True, exist_ok=True)
    report = project.build_packs(run, out)  # single posters are cut from the field packs
    print(f"{len(catalog.active)} posters and {len(report.packs)} packs in {out}/")
    return 0


def cmd_printed(args: argparse.Namespace) -> int:
    """Record that a pack (or some posters) was printed today."""
    project, catalog, settings = _load(args)
    fingerprints = packs.poster_fingerprints(catalog, settings)
    path = printings_path(project.content_dir)
    if args.code:
        codes = [code.upper() for code in args.code]
        unknown = [code for code in codes if code not in fingerprints]
        if unknown:
            print(f"error: no active procedure has code {', '.join(unknown)}", file=sys.stderr)
            return 1
        name = "posters"
    elif args.pack == "reprint":
        codes = to_print(changes_since_printing(catalog, fingerprints, read_printings(path)))
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
    project, catalog, settings = _load(args)
    fingerprints = packs.poster_fingerprints(catalog, settings)
    path = printings_path(project.content_dir)
    changes = changes_since_printing(catalog, fingerprints, read_printings(path))
    for change in changes:
        print(f"{change.code}\t{change.title}\t({change.label})")
    codes = to_print(changes)
    if not codes:
        print("nothing to print again: every poster matches the content")
        return 0
    run = project.start_artifacts(catalog)
    run.wait()
    plan = pack_plan.reprint_plan(catalog, codes, settings)
    members = packs.members_of(run, set(codes))
    pdf, pages = pack_pages.render_pack(
        plan, members, settings, packs.pack_fingerprint(plan, fingerprints, settings)
    )
    target = project.root / args.output
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    print(f"{len(codes)} poster(s) to print again: {target} ({pages} pages)")
    print("after printing, run: thutuc printed --pack reprint")
    return 0


def _reporting_bad_printings(command: Callable[[argparse.Namespace], int]) -> Any:
    """A broken `printings.yml` is reported in one line, not as a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1

    return run


def add_commands(commands: Any) -> None:
    """The staff commands, added to `thutuc`'s subcommands."""
    posters = commands.add_parser("posters", help="draw posters and packs without the site")
    posters.add_argument("--out", default="posters", help="folder to write to (default: posters)")
    posters.set_defaults(func=cmd_posters)
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
        default=str(DEFAULT_REPRINT_PATH),
        help=f"where to write the pack (default: {DEFAULT_REPRINT_PATH})",
    )
    reprint.set_defaults(func=_reporting_bad_printings(cmd_reprint))
