"""`thutuc serve` and `thutuc edit` started as a clerk starts them, on a free port."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from support.processes import spawned


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch_when_up(server: subprocess.Popen[str], url: str) -> str:
    """The page at `url` once the preview serves it; fails if the server dies first."""
    for _ in range(1200):  # bounded: the first preview build draws every QR and poster
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError):
            with pytest.raises(subprocess.TimeoutExpired):
                server.wait(timeout=0.1)  # fails the test if the server died
    raise AssertionError(f"{url} was never served")


@dataclass
class Served:
    process: subprocess.Popen[str]
    base: str
    log: IO[str]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()


@contextlib.contextmanager
def served(
    command: str, root: Path, log_path: Path, env: dict[str, str] | None = None
) -> Iterator[Served]:
    """`python -m generator COMMAND -a 127.0.0.1:PORT` in `root`, its output in `log_path`;
    killed with its group on the way out if still running."""
    port = free_port()
    options = {} if env is None else {"env": env}
    with (
        log_path.open("w+", encoding="utf-8") as log,
        spawned(
            ["-m", "generator", command, "-a", f"127.0.0.1:{port}"],
            root,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            **options,
        ) as process,
    ):
        yield Served(process, f"http://127.0.0.1:{port}/", log)
