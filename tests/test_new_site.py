"""`thutuc init` → `import` → complete three drafts → `build`: the newcomer's afternoon, with
the posters' QR codes decoded; and init's refusals."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
import yaml
from support.annex import by_code, complete, write_xlsx
from support.clerk import FLAGS, SITE_URL, init_site, run_thutuc
from support.decode import qr_texts


def poster_qr(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return qr_texts(document[0].render(scale=2).to_pil().convert("L"))
    finally:
        document.close()


@pytest.mark.slow
def test_init_import_complete_three_drafts_build_and_the_posters_scan(tmp_path: Path) -> None:
    site = init_site(tmp_path)
    config = yaml.safe_load(site.config.read_text(encoding="utf-8"))
    assert config["site_url"] == SITE_URL
    assert config["extra"]["office"]["short_name"] == "xã Yên Lạc"
    assert config["extra"]["office"]["hotline"] == "0211 3800 000"
    assert (site.root / "theme" / "main.html").is_file()
    assert (site.root / ".github" / "workflows" / "publish.yml").is_file()
    assert (site.root / ".gitlab-ci.yml").is_file()
    readme = (site.root / "README.md").read_text(encoding="utf-8")
    assert "thutuc import" in readme and "xóa dòng `status: draft`" in readme
    assert list(site.procedures.iterdir()) == []
    write_xlsx(site.root / "danh-muc.xlsx")
    assert run_thutuc(site.root, "import", "danh-muc.xlsx").returncode == 0
    files = by_code(site)
    done = ["2.000720", "1.001193", "2.000815.000.00.00.H55"]
    for code in done:
        complete(files[code])
    built = run_thutuc(site.root, "build")
    assert built.returncode == 0, built.output
    assert built.output.count("draft, not published") == 3
    feed = site.feed()
    assert sorted(p["code"] for p in feed["procedures"]) == sorted(done)
    for entry in feed["procedures"]:
        assert entry["short_url"].lower().startswith(SITE_URL)
        assert poster_qr(site.site / entry["poster"]) == [entry["short_url"]]
        assert (site.site / entry["qr"]["svg"]).is_file()
    assert [p["path"] for p in feed["packs"]]  # packs to print
    register = yaml.safe_load((site.content / "register.yml").read_text(encoding="utf-8"))
    assert set(register["codes"]) == set(done)


def test_init_with_the_samples_builds_as_it_is(tmp_path: Path) -> None:
    site = init_site(tmp_path, "--samples")
    checked = run_thutuc(site.root, "check")
    assert checked.returncode == 0, checked.output
    assert "ok: 10 procedures" in checked.stdout


def test_init_refuses_a_folder_in_use_and_asks_for_missing_flags(tmp_path: Path) -> None:
    (tmp_path / "yen-lac").mkdir()
    (tmp_path / "yen-lac" / "notes.txt").write_text("giữ nguyên", encoding="utf-8")
    ran = run_thutuc(tmp_path, "init", "yen-lac", *FLAGS)
    assert ran.returncode == 1 and "yen-lac is not empty" in ran.stderr
    assert sorted(p.name for p in (tmp_path / "yen-lac").iterdir()) == ["notes.txt"]
    missing = run_thutuc(tmp_path, "init", "other", *FLAGS[:-2])  # stdin is not a terminal
    assert missing.returncode == 2 and "--site-url is needed" in missing.stderr
    bad = run_thutuc(tmp_path, "init", "other", *FLAGS[:-1], "ftp://x")
    assert bad.returncode == 2 and "--site-url" in bad.stderr
    assert not (tmp_path / "other").exists()
    vietnamese = run_thutuc(tmp_path, "init", "other", *FLAGS[:-2], lang="vi")
    assert "lỗi: cần có --site-url" in vietnamese.stderr


def test_init_asks_on_a_terminal_for_what_the_flags_leave_out(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    from support.processes import child_env

    main, terminal = pty.openpty()
    answers = "Thôn Đông, xã Yên Lạc\nThứ Hai đến thứ Sáu\n0211 3800 000\n" + SITE_URL + "\n"
    os.write(main, answers.encode())
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "init", "hoi", "--office-name", FLAGS[1]],
            cwd=tmp_path,
            stdin=terminal,
            capture_output=True,
            text=True,
            env={**child_env(), "THUTUC_LANG": "en"},
            check=False,
            timeout=120,
        )
    finally:
        os.close(main)
        os.close(terminal)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Address: Opening hours: Hotline: Site address" in done.stdout
    office = yaml.safe_load((tmp_path / "hoi" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert office["extra"]["office"]["address"] == "Thôn Đông, xã Yên Lạc"
    assert office["site_url"] == SITE_URL


def test_samples_are_the_procedures_the_source_published(tmp_path: Path) -> None:
    """A file an editor left unfinished in the checkout (`thutuc new`) is not a sample."""
    from generator.publishing.new_site import published_samples

    content = tmp_path / "content"
    (content / "procedures").mkdir(parents=True)
    (content / "register.yml").write_text(
        'codes:\n  "1.001193": 2026-11-20\n  "1.000894": 2026-11-20\n', encoding="utf-8"
    )
    for name, code in (("a.md", "1.001193"), ("b.md", "1.000894"), ("moi.md", "QT-99")):
        (content / "procedures" / name).write_text(f'---\ncode: "{code}"\n---\n', "utf-8")
    assert [p.name for p in published_samples(content)] == ["a.md", "b.md"]
