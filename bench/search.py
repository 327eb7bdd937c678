"""Search figures for `make bench`: the title index's size, and how long a resident waits for
the first results after focusing the box and typing, on a throttled "Fast 3G" connection in
chromium, as a phone on a first visit would (nothing cached, responses gzipped as any real
host serves them).

Also the ranking's own time per keystroke with the CPU slowed 4× (DevTools' "mid-tier
mobile"), and a word found only in bodies typed once the names are ready: the time from
the last keystroke to its results and the bytes it costs, on Fast 3G with the CPU slowed
4× (issue 20's targets: ≤ 2 s, ≤ 100 KB). Figures only: tests never assert times.
"""

from __future__ import annotations

import gzip
import statistics
from pathlib import Path
from typing import Any

from bench.static import serve
from generator import urls

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
#: Chrome DevTools' "Fast 3G": 562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up.
FAST_3G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1_440_000 / 8,
    "uploadThroughput": 675_000 / 8,
}
CPU_SLOWDOWN = 4
QUERY = "khai sinh"
#: A word found only in bodies (issue 20: "vneid", in 187 of 1,000 bodies of the corpus).
BODY_QUERY = "vneid"
#: Issue 20's targets for the first body query at 1,000 procedures.
BODY_TARGET_MS = 2000
BODY_TARGET_BYTES = 100_000
KEYSTROKE_QUERIES = ("dang ky khai sinh", "chung thuc chu ki", "thuong tru", "xin giay doc than")
#: Marks the time the first result appears, on the page's own clock.
_WATCH = """() => {
  const list = document.querySelector('#tt-search-results');
  window.__ttFirst = 0;
  new MutationObserver((changes, observer) => {
    if (list.children.length) { window.__ttFirst = performance.now(); observer.disconnect(); }
  }).observe(list, {childList: true});
  return performance.now();
}"""
_KEYSTROKES = """async (queries) => {
  const search = document.querySelector('[data-tt-search]').thutucSearch;
  await search.rank('a');
  const times = [];
  for (const query of queries) {
    for (let end = 2; end <= query.length; end++) {  // the box waits for 2 letters
      const start = performance.now();
      await search.rank(query.slice(0, end));
      times.push(performance.now() - start);
    }
  }
  return times;
}"""


#: After the names are ready: marks the last keystroke and the first result on the page's clock.
_WATCH_BODY = """(query) => {
  const box = document.querySelector('[data-tt-search]');
  const input = box.querySelector('input[type=search]');
  const list = box.querySelector('#tt-search-results');
  window.__ttBody = 0;
  new MutationObserver(() => {
    if (!window.__ttBody && input.value === query && list.querySelector('a')) {
      window.__ttBody = performance.now();
    }
  }).observe(list, {childList: true});
  input.value = query;  // the whole word at once: its last keystroke is now
  const typed = performance.now();
  input.dispatchEvent(new Event('input', {bubbles: true}));
  return typed;
}"""


def _throttled(context: Any, page: Any) -> Any:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return cdp


def _body_results(browser: Any, page_url: str) -> dict[str, float]:
    """A word only in bodies, typed once the names are ready: milliseconds from the last
    keystroke to the first result, and the bytes (as sent, gzipped) and requests it cost."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, service_workers="block")
    try:
        page = context.new_page()
        _throttled(context, page)
        sizes: list[float] = []
        counting = {"on": False}

        def finished(request: Any) -> None:
            if counting["on"]:
                size = request.sizes()
                sizes.append(float(size["responseBodySize"] + size["responseHeadersSize"]))

        context.on("requestfinished", finished)
        page.goto(page_url, wait_until="load", timeout=120_000)
        page.get_by_role("searchbox", name="Tìm thủ tục").focus()
        page.wait_for_function("!!document.querySelector('[data-tt-search]').thutucSearch")
        page.evaluate("document.querySelector('[data-tt-search]').thutucSearch.rank('a')")
        counting["on"] = True
        typed = float(page.evaluate(_WATCH_BODY, BODY_QUERY))
        page.wait_for_function("window.__ttBody > 0", timeout=60_000)
        page.locator("[data-tt-search][data-search=done]").wait_for(state="attached")
        shown = float(page.evaluate("window.__ttBody"))
        return {"ms": shown - typed, "bytes": sum(sizes), "requests": len(sizes)}
    finally:
        context.close()


def index_size(site: Path) -> dict[str, int]:
    data = (site / urls.TITLE_INDEX).read_bytes()
    return {"raw": len(data), "gzip": len(gzip.compress(data, 9))}


def _first_results(browser: Any, page_url: str) -> float:
    """Milliseconds from focusing the box (typing at once) to the first result shown."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, service_workers="block")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        page.goto(page_url, wait_until="load", timeout=120_000)
        start = page.evaluate(_WATCH)
        box = page.get_by_role("searchbox", name="Tìm thủ tục")
        box.focus()
        page.keyboard.type(QUERY)
        page.wait_for_function("window.__ttFirst > 0", timeout=60_000)
        return float(page.evaluate("window.__ttFirst")) - float(start)
    finally:
        context.close()


