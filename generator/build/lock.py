"""One build at a time per project: two builds sharing a cache would publish each other's
half-written search index and packs.

The lock is a POSIX record lock (`lockf`) on `<cache_dir>/build.lock`. Such a lock belongs to
the process that took it, not to an open file: a pool worker forked while it is held inherits
the file descriptor but never the lock, so the lock dies with the build even if an orphaned
worker outlives it (a `flock` would be shared with every worker and kept by the last one).
The descriptor is also close-on-exec, so programs the build runs never see it."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from generator.build.errors import UnusableFolder
from generator.i18n import _

log = logging.getLogger("thutuc")

LOCK_NAME = "build.lock"


class BuildLock:
    """An exclusive lock on `<cache_dir>/build.lock`; a second build waits for the first.

    Nothing happens until `acquire`; `release` may be called any number of times."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> BuildLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC
            self._fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise UnusableFolder(
                _(
                    "cache_dir {path} cannot be used: {reason}; check that the folder can be "
                    "written, or set another cache_dir in mkdocs.yml"
                ).format(path=self.path.parent, reason=exc.strerror or exc)
            ) from None
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            log.info(_("Another build of this project is running; waiting for it to finish"))
            try:
                fcntl.lockf(self._fd, fcntl.LOCK_EX)
            except BaseException:
                self.release()
                raise
        except BaseException:
            self.release()
            raise
        return self

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None
