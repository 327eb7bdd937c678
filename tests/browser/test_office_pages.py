"""The offices' pages of the fixture province in a real chromium on phone-sized screens: the
scan page with the steps, a procedure the office does not handle, the office's own page. No
sideways scrolling, one request, readable without JavaScript, no serious axe violations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.browser import SiteServer, Traffic, overflow, serious_violations, serve
from support.province import make_province

PAGES = ("P/1.001193/08377/", "P/1.000894/08378/", "P/1.004194/08378/", "don-vi/08377/")


@pytest.fixture(scope="module")
def province_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    project = make_province(Path(tmp_path_factory.mktemp("province-browser")))
    built = project.build()
    assert built.returncode == 0, built.output
    with serve(project) as server:
        yield server


@pytest.fixture
def phone(browser: Any, province_server: SiteServer, traffic: Traffic) -> Iterator[Any]:
    contexts: list[Any] = []

    def factory(width: int, javascript: bool = True) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": 640},
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
