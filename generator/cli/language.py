"""`thutuc --lang {vi,en}`: the language of every message, chosen before any help is built.

Our messages follow `generator.i18n`. argparse words its own lines ("usage:", "options",
"the following arguments are required") through gettext's global domain, which is named
`messages` like ours, so binding that domain to our catalogue folder and setting `LANGUAGE`
makes them Vietnamese too; their translations are in our catalogue, marked below.
"""

from __future__ import annotations

import argparse
import gettext
import os
from collections.abc import Sequence

from generator.i18n import DOMAIN, LANGUAGE_ENV, LANGUAGES, N_, _, active_language, catalogue_dir

#: The lines of argparse that a clerk meets (Python 3.11 to 3.13), for the catalogue.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
)


def language_in(argv: Sequence[str]) -> str | None:
    """The value of `--lang` in `argv`, read before the parser exists."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def choose(argv: Sequence[str]) -> str:
    """Set the process's language from `--lang` (else the environment) and route argparse's
    own messages to our catalogue; returns the language."""
    asked = language_in(argv)
    if asked in LANGUAGES:
        os.environ[LANGUAGE_ENV] = asked
    language = active_language()
    folder = catalogue_dir(language)
    if folder is not None:
        gettext.bindtextdomain(DOMAIN, str(folder))
    os.environ["LANGUAGE"] = language  # what gettext's global domain reads
    return language


def add_argument(parser: argparse.ArgumentParser, *, after_command: bool = False) -> None:
    """The `--lang` option (read early by `choose`; listed here for `--help`). A clerk adds it
    where the rest of the line ends too (`thutuc build --lang en`), so each command takes it,
    without overwriting the one given before the command."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS if after_command else None,
        help=_("language of messages: vi (default) or en; also THUTUC_LANG or LANG=en_US.UTF-8"),
    )


def add_to_commands(commands: argparse._SubParsersAction) -> None:
    """`--lang` after each command too, as `choose` already read it anywhere on the line."""
    for command in commands.choices.values():
        add_argument(command, after_command=True)


__all__ = ["ARGPARSE_WORDS", "add_argument", "add_to_commands", "choose", "language_in"]
