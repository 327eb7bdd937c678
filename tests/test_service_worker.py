"""The service worker's rules, run in node with a fake cache and network (issue 20): pages
and unversioned files are revalidated (`cache: "no-cache"`), versioned files are not, and the
offline copies are capped, least recently used out first."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from support import REPO

SW = REPO / "theme" / "sw.js"
HARNESS = REPO / "tests" / "support" / "sw_harness.js"


def run(visits: list[str]) -> dict[str, list]:  # type: ignore[type-arg]
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    done = subprocess.run(
        [node, str(HARNESS), str(SW), json.dumps(visits)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_pages_are_revalidated_and_versioned_files_are_not() -> None:
    paths = [
        "P/1.001193/08377/",
        "assets/thutuc/site.css",
        "search/titles.js?v=0123abcd",
        "search/body/w-vn.json",
        "assets/thutuc/vendor/minisearch-7.2.0.min.js",
    ]
    fetched = {f["url"].split("/", 3)[3]: f["cache"] for f in run(paths)["fetched"]}
    assert fetched == {
        "P/1.001193/08377/": "no-cache",
        "assets/thutuc/site.css": "no-cache",
        # The search's indexes keep their names from build to build: revalidated.
        "search/titles.js?v=0123abcd": "no-cache",
        "search/body/w-vn.json": "no-cache",
        "assets/thutuc/vendor/minisearch-7.2.0.min.js": "default",
    }


def test_the_cache_keeps_the_most_recently_used_up_to_its_cap() -> None:
    pages = [f"P/{n}/" for n in range(310)]
    # The first page is visited again late: it is recent, so it stays; 1..10 go.
    visits = [*pages[:200], pages[0], *pages[200:]]
    kept = run(visits)["kept"]
    assert len(kept) == 300
    assert "P/0/" in kept
    assert not any(f"P/{n}/" in kept for n in range(1, 11))
    assert kept[-1] == "P/309/"
