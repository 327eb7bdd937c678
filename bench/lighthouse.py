"""Lighthouse (mobile) on a built site served with gzip on 127.0.0.1, when Lighthouse is there.

Not a test and not part of `make bench`: Lighthouse is an npm tool this project does not
install. With it installed somewhere (`npm install --prefix /tmp/lh lighthouse@12`; version 13
needs Node 22), run after `make bench N=1000`:

    .venv/bin/python -m bench.lighthouse --lighthouse /tmp/lh/node_modules/.bin/lighthouse \\
        bench/out/work-1000/project/site thu-tuc/<slug>/

It serves the site as a static host would (gzip for text, 404.html for missing paths) and
prints the four category scores; results go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Metrics printed beside the scores (Lighthouse's simulated mobile throttling).
METRICS = {
    "largest-contentful-paint": "LCP ms",
    "cumulative-layout-shift": "CLS",
    "total-blocking-time": "TBT ms",
}


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it, like nginx with `gzip on`."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        kind = self.guess_type(str(path))
        if not path.is_file() or not accepts or not kind.startswith(GZIP_TYPES):
            return super().send_head()
        if self.path.split("?")[0].endswith("/") is False and path.name == "index.html":
            return super().send_head()  # let the base class redirect to the slash
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
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


class _Body:
    """What `send_head` returns: a file-like object `copyfile` reads once."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def scores(lighthouse: str, url: str, chrome: str) -> dict[str, float]:
    """Lighthouse's mobile preset (the default), headless, no network beyond 127.0.0.1."""
    done = subprocess.run(
        [
            lighthouse,
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CHROME_PATH": chrome},
    )
    report = json.loads(done.stdout)
    result: dict[str, float] = {
        name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
    }
    for audit, label in METRICS.items():
        result[label] = round(report["audits"][audit]["numericValue"], 3)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("path", help="page to audit, e.g. thu-tuc/<slug>/")
    parser.add_argument("--lighthouse", default="lighthouse")
    parser.add_argument("--chrome", default="/usr/bin/chromium")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with serve(args.site) as base:
        runs = [scores(args.lighthouse, base + args.path, args.chrome) for _ in range(args.runs)]
    for run in runs:
        print("  ".join(f"{name} {value}" for name, value in run.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