def _keystrokes(browser: Any, page_url: str) -> list[float]:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(page_url, wait_until="load")
        page.get_by_role("searchbox", name="Tìm thủ tục").focus()  # loads the search
        page.wait_for_function("!!document.querySelector('[data-tt-search]').thutucSearch")
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        times: list[float] = page.evaluate(_KEYSTROKES, list(KEYSTROKE_QUERIES))
        return times
    finally:
        context.close()


def search_figures(site: Path, page_path: str, repeats: int = 3) -> dict[str, Any]:
    """Index size, and (with chromium) first results on Fast 3G and time per keystroke."""
    figures: dict[str, Any] = {"index": index_size(site)}
    if not CHROMIUM.exists():
        figures["skipped"] = f"{CHROMIUM} is not installed"
        return figures
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            firsts = [_first_results(browser, base + page_path) for _ in range(repeats)]
            bodies = [_body_results(browser, base + page_path) for _ in range(repeats)]
            keys = _keystrokes(browser, base + page_path)
        finally:
            browser.close()
    figures["first_results_ms"] = statistics.median(firsts)
    figures["first_results_runs_ms"] = firsts
    figures["body_results_ms"] = statistics.median(run["ms"] for run in bodies)
    figures["body_results_runs_ms"] = [run["ms"] for run in bodies]
    figures["body_bytes"] = max(run["bytes"] for run in bodies)
    figures["body_requests"] = max(run["requests"] for run in bodies)
    figures["keystroke_ms_median"] = statistics.median(keys)
    figures["keystroke_ms_max"] = max(keys)
    return figures


def rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Lines for the bench table (none if search was not measured)."""
    if not figures:
        return []
    index = figures["index"]
    table = [
        (
            "title index (search/titles.js)",
            f"{index['gzip'] / 1024:.1f} KiB gzip",
            f"raw {index['raw'] / 1024:.1f} KiB",
        )
    ]
    if "skipped" in figures:
        table.append(("first search results on Fast 3G", "not measured", figures["skipped"]))
        return table
    table += [
        (
            "first search results on Fast 3G (focus, type)",
            f"{figures['first_results_ms'] / 1000:.2f} s",
            f"“{QUERY}”, nothing cached; runs "
            + ", ".join(f"{ms / 1000:.2f}" for ms in figures["first_results_runs_ms"]),
        ),
        (
            f"body search on Fast 3G, {CPU_SLOWDOWN}× slower CPU (last key to results)",
            f"{figures['body_results_ms'] / 1000:.2f} s",
            f"“{BODY_QUERY}”, target ≤ {BODY_TARGET_MS / 1000:.0f} s; runs "
            + ", ".join(f"{ms / 1000:.2f}" for ms in figures["body_results_runs_ms"]),
        ),
        (
            "body search: bytes of the first body query",
            f"{figures['body_bytes'] / 1024:.1f} KiB",
            f"{figures['body_requests']} requests; target ≤ {BODY_TARGET_BYTES / 1000:.0f} KB",
        ),
        (
            f"ranking per keystroke ({CPU_SLOWDOWN}× slower CPU)",
            f"{figures['keystroke_ms_median']:.1f} ms median",
            f"max {figures['keystroke_ms_max']:.1f} ms",
        ),
    ]
    return table
