"""The `thutuc` command line. `main` is its entry point, for the console script and for
`python -m generator`: its first act makes SIGTERM an interrupt like Ctrl-C, before anything
heavy is imported, so a signal at the very start ends the command as a later one does (a
message and status 130), never with a traceback or a silent -15. Keep this import light."""

from __future__ import annotations

import sys

from generator.cli import interrupts


def main(argv: list[str] | None = None) -> int:
    """`thutuc`, as a process: interrupts are ignored once the command has returned, so run
    commands in-process with `generator.cli.commands.main` instead."""
    interrupts.entered()
    try:
        from generator.build.faults import checkpoint

        checkpoint("launch")  # for tests: a signal before the command is even imported
        from generator.cli.commands import main as command
    except KeyboardInterrupt:
        return interrupts.interrupted(sys.argv[1:] if argv is None else argv)
    return command(argv)


__all__ = ["main"]
