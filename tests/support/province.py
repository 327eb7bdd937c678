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
