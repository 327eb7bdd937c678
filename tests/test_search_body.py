"""The body index (generator/build/bodyindex.py): small files the search box fetches for a
word in the pages' text, in one round trip; its page lists are the shared vectors
`tests/js/body.test.js` decodes in the browser's code, and `decode_pages` reads them back."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from support import REPO
from support.project import FixtureProject, procedure_text

from generator.build import bodyindex, search
from generator.build.bodyindex import body_index, decode_pages, document_syllables, encode_pages
from generator.content.procedure import parse_procedure

VECTORS = json.loads(
    (REPO / "tests" / "fixtures" / "body-index-vectors.json").read_text(encoding="utf-8")
)["vectors"]


@pytest.mark.parametrize("vector", VECTORS)
def test_page_lists_encode_as_the_browser_decodes(vector: dict[str, object]) -> None:
    pages = vector["pages"]
    assert isinstance(pages, list) and isinstance(vector["total"], int)
    assert encode_pages(pages, vector["total"]) == vector["encoded"]
    assert decode_pages(str(vector["encoded"]), vector["total"]) == pages


def test_a_bitmap_only_when_shorter() -> None:
    assert encode_pages(list(range(500)), 1000).startswith("*")
    assert not encode_pages([3, 900], 1000).startswith("*")


def document(title: str, body: str) -> str:
    """A search document as `search.search_document` writes one: the head weighted."""
    return f'<article><h1 data-weight="10">{title}</h1><div>{body}</div></article>\n'


DOCUMENTS = {
    "thu-tuc/nop-thue/index.html": document("Nộp thuế đất", "<p>Giữ biên lai &amp; tờ khai.</p>"),
    "thu-tuc/dang-ky-tam-tru/index.html": document("Đăng ký tạm trú", "<p>Qua VNeID.</p>"),
    "thu-tuc/cap-lai/index.html": document("Cấp lại", "<p>lai biên, VNeID mức 2</p>"),
}


def test_syllables_are_the_folded_words_of_the_article_only() -> None:
    syllables = document_syllables(DOCUMENTS["thu-tuc/nop-thue/index.html"])
    assert syllables == ["nop", "thue", "dat", "giu", "bien", "lai", "to", "khai"]
    assert "weight" not in syllables and "amp" not in syllables


def test_index_files_list_pages_by_their_sorted_paths() -> None:
    files = {name: json.loads(text) for name, text in body_index(DOCUMENTS).items()}
    # Pages in path order: cap-lai 0, dang-ky-tam-tru 1, nop-thue 2.
    assert all(data["n"] == 3 and data["v"] == bodyindex.VERSION for data in files.values())
    assert files["w-vn.json"]["t"] == {"vneid": encode_pages([0, 1], 3)}
    assert files["w-bi.json"]["t"]["bien"] == encode_pages([0, 2], 3)
    assert files["p-bi.json"]["t"]["bien lai"] == encode_pages([2], 3)
    assert files["p-la.json"]["t"]["lai bien"] == encode_pages([0], 3)
    assert files["w-da.json"]["t"]["dang"] == encode_pages([1], 3)  # đ folded to d
    # The head: title, summary, keywords. "biên" is only in a body, "nộp" in a title.
    assert files["w-no.json"]["h"] == {"nop": encode_pages([2], 3)}
    assert "bien" not in files["w-bi.json"].get("h", {})
    assert "h" not in files["p-bi.json"]


def test_built_site_ships_the_body_index(sample_site: FixtureProject) -> None:
    folder = sample_site.site / bodyindex.BODY_DIR
    pages = len(sample_site.feed()["procedures"])
    files = sorted(folder.glob("*.json"))
    assert files and {path.name[:2] for path in files} == {"w-", "p-"}
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["n"] == pages, path.name
    biggest = max(len(gzip.compress(path.read_bytes(), 9)) for path in files)
    assert biggest < 8_000


def test_the_head_of_a_real_search_document_is_its_title_summary_and_keywords() -> None:
    text = procedure_text(title="Đăng ký khai sinh", summary="Cho trẻ mới sinh.", keywords=["giấy"])
    procedure, problems = parse_procedure(Path("a.md"), "a.md", text.encode("utf-8"))
    assert procedure is not None, problems
    document = search.search_document(procedure, "<p>Mang theo VNeID.</p>")
    head = bodyindex.head_syllables(document)
    assert {"dang", "ki", "khai", "sinh", "cho", "tre", "moi", "giay"} <= head
    assert "vneid" not in head and "vneid" in document_syllables(document)


def test_the_browser_reads_this_format_from_this_folder() -> None:
    """search-body.js ignores files of another format; search-app.js fetches from BODY_DIR."""
    assets = REPO / "theme" / "assets" / "thutuc"
    reader = (assets / "search-body.js").read_text(encoding="utf-8")
    assert f"var VERSION = {bodyindex.VERSION};" in reader
    app = (assets / "search-app.js").read_text(encoding="utf-8")
    assert f'var BODY_DIR = "{bodyindex.BODY_DIR}/";' in app


def test_a_search_document_gives_the_folded_words_of_the_whole_page() -> None:
    """Folded by the index itself: đ as d, a final y as i, entities and tags not words."""
    text = procedure_text(title="Đăng ký kết hôn", summary="Cho công dân.", keywords=["giấy"])
    procedure, problems = parse_procedure(Path("a.md"), "a.md", text.encode("utf-8"))
    assert procedure is not None, problems
    html = "<table><tbody><tr><td>Nộp tại Địa chính &amp; chữ KÝ</td></tr></tbody></table>"
    found = " ".join(document_syllables(search.search_document(procedure, html)))
    assert "nop tai dia chinh chu ki" in found
    assert "dang ki ket hon" in found and "giay to can mang" in found  # the labels too
    assert "tbody" not in found and "amp" not in found
