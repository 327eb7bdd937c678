"""Driving Debian's chromium against a built site served on 127.0.0.1.

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
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bench.static import SiteHandler
from support.project import FixtureProject

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


def missing(reason: str) -> None:
    """Skip locally; fail in CI, where the browser and axe-core must be present."""
    if os.environ.get("THUTUC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"THUTUC_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class SiteServer:
    """A built site served over HTTP on 127.0.0.1, as any static host would."""

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
    handler = functools.partial(SiteHandler, directory=str(project.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SiteServer(project, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def search_results(
    page: Any, query: str, top: int = 3, *, settled: bool = False
) -> tuple[Any, list[str]]:
    """Type `query` in the search box; the result links, and the first `top` hrefs. With
    `settled`, wait until full-text (body index) hits have been added too."""
    box = page.get_by_role("searchbox", name="Tìm thủ tục")
    box.click()
    box.fill(query)
    results = page.locator("#tt-search-results li a")
    if settled:
        page.locator("[data-tt-search][data-search=done]").wait_for(state="attached")
    results.first.wait_for()
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(min(top, results.count()))]
    return results, hrefs


#: Polled inside the page: Playwright's `wait_for_function` does not await a predicate's
#: promise (a Promise is truthy), so an async predicate there passes at once.
KEPT_JS = """async (url) => {
  const deadline = performance.now() + 20000;
  while (!(await caches.match(url))) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}"""


def wait_until_kept(page: Any, url: str | None = None) -> None:
    """Wait until the service worker's cache holds `url` (the page's own URL by default)."""
    target = url or page.url.split("#")[0]
    assert page.evaluate(KEPT_JS, target), f"the service worker never kept {target}"


@dataclass
class Traffic:
    """Every request a page made and, for budget checks that ask (`keep_bodies` set before
    the page opens), the bytes of every response. Fetching every body back over the DevTools
    protocol cost the browser tests about a twelfth of their CPU, so other tests go without."""

    requests: list[str] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)
    keep_bodies: bool = False

    def gzip_bytes(self) -> dict[str, int]:
        assert self.keep_bodies, "set traffic.keep_bodies before opening the page"
        return {url: len(gzip.compress(body, 9)) for url, body in self.bodies.items()}


#: Every element whose right edge passes the viewport, unless a scrolling box (a table)
#: clips it; and the page's own widths.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width && r.height && r.right > width + 0.5 && !clipped(el)) {
      wide.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(r.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, inner: innerWidth, wide: wide};
}"""


def overflow(page: Any) -> list[str]:
    measured = page.evaluate(OVERFLOW_JS)
    problems = list(measured["wide"][:3])
    if measured["scroll"] > measured["inner"]:
        problems.append(f"document is {measured['scroll']} px wide in {measured['inner']} px")
    return problems


def serious_violations(page: Any, axe_source: str) -> list[tuple[Any, ...]]:
    """axe-core's serious and critical violations on the loaded page: rule, impact, targets."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
