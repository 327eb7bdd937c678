"""Search in the built site: the body index covers exactly the procedure pages, no Pagefind
bundle is published any more, and an old `mkdocs.yml` that still sizes Pagefind's bundles
loads, with a warning."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from support.project import FixtureProject

from generator.build import bodyindex
from generator.mkdocs.config import ProceduresConfig


def test_the_site_has_the_body_index_and_no_pagefind(sample_site: FixtureProject) -> None:
    site = sample_site.site
    assert not list(site.glob("pagefind*")), "Pagefind's bundle is no longer built"
    assert not (sample_site.root / ".cache" / "thutuc" / "search" / "pagefind").exists()
    procedures = sorted(urlsplit(p["url"]).path for p in sample_site.feed()["procedures"])
    files = list((site / bodyindex.BODY_DIR).glob("*.json"))
    pages: set[int] = set()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["n"] == len(procedures), path.name
        for listed in data["t"].values():
            pages.update(bodyindex.decode_pages(listed, data["n"]))
    assert pages == set(range(len(procedures))), "every procedure page, and nothing else"
    for page in site.rglob("*.html"):
        assert "pagefind" not in page.read_text(encoding="utf-8"), page


def test_an_old_bundle_size_option_loads_with_a_warning() -> None:
    config = ProceduresConfig()
    config.load_dict({"search_bundle_pages": 500})
    failed, warnings = config.validate()
    assert failed == []
    assert any("search_bundle_pages is no longer used" in message for _, message in warnings), (
        warnings
    )
