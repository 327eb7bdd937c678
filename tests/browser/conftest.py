"""Browser fixtures: Debian's chromium driven by Playwright, the sample site on a local server.

Never `playwright install`: the tests use /usr/bin/chromium. Without it they skip, unless
THUTUC_REQUIRE_BROWSER=1 (set by CI), where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import REPO, FixtureProject

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "tests" / "artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def missing(reason: str) -> None:
    """Skip locally; fail in CI, where the browser and axe-core must be present."""
    if os.environ.get("THUTUC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"THUTUC_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# Module scope, not session: the Playwright driver and the server run threads, and a later
# test that forks a process pool must not inherit a process with them still running.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing path with the site's 404.html, as nginx's `error_page` does."""
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class SiteServer:
    """The built sample site served over HTTP on 127.0.0.1, as any static host would."""

    project: FixtureProject
    base: str

    @property
    def site(self) -> Path:
        return self.project.site

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def local(self, published: str, site_url: str) -> str:
        """Map a published URL (e.g. a QR payload) onto this server; hosts ignore case."""
        target, root = urlsplit(published), urlsplit(site_url)
        assert target.netloc.lower() == root.netloc.lower(), published
        assert target.path.startswith(root.path), published
        return self.url(target.path[len(root.path) :])


@contextlib.contextmanager
def serve(project: FixtureProject) -> Iterator[SiteServer]:
    """A project's built site on 127.0.0.1, as any static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(project.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SiteServer(project, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_server(sample_site: FixtureProject) -> Iterator[SiteServer]:
    with serve(sample_site) as server:
        yield server


def search_results(page: Any, query: str, top: int = 3) -> tuple[Any, list[str]]:
    """Type `query` in the search box; the result links, and the first `top` hrefs."""
    box = page.get_by_role("searchbox", name="Tìm thủ tục")
    box.click()
    box.fill(query)
    results = page.locator("#tt-search-results li a")
    results.first.wait_for()
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(min(top, results.count()))]
    return results, hrefs


@dataclass
class Traffic:
    """Every request a page made, and the bytes of every response, for budget checks."""

    requests: list[str] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)

    def gzip_bytes(self) -> dict[str, int]:
        return {url: len(gzip.compress(body, 9)) for url, body in self.bodies.items()}


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def new_page(browser: Any, site_server: SiteServer, traffic: Traffic) -> Iterator[Any]:
    """Factory for pages in fresh contexts; every request is recorded, outside ones blocked."""
    contexts: list[Any] = []

    def factory(width: int = 360, height: int = 640, javascript: bool = True) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            locale="vi-VN",
            service_workers="block",
        )
        contexts.append(context)

        def route(route: Any) -> None:
            url = route.request.url
            traffic.requests.append(url)
            if url.startswith(site_server.base) or url.startswith("file:"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", route)
        page = context.new_page()

        def on_response(response: Any) -> None:
            # Redirects and aborted requests have no body.
            with contextlib.suppress(Exception):
                traffic.bodies[response.url] = response.body()

        page.on("response", on_response)
        return page

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing(f"axe-core is not installed ({AXE}); `make test` installs it with npm")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
