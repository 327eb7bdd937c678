"""Search indexing: the Pagefind bundle holds exactly the procedure pages, and a missing
Pagefind fails the build instead of leaving a site without search."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support.project import FixtureProject

from generator.build import search


def bundle_pages(bundle: Path) -> dict[str, dict[str, object]]:
    """Every page in a Pagefind bundle, by URL, read from its fragments."""
    pages = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data
    return pages


def test_built_site_indexes_exactly_the_procedure_pages(sample_site: FixtureProject) -> None:
    bundle = sample_site.site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    procedures = {urlsplit(p["url"]).path: p["title"] for p in sample_site.feed()["procedures"]}
    assert procedures
    pages = bundle_pages(bundle)
    assert set(pages) == set(procedures)
    assert {url: page["meta"]["title"] for url, page in pages.items()} == procedures
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == len(procedures)


def test_no_pagefind_binary_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing-pagefind"))
    page = '<html lang="vi"><body><article data-pagefind-body><h1>Khai tử</h1></article></body>'
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    with pytest.raises(search.SearchIndexError, match="pagefind failed"):
        search.index_site(tmp_path)
    assert not (tmp_path / "pagefind").exists()
