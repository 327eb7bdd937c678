"""Ctrl-C and SIGTERM for the command line: both end a command with one message and status
130 (or 0 once a build has published the new site), never a traceback and never a silent
-15. Imports nothing heavy, so the entry point installs this before anything else loads.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator, Sequence

#: The interrupts a command stops on: Ctrl-C, and SIGTERM from a service manager or `kill`.
INTERRUPTS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """SIGTERM, treated like Ctrl-C (SIGINT)."""


def raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted


def entered() -> None:
    """The process's first act (`generator.cli.main`): SIGTERM raises `Interrupted` from here
    on, as Ctrl-C raises KeyboardInterrupt, so no signal finds Python's defaults."""
    signal.signal(signal.SIGTERM, raise_interrupted)


@contextlib.contextmanager
def interrupts_raised() -> Iterator[None]:
    """SIGTERM raises `Interrupted` like Ctrl-C raises KeyboardInterrupt, for the whole
    command, so either ends it with one message and status 130, never a traceback. Once the
    command returned, both handlers are as before (a build may have held them); under the
    entry point, whose process ends now, both are ignored instead, so a late signal cannot
    change the status the command decided."""
    try:
        previous = {signum: signal.getsignal(signum) for signum in INTERRUPTS}
        signal.signal(signal.SIGTERM, raise_interrupted)
    except ValueError:  # not the main thread (a test calling main())
        yield
        return
    try:
        yield
    finally:
        if previous[signal.SIGTERM] is raise_interrupted:
            ignore_interrupts()
        else:
            for signum, handler in previous.items():
                if handler is not None:  # None: set outside Python, cannot be put back
                    signal.signal(signum, handler)


def ignore_interrupts() -> None:
    """The command's status is decided: a signal now must not change it."""
    for signum in INTERRUPTS:
        signal.signal(signum, signal.SIG_IGN)


def interrupted(words: Sequence[str]) -> int:
    """An interrupted command's message and status: a build or merge says the old site is
    still there."""
    import sys

    from generator.i18n import _

    ignore_interrupts()  # one message, even if the signal comes twice
    if "build" in words or "merge" in words:
        kept = _("the previous site/ was left as it was")
        print(_("interrupted: {kept}").format(kept=kept), file=sys.stderr)
    else:
        print(_("interrupted"), file=sys.stderr)
    return 130
