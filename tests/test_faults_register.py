"""The register only grows: a register without its expected shape is an error naming the
file, the line and the key, never an empty register that would let the build forget codes.

Each case writes a faulty `content/register.yml` into one built project and deletes an
issued procedure, so a register misread as empty would pass; both `check` and `build`
must fail, leave `site/` as it was and never rewrite the register (see `faultkit`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from support.faults import Case, Snapshot, base_project, procedure, run_case
from support.project import FixtureProject

from generator.content import register
from generator.content.errors import ContentErrors

R = "content/register.yml"
HEAD = "# Register of issued procedure codes.\n"
GOOD = '  "QT-01": 2026-01-05\n  "QT-02": 2026-01-06\n  "QT-03": 2026-01-07\n'


def _register(text: str | bytes | None, *fragments: str):  # type: ignore[no-untyped-def]
    """Write `text` as the register (None: make it a folder), and delete an issued file."""

    def fault(p: FixtureProject) -> list[str]:
        path = p.content / "register.yml"
        path.unlink()
        if text is None:
            path.mkdir()
        else:
            path.write_bytes(text if isinstance(text, bytes) else text.encode())
        (p.procedures / "khai-tu.md").unlink()  # QT-02 is gone, which a misread would hide
        return [R, *fragments]

    return fault


BOMB = "".join(
    f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)

CASES: dict[str, Case] = {
    "misspelt top key codez:": Case(
        _register(f"{HEAD}codez:\n{GOOD}", f"{R}:2: field 'codez'", "did you mean 'codes'")
    ),
    "no codes: key": Case(_register(f"{HEAD}other: 1\n", f"{R}:1: field 'codes': is required")),
    "top level is a list": Case(_register(f"{HEAD}- QT-01\n", f"{R}:1:", "must start with")),
    "codes: is a list": Case(
        _register(f"{HEAD}codes: [QT-01, QT-02]\n", f"{R}:2: field 'codes'", "must hold one")
    ),
    "impossible date 2026-02-30": Case(
        _register(f'{HEAD}codes:\n  "QT-01": 2026-02-30\n', f"{R}:3:", "not a real date")
    ),
    "date 0000-00-00": Case(
        _register(f'{HEAD}codes:\n  "QT-01": 0000-00-00\n', f"{R}:3:", "not a real date")
    ),
    "date written as words": Case(
        _register(f'{HEAD}codes:\n  "QT-01": hôm qua\n', f"{R}:3: field 'QT-01'", "YYYY-MM-DD")
    ),
    "unquoted code read as a number": Case(
        _register(f"{HEAD}codes:\n  1.001193: 2026-01-05\n", f"{R}:3:", "is not a code")
    ),
    "code twice": Case(
        _register(f'{HEAD}codes:\n{GOOD}  "qt-01": 2026-01-09\n', f"{R}:6: field 'qt-01'")
    ),
    "alias bomb": Case(_register(f"a: &a [x, x, x, x, x, x, x, x, x]\n{BOMB}", "YAML alias")),
    "alias in codes": Case(
        _register(f'{HEAD}codes:\n  "QT-01": &d 2026-01-05\n  "QT-02": *d\n', "YAML alias")
    ),
    "tag !!python/object": Case(
        _register(f"{HEAD}codes: !!python/object/apply:os.getcwd []\n", f"{R}:2:")
    ),
    "a folder instead of a file": Case(_register(None, "is not a file")),
    "an empty file": Case(_register(b"", "is empty")),
    "not UTF-8": Case(
        _register(f"{HEAD}codes:\n".encode() + "  # Đăng\n".encode("cp1258"), "UTF-8")
    ),
    "YAML syntax error": Case(_register(f'{HEAD}codes:\n  "QT-01": [\n', f"{R}:")),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    project = base_project(tmp_path_factory.mktemp("register"))
    (project.content / "register.yml").write_text(f"{HEAD}codes:\n{GOOD}", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def snapshot(project: FixtureProject, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return Snapshot(project, tmp_path_factory.mktemp("snapshot"))


@pytest.mark.parametrize("name", list(CASES))
def test_register_fault_is_an_error_and_loses_no_code(
    project: FixtureProject, snapshot: Snapshot, name: str
) -> None:
    run_case(project, snapshot, CASES[name])


def test_issue_dates_never_change(tmp_path: Path) -> None:
    """A new code is added with today's date; every issued code keeps its own."""
    project = base_project(tmp_path / "dates")
    (project.content / "register.yml").write_text(f"{HEAD}codes:\n{GOOD}", encoding="utf-8")
    procedure(project, "moi.md", code="QT-10")
    built = project.build()
    assert built.returncode == 0, built.output
    data = yaml.safe_load((project.content / "register.yml").read_text(encoding="utf-8"))
    assert data["codes"] == {
        "QT-01": dt.date(2026, 1, 5),
        "QT-02": dt.date(2026, 1, 6),
        "QT-03": dt.date(2026, 1, 7),
        "QT-10": dt.date.today(),
    }


def test_an_unreadable_register_is_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "register.yml"
    path.write_text(f"{HEAD}codez:\n{GOOD}", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ContentErrors) as raised:
        register.record(path, "content/register.yml", [])
    assert "content/register.yml:2: field 'codez'" in str(raised.value)
    assert path.read_bytes() == before
