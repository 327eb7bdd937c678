"""Material's files that the site never loads, left out of it.

`theme/main.html` drops Material's JavaScript bundle and its search (`block config`,
`block scripts`, and no `search` plugin), yet MkDocs still copies the bundle, lunr's
language files, the search worker and their source maps: 2.3 MB of a 4.7 MB site, published
and uploaded on every deploy for nothing. `tests/test_lean.py` follows every link and
source in the built site, so a file dropped here that a page needs fails the tests.
"""

from __future__ import annotations

#: Paths in the built site (POSIX, relative to its root) that nothing references.
UNUSED_PREFIXES = ("assets/javascripts/",)
UNUSED_SUFFIXES = (".map",)


def is_unused(site_path: str) -> bool:
    """Whether a file Material ships is one the site never loads."""
    return site_path.startswith(UNUSED_PREFIXES) or site_path.endswith(UNUSED_SUFFIXES)
