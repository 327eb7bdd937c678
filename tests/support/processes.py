"""Child processes the tests start: the real command line, in a small fixed environment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import REPO


def child_env() -> dict[str, str]:
    """A small, fixed environment: the repo importable, nothing from the caller's shell."""
    return {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}


def run_child(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python ARGS` to the end and capture what it printed."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=child_env(),
    )
