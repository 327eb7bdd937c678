"""Procedures parsed by an earlier run are reused only for the very same bytes, and a file
broken since is parsed again: its error still names file, line and field (issue 18: speed)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from support.processes import child_env, run_child
from support.project import make_project, procedure_text

from generator.content import parsed as parsed_module
from generator.content.parsed import ParsedFiles
from generator.content.procedure import parse_procedure

CURLY = procedure_text(code="QT-77", title="\u201cĐăng ký tạm vắng\u201d")


def test_a_reused_parse_is_the_one_a_fresh_parse_gives(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.write("tam-vang.md", CURLY)
    files = sorted(project.procedures.glob("*.md"))
    store = tmp_path / "parsed.pickle"
    first = ParsedFiles(store)
    fresh = [first.parse(path, path.name, path.read_bytes()) for path in files]
    first.save()
    again = ParsedFiles(store)
    reused = [again.parse(path, path.name, path.read_bytes()) for path in files]
    assert again.hits == len(files) == 11
    for path, (procedure, problems), (kept, kept_problems) in zip(
        files, fresh, reused, strict=True
    ):
        assert procedure is not None and kept == procedure
        assert kept.lines == procedure.lines and kept.body_line == procedure.body_line
        assert kept_problems == problems == parse_procedure(path, path.name, path.read_bytes())[1]
    curly = [
        problems
        for path, (_p, problems) in zip(files, reused, strict=True)
        if path.stem == "tam-vang"
    ]
    assert [problem.field for problem in curly[0]] == ["title"]  # the warning, reused too


def test_other_bytes_another_day_or_language_are_parsed_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", sample=False)
    path = project.write("tam-vang.md", CURLY)
    store = tmp_path / "parsed.pickle"
    day = dt.date(2026, 12, 7)
    first = ParsedFiles(store, today=day)
    first.parse(path, "tam-vang.md", path.read_bytes())
    first.save()
    edited = CURLY.replace("Miễn lệ phí", "50.000 đồng").encode("utf-8")
    later = ParsedFiles(store, today=day)
    procedure, _problems = later.parse(path, "tam-vang.md", edited)
    assert later.hits == 0 and procedure is not None and procedure.meta.fee == "50.000 đồng"
    assert ParsedFiles(store, today=day + dt.timedelta(days=1))._entries() == {}
    assert parsed_module.code_fingerprint("vi", day) != parsed_module.code_fingerprint("en", day)


def test_a_file_broken_after_a_check_names_its_line_and_field(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert project.run("check").returncode == 0
    assert (project.root / ".cache" / "thutuc" / parsed_module.NAME).is_file()
    path = project.procedures / "dang-ky-khai-sinh.md"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("fee:"))
    lines[number - 1] = "fee: [một, hai]"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = project.run("check")
    assert checked.returncode == 1, checked.output
    assert "Traceback" not in checked.output
    assert f"content/procedures/dang-ky-khai-sinh.md:{number}: field 'fee'" in checked.output
    path.write_text(text, encoding="utf-8")
    assert project.run("check").returncode == 0


def test_warnings_of_a_reused_parse_are_in_the_language_asked_for(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", sample=False)
    project.write("tam-vang.md", CURLY)
    english = project.run("check")
    assert "curly quotes" in english.output, english.output
    env = {**child_env(), "THUTUC_LANG": "vi"}
    vietnamese = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "curly quotes" not in vietnamese.stdout + vietnamese.stderr
    assert "tam-vang.md" in vietnamese.stdout + vietnamese.stderr
    assert "curly quotes" in run_child(["-m", "generator", "check"], project.root).stdout
