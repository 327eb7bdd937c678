"""The resident's page in a real chromium: scan to page, search, weight, small screen, print,
no JavaScript, file:// and accessibility."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image
from support.browser import SiteServer, Traffic, search_results, serious_violations
from support.decode import qr_texts
from support.project import SITE_URL, FixtureProject

BIRTH = "thu-tuc/dang-ky-khai-sinh/"
#: gzip bytes of a procedure page's first load: HTML, CSS, JS and images.
PAGE_BUDGET = 70_000
#: Queries that name a procedure's title (or keyword): it must come first, not just top 3.
RANKED_FIRST = {"dang ky khai sinh", "Đăng ký khai sinh", "thuong tru", "giấy khai sinh"}
PROCEDURE_PAGES = [BIRTH, "thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/"]
#: What the search box loads on first use, and never before.
SEARCH_FILES = re.compile(r"/search/|/minisearch-|/search-(?:app|folding|ranking|results|body)\.js")


def feed_entries(project: FixtureProject) -> list[dict[str, Any]]:
    return list(project.feed()["procedures"])


def test_scanning_a_poster_qr_ends_on_the_procedure_page(
    site_server: SiteServer, new_page: Any
) -> None:
    page = new_page()
    for entry in feed_entries(site_server.project):
        [payload] = qr_texts(Image.open(site_server.site / entry["qr"]["png"]))
        assert payload == entry["short_url"]
        page.goto(site_server.local(payload, SITE_URL))
        # The short URL serves the page itself; its canonical link names the long URL.
        assert page.url == site_server.local(payload, SITE_URL)
        assert page.locator("link[rel=canonical]").get_attribute("href") == entry["url"]
        assert page.locator("h1").inner_text().strip() == entry["title"]
        assert page.title().startswith(entry["title"])


@pytest.mark.parametrize("width", [82, 123, 200, 333])
def test_the_qr_svg_as_chromium_draws_it_decodes(
    site_server: SiteServer, new_page: Any, width: int
) -> None:
    """The SVG's one path of strokes, drawn by a real browser at odd sizes, is the code."""
    page = new_page()
    page.goto(site_server.url("404.html"))  # an HTML page of the site, for the same origin
    for entry in feed_entries(site_server.project)[:3]:
        page.set_content(
            f'<img src="{site_server.url(entry["qr"]["svg"])}" '
            f'style="display:block;width:{width}px;height:{width}px">'
        )
        page.wait_for_function("document.images[0].complete")
        shot = page.locator("img").screenshot()
        assert qr_texts(Image.open(io.BytesIO(shot)).convert("L")) == [entry["short_url"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dang ky khai sinh", "thu-tuc/dang-ky-khai-sinh/"),
        ("Đăng ký khai sinh", "thu-tuc/dang-ky-khai-sinh/"),
        ("chung thuc", "thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/"),
        ("chung thuc", "thu-tuc/chung-thuc-chu-ky/"),
        ("thuong tru", "thu-tuc/dang-ky-thuong-tru/"),
        ("giấy khai sinh", "thu-tuc/dang-ky-khai-sinh/"),
    ],
)
def test_search_box_finds_procedures_without_diacritics(
    site_server: SiteServer, new_page: Any, traffic: Traffic, query: str, expected: str
) -> None:
    page = new_page()
    page.goto(site_server.url())
    page.wait_for_load_state("load")
    assert not [url for url in traffic.requests if SEARCH_FILES.search(url)], "loaded before use"
    results, hrefs = search_results(page, query)
    assert any(href.endswith("/" + expected) for href in hrefs), hrefs
    if query in RANKED_FIRST:
        # The title weighs more than a mention in another procedure's body.
        assert hrefs[0].endswith("/" + expected), hrefs
    first = results.first
    assert first.locator("strong").inner_text().strip()
    assert " · " in first.locator("span").inner_text(), "results show the field and code"
    assert re.search(r"Tìm thấy \d+ kết quả", page.locator("#tt-search-status").inner_text())


