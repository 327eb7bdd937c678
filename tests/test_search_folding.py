"""One folding table for Python and the browser: `generator/content/folding.json`, checked
against `tests/fixtures/folding-vectors.json`, which `tests/js/folding.test.js` (node --test)
checks against the browser's code too."""

from __future__ import annotations

import json
import unicodedata

import pytest
from markupsafe import escape
from support import REPO

from generator import urls
from generator.build import titles
from generator.build.bodyindex import document_syllables
from generator.content import folding
from generator.content.catalog import Catalog

VECTORS = json.loads(
    (REPO / "tests" / "fixtures" / "folding-vectors.json").read_text(encoding="utf-8")
)["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["text"][:24] or "empty" for v in VECTORS])
def test_python_folds_the_shared_vectors(vector: dict[str, object]) -> None:
    text = str(vector["text"])
    assert folding.bare(text) == vector["bare"]
    assert folding.fold(text) == vector["fold"]
    assert folding.words(text) == vector["words"]
    assert urls.slug(text) == vector["slug"]


def test_the_vectors_cover_what_residents_type() -> None:
    texts = [str(v["text"]) for v in VECTORS]
    assert any(unicodedata.normalize("NFC", t) != t for t in texts), "an NFD input"
    assert any("đ" in t.lower() for t in texts)
    assert any(v["fold"] != v["bare"] for v in VECTORS), "the final-y rule at work"


def test_the_title_index_carries_the_table_the_browser_folds_with() -> None:
    index = titles.title_index(Catalog("https://x.example/", []), [])
    assert index["fold"] == {key: folding.TABLE[key] for key in titles.FOLDING_KEYS}
    assert index["fold"]["letters"] == {"đ": "d", "Đ": "D"}


@pytest.mark.parametrize("vector", VECTORS, ids=[v["text"][:24] or "empty" for v in VECTORS])
def test_the_body_index_folds_a_page_to_the_same_words(vector: dict[str, object]) -> None:
    """A word in a page's text, inside any markup, is indexed as the browser folds a query
    (đ as d included), so a body's words and the query meet."""
    text = str(vector["text"])
    document = f"<article><table><tbody><tr><td>{escape(text)}</td></tr></tbody></table></article>"
    assert document_syllables(document) == vector["words"]
