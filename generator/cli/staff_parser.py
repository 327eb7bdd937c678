"""The staff commands' arguments (posters, printed, reprint), kept apart from the commands:
building the parser must not import the drawing code, which `check` and `new` never use (it
costs most of a command's start-up)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator import urls
from generator.i18n import _

DEFAULT_REPRINT_PATH = Path(urls.POSTER_DIR) / urls.REPRINT_PACK


def _deferred(name: str) -> Any:
    """The staff command `name`, imported only when it runs."""

    def run(args: argparse.Namespace) -> int:
        from generator.cli import staff

        return staff.COMMANDS[name](args)

    return run


def add_commands(commands: Any) -> None:
    """The staff commands, added to `thutuc`'s subcommands."""
    posters = commands.add_parser("posters", help=_("draw posters and packs without the site"))
    posters.add_argument(
        "--out", help=_("folder to write to (default: posters, or posters/<OFFICE>)")
    )
    posters.set_defaults(func=_deferred("posters"))
    printed = commands.add_parser("printed", help=_("record that posters were printed today"))
    printed.add_argument(
        "--pack",
        default="all",
        help=_("the pack printed: all, field-<slug> or reprint (default: all)"),
    )
    printed.add_argument(
        "--code", action="append", help=_("record one poster by code instead (repeatable)")
    )
    printed.set_defaults(func=_deferred("printed"))
    reprint = commands.add_parser(
        "reprint", help=_("list posters changed since printing; pack them")
    )
    reprint.add_argument(
        "output",
        nargs="?",
        default=None,
        help=_("where to write the pack (default: {path}, or in posters/<OFFICE>/)").format(
            path=DEFAULT_REPRINT_PATH
        ),
    )
    reprint.set_defaults(func=_deferred("reprint"))
    for command in (posters, printed, reprint):  # offices (v2)
        command.add_argument("--office", help=_("one office's posters (a code in offices.yml)"))
