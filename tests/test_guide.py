"""The editors' guide, tried as a new user would: every command in it is run, in order, in a
fixture project, with the edits it describes made in between."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support import REPO
from support.processes import child_env, press_ctrl_c
from support.project import FixtureProject, fill_placeholders
from support.serving import fetch_when_up, served

#: The guide is what these tests try, so its text is read from the checkout; every command in
#: it runs on a fixture project, never on the checkout's content/.
GUIDE = REPO / "content" / "huong-dan.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE_PATH = re.compile(r"`((?:content|site|posters)/[\w./-]+\.(?:md|yml|pdf))`")


def guide_blocks() -> list[tuple[str, str]]:
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def apply_yaml(project: FixtureProject, block: str) -> Path:
    """Do what a YAML block of the guide says: set these keys in the file named on its first
    line, changing the key's line or adding it at the end of the front matter."""
    first, *lines = block.splitlines()
    path = project.root / first.removeprefix("# ").strip()
    text = path.read_text(encoding="utf-8")
    for line in lines:
        key = line.split(":", 1)[0]
        found = re.search(rf"^{key}:.*$", text, re.MULTILINE)
        if found:
            text = text[: found.start()] + line + text[found.end() :]
        else:
            head, sep, rest = text.partition("\n---\n")
            text = f"{head}\n{line}{sep}{rest}"
    path.write_text(text, encoding="utf-8")
    return path


def preview(
    project: FixtureProject, page: str, expected: str, tmp_path: Path, command: str = "serve"
) -> None:
    """`thutuc serve` (or `edit`), on a free port instead of the default so parallel runs do
    not collide; `page` must be served, then Ctrl-C stops it cleanly."""
    with served(command, project.root, tmp_path / f"{command}.log") as server:
        body = fetch_when_up(server.process, server.base + page)
        press_ctrl_c(server.process)
        server.process.wait(timeout=60)
        output = server.output()
    assert expected in body, output
    assert server.process.returncode == 0, output
    assert "Traceback" not in output


def check_in_vietnamese(project: FixtureProject) -> str:
    """What `thutuc check` prints for a clerk, whose messages are Vietnamese by default."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
        env=child_env() | {"THUTUC_LANG": "vi"},
    ).stdout


@pytest.mark.slow
def test_guide_steps_work_as_written(
    new_project: Callable[..., FixtureProject], tmp_path: Path
) -> None:
    project = new_project(sample=True)
    ran: list[str] = []
    first_check = ""
    outputs: dict[str, str] = {}
    for kind, block in guide_blocks():
        if kind == "yaml":
            apply_yaml(project, block)
            continue
        if kind == "text":
            # Sample output: what `check` says about a file fresh from `thutuc new`.
            for line in block.splitlines():
                assert line in first_check
            continue
        assert kind == "sh", kind
        for line in block.splitlines():
            args = shlex.split(line, comments=True)
            if not args:
                continue
            assert args[0] == "thutuc", line
            ran.append(args[1])
            if args[1] == "serve":
                preview(
                    project, "thu-tuc/dang-ky-nuoi-con-nuoi-trong-nuoc/", "nuôi con nuôi", tmp_path
                )
                continue
            if args[1] == "edit":
                preview(project, "admin/", "decap-cms.js", tmp_path, command="edit")
                continue
            result = project.run(*args[1:])
            assert result.returncode == 0, f"{line}\n{result.output}"
            assert "Traceback" not in result.output
            outputs[line] = result.stdout
            if line == "thutuc reprint":
                assert (project.root / "posters/pack-reprint.pdf").is_file()
            if args[1] == "new":
                created = re.search(r"^created (\S+)$", result.stdout, re.MULTILINE)
                assert created, result.output
                if not first_check:  # the guide shows it as a clerk reads it: in Vietnamese
                    first_check = check_in_vietnamese(project)
                fill_placeholders(project.root / created[1])

    assert ran[:3] == ["new", "check", "serve"]
    for command in ("build", "posters", "printed", "reprint"):
        assert command in ran
    assert first_check, "the guide never showed what check says before filling"

    # What the guide promises came true.
    feed = {entry["code"]: entry for entry in project.feed()["procedures"]}
    assert feed["QT-20"]["status"] == "retired" and feed["QT-21"]["status"] == "active"
    reprint = outputs["thutuc reprint"]
    assert "1.001193\tĐăng ký khai sinh\t(nội dung đã thay đổi)" in reprint
    assert "QT-21" in reprint and "(chưa in lần nào)" in reprint
    assert "QT-20" in reprint and "gỡ áp phích" in reprint
    mentioned = set(INLINE_PATH.findall(GUIDE.read_text(encoding="utf-8")))
    assert "posters/pack-reprint.pdf" in mentioned and "site/posters/pack-all.pdf" in mentioned
    # Printed and recorded: the guide says the reprint pack is then removed.
    assert not (project.root / "posters/pack-reprint.pdf").exists()
    for relative in mentioned - {"posters/pack-reprint.pdf"}:
        assert (project.root / relative).is_file(), relative


def test_guide_is_a_page_of_the_site(new_project: Callable[..., FixtureProject]) -> None:
    project = new_project(sample=False)
    shutil.copyfile(GUIDE, project.content / "huong-dan.md")
    built = project.build()
    assert built.returncode == 0, built.output
    html = (project.site / "huong-dan" / "index.html").read_text(encoding="utf-8")
    assert "Hướng dẫn cho cán bộ" in html
    # Fenced blocks render as code, not as run-on text.
    assert '<pre><code class="language-sh">thutuc new QT-20' in html
    # Staff material is off residents' pages (issue 20): the staff corner is on staff pages.
    home = (project.site / "index.html").read_text(encoding="utf-8")
    assert 'href="huong-dan/"' not in home
    assert "Dành cho cán bộ" in html
