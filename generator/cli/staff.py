"""Printings: which poster is on the wall, and which ones need printing again.

Staff record a printing with `thutuc printed`; it writes each printed poster's fingerprint (the
'Bản in' code in the poster's footer) to `content/printings.yml`, a file they commit.
`thutuc reprint` compares those with the current content and makes a pack of what changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from generator.build import packs
from generator.content.catalog import Catalog
from generator.render import pack_pages, pack_plan
from generator.render.layout import PosterSettings

if TYPE_CHECKING:
    from generator.build.project import Project

log = logging.getLogger("thutuc")

PRINTINGS_FILE = "printings.yml"
DEFAULT_REPRINT_PATH = Path("posters") / "pack-reprint.pdf"
HEADER = (
    "# Áp phích đã in: mã bản in (chân mỗi áp phích) của lần in gần nhất, theo mã thủ tục.\n"
    "# Ghi bằng `thutuc printed`, so sánh bằng `thutuc reprint`. Hãy commit tệp này.\n"
)


@dataclass(frozen=True)
class Printed:
    """One poster as it was last printed."""

    code: str
    fingerprint: str
    date: dt.date
    pack: str


@dataclass(frozen=True)
class Change:
    """A poster that no longer matches what is on the wall, and why."""

    code: str
    title: str
    reason: Literal["changed", "new", "retired"]

    @property
    def label(self) -> str:
        return {
            "changed": "nội dung đã thay đổi",
            "new": "chưa in lần nào",
            "retired": "đã ngừng áp dụng: gỡ áp phích xuống",
        }[self.reason]


def printings_path(content_dir: Path) -> Path:
    return content_dir / PRINTINGS_FILE


def read_printings(path: Path) -> dict[str, Printed]:
    """The recorded printings by code; a missing file means nothing was printed yet."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from None
    posters = data.get("posters") if isinstance(data, dict) else None
    if not isinstance(posters, dict):
        raise ValueError(f"{path}: expected a 'posters:' mapping of codes")
    records = {}
    for code, entry in posters.items():
        if not isinstance(entry, dict) or "fingerprint" not in entry:
            raise ValueError(f"{path}: poster {code!r} has no fingerprint")
        printed = entry.get("printed")
        records[str(code)] = Printed(
            code=str(code),
            fingerprint=str(entry["fingerprint"]),
            date=printed if isinstance(printed, dt.date) else dt.date.fromisoformat(str(printed)),
            pack=str(entry.get("pack", "")),
        )
    return records


class _Dumper(yaml.SafeDumper):
    """Writes every date in full rather than as YAML aliases of the first one."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_printings(path: Path, records: dict[str, Printed]) -> None:
    data: dict[str, Any] = {
        "posters": {
            code: {"fingerprint": r.fingerprint, "printed": r.date, "pack": r.pack}
            for code, r in sorted(records.items())
        }
    }
    text = HEADER + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def record_printing(
    path: Path,
    fingerprints: dict[str, str],
    codes: Iterable[str],
    pack_name: str,
    today: dt.date | None = None,
) -> list[str]:
    """Note that the posters `codes` were printed now, with their current fingerprints."""
    records = read_printings(path)
    today = today or dt.date.today()
    recorded = []
    for code in codes:
        records[code] = Printed(code, fingerprints[code], today, pack_name)
        recorded.append(code)
    write_printings(path, records)
    return recorded


def changes_since_printing(
    catalog: Catalog, fingerprints: dict[str, str], records: dict[str, Printed]
) -> list[Change]:
    """Posters to print again (changed or never printed) and posters to take down (retired)."""
    changes = []
    for procedure in catalog:
        record = records.get(procedure.code)
        if procedure.retired:
            if record is not None:
                changes.append(Change(procedure.code, procedure.title, "retired"))
        elif record is None:
            changes.append(Change(procedure.code, procedure.title, "new"))
        elif record.fingerprint != fingerprints[procedure.code]:
            changes.append(Change(procedure.code, procedure.title, "changed"))
    return changes


def to_print(changes: list[Change]) -> list[str]:
    return [change.code for change in changes if change.reason != "retired"]


# -- staff commands ---------------------------------------------------------------------------


def _load(args: argparse.Namespace) -> tuple[Project, Catalog, PosterSettings]:
    from generator.cli.commands import load_project

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
