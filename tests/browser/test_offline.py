"""Offline use with the service worker: what a resident opened keeps working with the network
cut, search included; online, a new build is shown at once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.browser import SiteServer, search_results, serve, wait_until_kept
from support.project import FixtureProject

PAGE = "thu-tuc/dang-ky-tam-tru/"


@pytest.fixture(scope="module")
def copy_server(catalogue_site: FixtureProject, tmp_path_factory: Any) -> Iterator[SiteServer]:
    """The catalogue served from a copy of its site, which the tests may change."""
    root = tmp_path_factory.mktemp("offline")
    shutil.copytree(catalogue_site.site, root / "site")
    shutil.copytree(catalogue_site.content, root / "content")
    with serve(FixtureProject(root)) as server:
        yield server


@pytest.fixture
def resident(browser: Any) -> Iterator[Any]:
    """A phone whose browser runs service workers (the other browser tests block them)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, locale="vi-VN"
    )
    yield context
    context.close()


def opened(context: Any, url: str) -> Any:
    """A page opened online and kept by the service worker."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    wait_until_kept(page)
    return page


def test_a_page_opened_before_reloads_without_a_signal(
    copy_server: SiteServer, resident: Any
) -> None:
    page = opened(resident, copy_server.url(PAGE))
    # A second page, opened while the worker is in charge, is kept as it loads.
    page.locator(".tt-field a").click()
    page.wait_for_url(copy_server.url("linh-vuc/cu-tru/"))
    wait_until_kept(page)
    page.go_back()
    resident.set_offline(True)
    try:
        page.reload()
        assert page.locator("h1").inner_text().strip() == "Đăng ký tạm trú"
        card = "getComputedStyle(document.querySelector('.tt-card')).borderLeftWidth"
        assert page.evaluate(card) == "4px", "the stylesheet came from the copy too"
        assert page.locator("img[src$='1.004194.svg']").first.evaluate("i => i.naturalWidth") > 0
        page.goto(copy_server.url("linh-vuc/cu-tru/"))
        assert page.locator("h1").inner_text().strip() == "Cư trú"
        page.goto(copy_server.url("linh-vuc/y-te/"))  # never opened
        assert page.locator("h1").inner_text().strip() == "Không có kết nối mạng"
    finally:
        resident.set_offline(False)


def test_search_works_offline_once_it_was_used(copy_server: SiteServer, resident: Any) -> None:
    page = opened(resident, copy_server.url(""))
    _, online = search_results(page, "tam tru")
    assert online
    resident.set_offline(True)
    try:
        page.reload()
        _, offline = search_results(page, "tam tru")
        assert offline == online
    finally:
        resident.set_offline(False)


def test_online_a_new_build_is_shown_at_once(copy_server: SiteServer, resident: Any) -> None:
    page = opened(resident, copy_server.url(PAGE))
    assert page.locator("h1").inner_text().strip() == "Đăng ký tạm trú"
    served: Path = copy_server.site / PAGE / "index.html"
    original = served.read_text(encoding="utf-8")
    served.write_text(original.replace(">Đăng ký tạm trú</h1>", ">Đăng ký tạm trú (mới)</h1>"))
    try:
        page.reload()
        assert page.locator("h1").inner_text().strip() == "Đăng ký tạm trú (mới)"
    finally:
        served.write_text(original, encoding="utf-8")
