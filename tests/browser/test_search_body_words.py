"""Words only in the pages' text are found through the body index (search/body/), one round
trip of small files, typed with or without diacritics and with đ as d; the site has no
Pagefind bundle and the browser asks for none."""

from __future__ import annotations

from typing import Any

import pytest
from support.browser import SiteServer, Traffic, search_results


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Words only in the text of a page (not in a title, summary or keyword).
        ("vay von", "thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/"),
        ("chua thanh nien", "thu-tuc/dang-ky-giam-ho/"),
        ("lo viec mai tang", "thu-tuc/dang-ky-khai-tu/"),
        ("so huu nha", "thu-tuc/dang-ky-thuong-tru/"),
        # đ typed as d, and the same words typed with every mark.
        ("hop dong thue nha", "thu-tuc/dang-ky-tam-tru/"),
        ("đề nghị làm luôn", "thu-tuc/dang-ky-khai-tu/"),
    ],
)
def test_search_finds_words_only_in_the_text_in_small_files(
    site_server: SiteServer, new_page: Any, traffic: Traffic, query: str, expected: str
) -> None:
    assert not list(site_server.site.glob("pagefind*")), "no Pagefind bundle is published"
    traffic.keep_bodies = True
    page = new_page()
    page.goto(site_server.url())
    _, hrefs = search_results(page, query, settled=True)
    assert any(href.endswith("/" + expected) for href in hrefs), hrefs
    assert not [url for url in traffic.requests if "pagefind" in url], "no Pagefind request"
    body = [url for url in traffic.requests if "/search/body/" in url]
    assert body, "the body index answered"
    sizes = traffic.gzip_bytes()
    assert sum(size for url, size in sizes.items() if "/search/body/" in url) < 20_000
