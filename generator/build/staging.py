"""Atomic publishing: build beside `site/`, write the registers, then swap, so a failed or
interrupted build never touches the published site and no published code goes unregistered.

`Publication` is the one owner of the build lock, the staged folder and the swap."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.build.errors import UnusableFolder
from generator.build.faults import checkpoint
from generator.build.lock import BuildLock
from generator.i18n import _

BUILDING = "building"
OLD = "old"

#: Writes one register of what the new site issues (codes, office codes, the change record).
Record = Callable[[], object]


class RecordNotWritten(UnusableFolder):
    """A register could not be written, so the new site was not published."""


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder next to the site (same file system, so the swap is a rename), with the
    mode the operator's umask gives a new folder (`mkdtemp` would make it 0700, and a web
    server running as another user would answer 403 on every page)."""
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        while True:
            staged = site_dir.parent / f".{site_dir.name}.{BUILDING}-{secrets.token_hex(4)}"
            try:
                os.mkdir(staged, 0o777)
                return staged
            except FileExistsError:
                continue
    except OSError as exc:
        raise UnusableFolder(
            _(
                "site_dir {path} cannot be used: {reason}; check that the folder can be "
                "written, or set another site_dir in mkdocs.yml"
            ).format(path=site_dir, reason=exc.strerror or exc)
        ) from None


def remove_leftovers(site_dir: Path) -> None:
    """Folders a killed build left beside the site. Call only while holding the build lock,
    so no other build is writing one."""
    for pattern in (f".{site_dir.name}.{BUILDING}-*", f".{site_dir.name}.{OLD}-*"):
        for leftover in site_dir.parent.glob(pattern):
            remove_tree(leftover)


def remove_tree(folder: Path) -> None:
    """Delete a folder and all in it, as quietly as `shutil.rmtree(ignore_errors=True)`.
    `rm -rf` does it in C where there is one: the old site of 1,000 procedures (9,400
    entries) in 0.11 s of CPU, where rmtree spends 0.25 s, 0.15 s of it in Python at the very
    end of every build. A kill leaves only this folder, already swapped out, half deleted;
    the next build clears it with the other leftovers."""
    rm = shutil.which("rm")
    if rm is not None:
        with contextlib.suppress(OSError):  # rmtree below does it all
            subprocess.run(
                [rm, "-rf", "--", str(folder)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
    shutil.rmtree(folder, ignore_errors=True)  # what rm could not delete, or no rm at all


def swap_in(staged: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `staged`; the old site is removed only after the swap. If the
    swap cannot be made (a mount point, a full disk), the old site stays as it was."""
    old: Path | None = None
    try:
        if site_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.{OLD}-", dir=site_dir.parent))
            os.rmdir(old)
            os.replace(site_dir, old)
        try:
            checkpoint("replace")
            os.replace(staged, site_dir)
        except OSError:
            if old is not None:
                os.replace(old, site_dir)
                old = None
            raise
    except OSError as exc:
        discard(staged)
        raise UnusableFolder(
            _(
                "site_dir {path} could not be replaced ({reason}). If it is a mount point, "
                "build into a folder inside it, or set `atomic: false`"
            ).format(path=site_dir, reason=exc.strerror or exc)
        ) from None
    if old is not None:
        remove_tree(old)


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)


def write_records(records: Sequence[Record]) -> None:
    """Write every register; an OSError (a read-only folder, an immutable file) becomes
    `RecordNotWritten`, so the caller publishes nothing."""
    for record in records:
        try:
            record()
        except OSError as exc:
            raise RecordNotWritten(
                _("the register {path} could not be written ({reason})").format(
                    path=exc.filename or "", reason=exc.strerror or exc
                )
            ) from None


class Publication:
    """The build lock, the staged folder beside `site/` and the swap, owned by one object.

    `open` takes the lock and makes the staged folder (or, for `serve`, builds in place);
    `publish` writes the registers and only then swaps the staged folder in; `close` drops
    whatever is left and releases the lock. The constructor touches no file."""

    def __init__(self, cache_dir: Path, site_dir: Path | None) -> None:
        self.lock = BuildLock(cache_dir)
        self.site_dir = site_dir
        self.staged: Path | None = None
        self.published = False

    def open(self) -> Path | None:
        """Take the lock (waiting for another build), clear a killed build's leftovers and
        make the staged folder; returns it, or None when building in place."""
        self.lock.acquire()
        try:
            if self.site_dir is not None:
                remove_leftovers(self.site_dir)
                self.staged = staging_dir(self.site_dir)
        except BaseException:
            self.lock.release()
            raise
        return self.staged

    def publish(self, records: Sequence[Record]) -> None:
        """Registers first, then the swap: a code registered but not yet published is
        harmless, a code published but not registered could be lost."""
        if not self.lock.held:
            raise RuntimeError("publish() without open()")
        checkpoint("register")
        write_records(records)
        checkpoint("swap")
        if self.staged is not None and self.site_dir is not None:
            swap_in(self.staged, self.site_dir)
            self.staged = None
        self.published = True
        checkpoint("published")

    def close(self) -> None:
        """Drop the staged folder if it was not published; release the lock."""
        try:
            if self.staged is not None:
                discard(self.staged)
                self.staged = None
        finally:
            self.lock.release()
