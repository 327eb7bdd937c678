"""The fault suite's harness: one built project per case family, a fault applied and undone
per case, and the invariants every failed run must keep.

A case writes its fault into the project and returns the fragments the messages must hold
(file, line and key); `run_case` runs the real `check` and `build` side by side, then checks:
the exit status of both, every fragment in both outputs, no traceback, `site/` byte for byte
as before, the register byte for byte as before (so no code and no issue date was lost), and
no staging folder left behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from support.processes import child_env, spawned
from support.project import Built, FixtureProject, make_project, procedure_text, tree_digest

#: What a case does to the project; returns the fragments both outputs must contain.
Fault = Callable[[FixtureProject], list[str]]
#: A wedged run (a named pipe read, a link followed for ever) fails the case, not the suite.
TIMEOUT = 180


@dataclass(frozen=True)
class Case:
    fault: Fault
    status: int = 1
    #: Fragments that must not appear (a misleading second error, say).
    absent: tuple[str, ...] = ()


def line_of(text: str, start: str) -> int:
    """The 1-based line of `text` that starts with `start`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(start):
            return number
    raise AssertionError(f"no line starts with {start!r}")


def at(project: FixtureProject, path: Path, start: str, key: str | None = None) -> str:
    """`content/...:LINE: field 'key'`: where an error must point, read from the file."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    where = f"{path.relative_to(project.root).as_posix()}:{line_of(text, start)}:"
    return f"{where} field '{key}'" if key else where


def write(project: FixtureProject, name: str, text: str | bytes) -> Path:
    return project.write(name, text)


def procedure(project: FixtureProject, name: str, **overrides: object) -> Path:
    """A new procedure file, valid but for the overrides."""
    overrides.setdefault("code", "QT-10")
    return project.write(name, procedure_text(**overrides))


def base_project(root: Path) -> FixtureProject:
    """Three procedures in two fields, a plain page, built once; its register issued."""
    project = make_project(root, sample=False)
    procedure(project, "khai-sinh.md", code="QT-01")
    procedure(project, "khai-tu.md", code="QT-02", title="Đăng ký khai tử")
    procedure(project, "chung-thuc.md", code="QT-03", title="Chứng thực", field="Chứng thực")
    (project.content / "ghi-chu.md").write_text(
        "---\ntitle: Ghi chú\n---\n\n# Ghi chú\n\nTrang ghi chú.\n", encoding="utf-8"
    )
    built = project.build()
    assert built.returncode == 0, built.output
    return project


def _start(project: FixtureProject, command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", command],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


def check_and_build(project: FixtureProject) -> tuple[Built, Built]:
    """`thutuc check` and `thutuc build`, run at once: check only reads."""
    running = [_start(project, "check"), _start(project, "build")]
    results = []
    for process in running:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            for other in running:
                other.kill()
            raise AssertionError(f"{process.args} hung for {TIMEOUT} s") from None
        results.append(Built(process.returncode, stdout, stderr))
    return results[0], results[1]


class Snapshot:
    """The project's content and settings as they were, to undo a fault exactly."""

    def __init__(self, project: FixtureProject, store: Path) -> None:
        self.project = project
        self.store = store / "content"
        shutil.rmtree(self.store, ignore_errors=True)
        shutil.copytree(project.content, self.store, symlinks=True)
        self.config = (project.root / "mkdocs.yml").read_bytes()
        self.site = tree_digest(project.site)
        self.register = (project.content / "register.yml").read_bytes()

    def restore(self) -> None:
        content = self.project.content
        if content.is_symlink() or content.is_file():
            content.unlink()
        else:
            _make_writable(content)
            shutil.rmtree(content)
        shutil.copytree(self.store, content, symlinks=True)
        (self.project.root / "mkdocs.yml").write_bytes(self.config)


def _make_writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            os.chmod(path, 0o755)


def run_case(project: FixtureProject, snapshot: Snapshot, case: Case) -> None:
    """Apply one fault, run check and build, assert every invariant, undo the fault."""
    register = project.content / "register.yml"
    try:
        expected = case.fault(project)
        register_now = register.read_bytes() if register.is_file() else None
        checked, built = check_and_build(project)
        for name, run in (("check", checked), ("build", built)):
            output = run.output
            assert run.returncode == case.status, f"{name} exit {run.returncode}:\n{output}"
            assert "Traceback" not in output, f"{name}:\n{output}"
            for fragment in expected:
                assert fragment in output, f"{name}: {fragment!r} not in:\n{output}"
            for fragment in case.absent:
                assert fragment not in output, f"{name}: {fragment!r} in:\n{output}"
        assert tree_digest(project.site) == snapshot.site, "site/ changed"
        # The build never rewrites a register (the issued one, or the faulty one written
        # by the case), so no code and no issue date is lost.
        assert (register.read_bytes() if register.is_file() else None) == register_now
        assert not list(project.root.glob(".site.building-*"))
    finally:
        snapshot.restore()
    assert register.read_bytes() == snapshot.register


