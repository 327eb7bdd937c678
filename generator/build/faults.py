"""Named points of a build where a test can make it fail, to prove what the build promises:
after any failure the published site/ is unchanged and the register has lost no code.

Set `THUTUC_FAULT=<point>:<what>` in the environment of a build, where `<what>` is `SIGINT` or
`SIGTERM` (the process signals itself, as Ctrl-C or a service manager would), `group-SIGINT`
or `group-SIGTERM` (the whole process group, pool workers included, as a terminal or a service
manager does), `SIGKILL` (`kill -9`), `ENOSPC`, `EBUSY` or `EROFS` (an OSError, as a full disk,
a mount point or a read-only file system gives), or `crash` (a RuntimeError).
`<point>` may end in `#N` to fire at the Nth pass only (pages are points too). Without the
variable, `checkpoint` does nothing.
"""

from __future__ import annotations

import errno
import os
import signal
from collections import Counter

ENVIRONMENT = "THUTUC_FAULT"
_passes: Counter[str] = Counter()


def checkpoint(point: str) -> None:
    spec = os.environ.get(ENVIRONMENT)
    if not spec:
        return
    where, _, what = spec.rpartition(":")
    name, _, nth = where.partition("#")
    if name != point:
        return
    _passes[point] += 1
    if nth and _passes[point] != int(nth):
        return
    if what in ("SIGINT", "SIGTERM", "SIGKILL"):
        os.kill(os.getpid(), getattr(signal, what))
    elif what in ("group-SIGINT", "group-SIGTERM"):
        os.killpg(os.getpgid(0), getattr(signal, what.removeprefix("group-")))
    elif what in ("ENOSPC", "EBUSY", "EROFS"):
        code = getattr(errno, what)
        raise OSError(code, os.strerror(code), f"<fault at {point}>")
    elif what == "crash":
        raise RuntimeError(f"fault injected at {point}")
