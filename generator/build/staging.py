"""Atomic publishing: build beside `site/`, then swap, so a failed build never touches it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder next to the site (same file system, so the swap is a rename)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))


def publish(staged: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `staged`; the old site is removed only after the swap."""
    old: Path | None = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        os.rmdir(old)
        os.replace(site_dir, old)
    try:
        os.replace(staged, site_dir)
    except OSError:
        if old is not None:
            os.replace(old, site_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)
