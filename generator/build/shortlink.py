"""The static pages behind the permanent short URLs: they work without JavaScript or a server.

A scan must show the procedure in one request, so `P/<CODE>/index.html` of an active
procedure is the procedure page itself (its canonical link names the long URL). A retired
code, whose printed posters may hang on walls for years, keeps a notice page that leads on.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from markupsafe import escape

from generator import urls
from generator.cache import link_or_copy, write_file
from generator.content.catalog import Catalog
from generator.content.procedure import Procedure

PAGE = """\
<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="canonical" href="{canonical}">
<meta name="robots" content="noindex">
<script>if(location.protocol==="file:")location.replace("{target}index.html")</script>
<meta http-equiv="refresh" content="0; url={target}">
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:36rem}}</style>
</head>
<body>
<p>{note}</p>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""


def short_page(catalog: Catalog, procedure: Procedure) -> str:
    """HTML for `P/<CODE>/index.html`, leading to the page a printed QR must reach."""
    landing = catalog.landing(procedure)
    if landing is not procedure:
        note = f"Thủ tục {procedure.code} đã được thay thế. Đang chuyển đến thủ tục mới:"
    else:
        note = "Đang mở trang hướng dẫn thủ tục:"
    target = urls.relative(urls.short_path(procedure.code), urls.procedure_path(landing.slug))
    return PAGE.format(
        title=escape(landing.title),
        canonical=escape(catalog.url(landing)),
        target=escape(target),
        note=escape(note),
    )


#: An href or src whose URL means something else from another folder two deep: not
#: absolute, rooted or a fragment, and not climbing to the site root (`../..`, `../../x`).
#: Case-sensitive, as MkDocs and the templates write attributes: re.IGNORECASE made the scan
#: of 1,000 pages 60 % slower.
_KEPT = r'(?!\.\./\.\.(?:[/"#?])|[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)'
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")' + _KEPT + r'([^"]*)"')
#: What every match of `_RELATIVE_URL` contains, each pattern led by a literal that the
#: engine scans for: five times faster than `_RELATIVE_URL` on a page with nothing to re-base,
#: the usual case.
_MAYBE_RELATIVE = (re.compile('href="' + _KEPT), re.compile('src="' + _KEPT))


def has_notice(procedure: Procedure) -> bool:
    """Whether `P/<CODE>/` is a notice page that leads on, rather than the procedure page."""
    return procedure.retired


def short_copy(html: str, procedure: Procedure) -> str:
    """The procedure page's HTML, re-based for `P/<CODE>/`.

    Both paths are two folders deep, so links that climb to the site root (`../../`) stay as
    they are; the others (a link to a sibling procedure, `../other/`, or an image beside the
    page) are made to climb to the root and come down the long path.
    """
    if not any(pattern.search(html) for pattern in _MAYBE_RELATIVE):
        return html
    base = urls.relative(urls.short_path(procedure.code), urls.procedure_path(procedure.slug))
    return _RELATIVE_URL.sub(lambda match: f'{match.group(1)}{base}{match.group(2)}"', html)


class ShortCopies:
    """Writes `P/<CODE>/index.html` for each active procedure page as it is rendered.

    A page with nothing to re-base (most) is the very same bytes as its long page, so its
    short copy is a hard link to that file rather than a second write. MkDocs writes a page
    just after handing it to the plugin, so the links are made together by `finish`, once
    every page is written: two system calls a page (its folder, the link) in one loop, not
    four interleaved with rendering, where each gave the GIL away to the indexing thread.
    """

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        #: (the long page's file, its short copy, the page's text when MkDocs writes none)
        self._links: list[tuple[Path, Path, str | None]] = []

    def add(self, procedure: Procedure, html: str, page_file: Path) -> None:
        """The rendered page of `procedure`, about to be written to `page_file`."""
        if has_notice(procedure):
            return
        target = self.site_dir / urls.short_path(procedure.code) / "index.html"
        copy = short_copy(html, procedure)
        if copy != html:
            write_file(target, copy)
        else:  # MkDocs writes no page whose output is blank: such a copy stands alone
            self._links.append((page_file, target, None if html.strip() else html))

    def finish(self) -> None:
        """Link every page handed to `add`, which MkDocs has written since."""
        links, self._links = self._links, []
        for page_file, target, alone in links:
            if alone is not None:
                write_file(target, alone)
                continue
            try:
                os.mkdir(target.parent)
            except FileExistsError:
                pass
            except FileNotFoundError:  # the first: no P/ yet
                target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(page_file, target)
