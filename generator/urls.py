"""Where things live in the built site, and the permanent short URL printed in every QR."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit, urlunsplit

from slugify import slugify

PROCEDURE_DIR = "thu-tuc"
FIELD_DIR = "linh-vuc"
SHORT_DIR = "P"
QR_DIR = "qr"
POSTER_DIR = "posters"


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


@functools.lru_cache(maxsize=1024)
def field_slug(field: str) -> str:
    return slugify(field.replace("đ", "d").replace("Đ", "D")) or "khac"


def field_path(field: str) -> str:
    return f"{FIELD_DIR}/{field_slug(field)}/"


def qr_paths(code: str) -> dict[str, str]:
    return {"svg": f"{QR_DIR}/{code}.svg", "png": f"{QR_DIR}/{code}.png"}


def poster_path(code: str) -> str:
    return f"{POSTER_DIR}/{code}.pdf"


def relative(from_dir: str, to_path: str) -> str:
    """A relative link between two site-relative paths, so the site works from a folder."""
    depth = len([part for part in from_dir.split("/") if part])
    return "../" * depth + to_path
