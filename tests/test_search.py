"""Search indexing: the live Pagefind index holds exactly the procedure pages, and a failed
service falls back to the CLI or fails the build, never leaving a site without search."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import FixtureProject

from generator import search

PROCEDURE = (
    '<html lang="vi"><body><nav>Trang chủ</nav>'
    "<article data-pagefind-body><h1>{title}</h1><p>{text}</p></article></body></html>"
)
HOME = '<html lang="vi"><body><h1>Thủ tục</h1><p>Đăng ký khai sinh ở đây</p></body></html>'


def bundle_pages(bundle: Path) -> dict[str, dict[str, object]]:
    """Every page in a Pagefind bundle, by URL, read from its fragments."""
    pages = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data
    return pages


def entry(bundle: Path) -> dict[str, object]:
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))


def test_built_site_indexes_exactly_the_procedure_pages(sample_site: FixtureProject) -> None:
    bundle = sample_site.site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    procedures = {urlsplit(p["url"]).path for p in sample_site.feed()["procedures"]}
    assert procedures
    assert set(bundle_pages(bundle)) == procedures
    assert entry(bundle)["languages"]["vi"]["page_count"] == len(procedures)


def test_page_url_matches_the_cli() -> None:
    assert search.page_url("thu-tuc/khai-sinh/index.html") == "/thu-tuc/khai-sinh/"
    assert search.page_url("index.html") == "/"
    assert search.page_url("thu-tuc/khai-sinh.html") == "/thu-tuc/khai-sinh.html"


def test_live_index_keeps_only_pages_marked_for_search(tmp_path: Path) -> None:
    live = search.LiveIndex()
    live.add_page(HOME, "index.html")
    live.add_page(
        PROCEDURE.format(title="Đăng ký khai sinh", text="Giấy chứng sinh"), "a/index.html"
    )
    live.add_page(PROCEDURE.format(title="Chứng thực", text="Bản sao"), "b/index.html")
    live.write(tmp_path)
    pages = bundle_pages(tmp_path / "pagefind")
    assert set(pages) == {"/a/", "/b/"}
    assert pages["/a/"]["meta"]["title"] == "Đăng ký khai sinh"
    assert "vi" in entry(tmp_path / "pagefind")["languages"]


def test_failed_service_falls_back_to_indexing_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(self: object) -> object:
        raise OSError("no service today")

    monkeypatch.setattr(search._PromptService, "launch", refuse)
    html = PROCEDURE.format(title="Đăng ký thường trú", text="Sổ hộ khẩu")
    page = tmp_path / "c" / "index.html"
    page.parent.mkdir()
    page.write_text(html, encoding="utf-8")
    live = search.LiveIndex()
    live.add_page(html, "c/index.html")
    live.write(tmp_path)
    assert set(bundle_pages(tmp_path / "pagefind")) == {"/c/"}


def test_no_pagefind_binary_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing-pagefind"))
    html = PROCEDURE.format(title="Đăng ký khai tử", text="Giấy báo tử")
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    live = search.LiveIndex()
    live.add_page(html, "index.html")
    with pytest.raises(search.SearchIndexError):
        live.write(tmp_path)
    assert not (tmp_path / "pagefind").exists()
