"""One build at a time per project: two builds sharing a cache would publish each other's
half-written search index and packs. The lock lives in the cache folder and is released by
the operating system if the build dies, so a killed build never blocks the next one."""

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
    """An exclusive `flock` on `<cache_dir>/build.lock`; a second build waits for the first."""

    def __init__(self, cache_dir: Path) -> None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._fd: int | None = os.open(cache_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise UnusableFolder(
                _(
                    "cache_dir {path} cannot be used: {reason}; check that the folder can be "
                    "written, or set another cache_dir in mkdocs.yml"
                ).format(path=cache_dir, reason=exc.strerror or exc)
            ) from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info(_("Another build of this project is running; waiting for it to finish"))
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            except BaseException:
                self.release()
                raise

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None
