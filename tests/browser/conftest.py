"""Browser fixtures: Debian's chromium driven by Playwright, the sample site on a local server.
The helpers they use live in support.browser."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import REPO
from support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SiteServer,
    Traffic,
    missing,
    serve,
)
from support.project import FixtureProject

AXE = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "tests" / "artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


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


@pytest.fixture(scope="module")
def site_server(sample_site: FixtureProject) -> Iterator[SiteServer]:
    with serve(sample_site) as server:
        yield server


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
        if traffic.keep_bodies:

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
