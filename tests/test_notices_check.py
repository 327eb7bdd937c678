"""Bad notices and a badly edited change record are named (file, line, key) by `check` and
`build`, never a traceback; a broken record is never rewritten; a published notice's file
cannot be deleted (issue 21)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable

import pytest
from support.notices import BIRTH, notice_text, set_fact, write_notice
from support.processes import child_env
from support.project import FixtureProject

TODAY = dt.date.today()
LONG_TITLE = "Thông báo về việc đăng ký đất đai " * 6  # 204 characters


def errors(built_output: str, name: str) -> list[str]:
    return [line for line in built_output.splitlines() if f"notices/{name}.md" in line]


@pytest.fixture
def project(new_project: Callable[..., FixtureProject]) -> FixtureProject:
    return new_project()


def test_bad_notices_are_named_with_file_line_and_key(project: FixtureProject) -> None:
    write_notice(
        project,
        "tieu-de",
        notice_text(title="Lịch tiếp dân", date=TODAY, summary="Tóm tắt.", pinnned=True),
    )
    write_notice(
        project,
        "ma-sai",
        notice_text(title="Ma sai", date=TODAY, summary="Tóm tắt.", procedures=["9.999999"]),
    )
    write_notice(
        project,
        "het-truoc",
        notice_text(title="Hết trước", date=TODAY, summary="S.", expires=TODAY - dt.timedelta(1)),
    )
    write_notice(project, "qua-dai", notice_text(title=LONG_TITLE, date=TODAY, summary="S."))
    write_notice(project, "ngay-sai", "---\ntitle: T\ndate: 07/12/2026\nsummary: S\n---\n")
    write_notice(
        project, "khong-co-don-vi", notice_text(title="T", date=TODAY, summary="S", offices=["X1"])
    )
    checked = project.run("check")
    assert checked.returncode == 1
    out = checked.output
    assert "Traceback" not in out
    [unknown] = errors(out, "tieu-de")
    assert ":5:" in unknown and "'pinnned'" in unknown and "'pinned'" in unknown
    [code] = errors(out, "ma-sai")
    assert ":5:" in code and "procedures" in code and "9.999999" in code
    [expiry] = errors(out, "het-truoc")
    assert ":5:" in expiry and "expires" in expiry
    [long] = errors(out, "qua-dai")
    assert ":2:" in long and "'title'" in long and "150" in long
    [date] = errors(out, "ngay-sai")
    assert ":3:" in date and "'date'" in date  # the message is the clerk's language
    [office] = errors(out, "khong-co-don-vi")
    assert ":5:" in office and "offices" in office and "X1" in office
    built = project.build()
    assert built.returncode == 1 and not project.site.exists()


def test_deleting_a_published_notice_is_an_error_that_says_to_set_expires(
    project: FixtureProject,
) -> None:
    path = write_notice(project, "lich-cu", notice_text(title="Lịch", date=TODAY, summary="S."))
    assert project.build().returncode == 0
    assert '"lich-cu"' in (project.content / "notice-register.yml").read_text(encoding="utf-8")
    path.unlink()
    built = project.build()
    assert built.returncode == 1
    [line] = [line for line in built.output.splitlines() if "lich-cu" in line]
    assert "notice-register.yml" in line and "expires" in line
    assert (project.site / "thong-bao/lich-cu/index.html").is_file(), "the old site stays"


def test_a_badly_edited_change_record_names_its_line_and_is_never_rewritten(
    project: FixtureProject,
) -> None:
    assert project.build().returncode == 0
    set_fact(project, "dang-ky-khai-sinh", "fee", "30.000 đồng")
    assert project.build().returncode == 0
    record = project.content / "changes.yml"
    lines = record.read_text(encoding="utf-8").split("\n")
    [index] = [i for i, line in enumerate(lines) if BIRTH in line]
    lines[index] = lines[index].replace("fact: fee", "fact: colour")
    lines.append("- {date: 2026-13-40, code: '1.001193', fact: fee, old: a, new: b}")
    broken = "\n".join(lines) + "\n"
    record.write_text(broken, encoding="utf-8")
    set_fact(project, "dang-ky-khai-sinh", "fee", "40.000 đồng")
    built = project.build()
    assert built.returncode == 1 and "Traceback" not in built.output
    named = [line for line in built.output.splitlines() if "changes.yml" in line]
    assert any(f"changes.yml:{len(lines)}:" in line for line in named), named
    assert record.read_text(encoding="utf-8") == broken


def test_a_notice_error_reads_in_vietnamese_by_default(project: FixtureProject) -> None:
    write_notice(
        project,
        "het-truoc",
        notice_text(title="Hết", date=TODAY, summary="S.", expires=TODAY - dt.timedelta(1)),
    )
    env = {**child_env(), "THUTUC_LANG": "vi"}
    checked = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert checked.returncode == 1
    assert "hết hạn" in checked.stdout + checked.stderr


def test_reprint_says_which_recorded_change_makes_a_poster_out_of_date(
    project: FixtureProject,
) -> None:
    assert project.build().returncode == 0
    assert project.run("printed").returncode == 0
    set_fact(project, "dang-ky-khai-sinh", "fee", "30.000 đồng")
    assert project.build().returncode == 0, "the build records the change"
    reprint = project.run("reprint")
    assert reprint.returncode == 0, reprint.output
    lines = reprint.stdout.splitlines()
    [listed] = [i for i, line in enumerate(lines) if line.startswith(f"{BIRTH}\t")]
    why = lines[listed + 1]
    assert why.startswith("    ") and "Lệ phí" in why and "nay 30.000 đồng" in why
    assert "trước đây Miễn lệ phí" in why
