"""Why a build could not run at all, as opposed to content errors (`ContentErrors`)."""

from __future__ import annotations


class UnusableFolder(RuntimeError):
    """`cache_dir` or `site_dir` cannot be created, written or replaced (exit status 2)."""
