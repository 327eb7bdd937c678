"""Fresh facts (issue 20): a fee changed by a rebuild shows on the resident's next visit,
with the service worker (which revalidates every page) and without it (the host's cache
headers, as docs/deploying.md gives them); Offline reload of office pages: test_office_pages.py."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from support.browser import wait_until_kept
from support.project import FixtureProject
from support.province import make_province, offices_text, write_offices

from bench.static import SiteHandler

PAGE = "P/1.001193/08377/"
OLD_FEE = "Miễn lệ phí tại phường Sông Cầu"
NEW_FEE = "Lệ phí 8.000 đồng tại phường Sông Cầu"
MONTH = 30 * 24 * 3600


class HeadersHandler(SiteHandler):
    """The cache headers docs/deploying.md asks of a host: pages and unversioned files
    revalidated, versioned files (vendor/*-x.y.z) kept for a year."""

    def end_headers(self) -> None:
        path = self.path.split("?")[0]
        if "/vendor/" in path:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()


@contextlib.contextmanager
def served(site: Path, handler: type[SiteHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def age(site: Path) -> None:
    """Files last changed a month ago: a browser then guesses days of freshness from
    Last-Modified unless told otherwise."""
    old = time.time() - MONTH
    for path in site.rglob("*"):
        os.utime(path, (old, old))


@pytest.fixture
def province(tmp_path: Path) -> FixtureProject:
    project = make_province(tmp_path / "province")
    built = project.build()
    assert built.returncode == 0, built.output
    age(project.site)
    return project


def rebuild_with_new_fee(project: FixtureProject) -> None:
    write_offices(project, offices_text().replace(OLD_FEE, NEW_FEE))
    built = project.build()
    assert built.returncode == 0, built.output


def fee_shown(page: Any) -> str:
    return page.locator(".o-facts div").first.inner_text()


def visit(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    return page


def test_without_the_worker_the_hosts_headers_bring_the_new_fee(
    browser: Any, province: FixtureProject
) -> None:
    context = browser.new_context(service_workers="block", locale="vi-VN")
    try:
        with served(province.site, HeadersHandler) as base:
            assert OLD_FEE in fee_shown(visit(context, base + PAGE))
            rebuild_with_new_fee(province)
            assert NEW_FEE in fee_shown(visit(context, base + PAGE))
    finally:
        context.close()


def test_without_headers_or_worker_the_browser_would_show_the_old_fee(
    browser: Any, province: FixtureProject
) -> None:
    """The control: what the resident met before (python -m http.server, no worker)."""
    context = browser.new_context(service_workers="block", locale="vi-VN")
    try:
        with served(province.site, SiteHandler) as base:
            assert OLD_FEE in fee_shown(visit(context, base + PAGE))
            rebuild_with_new_fee(province)
            assert OLD_FEE in fee_shown(visit(context, base + PAGE))
    finally:
        context.close()


def test_the_worker_revalidates_even_without_cache_headers(
    browser: Any, province: FixtureProject
) -> None:
    context = browser.new_context(is_mobile=True, locale="vi-VN")
    try:
        with served(province.site, SiteHandler) as base:
            page = visit(context, base + PAGE)
            page.wait_for_function("navigator.serviceWorker.controller !== null")
            wait_until_kept(page)
            # A visit under the worker, so the HTTP cache holds the page too.
            assert OLD_FEE in fee_shown(visit(context, base + PAGE))
            rebuild_with_new_fee(province)
            fresh = visit(context, base + PAGE)
            assert NEW_FEE in fee_shown(fresh)
            # And the copy kept for offline use is the new one.
            context.set_offline(True)
            try:
                fresh.reload()
                assert NEW_FEE in fee_shown(fresh)
            finally:
                context.set_offline(False)
    finally:
        context.close()
