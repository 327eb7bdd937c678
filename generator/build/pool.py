"""The build's drawing pool: one set of worker processes for QR codes, posters, then packs.

Workers are forked once, from the main thread: forking from a helper thread could copy a
lock some other thread holds. They run at the main process's priority: at a lower one, any
other load on the machine starves them and the build waits on them at the end.

While MkDocs renders pages, the main process is the build's longest path, and two workers
beside it put three busy processes on a two-core machine: the main process then ran only
about two thirds of the time, and every process ran slower for sharing (at 1,000 short
procedures, the main process took 4.5 CPU-s beside two workers, 3.5 CPU-s beside one). So
a pool started beside the pages runs `at_once` jobs at a time (`beside_main`: one core
fewer than the machine has) until `widen`, when the pages are done. The workers take turns
through a pipe of tokens they inherit, so the executor still queues each worker's next job
and no job waits on the busy parent to be handed out.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from generator.build.progress import ctrl_c_held, ignore_ctrl_c, interrupts_deferred

T = TypeVar("T")

#: Jobs sent to a worker at a time: few enough messages, small enough to keep both busy.
CHUNK = 32

#: glibc's `mallopt` parameters (malloc.h), and the values workers set.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 8 * 1024 * 1024
TRIM_THRESHOLD = 32 * 1024 * 1024


def keep_freed_memory() -> None:
    """Let a worker reuse the memory of the big buffers it frees (a preview's 0.75 MB pixels
    and their PNG, a pack page's bitmap) rather than hand it back to the system and fault in
    fresh zeroed pages for the next: left to glibc's defaults, the two workers of a cold build
    of 1,000 procedures took over 200,000 page faults, some 0.7 s of CPU. Up to
    `TRIM_THRESHOLD` bytes of freed memory stay with a worker. Elsewhere than glibc there is
    no `mallopt` and nothing is changed."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)


#: Linux's `prctl` option (linux/prctl.h): the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the build that forked it dies, even by `kill -9`:
    an orphaned worker would go on drawing for nobody. If the parent died before the request
    was made, exit now. Elsewhere than Linux nothing is changed."""
    if not sys.platform.startswith("linux"):
        return
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def start_worker(parent: int, forked_by_main_thread: bool) -> None:
    """Initializer of every pool worker: interrupts are the parent's to handle (once and
    cleanly, with no traceback from a worker), and the worker dies with the parent. Linux
    sends the death signal when the forking *thread* ends, so only workers forked by the main
    thread, which lives as long as the build, ask for it."""
    ignore_ctrl_c()
    if forked_by_main_thread:
        die_with_parent(parent)
    keep_freed_memory()


def _with_token(tokens: tuple[int, int], function: Callable[..., T], *args: Any) -> T:
    """Run a job once a token can be read from the pool's pipe, and put it back after: the
    workers of a narrowed pool take turns without a trip through the parent between jobs."""
    take, give = tokens
    os.read(take, 1)
    try:
        return function(*args)
    finally:
        os.write(give, b"t")


class WorkerPool:
    """The executor's locks are taken with interrupts deferred (`interrupts_deferred`), so a
    Ctrl-C never leaves one held and the shutdown that follows never hangs."""

    def __init__(self, workers: int, *, at_once: int | None = None) -> None:
        main = threading.current_thread() is threading.main_thread()
        self.workers = workers
        #: A pipe holding one byte per job that may run now, inherited by the workers.
        self._tokens: tuple[int, int] | None = None
        self._executor = ProcessPoolExecutor(  # forks nothing until the first submit
            max_workers=workers, initializer=start_worker, initargs=(os.getpid(), main)
        )
        try:
            with interrupts_deferred():
                if at_once is not None and at_once < workers:
                    self._tokens = os.pipe()
                    os.write(self._tokens[1], b"t" * max(1, at_once))
                # Submitting forks every worker: do it now, on this thread, with Ctrl-C held
                # until the workers ignore it; later work may be submitted from any thread.
                with ctrl_c_held():
                    self._executor.submit(int)
        except BaseException:  # an interrupt that came meanwhile: leave no worker behind
            self.shutdown()
            raise

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        with interrupts_deferred():
            if self._tokens is None:
                return self._executor.submit(function, *args)
            return self._executor.submit(_with_token, self._tokens, function, *args)

    def widen(self) -> None:
        """Let every worker run at once: the main process has no more pages to render."""
        if self._tokens is not None:
            os.write(self._tokens[1], b"t" * self.workers)

    def shutdown(self) -> None:
        """Drop work not yet started and wait for the workers to exit."""
        with interrupts_deferred():
            self.widen()  # a worker waiting for a token must not hold up the exit
            self._executor.shutdown(wait=True, cancel_futures=True)
            if self._tokens is not None:
                for end in self._tokens:
                    os.close(end)
                self._tokens = None


def beside_main() -> int:
    """Jobs that may run at once beside a busy main process: all cores but its own."""
    return max(1, (os.cpu_count() or 1) - 1)


def workers_for(jobs: int, per_worker: int) -> int:
    """As many workers as cores, but none without at least `per_worker` jobs to do."""
    return max(1, min(os.cpu_count() or 1, jobs // per_worker + 1))
