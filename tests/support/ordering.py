"""The order test files are handed to pytest-xdist's workers: the heaviest first.

With `--dist loadfile` each file goes whole to the next free worker, in collection order once
xdist's own reordering (by number of tests) is off. By number of tests, a file of one long
test (the first afternoon in chromium, half a minute) came last and left the other worker
idle at the end. Here a test marked `slow` or `browser` weighs ten ordinary ones: those files
start first and the run ends on short unit-test files, whichever worker frees up.
"""

from __future__ import annotations

from collections import Counter

import pytest

#: What a whole-workflow or browser test weighs against an ordinary one.
HEAVY = 10


def weight(item: pytest.Item) -> int:
    marked = item.get_closest_marker("slow") or item.get_closest_marker("browser")
    return HEAVY if marked else 1


def heaviest_files_first(items: list[pytest.Item]) -> None:
    """Sort `items` in place by their file's total weight, heaviest first; the order within a
    file, and between files of equal weight, is kept."""
    weights: Counter[str] = Counter()
    for item in items:
        weights[item.nodeid.split("::")[0]] += weight(item)
    items.sort(key=lambda item: -weights[item.nodeid.split("::")[0]])
