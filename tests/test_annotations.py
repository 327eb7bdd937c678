"""`check --format github|codequality`: problems as CI shows them on the file and line."""

from __future__ import annotations

import json
from collections.abc import Callable

from support.clerk import run_thutuc
from support.project import FixtureProject

from generator.content.errors import ContentError
from generator.publishing.annotations import github_line


def test_a_message_with_newlines_commas_and_percent_stays_one_annotation() -> None:
    problem = ContentError("content/procedures/a,b.md", "50% off\nnext: line", 7, "fee")
    assert github_line(problem) == (
        "::error file=content/procedures/a%2Cb.md,line=7,title=fee::"
        "content/procedures/a,b.md:7: field 'fee': 50%25 off%0Anext: line"
    )


def test_check_formats_for_ci(new_project: Callable[..., FixtureProject]) -> None:
    project = new_project(sample=True)
    path = project.procedures / "dang-ky-khai-sinh.md"
    path.write_text(path.read_text(encoding="utf-8").replace("fee:", "fees:", 1), encoding="utf-8")
    github = run_thutuc(project.root, "check", "--format", "github")
    assert github.returncode == 1
    lines = [x for x in github.stdout.splitlines() if x.startswith("::error")]
    assert lines  # the unknown key and the missing one, each on its file and line
    for line in lines:
        assert line.startswith("::error file=content/procedures/dang-ky-khai-sinh.md,line=")
    assert any(",title=fees::" in line for line in lines)
    quality = run_thutuc(project.root, "check", "--format", "codequality")
    assert quality.returncode == 1
    report = json.loads(quality.stdout)
    assert {issue["location"]["path"] for issue in report} == {
        "content/procedures/dang-ky-khai-sinh.md"
    }
    assert all(issue["severity"] == "major" for issue in report)
    plain = run_thutuc(project.root, "check")
    assert plain.returncode == 1 and "content/procedures/dang-ky-khai-sinh.md:" in plain.stdout
