"""Atomic publishing: build beside `site/`, then swap, so a failed build never touches it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.build.errors import UnusableFolder
from generator.build.faults import checkpoint
from generator.i18n import _

BUILDING = "building"
OLD = "old"


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder next to the site (same file system, so the swap is a rename)."""
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.{BUILDING}-", dir=site_dir.parent))
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
            shutil.rmtree(leftover, ignore_errors=True)


def publish(staged: Path, site_dir: Path) -> None:
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
        shutil.rmtree(old, ignore_errors=True)


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)
