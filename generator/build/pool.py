"""The build's drawing pool: one set of worker processes for QR codes, posters, then packs.

Workers are forked once, from the main thread: forking from a helper thread could copy a
lock some other thread holds. They run at the main process's priority: at a lower one, any
other load on the machine starves them and the build waits on them at the end.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from generator.build.progress import ctrl_c_held, ignore_ctrl_c

T = TypeVar("T")


class WorkerPool:
    def __init__(self, workers: int) -> None:
        self._executor = ProcessPoolExecutor(max_workers=workers, initializer=ignore_ctrl_c)
        # Submitting forks every worker: do it now, on this thread, with Ctrl-C held until
        # the workers ignore it; later work may then be submitted from any thread.
        with ctrl_c_held():
            self._executor.submit(int)

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        return self._executor.submit(function, *args)

    def shutdown(self) -> None:
        """Drop work not yet started and wait for the workers to exit."""
        self._executor.shutdown(wait=True, cancel_futures=True)


def workers_for(jobs: int, per_worker: int) -> int:
    """As many workers as cores, but none without at least `per_worker` jobs to do."""
    return max(1, min(os.cpu_count() or 1, jobs // per_worker + 1))
