"""Search: a Pagefind index of the built site, which folds diacritics (đ→d included)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    pass


class Indexing:
    """Pagefind running on a built site in the background.

    MkDocs has written every page before `on_post_build`, so indexing can run on the second
    core while the QR codes, posters and short URL pages are published.
    """

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def wait(self) -> None:
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            detail = (stderr or stdout).strip()
            raise SearchIndexError(f"pagefind failed to index {self.site_dir}: {detail}")

    def cancel(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def index_site(site_dir: Path) -> None:
    """Index `site_dir` in place with Pagefind's bundled binary; it writes `pagefind/`."""
    Indexing(site_dir).wait()
