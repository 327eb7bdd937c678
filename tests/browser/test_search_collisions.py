"""Issue 20: short folded syllables must not drown a query. On the catalogue with names that
meet "biên lai" only through collisions ("hiện tại": both syllables one letter off) and a
page whose text holds it, the text is searched too, that page comes first, Enter opens it,
and the status line never leads with "0"."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import REPO
from support.browser import SiteServer, serve
from support.project import FixtureProject, make_project, procedure_text

CATALOGUE = REPO / "tests" / "fixtures" / "catalogue"
#: Names that collide with "biên lai", and the one page whose text holds it.
COLLIDING = {
    "xac-nhan-noi-o-hien-tai": ("XA-901", "Xác nhận nơi ở hiện tại", "Cư trú"),
    "xac-nhan-tam-tru-tai-noi-o-hien-tai": (
        "XA-902",
        "Xác nhận tạm trú tại nơi ở hiện tại",
        "Cư trú",
    ),
}
RECEIPT = "nop-thue-su-dung-dat-phi-nong-nghiep"
RECEIPT_BODY = (
    "## Các bước\n\n1. Nộp tờ khai tại bộ phận một cửa.\n2. Nộp tiền tại ngân hàng, giữ biên lai"
    " để đối chiếu khi cần.\n3. Nhận thông báo nộp thuế năm sau qua tin nhắn.\n"
)
#: What a resident who reads the status must never see first.
LEADS_WITH_A_COUNT = re.compile(r"^(Tìm thấy [1-9]|Nội dung của [1-9])")


def colliding_project(root: Path) -> FixtureProject:
    project = make_project(root, sample=False, search=True)
    shutil.rmtree(project.content)
    project.content.mkdir()
    for name in ("index.md", "synonyms.yml"):
        shutil.copy(CATALOGUE / name, project.content / name)
    shutil.copytree(CATALOGUE / "procedures", project.procedures)
    for slug, (code, title, field) in COLLIDING.items():
        text = procedure_text(code=code, title=title, field=field, summary=f"{title}.")
        project.write(f"procedures/{slug}.md", text)
    receipt = procedure_text(
        code="XA-903",
        title="Nộp thuế sử dụng đất phi nông nghiệp",
        field="Đất đai",
        summary="Kê khai và nộp thuế đất ở hằng năm.",
        body=RECEIPT_BODY,
    )
    project.write(f"procedures/{RECEIPT}.md", receipt)
    return project


@pytest.fixture(scope="module")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """Overrides the sample site's server for this module (new_page allows only its host)."""
    project = colliding_project(tmp_path_factory.mktemp("collisions"))
    built = project.build()
    assert built.returncode == 0, built.output
    with serve(project) as server:
        yield server


def settled(page: Any, query: str) -> tuple[str, list[str]]:
    """Type `query`; once the page texts have been searched, the status and the hrefs."""
    box = page.get_by_role("searchbox", name="Tìm thủ tục")
    box.fill(query)
    page.locator("[data-tt-search][data-search=done]").wait_for(state="attached")
    status = page.locator("#tt-search-status").inner_text()
    links = page.locator("#tt-search-results li a")
    return status, [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


@pytest.mark.parametrize("query", ["biên lai", "bien lai", "Biên Lai"])
def test_colliding_names_do_not_hide_the_page_that_holds_the_words(
    site_server: SiteServer, new_page: Any, query: str
) -> None:
    page = new_page()
    page.goto(site_server.url())
    status, hrefs = settled(page, query)
    assert hrefs and hrefs[0].endswith(f"/thu-tuc/{RECEIPT}/"), hrefs
    assert any("hien-tai" in href for href in hrefs), "the names are still offered, after"
    assert LEADS_WITH_A_COUNT.match(status), status
    assert "tên gần giống" in status, status
    with page.expect_navigation():
        page.get_by_role("searchbox", name="Tìm thủ tục").press("Enter")
    assert page.url.endswith(f"/thu-tuc/{RECEIPT}/"), page.url


@pytest.mark.parametrize("query", ["giu bien lai", "nop tien tai ngan hang", "ngân hàng"])
def test_words_only_in_the_text_are_counted_from_the_text(
    site_server: SiteServer, new_page: Any, query: str
) -> None:
    page = new_page()
    page.goto(site_server.url())
    status, hrefs = settled(page, query)
    assert hrefs[0].endswith(f"/thu-tuc/{RECEIPT}/"), hrefs
    assert LEADS_WITH_A_COUNT.match(status), status
    assert "0 kết quả" not in status, status


def test_a_name_as_typed_stays_first(site_server: SiteServer, new_page: Any) -> None:
    """Not every short syllable is a collision: "hien tai" means the name that holds it."""
    page = new_page()
    page.goto(site_server.url())
    page.get_by_role("searchbox", name="Tìm thủ tục").fill("hien tai")
    first = page.locator("#tt-search-results li a").first
    first.wait_for()
    assert (first.get_attribute("href") or "").endswith("/thu-tuc/xac-nhan-noi-o-hien-tai/")