def test_search_says_when_nothing_matches(site_server: SiteServer, new_page: Any) -> None:
    page = new_page()
    page.goto(site_server.url(BIRTH))
    box = page.get_by_role("searchbox", name="Tìm thủ tục")
    box.fill("xyzzyqwv")
    status = page.locator("#tt-search-status")
    status.filter(has_text="Không tìm thấy").wait_for()
    assert page.locator("#tt-search-results li").count() == 0
    hotline = status.get_by_role("link", name="024 3800 0000")
    assert hotline.get_attribute("href") == "tel:02438000000", "the office's hotline, to call"


@pytest.mark.parametrize("path", PROCEDURE_PAGES)
def test_procedure_page_stays_within_byte_budget_and_on_its_own_host(
    site_server: SiteServer, new_page: Any, traffic: Traffic, path: str
) -> None:
    traffic.keep_bodies = True
    page = new_page()
    page.goto(site_server.url(path))
    page.wait_for_load_state("networkidle")
    assert traffic.requests, "nothing was recorded"
    outside = [url for url in traffic.requests if not url.startswith(site_server.base)]
    assert not outside, f"requests to other hosts: {outside}"
    sizes = traffic.gzip_bytes()
    assert set(sizes) >= {site_server.url(path)}
    assert any(url.endswith(".css") for url in sizes) and any(url.endswith(".js") for url in sizes)
    assert not [url for url in sizes if SEARCH_FILES.search(url)], "search loads only on use"
    total = sum(sizes.values())
    print(f"{path}: {total} gzip bytes")
    assert total <= PAGE_BUDGET, f"{total} gzip bytes: {sorted(sizes.items())}"


@pytest.mark.parametrize("path", ["", "linh-vuc/ho-tich/", BIRTH])
def test_no_horizontal_scrolling_on_a_360px_phone(
    site_server: SiteServer, new_page: Any, artifacts_dir: Path, path: str
) -> None:
    page = new_page(360, 640)
    page.goto(site_server.url(path))
    page.wait_for_load_state("load")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    name = (path.strip("/").replace("/", "_") or "home") + "-360.png"
    page.screenshot(path=str(artifacts_dir / name), full_page=True)
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px viewport"


def test_procedure_page_reads_without_javascript(site_server: SiteServer, new_page: Any) -> None:
    page = new_page(javascript=False)
    page.goto(site_server.url(BIRTH))
    assert page.locator("h1").inner_text().strip() == "Đăng ký khai sinh"
    assert page.locator(".tt-summary").first.is_visible()
    assert page.locator(".tt-card").first.is_visible()
    assert page.get_by_text("Lệ phí", exact=True).is_visible()
    steps = page.locator(".tt-body ol li")
    assert steps.count() == 5 and steps.first.is_visible()
    assert not page.locator("[data-tt-share]").is_visible()
    # The search box is there without JavaScript too: a plain form that opens the home page,
    # which lists every field, and says so.
    form = page.locator("form[role=search]")
    assert form.locator("input[type=search]").is_visible()
    # (Playwright turns scripts off without telling the parser, so <noscript> stays unrendered.)
    assert "chọn lĩnh vực ở" in form.locator("noscript").text_content()
    form.locator("input[type=search]").fill("khai sinh")
    form.locator("input[type=search]").press("Enter")
    page.wait_for_url(re.compile(r"/\?q=khai\+sinh$"))
    assert page.get_by_role("link", name="Hộ tịch").first.is_visible()


def test_share_button_copies_the_page_link(site_server: SiteServer, new_page: Any) -> None:
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_server.url(BIRTH))
    assert page.evaluate("typeof navigator.share") == "undefined", "desktop chromium: no share"
    page.get_by_role("button", name="Chia sẻ liên kết").click()
    page.get_by_text("Đã sao chép liên kết").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + BIRTH