# -- a built corpus and its copies, for the build's fault tests ------------------------------


def issued(project: FixtureProject) -> dict[str, str]:
    """The register's codes and the day each was issued."""
    data = yaml.safe_load((project.content / "register.yml").read_text(encoding="utf-8"))
    return {str(code): str(day) for code, day in data["codes"].items()}


def run_faulted(
    project: FixtureProject,
    *args: str,
    fault: str | None = None,
    umask: int = 0o22,
    timeout: float | None = None,
) -> Built:
    """`thutuc ARGS` to the end in its own process group (Ctrl-C at its default),
    optionally with a named fault (`generator/build/faults.py`)."""
    env = child_env() | ({"THUTUC_FAULT": fault} if fault else {})
    with spawned(
        ["-m", "generator", *args],
        project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        umask=umask,
    ) as child:
        stdout, stderr = child.communicate(timeout=timeout)
    return Built(child.returncode, stdout, stderr)


def built_corpus(root: Path, procedures: int) -> FixtureProject:
    """A project of `procedures` generated procedures, built once, search included."""
    from bench import corpus

    project = make_project(root, sample=False, search=True)
    corpus.write(project.content, corpus.generate(procedures))
    built = run_faulted(project, "build")
    assert built.returncode == 0, built.output
    return project


#: What a copy of a built project shares with it by hard links: the published site and the
#: build's cache, which a build never writes in place (it writes new files and renames them
#: over, or links them: `generator/cache.py`). The lock is a file of its own in each copy.
LINKED = ("site", ".cache")
OWN = ("build.lock",)


def copy_linking_built_files(source: Path, target: Path) -> None:
    """A copy of a built project whose site and cache files are hard links to the source's;
    content and settings are copied, for the test to edit. Linking skips writing most of the
    project's 9-20 MB, and some 2,000 files, for each of the fault suites' fifty copies."""

    def link(from_path: str, to_path: str) -> None:
        if Path(from_path).name in OWN:
            shutil.copy2(from_path, to_path)
        else:
            os.link(from_path, to_path)

    def outside(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if name in LINKED] if folder == str(source) else []

    shutil.copytree(source, target, symlinks=True, ignore=outside)
    for name in LINKED:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, symlinks=True, copy_function=link)


def linked_files_digest(project: FixtureProject) -> str:
    """One hash over the files a copy links (`LINKED`), but the templates the whole suite
    shares (a symlink) and the lock: they must not change, whatever the copies' builds do."""
    cache = project.root / ".cache" / "thutuc"
    parts = [tree_digest(project.site)]
    parts += [
        tree_digest(path)
        for path in sorted(cache.iterdir())
        if path.is_dir() and not path.is_symlink()
    ]
    parts += [
        path.read_bytes().hex()
        for path in sorted(cache.iterdir())
        if path.is_file() and path.name not in OWN
    ]
    return " ".join(parts)


def built_and_guarded(root: Path, procedures: int) -> Iterator[FixtureProject]:
    """A module's built corpus (`built_corpus`), then, when the module is done, the check that
    no build of a copy wrote through the site and cache files the copies link."""
    project = built_corpus(root, procedures)
    linked = linked_files_digest(project)
    yield project
    assert linked_files_digest(project) == linked, "a copy's build wrote through a link"


def waiting_copy(built: FixtureProject, root: Path) -> FixtureProject:
    """A copy of a built project with an edit and a new procedure (QT-NEW) waiting: a rebuild
    would draw a QR code, re-index search, redraw posters and packs, and issue a new code."""
    from bench import corpus

    project = FixtureProject(root)
    copy_linking_built_files(built.root, project.root)
    corpus.edit(next(project.procedures.glob("*.md")), "lỗi")
    project.write("thu-tuc-moi-them.md", procedure_text(code="QT-NEW", title="Thủ tục mới thêm"))
    return project
