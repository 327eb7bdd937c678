"""Fixture projects: the repo's mkdocs.yml and theme, with content copied from tests/fixtures.

Never the live content/ of the checkout: staff and editors change it (`thutuc printed`,
`thutuc new`), and the tests must not change their answer with it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content.procedure import PLACEHOLDER
from support import REPO
from support.processes import run_child

#: The sample content every fixture project starts from: 10 procedures, the home page and the
#: staff page. A copy, so that edits to the live content/ cannot break or fix a test.
SAMPLE_CONTENT = REPO / "tests" / "fixtures" / "sample"
#: Fixed here, not read from the repo's mkdocs.yml, which a deployer edits.
SITE_URL = "https://thutuc.example.gov.vn/"
OFFICE = {
    "name": "Bộ phận một cửa – UBND phường Minh Khai",
    "address": "Số 1 đường Minh Khai, phường Minh Khai, thành phố Hà Nội",
    "hours": "Thứ Hai đến thứ Sáu 7:30–11:30 và 13:30–17:00; sáng thứ Bảy 7:30–11:30",
    "hotline": "024 3800 0000",
    "short_name": "Phường Minh Khai",
}


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
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

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
        completed = run_child(["-m", "generator", *args], cwd=self.root)
        return Built(completed.returncode, completed.stdout, completed.stderr)

    def build(self) -> Built:
        return self.run("build")

    def feed(self) -> dict[str, Any]:
        return json.loads((self.site / "procedures.json").read_text(encoding="utf-8"))

    def set_plugin_option(self, key: str, value: Any) -> None:
        config = yaml.safe_load(self.config.read_text(encoding="utf-8"))
        [options] = [p["procedures"] for p in config["plugins"] if "procedures" in p]
        options[key] = value
        self.config.write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


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


def fill_placeholders(path: Path) -> None:
    """What an editor does after `thutuc new`: write real text over every TODO."""
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        f'field: "{PLACEHOLDER}: lĩnh vực, ví dụ Hộ tịch, Chứng thực, Cư trú"', 'field: "Hộ tịch"'
    )
    text = re.sub(rf"{PLACEHOLDER}: [^\"\n]*", "Nội dung do cán bộ viết", text)
    path.write_text(text, encoding="utf-8")


def fixture_config() -> dict[str, Any]:
    """The repo's mkdocs.yml with the site address and office fixed to the tests' values."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = SITE_URL
    config.setdefault("extra", {})["office"] = dict(OFFICE)
    return config


#: Compiled templates shared by every fixture project of this checkout: the cache is keyed by
#: template name and source (generator/render/template_cache.py), so a project reads what
#: another compiled, and a cold build of a fixture does not compile Material's templates again.
SHARED_TEMPLATES = Path(tempfile.gettempdir()) / (
    "thutuc-test-templates-" + hashlib.sha256(str(REPO).encode()).hexdigest()[:10]
)


def share_compiled_templates(root: Path) -> None:
    """Point the project's template cache (under the default cache folder) at the shared one."""
    cache = root / ".cache" / "thutuc"
    cache.mkdir(parents=True, exist_ok=True)
    SHARED_TEMPLATES.mkdir(exist_ok=True)
    (cache / "templates").symlink_to(SHARED_TEMPLATES, target_is_directory=True)


def make_project(root: Path, *, sample: bool = True, search: bool = False) -> FixtureProject:
    """A project folder with the repo's mkdocs.yml and theme, and sample or empty content."""
    root.mkdir(parents=True, exist_ok=True)
    share_compiled_templates(root)
    project = FixtureProject(root)
    project.config.write_text(
        yaml.safe_dump(fixture_config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    shutil.copytree(REPO / "theme", root / "theme")
    if sample:
        shutil.copytree(SAMPLE_CONTENT, project.content)
    else:
        project.procedures.mkdir(parents=True)
        (project.content / "index.md").write_text("# Thủ tục\n", encoding="utf-8")
    if not search:
        project.set_plugin_option("search", False)
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
