"""`thutuc` run as a clerk runs it, in a chosen language (the fixed child environment of
`support.processes` names none, and Vietnamese is the default)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support.processes import child_env
from support.project import Built, FixtureProject


def run_thutuc(cwd: Path, *args: str, lang: str = "en", stdin: str | None = None) -> Built:
    """`python -m generator ARGS` in `cwd`, messages in `lang`, stdin a pipe (not a TTY)."""
    completed = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin or "",
        check=False,
        env={**child_env(), "THUTUC_LANG": lang},
    )
    return Built(completed.returncode, completed.stdout, completed.stderr)


SITE_URL = "https://thutuc.yenlac.gov.vn/"
FLAGS = (
    "--office-name",
    "Bộ phận một cửa – UBND xã Yên Lạc",
    "--address",
    "Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ",
    "--hours",
    "Thứ Hai đến thứ Sáu, 7:30–11:30 và 13:30–17:00",
    "--hotline",
    "0211 3800 000",
    "--site-url",
    SITE_URL,
)


def init_site(parent: Path, *extra: str) -> FixtureProject:
    ran = run_thutuc(parent, "init", "yen-lac", *FLAGS, *extra)
    assert ran.returncode == 0, ran.output
    return FixtureProject(parent / "yen-lac")
