"""Child processes the tests start: started as from a terminal, never left behind.

A shell starts a background job (`pytest … &` in a script) with Ctrl-C ignored, and children
inherit that. A test that presses Ctrl-C on a child must therefore set it back to the default
in the child, as an interactive shell would, or the child never sees it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import psutil

from support import REPO


def child_env() -> dict[str, str]:
    """A small, fixed environment: the repo importable, nothing from the caller's shell but
    the language the test session chose (conftest: English, the msgids)."""
    return {
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO),
        "THUTUC_LANG": os.environ.get("THUTUC_LANG", "en"),
    }


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


def _ctrl_c_as_in_a_terminal() -> None:
    """Runs in the child between fork and exec: undo an inherited SIG_IGN for SIGINT.
    (Popen's `restore_signals` resets SIGPIPE, SIGXFZ and SIGXFSZ only.)"""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def press_ctrl_c(process: subprocess.Popen[Any]) -> None:
    """Ctrl-C in a terminal signals the whole foreground group, pool workers included."""
    os.killpg(process.pid, signal.SIGINT)


def group_members(pgid: int) -> list[psutil.Process]:
    """Every live process in the process group `pgid`, wherever it was re-parented to."""
    members = []
    for candidate in psutil.process_iter():
        with contextlib.suppress(ProcessLookupError, psutil.Error):
            if os.getpgid(candidate.pid) == pgid and candidate.status() != psutil.STATUS_ZOMBIE:
                members.append(candidate)
    return members


def _kill_group(process: subprocess.Popen[Any]) -> list[str]:
    """Kill and reap the child and anything left in its group; what was left, by command."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    left = group_members(process.pid)
    names = []
    for member in left:
        with contextlib.suppress(psutil.Error):
            names.append(" ".join(member.cmdline()))
            member.kill()
    psutil.wait_procs(left, timeout=10)
    return names


@contextlib.contextmanager
def spawned(args: list[str], cwd: Path, **popen: Any) -> Iterator[subprocess.Popen[Any]]:
    """`python ARGS` in its own process group with Ctrl-C at its default.

    On the way out the child and its group are killed if still running, and reaped. A child
    that ended by itself but left processes in its group fails the test.
    """
    popen.setdefault("env", child_env())
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        process_group=0,
        preexec_fn=_ctrl_c_as_in_a_terminal,
        **popen,
    )
    try:
        yield process
    finally:
        ended_by_itself = process.poll() is not None
        left = _kill_group(process)
    assert not (ended_by_itself and left), f"{args} exited but left running: {left}"


def descendants() -> set[int]:
    """The process ids of every process this one started, directly or not."""
    return {child.pid for child in psutil.Process().children(recursive=True)}


def reap_descendants(known: Collection[int] = ()) -> list[str]:
    """Kill and reap every process this one started, directly or not, other than `known`,
    zombies included (nobody waited for them); what was found, by command and status."""
    left = [c for c in psutil.Process().children(recursive=True) if c.pid not in known]
    found = []
    for child in left:
        with contextlib.suppress(psutil.Error):
            found.append(f"{child.pid} {child.status()}: {' '.join(child.cmdline())}")
            child.kill()
    psutil.wait_procs(left, timeout=10)
    return found
