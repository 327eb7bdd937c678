"""The title index the search box loads (and its size at 1,000 procedures)."""

from __future__ import annotations

import gzip
from pathlib import Path

from support.project import FixtureProject

from bench import corpus
from generator import urls
from generator.build import titles
from generator.content.catalog import Catalog
from generator.content.procedure import parse_procedure

#: Issue 12: the title index at 1,000 procedures, gzipped.
INDEX_BUDGET_1000 = 30_000


def corpus_catalog(n: int) -> Catalog:
    procedures = []
    for item in corpus.generate(n):
        procedure, problems = parse_procedure(Path(item.name), item.name, item.text.encode())
        assert procedure is not None, problems
        procedures.append(procedure)
    return Catalog("https://thutuc.example.gov.vn/", procedures)


def test_title_index_at_1000_procedures_fits_its_budget() -> None:
    catalog = corpus_catalog(1000)
    index = titles.title_index(catalog, [["sổ đỏ", "giấy chứng nhận quyền sử dụng đất"]])
    script = titles.title_index_script(index).encode("utf-8")
    size = len(gzip.compress(script, 9))
    print(f"title index at 1,000: {len(script)} bytes, {size} gzipped")
    assert size <= INDEX_BUDGET_1000
    assert len(index["procedures"]) == 1000
    assert index["synonyms"] == [["so do", "giay chung nhan quyen su dung dat"]]


def test_title_index_entries_lead_to_every_page(sample_site: FixtureProject) -> None:
    """Left-out slugs are exactly those the browser derives from the title."""
    index = titles.read_title_index(sample_site.site / "search" / "titles.js")
    feed = {p["code"]: p for p in sample_site.feed()["procedures"]}
    assert {entry[2] for entry in index["procedures"]} == set(feed)
    for title, slug, code, field_index, *_ in index["procedures"]:
        path = index["paths"]["procedure"] + (slug or urls.slug(title)) + "/"
        assert feed[code]["url"].endswith("/" + path), (code, path)
        assert (sample_site.site / path / "index.html").is_file()
        assert index["fields"][field_index][0] == feed[code]["field"]
    for _, slug in index["fields"]:
        assert (sample_site.site / "linh-vuc" / slug / "index.html").is_file()
