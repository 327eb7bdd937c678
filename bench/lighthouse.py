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
import json
import os
import subprocess
from pathlib import Path

from bench.static import serve

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Metrics printed beside the scores (Lighthouse's simulated mobile throttling).
METRICS = {
    "largest-contentful-paint": "LCP ms",
    "cumulative-layout-shift": "CLS",
    "total-blocking-time": "TBT ms",
}


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
