"""Bad input: every kind fails the build with a clear error and leaves site/ untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.project import FixtureProject, make_project, procedure_text, tree_digest

from generator.content.loader import load_procedures
from generator.content.procedure import ContentError, parse_procedure


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    project = make_project(tmp_path_factory.mktemp("bad-input"), sample=True)
    built = project.build()
    assert built.returncode == 0, built.output
    return project


VALID = procedure_text()

BAD_INPUTS: dict[str, tuple[str, str | bytes, list[str]]] = {
    "yaml syntax": (
        "cu-phap.md",
        '---\ncode: "QT-01"\ntitle: [Đăng ký\nfield: x\n---\nbody\n',
        ["content/procedures/cu-phap.md:", "YAML syntax error"],
    ),
    "missing key": (
        "thieu-le-phi.md",
        procedure_text(fee=None),
        ["content/procedures/thieu-le-phi.md:1:", "field 'fee'", "required"],
    ),
    "unknown key": (
        "sai-khoa.md",
        procedure_text().replace("fee:", "fees:"),
        ["content/procedures/sai-khoa.md:", "field 'fees'", "did you mean 'fee'"],
    ),
    "duplicate code": (
        "trung-ma.md",
        procedure_text(code="1.001193"),
        [
            "content/procedures/trung-ma.md",
            "content/procedures/dang-ky-khai-sinh.md",
            "field 'code'",
        ],
    ),
    "bad code characters": (
        "ma-sai.md",
        procedure_text(code="1.001/193 x"),
        ["content/procedures/ma-sai.md:2:", "field 'code'", "letters, digits"],
    ),
    "online_url not http": (
        "lien-ket.md",
        procedure_text(online_url="javascript:alert(1)"),
        ["content/procedures/lien-ket.md:", "field 'online_url'", "http"],
    ),
    "not utf-8": (
        "ma-hoa.md",
        procedure_text().encode("utf-8").replace("Đăng".encode(), "Đăng".encode("cp1258")),
        ["content/procedures/ma-hoa.md:", "UTF-8"],
    ),
    "empty file": ("rong.md", b"", ["content/procedures/rong.md", "empty"]),
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_fails_cleanly_and_keeps_site(built_project: FixtureProject, kind: str) -> None:
    name, text, expected = BAD_INPUTS[kind]
    before = tree_digest(built_project.site)
    path = built_project.write(name, text)
    try:
        built = built_project.build()
    finally:
        path.unlink()
    assert built.returncode != 0
    for fragment in expected:
        assert fragment in built.output, f"{fragment!r} not in:\n{built.output}"
    assert "Traceback" not in built.output
    assert tree_digest(built_project.site) == before
    assert not list(built_project.root.glob(".site.building-*"))


def test_unquoted_code_is_explained() -> None:
    raw = procedure_text().replace("code: QT-01", "code: 1.001193").encode()
    procedure, problems = parse_procedure(Path("x.md"), "x.md", raw)
    assert procedure is None
    assert any(p.field == "code" and "quoted" in p.message for p in problems)


def test_errors_carry_the_line_of_the_key() -> None:
    raw = procedure_text(online_url="ftp://example.org/").encode()
    _, problems = parse_procedure(Path("x.md"), "x.md", raw)
    [problem] = problems
    line = raw.decode().splitlines().index("online_url: ftp://example.org/") + 1
    assert problem.line == line
    assert str(problem).startswith(f"x.md:{line}: field 'online_url': ")


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    decomposed = "Đăng ký khai sinh".encode().decode()
    import unicodedata

    nfd = unicodedata.normalize("NFD", decomposed)
    (tmp_path / "procedures" / "a.md").write_text(procedure_text(title=nfd), encoding="utf-8")
    result = load_procedures(tmp_path)
    assert result.errors == []
    assert result.procedures[0].title == unicodedata.normalize("NFC", decomposed)
    assert result.procedures[0].title != nfd


def test_every_problem_in_every_file_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "procedures"
    folder.mkdir()
    (folder / "a.md").write_text(procedure_text(fee=None, agency=None), encoding="utf-8")
    (folder / "b.md").write_text(procedure_text(code="QT-02", summary="x" * 301), "utf-8")
    problems = load_procedures(tmp_path).errors
    assert {(p.path.split("/")[-1], p.field) for p in problems} == {
        ("a.md", "fee"),
        ("a.md", "agency"),
        ("b.md", "summary"),
    }


def test_code_is_stored_in_upper_case(new_project: Callable[..., FixtureProject]) -> None:
    project = new_project(sample=False)
    project.write("mot.md", procedure_text(code="qt-7a"))
    assert project.build().returncode == 0
    [entry] = project.feed()["procedures"]
    assert entry["code"] == "QT-7A"
    assert (project.site / "P" / "QT-7A" / "index.html").is_file()


def test_content_error_format() -> None:
    error = ContentError("content/procedures/x.md", "is required", line=4, field="fee")
    assert str(error) == "content/procedures/x.md:4: field 'fee': is required"
