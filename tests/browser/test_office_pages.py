"""The offices' pages of the fixture province in a real chromium on phone-sized screens: the
scan page with the steps, a procedure the office does not handle, the office's own page. No
sideways scrolling, one request, readable without JavaScript, no serious axe violations; and
(issue 20) no contradiction, where and when above the fold, 44 px targets, text size, offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.browser import (
    SiteServer,
    Traffic,
    overflow,
    serious_violations,
    serve,
    wait_until_kept,
)
from support.province import make_province, restate_facts

PAGES = ("P/1.001193/08377/", "P/1.000894/08378/", "P/1.004194/08378/", "don-vi/08377/")


@pytest.fixture(scope="module")
def province_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    project = make_province(Path(tmp_path_factory.mktemp("province-browser")))
    restate_facts(project)  # bodies that restate the fee, time and place, as editors write
    built = project.build()
    assert built.returncode == 0, built.output
    with serve(project) as server:
        yield server


@pytest.fixture
def phone(browser: Any, province_server: SiteServer, traffic: Traffic) -> Iterator[Any]:
    contexts: list[Any] = []

    def factory(width: int, javascript: bool = True) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": 740},
            java_script_enabled=javascript,
            locale="vi-VN",
            service_workers="block",
        )
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: traffic.requests.append(request.url))
        return page

    yield factory
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", (320, 360, 412))
def test_office_pages_do_not_scroll_sideways(
    province_server: SiteServer, phone: Any, width: int
) -> None:
    page = phone(width)
    for path in PAGES:
        page.goto(province_server.url(path))
        assert overflow(page) == [], (path, width)


def test_a_scan_shows_the_steps_in_one_request_without_javascript(
    province_server: SiteServer, phone: Any, traffic: Traffic
) -> None:
    page = phone(360, javascript=False)
    url = province_server.url("P/1.001193/08377/")
    page.goto(url)
    assert traffic.requests == [url], "the page, its style and the steps in one request"
    steps = page.locator(".o-body ol li")
    assert steps.count() >= 4 and steps.first.is_visible()
    assert "Miễn lệ phí tại phường Sông Cầu" in page.inner_text("main")


def test_a_wrong_case_office_short_url_is_sent_to_the_real_one(
    province_server: SiteServer, phone: Any
) -> None:
    """A hand-typed pair URL in lower case reaches the office's page (here a closed office's,
    which leads on to the office that took over)."""
    page = phone(360)
    page.goto(province_server.url("p/1.001193/xa-huyen-tung/"))
    page.wait_for_url(province_server.url("P/1.001193/08378/"))
    assert "0209 3870 222" in page.inner_text("main")


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violations_on_office_pages(
    province_server: SiteServer, phone: Any, axe_source: str, path: str
) -> None:
    page = phone(360)
    page.goto(province_server.url(path))
    serious = serious_violations(page, axe_source)
    assert not serious, serious


SCANS = ("P/1.001193/08377/", "P/1.000894/08378/", "don-vi/08377/")
#: What a resident taps on an office page: none may be under 44 px in either direction.
TARGETS = (
    ".o-home, .tt-textsize button, .o-search input, .o-search button, .o-call a, .o-map, "
    ".o-link, .o-list a, main > .o-card .o-button"
)


@pytest.mark.parametrize("width", (320, 360, 412))
def test_where_and_when_are_above_the_fold(
    province_server: SiteServer, phone: Any, width: int
) -> None:
    page = phone(width)
    for path in SCANS:
        page.goto(province_server.url(path))
        card = page.locator(".o-card").first
        for what in ("Địa chỉ", "Giờ làm việc"):
            fact = card.locator("dl.o-facts div", has=page.locator("dt", has_text=what))
            box = fact.bounding_box()
            assert box and box["y"] + box["height"] <= 740, (path, width, what, box)
        call = card.locator(".o-call a").first
        box = call.bounding_box()
        assert call.get_attribute("href").startswith("tel:0209")
        assert box and box["y"] + box["height"] <= 740 and box["height"] >= 44, (path, box)


@pytest.mark.parametrize("width", (320, 360, 412))
def test_targets_are_at_least_44_px(province_server: SiteServer, phone: Any, width: int) -> None:
    page = phone(width)
    for path in SCANS:
        page.goto(province_server.url(path))
        small = page.eval_on_selector_all(
            TARGETS,
            """els => els.map(e => [e.className || e.tagName, e.textContent.trim().slice(0, 30),
                e.getBoundingClientRect()]).filter(([, , r]) => r.height < 44 || r.width < 44)
                .map(([c, t, r]) => `${c} "${t}" ${r.width}x${r.height}`)""",
        )
        assert small == [], (path, width, small)
        assert page.locator(".o-home").inner_text().startswith("Bộ phận một cửa – UBND")


@pytest.mark.parametrize("width", (320, 360, 412))
def test_no_shared_value_stands_unmarked_where_the_office_overrides(
    province_server: SiteServer, phone: Any, width: int
) -> None:
    page = phone(width)
    page.goto(province_server.url("P/1.001193/08377/"))
    fee = page.locator(".o-facts div", has_text="Lệ phí").first.inner_text()
    assert "Miễn lệ phí tại phường Sông Cầu" in fee
    # Every visible block that states the shared fee or time says it does not apply here.
    unmarked = page.eval_on_selector_all(
        "main p, main li, main tr",
        """els => els.filter(e => /20\\.000 đồng|ngay trong ngày|Ngay trong ngày/.test(e.innerText)
            && !e.closest('.o-stale') && e.querySelector('p, li, tr') === null)
            .map(e => e.innerText)""",
    )
    assert unmarked == [], unmarked
    stale = page.locator(".o-stale").first
    assert stale.is_visible() and "Không áp dụng tại" in stale.inner_text()


def test_text_size_grows_the_office_page_and_is_remembered(
    province_server: SiteServer, phone: Any
) -> None:
    page = phone(360)
    page.goto(province_server.url("P/1.001193/08377/"))
    size = "() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
    before = page.evaluate(size)
    page.get_by_role("button", name="A+ chữ lớn hơn").click()
    page.get_by_role("button", name="A+ chữ lớn hơn").click()
    larger = page.evaluate(size)
    assert larger >= before * 1.25
    assert page.get_by_role("button", name="A+ chữ lớn hơn").is_disabled()
    page.goto(province_server.url("P/1.000894/08378/"))
    assert page.evaluate(size) == larger, "the size is kept from page to page"
    assert overflow(page) == []


def test_the_search_form_leads_to_the_sites_search(province_server: SiteServer, phone: Any) -> None:
    page = phone(360, javascript=False)
    page.goto(province_server.url("P/1.001193/08377/"))
    box = page.get_by_role("searchbox", name="Tìm thủ tục")
    box.fill("tạm trú")
    box.press("Enter")
    page.wait_for_url("**/?q=*")
    assert page.url.startswith(province_server.url("?q="))


def test_an_office_page_opened_once_reloads_offline(
    browser: Any, province_server: SiteServer
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(province_server.url("P/1.001193/08377/"))
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        wait_until_kept(page)
        context.set_offline(True)
        try:
            page.reload()
            assert page.locator("h1").inner_text() == "Đăng ký khai sinh"
            assert "Miễn lệ phí tại phường Sông Cầu" in page.inner_text(".o-card")
            page.goto(province_server.url("don-vi/08378/"))  # never opened
            assert page.locator("h1").inner_text() == "Không có kết nối mạng"
        finally:
            context.set_offline(False)
    finally:
        context.close()
