"""The build's lifecycle under faults: interrupts at many points, full disks, a site/ that
cannot be replaced, crashing workers and threads, concurrent builds.

For every fault the promise is the same: a clean message and the documented exit status, no
traceback, the published site/ byte-identical, the register of issued codes unchanged, and
nothing left behind. Faults are real signals (the build signals itself at a named point through
THUTUC_FAULT, or the test signals it from outside) and real OSErrors.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.faults import (
    built_and_guarded,
    issued,
    run_faulted,
    waiting_copy,
)
from support.processes import spawned
from support.project import Built, FixtureProject, make_project, procedure_text, tree_digest

from bench import corpus
from generator.build import bodyindex

pytestmark = pytest.mark.slow

PROCEDURES = 120
KEPT = "the previous site/ was left as it was"


def leftovers(project: FixtureProject) -> list[str]:
    return sorted(p.name for p in project.root.glob(".site.*"))


def run(project: FixtureProject, *args: str, fault: str | None = None) -> Built:
    """`thutuc ARGS` to the end, with Ctrl-C at its default, optionally with a fault."""
    return run_faulted(project, *args, fault=fault)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FixtureProject]:
    yield from built_and_guarded(tmp_path_factory.mktemp("faults"), PROCEDURES)


@pytest.fixture
def published(built_once: FixtureProject, tmp_path: Path) -> FixtureProject:
    """A copy of a built site of generated procedures, with an edit and a new procedure
    waiting: a rebuild would draw a QR code, re-index search, redraw posters and packs, and
    issue a new code."""
    return waiting_copy(built_once, tmp_path / "project")


def assert_untouched(project: FixtureProject, built: Built, before: tuple[str, dict]) -> None:
    assert "Traceback" not in built.output, built.output
    assert tree_digest(project.site) == before[0], "the published site/ changed"
    assert issued(project) == before[1], "the register changed"
    assert "QT-NEW" not in issued(project) or "QT-NEW" in before[1]
    assert leftovers(project) == [], "a staging folder was left behind"


def state(project: FixtureProject) -> tuple[str, dict]:
    return tree_digest(project.site), issued(project)


INTERRUPTS = [
    "start:SIGINT",
    "started:SIGTERM",
    "page#1:SIGINT",
    "page#40:SIGTERM",
    "page#100:SIGINT",
    "search:SIGINT",
    "index:SIGTERM",
    "finish:SIGINT",
    "finished:SIGTERM",
]


@pytest.mark.parametrize("fault", INTERRUPTS)
def test_an_interrupted_rebuild_leaves_site_and_register_as_they_were(
    published: FixtureProject, fault: str
) -> None:
    before = state(published)
    built = run(published, "build", fault=fault)
    assert built.returncode == 130, built.output
    assert f"interrupted: {KEPT}" in built.stderr
    assert_untouched(published, built, before)


@pytest.mark.parametrize(
    ("fault", "status", "message"),
    [
        ("replace:EBUSY", 2, "could not be replaced"),
        ("finish:ENOSPC", 2, "No space left on device"),
        ("started:ENOSPC", 2, "No space left on device"),
        ("draw:crash", 1, "the build failed: RuntimeError: fault injected at draw"),
        ("draw#60:crash", 1, "the build failed: RuntimeError: fault injected at draw"),
        ("index:crash", 1, "the build failed: RuntimeError: fault injected at index"),
        ("finish:crash", 1, "the build failed"),
    ],
)
def test_a_failed_rebuild_says_why_and_publishes_nothing(
    published: FixtureProject, fault: str, status: int, message: str
) -> None:
    if fault.startswith("draw#"):  # every code to draw again, on the worker pool
        shutil.rmtree(published.root / ".cache" / "thutuc" / "artifacts")
    before = state(published)
    built = run(published, "build", fault=fault)
    assert built.returncode == status, built.output
    assert message in built.stderr
    assert KEPT in built.stderr
    if fault.startswith("replace"):
        # The registers are written before the swap, so when the swap itself fails a code
        # is registered and not yet published: harmless (the next build publishes it with
        # that issue date); no code is ever published and not registered.
        assert issued(published) == before[1] | {"QT-NEW": issued(published)["QT-NEW"]}
        before = (before[0], issued(published))
    assert_untouched(published, built, before)


def test_an_interrupt_during_the_swap_is_held_until_the_site_is_published(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "p", sample=True)
    assert run(project, "build").returncode == 0
    project.write("thu-tuc-moi-them.md", procedure_text(code="QT-NEW", title="Thủ tục mới thêm"))
    for fault in ("swap:SIGINT", "register:SIGTERM"):
        built = run(project, "build", fault=fault)
        assert built.returncode == 0, built.output
        # Truthful: the new site is out (status 0), and its codes are registered.
        assert "interrupted: the new site/ had been published" in built.stderr
        assert "QT-NEW" in issued(project)
        assert (project.site / "P" / "QT-NEW" / "index.html").is_file()
        assert leftovers(project) == []


def test_a_signal_from_outside_mid_build_keeps_the_site(published: FixtureProject) -> None:
    """Ctrl-C as an operator sends it: from another process, once the build is under way."""
    before = state(published)
    with spawned(
        ["-m", "generator", "build"],
        published.root,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    ) as child:
        assert child.stderr is not None
        for line in child.stderr:
            if "Building documentation" in line:
                child.send_signal(signal.SIGINT)
                break
        rest = child.stderr.read()
        assert child.wait() == 130, rest
    assert f"interrupted: {KEPT}" in rest
    assert_untouched(published, Built(130, "", rest), before)


def test_two_builds_at_once_publish_one_whole_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", sample=False, search=True)
    corpus.write(project.content, corpus.generate(PROCEDURES))
    build = ["-m", "generator", "build"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "text": True}
    with (
        spawned(build, project.root, **quiet) as first,
        spawned(build, project.root, **quiet) as second,
    ):
        outputs = [first.communicate()[1], second.communicate()[1]]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    index = project.site / bodyindex.BODY_DIR
    totals = {json.loads(path.read_text("utf-8"))["n"] for path in index.glob("*.json")}
    assert totals == {PROCEDURES}
    assert len(project.feed()["procedures"]) == PROCEDURES
    assert leftovers(project) == []


def test_unusable_cache_or_site_folder_exits_2(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", sample=True)
    (project.root / "a-file").write_text("not a folder", encoding="utf-8")
    project.set_plugin_option("cache_dir", "a-file/cache")
    built = run(project, "build")
    assert built.returncode == 2, built.output
    assert "cache_dir" in built.stderr and "a-file/cache" in built.stderr
    assert "Traceback" not in built.output
    assert not project.site.exists()


def test_a_killed_builds_leftovers_are_cleaned_by_the_next(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", sample=True)
    stale = project.root / ".site.building-x1y2z3"
    (stale / "thu-tuc").mkdir(parents=True)
    old = project.root / ".site.old-a1b2c3"
    old.mkdir()
    built = run(project, "build")
    assert built.returncode == 0, built.output
    assert leftovers(project) == []


def test_a_file_where_the_search_cache_expects_a_folder_fails_cleanly(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", sample=True, search=True)
    cache = project.root / ".cache" / "thutuc"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "search").write_text("not a folder", encoding="utf-8")
    built = run(project, "build")
    assert built.returncode in (1, 2), built.output
    assert "Traceback" not in built.output
    assert "search" in built.stderr
    assert not project.site.exists()
    assert leftovers(project) == []
    os.unlink(cache / "search")
    assert run(project, "build").returncode == 0