def test_share_button_uses_web_share_where_available(
    site_server: SiteServer, new_page: Any
) -> None:
    page = new_page()
    page.add_init_script(
        "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"
    )
    page.goto(site_server.url(BIRTH))
    page.get_by_role("button", name="Chia sẻ liên kết").click()
    shared = page.evaluate("window.__shared")
    assert shared == {"title": "Đăng ký khai sinh", "url": SITE_URL + BIRTH}


def test_printed_page_is_a_short_handout_with_its_qr(
    site_server: SiteServer, new_page: Any, artifacts_dir: Path
) -> None:
    page = new_page(1024, 768)
    for entry in feed_entries(site_server.project):
        page.goto(site_server.local(entry["url"], SITE_URL))
        pdf = pdfium.PdfDocument(io.BytesIO(page.pdf(format="A4", print_background=True)))
        assert 1 <= len(pdf) <= 2, f"{entry['code']}: {len(pdf)} pages"
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        assert entry["title"].split()[0] in text
        assert "Tìm thủ tục" not in text and "Chia sẻ" not in text, "no controls on paper"
        assert "Lĩnh vực" not in text, "no navigation on paper"
        payloads = []
        for index in range(len(pdf)):
            image = pdf[index].render(scale=2).to_pil()
            payloads.extend(qr_texts(image))
        assert payloads == [entry["short_url"]], entry["code"]
        if entry["code"] == "1.001193":
            pdf[0].render(scale=1).to_pil().save(artifacts_dir / "print-khai-sinh.png")


def test_opened_from_a_folder_everything_works_search_by_name_too(
    site_server: SiteServer, new_page: Any
) -> None:
    page = new_page(360, 640)
    page.goto((site_server.site / BIRTH / "index.html").as_uri())
    assert page.locator("h1").inner_text().strip() == "Đăng ký khai sinh"
    assert page.locator("link[rel=stylesheet][href$='site.css']").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.tt-card')).borderLeftWidth")
    field_link = page.locator(".tt-field a")
    assert (field_link.get_attribute("href") or "").endswith("/index.html")
    field_link.click()
    page.wait_for_url(re.compile(r"linh-vuc/ho-tich/index\.html$"))
    assert page.locator("h1").inner_text().strip() == "Hộ tịch"
    # The title index is a script, which loads from a folder where fetch() would not.
    results, hrefs = search_results(page, "khai sinh", settled=True)
    assert hrefs[0].endswith("/thu-tuc/dang-ky-khai-sinh/index.html"), hrefs
    results.first.click()
    page.wait_for_url(re.compile(r"/thu-tuc/dang-ky-khai-sinh/index\.html$"))
    page.get_by_role("searchbox", name="Tìm thủ tục").fill("vay von")
    status = page.locator("#tt-search-status")
    status.filter(has_text="máy chủ web").wait_for()  # only full-text search needs a server


def test_short_url_page_from_a_folder_is_the_procedure_page(
    site_server: SiteServer, new_page: Any
) -> None:
    """From file:// a folder URL shows a listing, so the short URL's file is the page itself."""
    page = new_page()
    page.goto((site_server.site / "P" / "1.001193" / "index.html").as_uri())
    assert page.locator("h1").inner_text().strip() == "Đăng ký khai sinh"
    field_link = page.locator(".tt-field a")
    assert (field_link.get_attribute("href") or "").endswith("/index.html")


@pytest.mark.parametrize("path", ["", "linh-vuc/ho-tich/", BIRTH])
def test_axe_finds_no_serious_violations(
    site_server: SiteServer, new_page: Any, axe_source: str, path: str
) -> None:
    page = new_page(1280, 800)  # wide enough for both of Material's sidebars
    page.goto(site_server.url(path))
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.locator(".md-sidebar--primary .md-nav__link").first.is_visible()
    serious = serious_violations(page, axe_source)
    assert not serious, serious
