"""Words only in the pages' text are found through the body index (search/body/), one
round trip of small files, whatever Pagefind's bundles (here the sample content, cut into
bundles of 3 pages): the browser no longer loads Pagefind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.browser import SiteServer, Traffic, search_results, serve
from support.project import make_project


@pytest.fixture(scope="module")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """Overrides the sample site's server for this module: same content, small bundles."""
    project = make_project(tmp_path_factory.mktemp("bundles"), sample=True, search=True)
    project.set_plugin_option("search_bundle_pages", 3)
    built = project.build()
    assert built.returncode == 0, built.output
    with serve(project) as server:
        yield server


def bundles(site: Path) -> list[str]:
    return sorted(p.name for p in site.glob("pagefind*") if (p / "pagefind-entry.json").is_file())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Words only in the text of one page of each bundle, so only Pagefind finds them.
        ("vay von", "thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/"),
        ("chua thanh nien", "thu-tuc/dang-ky-giam-ho/"),
        ("lo viec mai tang", "thu-tuc/dang-ky-khai-tu/"),
        ("so huu nha", "thu-tuc/dang-ky-thuong-tru/"),
    ],
)
def test_search_finds_words_only_in_the_text_in_small_files(
    site_server: SiteServer, new_page: Any, traffic: Traffic, query: str, expected: str
) -> None:
    names = bundles(site_server.site)
    assert len(names) >= 3 and names[0] == "pagefind", names
    page = new_page()
    page.goto(site_server.url())
    _, hrefs = search_results(page, query, settled=True)
    assert any(href.endswith("/" + expected) for href in hrefs), hrefs
    assert not [url for url in traffic.requests if "/pagefind" in url], "Pagefind is not loaded"
    body = [url for url in traffic.requests if "/search/body/" in url]
    assert body, "the body index answered"
    sizes = traffic.gzip_bytes()
    assert sum(size for url, size in sizes.items() if "/search/body/" in url) < 20_000
