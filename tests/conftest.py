"""Shared fixtures: real projects in temporary folders, built with the real CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = REPO / "content"


def tree_digest(folder: Path) -> str:
    """One hash over every path and byte below `folder`."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Built:
    """The outcome of one `thutuc` run in a fixture project."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class FixtureProject:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def procedures(self) -> Path:
        return self.content / "procedures"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.procedures / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str) -> Built:
        """Run the real command line in a child process, as an editor would."""
        completed = subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        )
        return Built(completed.returncode, completed.stdout, completed.stderr)

    def build(self) -> Built:
        return self.run("build")

    def feed(self) -> dict[str, Any]:
        return json.loads((self.site / "procedures.json").read_text(encoding="utf-8"))

    def set_plugin_option(self, key: str, value: Any) -> None:
        config_path = self.root / "mkdocs.yml"
        text = config_path.read_text(encoding="utf-8")
        marker = "  - procedures:\n"
        assert marker in text
        text = text.replace(marker, f"{marker}      {key}: {json.dumps(value)}\n", 1)
        config_path.write_text(text, encoding="utf-8")


def procedure_text(**overrides: Any) -> str:
    """A valid procedure file; pass a key=None to drop it, or a value to change it."""
    meta: dict[str, Any] = {
        "code": "QT-01",
        "title": "Đăng ký khai sinh",
        "summary": "Làm giấy khai sinh cho trẻ mới sinh.",
        "field": "Hộ tịch",
        "agency": "Bộ phận một cửa, UBND phường",
        "processing_time": "Ngay trong ngày",
        "fee": "Miễn lệ phí",
        "documents": ["Tờ khai", "Giấy chứng sinh"],
        "updated": "2026-11-20",
    }
    body = overrides.pop("body", "## Các bước\n\n1. Nộp hồ sơ.\n2. Nhận kết quả.\n")
    meta.update(overrides)
    meta = {k: v for k, v in meta.items() if v is not None}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{body}"


def make_project(root: Path, *, sample: bool = True, search: bool = False) -> FixtureProject:
    """A project folder with the repo's mkdocs.yml and theme, and sample or empty content."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    if sample:
        shutil.copytree(
            SAMPLE_CONTENT, root / "content", ignore=shutil.ignore_patterns("register.yml")
        )
    else:
        (root / "content" / "procedures").mkdir(parents=True)
        (root / "content" / "index.md").write_text("# Thủ tục\n", encoding="utf-8")
    project = FixtureProject(root)
    if not search:
        project.set_plugin_option("search", False)
    return project


@pytest.fixture
def new_project(tmp_path: Path) -> Callable[..., FixtureProject]:
    """Factory: `new_project(sample=False, search=True)`; each call gets its own folder."""
    counter = iter(range(1000))

    def factory(*, sample: bool = True, search: bool = False) -> FixtureProject:
        return make_project(tmp_path / f"project{next(counter)}", sample=sample, search=search)

    return factory


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """The sample content built once per session, search included; read-only for tests."""
    project = make_project(tmp_path_factory.mktemp("sample"), sample=True, search=True)
    built = project.build()
    assert built.returncode == 0, built.output
    return project


#: A small catalogue built to break layouts: a 250-character title, an 80-letter word, a
#: long provincial code, Vietnamese names out of code-point order, a retired code, featured
#: codes and the two staff pages (`tests/fixtures/long-titles/`).
LONG_TITLES = REPO / "tests" / "fixtures" / "long-titles"


def make_catalogue_project(root: Path, *, search: bool = False) -> FixtureProject:
    project = make_project(root, sample=False, search=search)
    shutil.rmtree(project.content)
    shutil.copytree(LONG_TITLES, project.content)
    return project


@pytest.fixture(scope="session")
def catalogue_site(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """The long-titles catalogue built once per session, search included; read-only."""
    project = make_catalogue_project(tmp_path_factory.mktemp("catalogue"), search=True)
    built = project.build()
    assert built.returncode == 0, built.output
    return project
