"""Where things live in the built site, and the permanent short URL printed in every QR."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit, urlunsplit

from generator.content.folding import bare
from generator.i18n import _

PROCEDURE_DIR = "thu-tuc"
FIELD_DIR = "linh-vuc"
SHORT_DIR = "P"
QR_DIR = "qr"
POSTER_DIR = "posters"
#: The pack `thutuc reprint` writes for staff (`posters/` or `posters/<OFFICE>/`).
REPRINT_PACK = "pack-reprint.pdf"
PREVIEW_DIR = "social"
SEARCH_DIR = "search"
#: The title index the search box loads on first use (`generator/build/titles.py`).
TITLE_INDEX = f"{SEARCH_DIR}/titles.js"


def http_url_problem(url: str) -> str | None:
    """Why `url` is not one whole http(s) address with a host, if it is not."""
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        return _("must be one address, without spaces or line breaks")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed [IPv6 address
        return _("is not a valid address")
    if parts.scheme.lower() not in ("http", "https") or not host:
        return _("must be an http:// or https:// address with a host")
    if parts.username is not None:
        return _("must not carry a user name before the host")
    return None


def site_url_problem(site_url: str | None) -> str | None:
    """Why `site_url` cannot be printed in every QR code, if it cannot: phones open nothing
    but an http(s) address with a host from a scan."""
    if not site_url:
        return _("'site_url' is required: every QR code and short URL is built from it")
    problem = http_url_problem(site_url)
    if problem is None and (urlsplit(site_url).query or urlsplit(site_url).fragment):
        problem = _("must not hold a ?query or a #fragment")
    if problem is None:
        return None
    return _("'site_url: {url}' {problem} (e.g. https://thutuc.example.gov.vn/)").format(
        url=site_url, problem=problem
    )


def normalise_site_url(site_url: str) -> str:
    """A site URL with exactly one trailing slash, so paths join predictably."""
    return site_url.rstrip("/") + "/"


def short_path(code: str) -> str:
    """The site-relative short URL path; upper case, since a printed QR can never change."""
    return f"{SHORT_DIR}/{code.upper()}/"


def short_url(site_url: str, code: str) -> str:
    """The QR payload: lower-case scheme, upper-case host, then the site path and `P/<CODE>/`.

    Upper case lets the QR encoder use its denser alphanumeric mode. The scheme stays lower
    case because some scanners mishandle `HTTPS://`; the site's own path keeps its case
    because paths are case-sensitive on most servers.
    """
    parts = urlsplit(normalise_site_url(site_url))
    host = parts.netloc.upper()
    return urlunsplit((parts.scheme.lower(), host, parts.path + short_path(code), "", ""))


def display_url(short_url: str) -> str:
    """The short URL as people read and type it: no scheme, host in lower case, path exactly
    as printed (`thutuc.example.gov.vn/P/1.001193/`). Posters and pages both show this; the
    QR code keeps the full `short_url`."""
    head, tail = display_url_parts(short_url)
    return head + tail


def display_url_parts(short_url: str) -> tuple[str, str]:
    """`display_url` cut before `P/<CODE>/`, so a page can keep the code on one line."""
    rest = short_url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    head, marker, code = f"/{path}".rpartition(f"/{SHORT_DIR}/")
    if not marker:
        return f"{host.lower()}/{path}", ""
    return f"{host.lower()}{head}/", f"{SHORT_DIR}/{code}"


def procedure_path(slug: str) -> str:
    return f"{PROCEDURE_DIR}/{slug}/"


def procedure_url(site_url: str, slug: str) -> str:
    return normalise_site_url(site_url) + procedure_path(slug)


#: What a slug keeps: ASCII letters and digits; every other run becomes one dash.
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """The one slug rule, for file names, field pages and the search box's links: folded
    (lower case, no marks, đ as d), every run of other characters a dash. `slugOf` in
    `theme/assets/thutuc/search-app.js` is its twin: the title index leaves out every slug
    this gives from the title, and the browser derives it again."""
    return _NOT_SLUG.sub("-", bare(text)).strip("-")


@functools.lru_cache(maxsize=1024)
def field_slug(field: str) -> str:
    """A field's page name: its slug, or `khac` ("other") for a name with no letters."""
    return slug(field) or "khac"


def field_path(field: str) -> str:
    return f"{FIELD_DIR}/{field_slug(field)}/"


def qr_paths(code: str) -> dict[str, str]:
    return {"svg": f"{QR_DIR}/{code}.svg", "png": f"{QR_DIR}/{code}.png"}


def poster_path(code: str) -> str:
    return f"{POSTER_DIR}/{code}.pdf"


def preview_path(code: str) -> str:
    """A procedure's link preview image (Open Graph)."""
    return f"{PREVIEW_DIR}/{code}.png"


#: The link preview of pages that are not procedures (home, fields).
SITE_PREVIEW = f"{PREVIEW_DIR}/site.png"


def pack_path(name: str) -> str:
    return f"{POSTER_DIR}/pack-{name}.pdf"


def pack_preview_path(name: str) -> str:
    """The PNG of a pack's first page, shown on the staff page."""
    return f"{POSTER_DIR}/pack-{name}.png"


def relative(from_dir: str, to_path: str) -> str:
    """A relative link between two site-relative paths, so the site works from a folder."""
    depth = len([part for part in from_dir.split("/") if part])
    return "../" * depth + to_path


# Offices (contract v2): one short URL, QR and poster per office and procedure it handles.
OFFICE_DIR = "don-vi"


def office_short_path(code: str, office: str) -> str:
    """`P/<CODE>/<OFFICE>/`: below the v1 short URL, so a v1 QR keeps working beside it."""
    return f"{short_path(code)}{office.upper()}/"


def office_short_url(site_url: str, code: str, office: str) -> str:
    """The office QR payload, cased like `short_url`: lower-case scheme, upper-case rest."""
    return short_url(site_url, code) + f"{office.upper()}/"


def office_path(office: str) -> str:
    """The office's own page: its facts, procedures and packs."""
    return f"{OFFICE_DIR}/{office.upper()}/"


def office_qr_paths(code: str, office: str) -> dict[str, str]:
    stem = f"{QR_DIR}/{office.upper()}/{code}"
    return {"svg": f"{stem}.svg", "png": f"{stem}.png"}


def office_poster_path(code: str, office: str) -> str:
    return f"{POSTER_DIR}/{office.upper()}/{code}.pdf"


def office_pack_dir(office: str) -> str:
    """Where an office's packs go, so their names never clash with the site's own."""
    return f"{POSTER_DIR}/{office.upper()}/"


#: Any relative href or src in HTML: not absolute (`https:`, `tel:`), rooted or a fragment.
_RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)"')


def rebase_links(html: str, base: str) -> str:
    """HTML moved to another folder: each relative link gets `base`, the way from the new
    folder to the old one, so it still points where it did (the site works from a folder)."""
    return _RELATIVE_LINK.sub(lambda match: f'{match.group(1)}{base}{match.group(2)}"', html)
