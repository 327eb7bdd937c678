"""A light start (issue 18): the suite and every clerk spawn `thutuc` a thousand times, so a
command imports only what it uses. Structural, not timed: which modules a real process
imports, read from `python -X importtime`."""

from __future__ import annotations

import re
from collections.abc import Callable

from support.processes import run_child
from support.project import FixtureProject, procedure_text

#: Drawing, PDF, the editor's server, the spreadsheet import: none of them is needed to say
#: what is wrong with a file, nor to print the help.
HEAVY = ("reportlab", "PIL", "pypdfium2", "qrcode.image", "http.server", "openpyxl", "ruamel")


def imported(project: FixtureProject, *args: str) -> tuple[int, str, set[str]]:
    """Run the real CLI under `-X importtime`: its status, its output and every module name."""
    child = run_child(["-X", "importtime", "-m", "generator", *args], cwd=project.root)
    names = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \| +(\S+)$", child.stderr, re.M))
    return child.returncode, child.stdout + child.stderr, names


def heavy_among(names: set[str]) -> list[str]:
    return sorted(n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY))


def test_a_failing_check_imports_no_drawing_module(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project()
    project.write("hong.md", procedure_text(code="QT-99", title=""))
    status, output, names = imported(project, "check")
    assert status == 1, output
    assert "hong.md" in output and "title" in output
    assert "generator.content.procedure" in names  # the parse did happen in this process
    assert "mkdocs.config" in names
    assert heavy_among(names) == []
    assert not {"generator.build.artifacts", "generator.build.site"} & names


def test_help_imports_neither_mkdocs_nor_the_content_model(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    status, output, names = imported(project, "--help")
    assert status == 0 and "check" in output
    assert "argparse" in names
    assert heavy_among(names) == []
    assert not {n for n in names if n.split(".")[0] in ("mkdocs", "pydantic", "markdown")}


def test_a_build_with_a_broken_file_stops_before_drawing(
    new_project: Callable[..., FixtureProject],
) -> None:
    """The content is read before any stage starts: its errors come without the drawing
    modules loaded, and without touching site/."""
    project = new_project()
    project.write("hong.md", procedure_text(code="QT-99", title=""))
    status, output, names = imported(project, "build")
    assert status == 1, output
    assert "hong.md" in output
    assert not project.site.exists()
    assert heavy_among(names) == []
    assert "generator.build.site" in names  # the plugin did start the build
