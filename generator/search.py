"""Search: a Pagefind index of the built site, which folds diacritics (đ→d included)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    pass


def index_site(site_dir: Path) -> None:
    """Index `site_dir` in place with Pagefind's bundled binary; it writes `pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip()
        raise SearchIndexError(f"pagefind failed to index {site_dir}: {detail}")
