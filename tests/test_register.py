"""Issued codes: a printed QR never breaks."""

from __future__ import annotations

from collections.abc import Callable

import yaml
from support.decode import follow_refresh
from support.project import FixtureProject, procedure_text, tree_digest

from generator.content import register


def registered(project: FixtureProject) -> set[str]:
    data = yaml.safe_load((project.content / "register.yml").read_text(encoding="utf-8"))
    return set(data["codes"])


def test_build_registers_codes_and_refuses_to_drop_one(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    project.write("khai-sinh.md", procedure_text(code="QT-01"))
    project.write("khai-tu.md", procedure_text(code="QT-02", title="Đăng ký khai tử"))
    assert project.build().returncode == 0
    assert registered(project) == {"QT-01", "QT-02"}

    before = tree_digest(project.site)
    (project.procedures / "khai-tu.md").unlink()
    built = project.build()
    assert built.returncode != 0
    assert "content/register.yml" in built.output
    assert "'QT-02'" in built.output
    assert "status: retired" in built.output
    assert "Traceback" not in built.output
    assert tree_digest(project.site) == before

    project.write(
        "khai-tu.md", procedure_text(code="QT-02", title="Đăng ký khai tử", status="retired")
    )
    assert project.build().returncode == 0
    short = project.site / "P" / "QT-02" / "index.html"
    landing = follow_refresh(short, project)
    assert landing == project.site / "thu-tuc" / "khai-tu" / "index.html"
    assert "không còn áp dụng" in landing.read_text(encoding="utf-8")
    feed = {p["code"]: p for p in project.feed()["procedures"]}
    assert feed["QT-02"]["status"] == "retired"
    assert not (project.site / "posters" / "QT-02.pdf").exists()
    assert registered(project) == {"QT-01", "QT-02"}


def test_retired_code_with_replacement_leads_to_it(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    project.write("moi.md", procedure_text(code="QT-10", title="Thủ tục mới"))
    project.write(
        "cu.md",
        procedure_text(code="QT-09", title="Thủ tục cũ", status="retired", replaced_by="qt-10"),
    )
    assert project.build().returncode == 0
    landing = follow_refresh(project.site / "P" / "QT-09" / "index.html", project)
    assert landing == project.site / "thu-tuc" / "moi" / "index.html"
    assert "đã được thay thế" in (project.site / "P" / "QT-09" / "index.html").read_text("utf-8")


def test_replacement_must_exist(new_project: Callable[..., FixtureProject]) -> None:
    project = new_project(sample=False)
    project.write("cu.md", procedure_text(status="retired", replaced_by="QT-99"))
    built = project.build()
    assert built.returncode != 0
    assert "content/procedures/cu.md:14: field 'replaced_by'" in built.output
    assert "QT-99" in built.output


def test_register_is_rewritten_only_when_it_changes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "register.yml"
    assert register.write_register(path, {"B": "2026-01-02", "A": "2026-01-01"})
    assert not register.write_register(path, {"A": "2026-01-01", "B": "2026-01-02"})
    issued, problems = register.read_register(path, "register.yml")
    assert problems == []
    assert issued == {"A": "2026-01-01", "B": "2026-01-02"}
