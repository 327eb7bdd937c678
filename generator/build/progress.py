"""Long work (drawing posters, packs): progress bars on a terminal, and pool workers that
leave Ctrl-C to the parent so an interrupted build stops once, cleanly."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

from tqdm import tqdm

from generator.i18n import _


def progress_bar(total: int, description: str, unit: str = "procedure") -> tqdm:  # type: ignore[type-arg]
    """A tqdm bar on stderr; silent when stderr is not a terminal (CI logs, pipes, tests)."""
    return tqdm(
        total=total,
        desc=description,
        unit=" " + (_("procedure") if unit == "procedure" else unit),
        disable=None if total else True,
        leave=False,
        file=sys.stderr,
    )


#: The interrupts a build stops on: Ctrl-C, and SIGTERM from a service manager or `kill`.
INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


def ignore_ctrl_c() -> None:
    """Initializer for pool workers: Ctrl-C and SIGTERM (sent to the whole process group by a
    terminal or a service manager) are the parent's to handle, once and cleanly; a worker
    that inherited the parent's handler would print a traceback."""
    for signum in INTERRUPTS:
        signal.signal(signum, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, INTERRUPTS)


@contextlib.contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while pool workers are forked, so none is hit before
    `ignore_ctrl_c` runs; one sent meanwhile reaches the parent as soon as the block ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Run a block that Ctrl-C or SIGTERM must not break off half-way: one that comes
    meanwhile is acted on as the block ends, by the handler it would have met.

    Handing a job to the process pool takes locks of the pool's own threads; an interrupt
    raised while the main thread held one left it held, and the build then hung for good
    shutting the pool down (seen once in some 120 Ctrl-Cs sent while a cold build read its
    content and drew beside it). Only the main thread receives interrupts, so elsewhere
    nothing is changed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[tuple[int, FrameType | None]] = []
    previous = {
        signum: signal.signal(signum, lambda signum, frame: came.append((signum, frame)))
        for signum in INTERRUPTS
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if came:
            signum, frame = came[0]
            handler = previous[signum]
            if callable(handler):  # else ignored, or Python's default: as before the block
                handler(signum, frame)
