"""`thutuc split-staff`: the posters and packs out of the resident site, into a staff artifact.

GitHub Pages serves at most 1 GB a site, and some hosts cap the number of files; in a province
most of a built site is posters and packs that only staff print. After `thutuc build`, this
moves the PDFs of `site/posters/` into `STAFF/posters/` and points every link to them at
`--staff-url` (where the staff artifact is served: an intranet share, a private host), so the
resident site keeps every page, short URL, QR code and the packs' small PNG previews (an image
from another host would be a request the pages must not make), and staff pages still reach
the PDFs.
`procedures.json` gains `staff_url`: its `poster` and `packs` paths are relative to it.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator import urls

#: `href="…"` or `src="…"` in the HTML the build writes (always double-quoted).
_LINK = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"#?]*)(?P<rest>[^"]*)"')


@dataclass(frozen=True)
class FolderSize:
    files: int
    bytes: int

    @property
    def mib(self) -> float:
        return self.bytes / (1024 * 1024)


def folder_size(folder: Path) -> FolderSize:
    """Files and bytes below `folder` (links not followed)."""
    files = total = 0
    for base, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            total += os.lstat(os.path.join(base, name)).st_size
    return FolderSize(files, total)


def _rewrite(html: str, page_dir: str, staff_url: str) -> str:
    """Links from a page at `page_dir` (relative to the site) into posters/, to `staff_url`."""

    def replace(match: re.Match[str]) -> str:
        url = match.group("url")
        if not url or "://" in url or url.startswith(("/", "mailto:", "data:")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(page_dir, url))
        if not (target.startswith(urls.POSTER_DIR + "/") and target.endswith(".pdf")):
            return match.group(0)
        return f'{match.group("attr")}="{staff_url}{target}{match.group("rest")}"'

    return _LINK.sub(replace, html)


def split_staff(site: Path, staff: Path, staff_url: str) -> tuple[FolderSize, FolderSize]:
    """Move the posters into `staff`, relink the pages; returns (resident, staff) sizes."""
    staff_url = staff_url if staff_url.endswith("/") else staff_url + "/"
    posters = site / urls.POSTER_DIR
    for pdf in sorted(posters.rglob("*.pdf")) if posters.is_dir() else []:
        target = staff / pdf.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(pdf, target)  # a rename on one file system
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if urls.POSTER_DIR not in text:
            continue
        page_dir = page.parent.relative_to(site).as_posix()
        page_dir = "" if page_dir == "." else page_dir
        new = _rewrite(text, page_dir, staff_url)
        if new != text:
            page.write_text(new, encoding="utf-8")
    feed_path = site / "procedures.json"
    if feed_path.is_file():
        feed = json.loads(feed_path.read_text(encoding="utf-8"))
        feed["staff_url"] = staff_url
        feed_path.write_text(json.dumps(feed, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder_size(site), folder_size(staff)
