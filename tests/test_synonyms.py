"""Vietnamese folding for search, and `content/synonyms.yml`: its groups and the errors
`thutuc check` reports for it (file, line and key; exit status 1)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from support.project import FixtureProject

from generator.content.folding import fold, phrase, words
from generator.content.synonyms import read_synonyms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký đất đai", "dang ki dat dai"),
        ("ĐỊA CHÍNH", "dia chinh"),
        (unicodedata.normalize("NFD", "Đăng ký khai tử"), "dang ki khai tu"),
        ("chữ ký, chữ kí", "chu ki, chu ki"),
        ("Mỹ, lý lịch, quý, tuỳ, ngày", "mi, li lich, quy, tuy, ngay"),
        ("Thủy lợi", "thuy loi"),
        ("y tế", "y te"),
    ],
)
def test_fold_removes_marks_folds_dd_case_and_final_y(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_keeps_positions_of_nfc_text() -> None:
    title = "Cấp Giấy xác nhận tình trạng hôn nhân (Đ/K)"
    assert len(fold(title)) == len(title)
    start = fold(title).index("tinh trang")
    assert title[start : start + len("tinh trang")] == "tình trạng"


def test_words_and_phrase_split_on_anything_but_letters_and_digits() -> None:
    assert words("Thay đổi, cải chính – hộ tịch (KT3)") == [
        "thay",
        "doi",
        "cai",
        "chinh",
        "ho",
        "tich",
        "kt3",
    ]
    assert phrase("  Sổ   đỏ ") == "so do"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "synonyms.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_synonyms_load_as_groups_of_phrases(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# comment\ngroups:\n  - [sổ đỏ, giấy chứng nhận quyền sử dụng đất]\n"
        "  - - hộ khẩu\n    - thường trú\n    - Hộ Khẩu\n",
    )
    groups, problems = read_synonyms(path, "content/synonyms.yml")
    assert problems == []
    assert groups == [["sổ đỏ", "giấy chứng nhận quyền sử dụng đất"], ["hộ khẩu", "thường trú"]]


def test_missing_or_empty_synonyms_file_means_no_synonyms(tmp_path: Path) -> None:
    assert read_synonyms(tmp_path / "synonyms.yml", "x") == ([], [])
    assert read_synonyms(write(tmp_path, ""), "x") == ([], [])
    assert read_synonyms(write(tmp_path, "groups:\n"), "x") == ([], [])


BAD_SYNONYMS = {
    "yaml syntax": ("groups:\n  - [sổ đỏ, giấy\n", 3, None, "YAML syntax error"),
    "not a mapping": ("- [a, b]\n", 1, "groups", "must hold a 'groups:' list"),
    "unknown key": ("groups: []\nnhom: []\n", 2, "nhom", "unknown key"),
    "groups not a list": ("groups: sổ đỏ\n", 1, "groups", "must hold a 'groups:' list"),
    "empty group": ("groups:\n  - []\n", 2, "groups[1]", "at least two phrases"),
    "one phrase": ("groups:\n  - [a, b]\n  - [sổ đỏ]\n", 3, "groups[2]", "at least two"),
    "same phrase twice": ("groups:\n  - [sổ đỏ, So Do]\n", 2, "groups[1]", "at least two"),
    "group not a list": ("groups:\n  - sổ đỏ\n", 2, "groups[1]", "a group is a list"),
    "number": ("groups:\n  - [a, b]\n  - [kt3,\n     3]\n", 4, "groups[2]", "must be text"),
    "nested list": ("groups:\n  - [a, [b, c]]\n", 2, "groups[1]", "must be text"),
    "no letters": ("groups:\n  - [a, '–']\n", 2, "groups[1]", "letters or digits"),
    "in two groups": (
        "groups:\n  - [sổ đỏ, giấy chứng nhận]\n  - [thường trú, Sổ Đỏ]\n",
        3,
        "groups[2]",
        "'Sổ Đỏ' is also in group 1 (line 2)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SYNONYMS))
def test_bad_synonyms_name_file_line_and_key(tmp_path: Path, case: str) -> None:
    text, line, key, message = BAD_SYNONYMS[case]
    _, problems = read_synonyms(write(tmp_path, text), "content/synonyms.yml")
    assert problems, case
    first = problems[0]
    assert (first.path, first.line, first.field) == ("content/synonyms.yml", line, key), first
    assert message in first.message, first.message


def test_check_reports_bad_synonyms_and_exits_1(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project()
    (project.content / "synonyms.yml").write_text(
        "groups:\n  - [sổ đỏ, giấy chứng nhận]\n  - [sổ đỏ, sổ hồng]\n  - [kt3]\n",
        encoding="utf-8",
    )
    checked = project.run("check")
    assert checked.returncode == 1, checked.output
    assert "content/synonyms.yml:3: field 'groups[2]': 'sổ đỏ' is also in group 1" in checked.output
    assert "content/synonyms.yml:4: field 'groups[3]':" in checked.output
    assert "Traceback" not in checked.output
    built = project.build()
    assert built.returncode == 1 and "content/synonyms.yml:3" in built.output
