"""Big files, awkward file names, links out of content/, and a build stopped with Ctrl-C."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support.processes import press_ctrl_c, spawned
from support.project import FixtureProject, procedure_text, tree_digest

from generator.cli import commands as cli

ProjectFactory = Callable[..., FixtureProject]


def check_json(project: FixtureProject, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = cli.main(["-f", str(project.root / "mkdocs.yml"), "check", "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.slow
def test_huge_body_and_long_document_list_build_with_warnings(
    new_project: ProjectFactory,
) -> None:
    project = new_project(sample=False)
    paragraph = "Người dân mang giấy tờ đến bộ phận một cửa để nộp hồ sơ và nhận kết quả. " * 8
    body = "## Các bước\n\n" + (paragraph + "\n\n") * (5_000_000 // len(paragraph.encode()) + 1)
    project.write("than-rat-dai.md", procedure_text(code="QT-BIG", body=body))
    documents = [f"Giấy tờ số {i}" for i in range(10_000)]
    project.write("rat-nhieu-giay-to.md", procedure_text(code="QT-DOCS", documents=documents))
    assert (project.procedures / "than-rat-dai.md").stat().st_size > 5_000_000

    built = project.build()
    assert built.returncode == 0, built.output
    assert "Traceback" not in built.output
    assert "content/procedures/than-rat-dai.md: warning: the file is" in built.output
    assert (
        "content/procedures/rat-nhieu-giay-to.md:9: warning: field 'documents': 10000 documents"
        in built.output
    )
    page = (project.site / "thu-tuc" / "rat-nhieu-giay-to" / "index.html").read_text("utf-8")
    assert "Giấy tờ số 9999" in page
    feed = {entry["code"]: entry for entry in project.feed()["procedures"]}
    for code in ("QT-BIG", "QT-DOCS"):
        assert (project.site / feed[code]["poster"]).read_bytes().startswith(b"%PDF")


def test_awkward_file_names(
    new_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Spaces or Vietnamese letters in a file name get a clear error with an ASCII name to use;
    a Vietnamese folder name is harmless, since only the file name makes the URL."""
    project = new_project(sample=False)
    project.write("đăng ký kết hôn.md", procedure_text(code="QT-1"))
    project.write("Khai Sinh.md", procedure_text(code="QT-2"))
    project.write("hộ tịch/giam-ho.md", procedure_text(code="QT-3"))
    code, report = check_json(project, capsys)
    assert code == 1
    messages = {e["path"]: e["message"] for e in report["errors"]}
    assert messages == {
        "content/procedures/đăng ký kết hôn.md": (
            "file name must be an ASCII slug; rename it to 'dang-ky-ket-hon.md'"
        ),
        "content/procedures/Khai Sinh.md": (
            "file name must be an ASCII slug; rename it to 'khai-sinh.md'"
        ),
    }

    # Other pages make URLs from their paths as well.
    (project.content / "Thông báo.md").write_text("# Thông báo\n", encoding="utf-8")
    (project.content / "tin tức").mkdir()
    (project.content / "tin tức" / "thang-11.md").write_text("# Tháng 11\n", encoding="utf-8")
    code, report = check_json(project, capsys)
    assert code == 1
    pages = {e["path"]: e["message"] for e in report["errors"] if "procedures/" not in e["path"]}
    assert pages == {
        "content/Thông báo.md": "file name must be an ASCII slug; rename it to 'thong-bao.md'",
        "content/tin tức/thang-11.md": (
            "folder names must be ASCII slugs; rename tin tức to tin-tuc"
        ),
    }
    (project.content / "Thông báo.md").unlink()
    (project.content / "tin tức" / "thang-11.md").unlink()
    (project.content / "tin tức").rmdir()

    (project.procedures / "đăng ký kết hôn.md").rename(project.procedures / "dang-ky-ket-hon.md")
    (project.procedures / "Khai Sinh.md").rename(project.procedures / "khai-sinh.md")
    built = project.build()
    assert built.returncode == 0, built.output
    urls = sorted(entry["url"] for entry in project.feed()["procedures"])
    assert urls == [
        "https://thutuc.example.gov.vn/thu-tuc/dang-ky-ket-hon/",
        "https://thutuc.example.gov.vn/thu-tuc/giam-ho/",
        "https://thutuc.example.gov.vn/thu-tuc/khai-sinh/",
    ]
    assert (project.site / "thu-tuc" / "giam-ho" / "index.html").is_file()


def test_links_out_of_content_are_refused(
    new_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(sample=True)
    built = project.build()
    assert built.returncode == 0, built.output
    before = tree_digest(project.site)

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bi-mat.md").write_text(procedure_text(code="QT-SECRET"), encoding="utf-8")
    (project.procedures / "lien-ket.md").symlink_to(outside / "bi-mat.md")
    (project.content / "thu-muc-ngoai").symlink_to(outside, target_is_directory=True)
    # A link that stays inside content/ is fine.
    (project.content / "trang-chu.md").symlink_to(project.content / "index.md")

    code, report = check_json(project, capsys)
    assert code == 1
    refused = {e["path"]: e["message"] for e in report["errors"]}
    assert refused == {
        "content/procedures/lien-ket.md": (
            "is a link to a place outside content/; copy the file in instead"
        ),
        "content/thu-muc-ngoai": "is a link to a place outside content/; copy the file in instead",
    }
    built = project.build()
    assert built.returncode == 1
    assert "content/procedures/lien-ket.md" in built.output and "Traceback" not in built.output
    assert tree_digest(project.site) == before


def many_procedures(project: FixtureProject, count: int) -> None:
    for index in range(count):
        text = procedure_text(
            code=f"QT-{index:03d}", title=f"Thủ tục số {index}", field=f"Lĩnh vực {index % 4}"
        )
        project.write(f"thu-tuc-{index:03d}.md", text)


@pytest.mark.slow
def test_ctrl_c_during_a_build_keeps_the_previous_site(new_project: ProjectFactory) -> None:
    project = new_project(sample=False)
    many_procedures(project, 1)
    built = project.build()
    assert built.returncode == 0, built.output
    before = tree_digest(project.site)
    register_before = (project.content / "register.yml").read_bytes()

    many_procedures(project, 120)  # enough drawing to be stopped half-way
    cache = project.root / ".cache" / "thutuc" / "artifacts"
    with spawned(
        ["-m", "generator", "build"],
        project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as build:
        staged: list[Path] = []
        drawn = 1
        for _ in range(6000):  # bounded: at most about a minute of 10 ms waits
            staged = list(project.root.glob(".site.building-*"))
            drawn = len(list(cache.glob("*.social.png")))
            if staged and drawn > 1:
                break  # staged, and QR codes and previews are being drawn
            with pytest.raises(subprocess.TimeoutExpired):
                build.wait(timeout=0.01)  # fails the test if the build ended already
        assert staged and drawn > 1, "the build never got to drawing"
        press_ctrl_c(build)
        stdout, stderr = build.communicate(timeout=300)

    assert build.returncode == 130, stdout + stderr
    assert "interrupted: the previous site/ was left as it was" in stderr
    assert "Traceback" not in stdout + stderr
    assert tree_digest(project.site) == before
    leftovers = [p.name for p in project.root.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []
    assert (project.content / "register.yml").read_bytes() == register_before
