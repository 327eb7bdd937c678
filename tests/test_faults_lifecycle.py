"""The build's lifecycle cannot lie or lose (issue 18): registers written before the swap, a
lock that dies with the build, signals at any moment answered by a status that agrees with
site/, and a site/ with the operator's modes. Every case runs the real `thutuc build`."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from support.faults import (
    built_and_guarded,
    issued,
    run_faulted,
    waiting_copy,
)
from support.processes import child_env, group_members, spawned
from support.project import Built, FixtureProject, make_project, tree_digest

pytestmark = pytest.mark.slow

PROCEDURES = 40
KEPT = "the previous site/ was left as it was"
PUBLISHED = "interrupted: the new site/ had been published"
#: A wedged build (a lock never released) fails the case, not the suite.
TIMEOUT = 180


def run(project: FixtureProject, *args: str, fault: str | None = None, umask: int = 0o22) -> Built:
    """`thutuc ARGS` to the end in its own process group, optionally with a fault."""
    return run_faulted(project, *args, fault=fault, umask=umask, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FixtureProject]:
    yield from built_and_guarded(tmp_path_factory.mktemp("lifecycle"), PROCEDURES)


@pytest.fixture
def waiting(built_once: FixtureProject, tmp_path: Path) -> FixtureProject:
    """A copy of the built project with an edit and a new procedure waiting to be published."""
    return waiting_copy(built_once, tmp_path / "project")


def assert_old_site(project: FixtureProject, built: Built, before: tuple[str, dict]) -> None:
    assert tree_digest(project.site) == before[0], "the published site/ changed"
    assert issued(project) == before[1], "the register changed"
    assert not list(project.root.glob(".site.*")), "a staging folder was left behind"


def assert_new_site(project: FixtureProject) -> None:
    assert (project.site / "P" / "QT-NEW" / "index.html").is_file()
    assert "QT-NEW" in issued(project)
    assert not list(project.root.glob(".site.*")), "a staging folder was left behind"


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """`chattr +i`: not even root may change, replace or (for a folder) add to `path`."""
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("locked", ["content/register.yml", "content"])
def test_an_unwritable_register_publishes_nothing(waiting: FixtureProject, locked: str) -> None:
    """A published code must be registered: if the register cannot be written, the new site
    (with QT-NEW's short URL) is not swapped in, and the status says so."""
    before = (tree_digest(waiting.site), issued(waiting))
    with immutable(waiting.root / locked):
        built = run(waiting, "build")
    assert built.returncode == 2, built.output
    assert "register" in built.stderr and "could not be written" in built.stderr
    assert KEPT in built.stderr
    assert "Traceback" not in built.output
    assert_old_site(waiting, built, before)
    assert not (waiting.site / "P" / "QT-NEW").exists()
    # Once the register can be written, the next build publishes and registers QT-NEW.
    again = run(waiting, "build")
    assert again.returncode == 0, again.output
    assert_new_site(waiting)


@pytest.mark.parametrize("moment", ["started", "page#20", "finish", "register", "published"])
def test_a_build_killed_with_sigkill_never_blocks_the_next(
    waiting: FixtureProject, moment: str
) -> None:
    """`kill -9` while the pool draws (its cache removed, so workers are busy) leaves no
    worker behind and no lock held: the next build finishes."""
    shutil.rmtree(waiting.root / ".cache" / "thutuc" / "artifacts")
    env = child_env() | {"THUTUC_FAULT": f"{moment}:SIGKILL"}
    killed = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=waiting.root,
        env=env,
        process_group=0,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert killed.wait(timeout=TIMEOUT) == -signal.SIGKILL
    # The workers get SIGKILL from the kernel when the build dies; wait for them to go.
    left = group_members(killed.pid)
    _, alive = psutil.wait_procs(left, timeout=30)
    for process in alive:
        process.kill()
    assert not alive, f"workers outlived a killed build: {alive}"
    built = run(waiting, "build")
    assert built.returncode == 0, built.output
    assert "Another build" not in built.output
    assert_new_site(waiting)


#: Twenty-two deterministic moments, from the process's first instruction (`launch`, before
#: the command is imported) to its last; a `group-` signal goes to the whole process group,
#: pool workers included.
MOMENTS = [
    "launch:SIGINT",
    "launch:SIGTERM",
    "cli:SIGINT",
    "cli:SIGTERM",
    "start:SIGTERM",
    "started:SIGINT",
    "started:group-SIGTERM",
    "page#1:SIGTERM",
    "page#10:group-SIGINT",
    "page#30:SIGTERM",
    "search:SIGTERM",
    "index:SIGINT",
    "finish:group-SIGTERM",
    "finished:SIGINT",
    "register:SIGINT",
    "register:group-SIGTERM",
    "swap:SIGTERM",
    "replace:SIGINT",
    "published:SIGTERM",
    "published:group-SIGINT",
    "exit:SIGTERM",
    "exit:group-SIGINT",
]


@pytest.mark.parametrize("fault", MOMENTS)
def test_a_signal_at_any_moment_gives_a_status_that_agrees_with_site(
    waiting: FixtureProject, fault: str
) -> None:
    """Status 0 with the new site and its codes registered, or 130 with the old site and
    register; a message that says which; never a traceback, from the build or a worker."""
    before = (tree_digest(waiting.site), issued(waiting))
    built = run(waiting, "build", fault=fault)
    assert "Traceback" not in built.output, built.output
    moment = fault.partition(":")[0]
    if moment in ("register", "swap", "replace", "published", "exit"):
        assert built.returncode == 0, built.output
    else:
        assert built.returncode == 130, built.output
    if built.returncode == 0:
        assert_new_site(waiting)
        if moment != "exit":  # held during the publication, then reported
            assert PUBLISHED in built.stderr
    else:
        assert f"interrupted: {KEPT}" in built.stderr
        assert_old_site(waiting, built, before)


@pytest.mark.parametrize(
    ("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)]
)
def test_site_gets_the_modes_of_the_operators_umask(
    waiting: FixtureProject, umask: int, folder: int, file: int
) -> None:
    """A web server running as another user must be able to read site/ (mkdtemp made 0700)."""
    built = run(waiting, "build", umask=umask)
    assert built.returncode == 0, built.output
    assert stat.S_IMODE(os.stat(waiting.site).st_mode) == folder
    assert stat.S_IMODE(os.stat(waiting.site / "thu-tuc").st_mode) == folder
    page = waiting.site / "index.html"
    assert stat.S_IMODE(os.stat(page).st_mode) & 0o777 == file


def test_a_build_touches_nothing_until_opened_and_leaves_nothing_when_cancelled(
    tmp_path: Path,
) -> None:
    """Constructors do no file I/O: the lock, the cache folder and the staged folder appear
    only with `open`, and `cancel` removes the staged folder and frees the lock."""
    from generator.build.lock import BuildLock
    from generator.build.site import SiteBuild
    from generator.mkdocs.config import load_project

    project = make_project(tmp_path / "p", sample=True)
    shutil.rmtree(project.root / ".cache")  # the suite's shared compiled templates
    site = project.site
    build = SiteBuild(load_project(project.config), final_site=site, search=False)
    cache = project.root / ".cache" / "thutuc"
    assert not cache.exists() and not list(project.root.glob(".site.*"))
    staged = build.open()
    assert staged is not None and staged.is_dir() and staged.parent == project.root
    assert (cache / "build.lock").is_file()
    build.cancel()
    assert not staged.exists() and not site.exists()
    # The lock is free again: another build of the project takes it at once.
    other = BuildLock(cache).acquire()
    other.release()


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("entry", ["thutuc", "-m generator"])
def test_a_signal_before_the_command_is_imported_ends_it_as_a_later_one_does(
    tmp_path: Path, entry: str, signal_name: str
) -> None:
    """The first moments of `thutuc build` (Python importing MkDocs and the core, about
    0.1 s) used to end on SIGTERM with status -15 and no message, and on Ctrl-C with a
    traceback: the console script and `python -m generator` both install the handlers first."""
    project = make_project(tmp_path / "project", sample=False)
    script = Path(sys.executable).parent / "thutuc"  # the console script, run as installed
    first = [str(script)] if entry == "thutuc" else ["-m", "generator"]
    env = child_env() | {"THUTUC_FAULT": f"launch:{signal_name}"}
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    with spawned([*first, "build"], project.root, env=env, **pipes) as child:
        stdout, stderr = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 130, (child.returncode, stdout, stderr)
    assert stderr.strip() == f"interrupted: {KEPT}", stderr
    assert not project.site.exists() and not list(project.root.glob(".site.*"))


def test_the_entry_point_imports_nothing_heavy_before_its_handlers() -> None:
    """What Python loads before `main` installs the handlers: the smaller, the shorter the
    moment in which a signal would find Python's defaults."""
    probe = "import sys, generator.cli; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=child_env()
    ).stdout.split()
    ours = [name for name in loaded if name.split(".")[0] == "generator"]
    assert ours == ["generator", "generator.cli", "generator.cli.interrupts"]
    assert not {"mkdocs", "yaml", "jinja2", "argparse"} & set(loaded)


def test_an_interrupt_caught_inside_exec_code_leaves_the_status_alone(tmp_path: Path) -> None:
    """A KeyboardInterrupt that leaves code run by `exec` from a string (a dataclass's
    methods being made while a module is imported, say) and is then handled must not turn
    `python -m generator`'s exit into SIGINT (-2): a Ctrl-C during an early import of a cold
    build ended that way in 1 run of about 40. Here a startup hook makes the "cli" checkpoint
    raise one inside `exec` and catch it, and the command must still say 0."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "from generator.build import faults\n"
        "def checkpoint(point):\n"
        "    if point == 'cli':\n"
        "        try:\n"
        "            exec('raise KeyboardInterrupt')\n"
        "        except KeyboardInterrupt:\n"
        "            pass\n"
        "faults.checkpoint = checkpoint\n",
        encoding="utf-8",
    )
    env = child_env() | {"PYTHONPATH": f"{hook}:{child_env()['PYTHONPATH']}"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert "thutuc" in done.stdout
