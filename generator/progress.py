"""Progress bars for long work (drawing posters, packs), shown only on a terminal."""

from __future__ import annotations

import signal
import sys

from tqdm import tqdm


def progress_bar(total: int, description: str, unit: str = "procedure") -> tqdm:  # type: ignore[type-arg]
    """A tqdm bar on stderr; silent when stderr is not a terminal (CI logs, pipes, tests)."""
    return tqdm(
        total=total,
        desc=description,
        unit=f" {unit}",
        disable=None if total else True,
        leave=False,
        file=sys.stderr,
    )


def ignore_ctrl_c() -> None:
    """Initializer for pool workers: Ctrl-C is the parent's to handle, once and cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
