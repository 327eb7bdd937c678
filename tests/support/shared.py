"""Fixture projects built once per test run, however many pytest-xdist workers run it.

Each xdist worker is a session of its own, so a session fixture would build the same project
once per worker. Here the first worker to ask builds it, under a file lock, in the run's
common temporary folder; the others wait for that build and read the same folder. Without
xdist it is a plain session build. Tests must only read such a project.
"""

from __future__ import annotations

import fcntl
import json
import os
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

from support.project import Built, FixtureProject


def built_once_per_run(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    make: Callable[[Path], FixtureProject],
    build: Callable[[FixtureProject], Built] = FixtureProject.build,
) -> FixtureProject:
    """`make(folder)` then `build(project)`, once per run; fails every asker if it failed."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        project = make(tmp_path_factory.mktemp(name))
        built = build(project)
        assert built.returncode == 0, built.output
        return project
    # A worker's basetemp is <run>/popen-gwN: <run> is made by the controller, new each run.
    common = tmp_path_factory.getbasetemp().parent
    outcome = common / f"{name}.built.json"
    with (common / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            try:
                built = build(make(common / name))
            except Exception:  # the others fail with this, instead of making it again
                built = Built(-1, "", traceback.format_exc())
            outcome.write_text(json.dumps([built.returncode, built.output]), encoding="utf-8")
    returncode, output = json.loads(outcome.read_text(encoding="utf-8"))
    assert returncode == 0, output
    return FixtureProject(common / name)
