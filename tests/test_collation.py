"""Vietnamese alphabetical order: the sort key, and the catalogue lists built with it."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from support.project import procedure_text

from generator.content.catalog import Catalog
from generator.content.collation import ALPHABET, sort_key, sorted_vi
from generator.content.procedure import Procedure, parse_procedure

#: A dictionary's order (Từ điển tiếng Việt): own letters, then tones, then case.
DICTIONARY_ORDER = [
    "a",
    "à",
    "ả",
    "ã",
    "á",
    "ạ",
    "an",
    "An toàn",
    "ăn",
    "âm",
    "ba",
    "cấp",
    "chấm dứt",
    "dân số",
    "dự",
    "đất đai",
    "đi",
    "em",
    "êm",
    "hộ tịch",
    "hội",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "ưu",
    "y tế",
]


def test_a_dictionary_list_sorts_into_dictionary_order() -> None:
    shuffled = DICTIONARY_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert sorted_vi(shuffled) == DICTIONARY_ORDER


def test_the_issue_examples() -> None:
    """Code points put "Đất đai" after "Y tế" and "Chấm dứt" before "Cấp"."""
    assert sorted(["Y tế", "Đất đai"]) == ["Y tế", "Đất đai"]
    assert sorted_vi(["Y tế", "Đất đai"]) == ["Đất đai", "Y tế"]
    assert sorted_vi(["Chấm dứt", "Cấp"]) == ["Cấp", "Chấm dứt"]
    assert sorted_vi(["Đất đai", "Dân số", "Cư trú"]) == ["Cư trú", "Dân số", "Đất đai"]


def test_own_letters_are_primary_and_tones_secondary() -> None:
    # ă is a letter after a, so "ăa" follows every "a…" word, whatever its tones.
    assert sort_key("ạz") < sort_key("ăa")
    # Tones only break ties between the same letters: "cạ" comes before "cb".
    assert sort_key("cạ") < sort_key("cb")
    assert sort_key("ca") < sort_key("cà") < sort_key("cả") < sort_key("cã") < sort_key("cá")
    assert sort_key("cá") < sort_key("cạ")


def test_case_is_ignored_until_everything_else_is_equal() -> None:
    assert sort_key("Đất")[:2] == sort_key("đất")[:2]
    assert sort_key("đất") < sort_key("Đất") < sort_key("đấu")
    assert sorted_vi(["Ba", "an", "Ăn", "ba"]) == ["an", "Ăn", "ba", "Ba"]


def test_decomposed_input_sorts_like_composed() -> None:
    word = "Đăng ký thường trú"
    assert sort_key(unicodedata.normalize("NFD", word))[:3] == sort_key(word)[:3]


def test_the_alphabet_in_its_own_order() -> None:
    letters = list(ALPHABET)
    assert sorted_vi(letters[::-1]) == letters
    assert letters.index("đ") == letters.index("d") + 1


@given(st.lists(st.text(alphabet="aăâbcdđeêioôơuưyàảãáạằẳẵắặầẩẫấậ ĐA", max_size=6)))
def test_the_order_is_total_and_stable(words: list[str]) -> None:
    once = sorted_vi(words)
    assert sorted_vi(once[::-1]) == once
    assert sorted(once) == sorted(words)


def _procedure(code: str, title: str, field: str) -> Procedure:
    raw = procedure_text(code=code, title=title, field=field).encode("utf-8")
    name = f"{code.lower()}.md"
    procedure, problems = parse_procedure(Path(name), name, raw)
    assert procedure is not None, problems
    return procedure


def test_catalog_lists_fields_and_titles_in_vietnamese_order() -> None:
    catalog = Catalog(
        "https://example.gov.vn/",
        [
            _procedure("QT-1", "Đăng ký dân số", "Y tế"),
            _procedure("QT-2", "Chấm dứt giám hộ", "Hộ tịch"),
            _procedure("QT-3", "Cấp bản sao", "Hộ tịch"),
            _procedure("QT-4", "Cấp sổ đỏ", "Đất đai"),
            _procedure("QT-5", "Ăn uống", "Y tế"),
            _procedure("QT-6", "An toàn", "Y tế"),
        ],
    )
    assert [group.name for group in catalog.fields] == ["Đất đai", "Hộ tịch", "Y tế"]
    by_field = {group.name: [p.title for p in group.procedures] for group in catalog.fields}
    assert by_field["Hộ tịch"] == ["Cấp bản sao", "Chấm dứt giám hộ"]
    assert by_field["Y tế"] == ["An toàn", "Ăn uống", "Đăng ký dân số"]
