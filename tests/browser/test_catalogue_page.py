"""The resident's page at catalogue size, in a real chromium on phone-sized screens: no
sideways scrolling, no layout shift, a helpful 404, one request per scan, the handout's first
page, Vietnamese order, tap targets, text size and accessibility.

The catalogue is `tests/fixtures/long-titles/` (a 250-character title, an 80-letter word, a
long provincial code); offline use is in `test_offline.py`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from support.browser import SiteServer, overflow, search_results, serious_violations, serve
from support.project import FixtureProject

from generator.content.collation import sorted_vi

SITE_URL = "https://thutuc.example.gov.vn/"
LONG = "thu-tuc/cap-giay-chung-nhan-quyen-su-dung-dat/"
WORD = "thu-tuc/xac-nhan-thong-tin-cu-tru/"
WIDTHS = (320, 360, 412)
#: Elements anything may be tapped on, with what they must measure (WCAG 2.5.5: 44 × 44).
TAPPABLE = "a[href], button, input:not([type=checkbox]), label, select, summary"
#: Links inside running text are exempt (WCAG 2.5.8 "inline"); the skip link is off screen.
EXEMPT = ".tt-body a, .md-skip, .tt-search__label, .tt-checklist input"

#: Installed before the page loads: adds up every layout shift. All of them, even those
#: flagged `hadRecentInput` (Chromium flags early shifts so under Playwright; the test
#: gives no input while the page loads).
CLS_OBSERVER = """window.__cls = 0;
window.__clsObserver = new PerformanceObserver((list) => {
  list.getEntries().forEach((e) => { window.__cls += e.value; });
});
window.__clsObserver.observe({type: "layout-shift", buffered: true});"""

#: The cumulative layout shift so far, two frames after the call.
CLS_JS = """() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
  window.__clsObserver.takeRecords().forEach((e) => { window.__cls += e.value; });
  resolve(window.__cls);
})))"""

#: Runs the site's script only once the page has painted content, as on a slow phone, so a
#: box it reveals without reserved room shifts what the reader already sees.
LATE_SCRIPT = """new PerformanceObserver((list, observer) => {{
  observer.disconnect();
  requestAnimationFrame(() => {{
{}
  }});
}}).observe({{type: "paint", buffered: true}});"""


@pytest.fixture(scope="module")
def catalogue(catalogue_site: FixtureProject) -> Iterator[SiteServer]:
    with serve(catalogue_site) as server:
        yield server


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """Factory for a fresh phone-like page (touch, mobile viewport rules) in its own context."""
    contexts: list[Any] = []

    def factory(width: int = 360, *, javascript: bool = True, text_size: str = "") -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": 640},
            is_mobile=True,
            has_touch=True,
            java_script_enabled=javascript,
            locale="vi-VN",
            service_workers="block",
        )
        contexts.append(context)
        if text_size:
            context.add_init_script(f"localStorage.setItem('tt-text-size', '{text_size}')")
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield factory
    for context in contexts:
        context.close()


def site_pages(server: SiteServer) -> list[str]:
    """Every page of the built site as a path, plus unknown addresses at two depths."""
    site = server.site
    found = sorted(
        page.parent.relative_to(site).as_posix() + "/"
        for page in site.rglob("index.html")
        if "<meta http-equiv" not in page.read_text("utf-8")
    )
    return [path.removeprefix("./") for path in found] + ["khong-co/", "thu-tuc/khong-co/x/"]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(catalogue: SiteServer, phone: Any, width: int) -> None:
    page = phone(width)
    paths = site_pages(catalogue)
    assert len(paths) >= 20 and LONG in paths and "P/1.004227/" in paths
    problems = {}
    for path in paths:
        page.goto(catalogue.url(path))
        page.wait_for_load_state("load")
        found = overflow(page)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_function("scrollY > 0 || innerHeight >= document.body.scrollHeight")
        found += overflow(page)
        if found:
            problems[path] = found
    assert not problems, problems
    assert not page.errors


@pytest.mark.parametrize("path", ["", LONG, WORD, "linh-vuc/cu-tru/", "khong-co/"])
def test_no_page_scrolls_sideways_at_the_largest_text_size(
    catalogue: SiteServer, phone: Any, path: str
) -> None:
    page = phone(320, text_size="2")
    page.goto(catalogue.url(path))
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.dataset.ttSize") == "2"
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 26
    assert not overflow(page)


@pytest.mark.parametrize("text_size", ["", "2"])
@pytest.mark.parametrize(
    "path", ["", "thu-tuc/dang-ky-tam-tru/", LONG, "linh-vuc/ho-tich/", "khong-co/"]
)
def test_nothing_moves_while_the_page_loads(
    catalogue: SiteServer, phone: Any, path: str, text_size: str
) -> None:
    page = phone(360, text_size=text_size)
    page.add_init_script(CLS_OBSERVER)
    script = (catalogue.site / "assets/thutuc/site.js").read_text("utf-8")
    page.route(
        "**/assets/thutuc/site.js",
        lambda route: route.fulfill(
            body=LATE_SCRIPT.format(script), content_type="text/javascript"
        ),
    )
    page.goto(catalogue.url(path))
    page.wait_for_function("!document.querySelector('[data-tt-search]').hidden")
    shift = page.evaluate(CLS_JS)
    assert shift <= 0.02, f"cumulative layout shift {shift:.3f}"


def test_the_text_size_is_chosen_once_and_kept(catalogue: SiteServer, phone: Any) -> None:
    page = phone(360)
    page.goto(catalogue.url(LONG))
    root_size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    assert page.evaluate(root_size) == 20
    bigger = page.get_by_role("button", name="chữ lớn hơn")
    smaller = page.get_by_role("button", name="chữ nhỏ hơn")
    assert smaller.is_disabled()
    bigger.click()
    bigger.click()
    assert bigger.is_disabled()
    assert page.evaluate(root_size) == 26
    page.goto(catalogue.url(""))
    assert page.evaluate("document.documentElement.dataset.ttSize") == "2"
    assert page.evaluate(root_size) == 26
    smaller.click()
    smaller.click()
    page.reload()
    assert page.evaluate(root_size) == 20


def test_without_javascript_the_text_size_buttons_are_not_shown(
    catalogue: SiteServer, phone: Any
) -> None:
    page = phone(360, javascript=False)
    page.goto(catalogue.url(LONG))
    assert not page.get_by_role("button", name="chữ lớn hơn").is_visible()
    assert page.locator("h1").is_visible()


@pytest.mark.parametrize("path", ["khong-co/", "thu-tuc/khong-co/", "a/b/c/d/"])
def test_an_unknown_address_gets_a_helpful_page_at_any_depth(
    catalogue: SiteServer, phone: Any, path: str
) -> None:
    page = phone(360)
    response = page.goto(catalogue.url(path))
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang này"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == (
        "sticky"
    ), "the stylesheet loads at any depth"
    hotline = page.get_by_role("link", name="Gọi đường dây nóng 024 3800 0000")
    assert hotline.get_attribute("href") == "tel:02438000000"
    _, hrefs = search_results(page, "tam tru")
    assert hrefs and hrefs[0].endswith("/thu-tuc/dang-ky-tam-tru/")
    assert not page.errors, page.errors
    page.keyboard.press("Escape")  # closes the results over the page
    page.get_by_role("link", name="Về trang chủ để chọn lĩnh vực").click()
    page.wait_for_url(catalogue.url(""))
    assert page.locator(".tt-fields__list a").count() == 5


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("p/1.004194/", "1.004194"),
        ("p/qt-09/", "QT-09"),
        ("P/2.000815.000.00.00.h55", "2.000815.000.00.00.H55"),
        ("p/2.000635/index.html", "2.000635"),
    ],
)
def test_a_wrong_case_short_url_is_sent_to_the_real_one(
    catalogue: SiteServer, phone: Any, typed: str, code: str
) -> None:
    page = phone(360)
    page.goto(catalogue.url(typed))
    page.wait_for_url(re.compile(re.escape(catalogue.url(f"P/{code}/")) + "|/thu-tuc/"))
    assert page.locator("h1").inner_text() != "Không tìm thấy trang này"
    assert not page.errors


def test_a_scan_shows_the_procedure_in_one_request(catalogue: SiteServer, phone: Any) -> None:
    entries = [e for e in catalogue.project.feed()["procedures"] if e["status"] == "active"]
    assert len(entries) == 8
    for javascript in (True, False):
        page = phone(360, javascript=javascript)
        documents: list[str] = []

        def record(request: Any, documents: list[str] = documents) -> None:
            if request.resource_type == "document":
                documents.append(request.url)

        page.on("request", record)
        for entry in entries:
            documents.clear()
            payload = zxingcpp.read_barcodes(Image.open(catalogue.site / entry["qr"]["png"]))
            page.goto(catalogue.local(payload[0].text, SITE_URL))
            assert page.locator("h1").inner_text().strip() == entry["title"]
            assert documents == [catalogue.local(entry["short_url"], SITE_URL)]
            canonical = page.locator("link[rel=canonical]").get_attribute("href")
            assert canonical == entry["url"]
            assert page.evaluate("getComputedStyle(document.querySelector('.tt-card')).display")
            page.locator(".tt-field__link").click()  # links work from the short URL
            page.wait_for_url(re.compile(r"/linh-vuc/[a-z-]+/$"))


@pytest.mark.parametrize("javascript", [True, False])
def test_a_short_url_opened_from_a_folder_shows_the_procedure(
    catalogue: SiteServer, phone: Any, javascript: bool
) -> None:
    page = phone(360, javascript=javascript)
    page.goto((catalogue.site / "P" / "1.004194" / "index.html").as_uri())
    assert page.locator("h1").inner_text().strip() == "Đăng ký tạm trú"
    assert page.evaluate("getComputedStyle(document.querySelector('.tt-card')).borderLeftWidth")
    assert page.locator("img[src$='1.004194.svg']").first.evaluate("img => img.naturalWidth") > 0


@pytest.mark.parametrize("path", [LONG, "thu-tuc/dang-ky-tam-tru/", "P/2.000635/"])
def test_the_printed_handout_has_the_qr_and_the_office_on_page_one(
    catalogue: SiteServer, phone: Any, artifacts_dir: Path, path: str
) -> None:
    page = phone(1024)
    page.goto(catalogue.url(path))
    page.wait_for_load_state("load")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    feed = catalogue.project.feed()["procedures"]
    [short_url] = [e["short_url"] for e in feed if e["url"] == canonical]
    pdf = pdfium.PdfDocument(io.BytesIO(page.pdf(format="A4", print_background=True)))
    first = pdf[0].get_textpage().get_text_range()
    everything = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    codes = zxingcpp.read_barcodes(pdf[0].render(scale=2).to_pil())
    assert [code.text for code in codes] == [short_url]
    for fact in ("Số 1 đường Minh Khai", "Giờ làm việc", "024 3800 0000", "Lệ phí"):
        assert fact in " ".join(first.split()), fact
    assert "Từ khóa" not in everything, "keywords are for search, not for paper"
    for index in range(1, len(pdf)):
        assert not zxingcpp.read_barcodes(pdf[index].render(scale=2).to_pil()), "one QR only"
    name = path.strip("/").replace("/", "_")
    pdf[0].render(scale=1).to_pil().save(artifacts_dir / f"print-{name}.png")


def test_menu_home_and_field_pages_are_in_vietnamese_order(
    catalogue: SiteServer, phone: Any
) -> None:
    page = phone(1280)
    page.goto(catalogue.url(""))
    menu = page.locator(".md-nav--primary .md-nav__item--section .md-nav__link").all_inner_texts()
    fields = [text.strip() for text in menu if text.strip() and text.strip() != "Lĩnh vực"]
    assert fields == ["Cư trú", "Dân số", "Đất đai", "Hộ tịch", "Y tế"]
    names = page.locator(".tt-fields__name").all_inner_texts()
    assert names == fields
    page.goto(catalogue.url("linh-vuc/y-te/"))
    titles = [t.strip() for t in page.locator(".tt-links > li > a").all_inner_texts()]
    assert titles == sorted_vi(titles) == ["An toàn lao động: đăng ký", titles[1]]
    assert titles[1].startswith("Ăn uống")


@pytest.mark.parametrize("path", ["", LONG, "thu-tuc/dang-ky-tam-tru/", "linh-vuc/ho-tich/"])
def test_everything_to_tap_is_at_least_44_px(catalogue: SiteServer, phone: Any, path: str) -> None:
    page = phone(360)
    page.goto(catalogue.url(path))
    page.wait_for_load_state("load")
    small = page.evaluate(
        """([tappable, exempt]) => [...document.querySelectorAll(tappable)]
          .filter((el) => !el.closest(exempt) && el.getClientRects().length)
          .filter((el) => getComputedStyle(el).visibility === "visible")
          .map((el) => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
          .filter(([, r]) => r.right > 0 && (r.width < 44 || r.height < 44))
          .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)""",
        [TAPPABLE, EXEMPT],
    )
    assert not small, small
    # The drawer's links, once the menu is open.
    page.locator(".tt-header__menu").click()
    links = page.locator(".md-nav--primary .md-nav__link")
    links.first.wait_for()
    heights = [box["height"] for box in (links.nth(i).bounding_box() for i in range(3)) if box]
    assert heights and min(heights) >= 44, heights


def test_the_call_button_is_large_and_dials_the_hotline(catalogue: SiteServer, phone: Any) -> None:
    page = phone(360)
    page.goto(catalogue.url(LONG))
    call = page.locator("footer").get_by_role("link", name="Gọi 024 3800 0000")
    assert call.get_attribute("href") == "tel:02438000000"
    box = call.bounding_box()
    assert box and box["height"] >= 48 and box["width"] >= 150
    size = call.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 20


@pytest.mark.parametrize("selector", [".tt-summary", ".tt-facts dd", ".tt-body p"])
def test_body_text_is_at_least_16_px(catalogue: SiteServer, phone: Any, selector: str) -> None:
    page = phone(360)
    page.goto(catalogue.url(LONG))
    assert (
        page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    )


@pytest.mark.parametrize(
    "selector", [".tt-field", ".tt-updated", ".admonition", "table", ".md-nav"]
)
def test_secondary_text_is_at_least_14_px(catalogue: SiteServer, phone: Any, selector: str) -> None:
    page = phone(360)
    page.goto(catalogue.url(LONG))
    size = page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 14, f"{selector}: {size} px"


@pytest.mark.parametrize(
    "path", ["", LONG, WORD, "linh-vuc/ho-tich/", "P/1.004194/", "khong-co/", "an-pham-in/"]
)
@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_no_serious_violations(
    catalogue: SiteServer, phone: Any, axe_source: str, path: str, width: int
) -> None:
    page = phone(width)
    page.goto(catalogue.url(path))
    page.wait_for_load_state("load")
    serious = serious_violations(page, axe_source)
    assert not serious, serious
