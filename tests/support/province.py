"""The fixture province: the sample procedures served by several offices (contract v2)."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import REPO
from support.project import FixtureProject, make_project

PROVINCE = REPO / "tests" / "fixtures" / "province"
OFFICES_YML = PROVINCE / "offices.yml"


def offices_text() -> str:
    return OFFICES_YML.read_text(encoding="utf-8")


def make_province(root: Path, *, search: bool = False) -> FixtureProject:
    """The sample project with `content/offices.yml` from the province fixture."""
    project = make_project(root, sample=True, search=search)
    shutil.copyfile(OFFICES_YML, project.content / "offices.yml")
    return project


def write_offices(project: FixtureProject, text: str) -> None:
    (project.content / "offices.yml").write_text(text, encoding="utf-8")


#: Lines a body often carries that restate its facts: a table and a "label: value" line.
RESTATED_FACTS = """
## Lệ phí và thời hạn

| Nội dung | Mức |
|---|---|
| Lệ phí | Miễn lệ phí nếu đăng ký trong 60 ngày kể từ ngày sinh; quá hạn 20.000 đồng |
| Thời gian giải quyết | Ngay trong ngày |

Nơi nộp hồ sơ: Bộ phận một cửa, Ủy ban nhân dân phường.
"""


def restate_facts(project: FixtureProject, slug: str = "dang-ky-khai-sinh") -> Path:
    """Append to a procedure's body a table and a line that restate its fee, time and place,
    as editors often write them; returns the file."""
    path = project.procedures / f"{slug}.md"
    path.write_text(path.read_text(encoding="utf-8") + RESTATED_FACTS, encoding="utf-8")
    return path
