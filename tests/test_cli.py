"""The editors' command line: `new`, `check`, and the live preview behind `serve`."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import select
import struct
import sys
import termios
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from support.project import SITE_URL, FixtureProject, fill_placeholders, procedure_text

from generator.build.artifacts import MANIFEST_NAME
from generator.build.progress import progress_bar
from generator.cli import commands as cli
from generator.content.procedure import PLACEHOLDER

ProjectFactory = Callable[..., FixtureProject]


def run_cli(
    project: FixtureProject, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run `thutuc` in-process against a fixture project, as the console script would."""
    code = cli.main(["-f", str(project.root / "mkdocs.yml"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_new_scaffold_fails_check_until_filled(
    new_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(sample=False)
    code, out, _ = run_cli(project, capsys, "new", "QT-09", "Đăng ký nuôi con nuôi")
    assert code == 0
    path = project.procedures / "dang-ky-nuoi-con-nuoi.md"
    assert "content/procedures/dang-ky-nuoi-con-nuoi.md" in out
    text = path.read_text(encoding="utf-8")
    for key in ("code", "title", "summary", "field", "agency", "processing_time", "fee"):
        assert re.search(rf"^{key}: ", text, re.MULTILINE), key
    for key in ("online_url", "keywords", "replaced_by", "status", "documents", "updated"):
        assert f"{key}:" in text, key

    code, out, _ = run_cli(project, capsys, "check", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    flagged = {error["field"] for error in report["errors"] if error["field"]}
    assert flagged == {"summary", "field", "agency", "processing_time", "fee", "documents"}
    assert all(PLACEHOLDER in error["message"] for error in report["errors"])
    body_lines = [e["line"] for e in report["errors"] if e["field"] is None]
    lines = text.splitlines()
    assert body_lines and all(PLACEHOLDER in lines[n - 1] for n in body_lines)

    fill_placeholders(path)
    code, out, _ = run_cli(project, capsys, "check")
    assert code == 0, out
    assert out.startswith("ok: 1 procedures")


def test_filled_scaffold_builds(
    new_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(sample=False)
    assert (
        run_cli(project, capsys, "new", "QT-10", "Chứng thực chữ ký", "--field", "Chứng thực")[0]
        == 0
    )
    fill_placeholders(project.procedures / "chung-thuc-chu-ky.md")
    built = project.build()
    assert built.returncode == 0, built.output
    [entry] = project.feed()["procedures"]
    assert (entry["code"], entry["field"]) == ("QT-10", "Chứng thực")
    assert entry["url"].endswith("/thu-tuc/chung-thuc-chu-ky/")


def test_new_never_overwrites_or_reuses_a_code(
    new_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(sample=True)
    existing = project.procedures / "dang-ky-khai-sinh.md"
    before = existing.read_bytes()
    code, _, err = run_cli(project, capsys, "new", "QT-99", "Đăng ký khai sinh")
    assert code == 1 and "already exists" in err and "--slug" in err
    code, _, err = run_cli(project, capsys, "new", "1.001193", "Một thủ tục khác")
    assert code == 1 and "already used by content/procedures/dang-ky-khai-sinh.md" in err
    assert existing.read_bytes() == before
    assert not (project.procedures / "mot-thu-tuc-khac.md").exists()

    (project.content / "register.yml").write_text(
        'codes:\n  "QT-OLD": 2025-01-02\n', encoding="utf-8"
    )
    code, _, err = run_cli(project, capsys, "new", "qt-old", "Thủ tục mới")
    assert code == 1 and "never reused" in err and "2025-01-02" in err

    code, _, err = run_cli(project, capsys, "new", "QT 1", "Thủ tục mới")
    assert code == 1 and "not a valid code" in err


def test_new_file_name_is_an_ascii_slug(
    new_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(sample=False)
    assert run_cli(project, capsys, "new", "QT-11", "Đổi tên ĐƯỜNG phố: thủ tục (mới)")[0] == 0
    assert [p.name for p in project.procedures.iterdir()] == ["doi-ten-duong-pho-thu-tuc-moi.md"]
    code, _, err = run_cli(project, capsys, "new", "QT-12", "X", "--slug", "Tên có dấu")
    assert code == 1 and "try 'ten-co-dau'" in err


def line_of(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))


BAD_DATE = procedure_text(code="QT-E").replace("updated: '2026-11-20'", "updated: 2026-02-30")
BROKEN_FILES = {
    "thieu-phi.md": procedure_text(code="QT-A", fee=None),
    "hai-loi.md": procedure_text(code="QT-B", online_url="ftp://example.org/", summary=""),
    "sai-khoa.md": procedure_text(code="QT-C").replace("agency:", "agencie:"),
    "ma-sai.md": procedure_text(code="QT/01"),
    "ngay-sai.md": BAD_DATE,
}
EXPECTED = {
    ("thieu-phi.md", 1, "fee"),
    ("hai-loi.md", line_of(BROKEN_FILES["hai-loi.md"], "online_url"), "online_url"),
    ("hai-loi.md", line_of(BROKEN_FILES["hai-loi.md"], "summary"), "summary"),
    ("sai-khoa.md", line_of(BROKEN_FILES["sai-khoa.md"], "agencie"), "agencie"),
    ("sai-khoa.md", 1, "agency"),
    ("ma-sai.md", 2, "code"),
    ("ngay-sai.md", line_of(BAD_DATE, "updated"), "updated"),
}


def test_check_json_lists_every_error_in_every_file(
    new_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(sample=False)
    for name, text in BROKEN_FILES.items():
        project.write(name, text)
    project.write("tot.md", procedure_text(code="QT-OK"))
    project.write("Tên có dấu.md", procedure_text(code="QT-D"))
    code, out, _ = run_cli(project, capsys, "check", "--json")
    assert code == 1
    report = json.loads(out)
    found = {(e["path"], e["line"], e["field"]) for e in report["errors"]}
    expected = {(f"content/procedures/{name}", line, key) for name, line, key in EXPECTED}
    assert expected <= found, expected - found
    renamed = [e for e in report["errors"] if e["path"].endswith("Tên có dấu.md")]
    assert [e["message"] for e in renamed] == [
        "file name must be an ASCII slug; rename it to 'ten-co-dau.md'"
    ]
    assert report["procedures"] == 1
    assert all(set(e) == {"path", "line", "field", "severity", "message"} for e in report["errors"])

    code, out, _ = run_cli(project, capsys, "check")
    assert code == 1
    assert "content/procedures/thieu-phi.md:1: field 'fee': is required but missing" in out
    date_line = line_of(BAD_DATE, "updated")
    assert (
        f"content/procedures/ngay-sai.md:{date_line}: field 'updated': '2026-02-30' is not a real"
        in out
    )
    assert "Traceback" not in out
    assert out.rstrip().endswith("the site will not build until the errors are fixed")


def test_register_check_runs_beside_other_errors(
    new_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """A deleted file is reported even while another file is broken, and a file that is only
    being fixed does not count as deleted."""
    project = new_project(sample=False)
    project.write("mot.md", procedure_text(code="QT-1", fee=None))
    (project.content / "register.yml").write_text(
        'codes:\n  "QT-1": 2026-01-01\n  "QT-GONE": 2026-01-01\n', encoding="utf-8"
    )
    code, out, _ = run_cli(project, capsys, "check", "--json")
    assert code == 1
    fields = {(e["path"], e["field"]) for e in json.loads(out)["errors"]}
    assert fields == {("content/procedures/mot.md", "fee"), ("content/register.yml", "QT-GONE")}


def test_check_passes_on_the_sample_and_prints_warnings(
    new_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(sample=True)
    project.write(
        "nhieu-giay-to.md", procedure_text(code="QT-W", documents=[f"Giấy {i}" for i in range(300)])
    )
    code, out, _ = run_cli(project, capsys, "check")
    assert code == 0
    assert "content/procedures/nhieu-giay-to.md:9: warning: field 'documents': 300 documents" in out
    assert out.rstrip().endswith("0 error(s) and 1 warning(s) in 1 file(s); ok")


def test_progress_bar_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    with progress_bar(10, "QR codes and posters") as bar:
        assert bar.disable  # pytest captures stderr: not a terminal, so no bar
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with os.fdopen(follower, "w") as terminal:
        monkeypatch.setattr(sys, "stderr", terminal)
        with progress_bar(10, "QR codes and posters") as bar:
            assert not bar.disable
            bar.update(10)
        terminal.flush()
        ready, _, _ = select.select([leader], [], [], 5)
        shown = os.read(leader, 65536) if ready else b""
    os.close(leader)
    assert b"QR codes and posters" in shown


def serve_config(project: FixtureProject, site_dir: str):  # type: ignore[no-untyped-def]
    """What `mkdocs serve` does on every rebuild: reload mkdocs.yml into a temporary site."""
    config = load_config(config_file=str(project.root / "mkdocs.yml"), site_dir=site_dir)
    config.site_url = "http://127.0.0.1:8000/"
    return config


def test_preview_redraws_only_the_edited_procedure(
    new_project: ProjectFactory, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two rebuilds the way `serve` runs them: one startup, a fresh config each time, the same
    plugin object; the second draws the QR and poster of the edited procedure only."""
    caplog.set_level(logging.INFO, logger="thutuc")
    project = new_project(sample=True)
    site_dir = str(tmp_path / "preview")
    config = serve_config(project, site_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
        plugin = config.plugins["procedures"]
        feed = json.loads((Path(site_dir) / "procedures.json").read_text(encoding="utf-8"))
        assert sorted(plugin.last_report.rendered) == sorted(p["code"] for p in feed["procedures"])
        manifest_path = project.root / ".cache" / "thutuc" / "artifacts" / f"{MANIFEST_NAME}.json"
        before = json.loads(manifest_path.read_text(encoding="utf-8"))["entries"]

        page = project.procedures / "dang-ky-khai-sinh.md"
        page.write_text(
            page.read_text(encoding="utf-8").replace(
                'title: "Đăng ký khai sinh"', 'title: "Đăng ký khai sinh cho trẻ em"', 1
            ),
            encoding="utf-8",
        )
        config = serve_config(project, site_dir)
        assert config.plugins["procedures"] is plugin
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()

    assert plugin.last_report.rendered == ["1.001193"]
    assert "QR codes and posters: 1 drawn (1.001193), 9 reused from cache" in caplog.text
    assert len(plugin.last_report.reused) == 9
    after = json.loads(manifest_path.read_text(encoding="utf-8"))["entries"]
    changed = {code for code in after if after[code]["fingerprint"] != before[code]["fingerprint"]}
    assert changed == {"1.001193"}
    # The preview keeps printing the real address in QR codes, not localhost.
    feed = json.loads((Path(site_dir) / "procedures.json").read_text(encoding="utf-8"))
    assert feed["site_url"] == SITE_URL
    assert not (project.root / "site").exists()


def test_broken_settings_or_content_never_give_a_traceback(
    new_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(sample=True)
    project.write("hong.md", procedure_text(code="QT-X", fee=None))
    # Commands that need valid content say why they cannot run, whichever command it is.
    code, _, err = run_cli(project, capsys, "reprint")
    assert code == 1
    assert "content/procedures/hong.md:1: field 'fee': is required but missing" in err
    assert err.rstrip().endswith("1 error(s) in the content; nothing was done")

    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: [\n", encoding="utf-8")
    code, _, err = run_cli(project, capsys, "check")
    assert code == 2 and err.startswith(f"error: {config}:")
    built = project.build()
    assert built.returncode != 0 and "Traceback" not in built.output
