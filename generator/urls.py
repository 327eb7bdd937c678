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


def display_url(short_url: str) -> str:
    """The short URL as people read and type it: no scheme, host in lower case, path kept
    exactly (the path is case-sensitive). The QR payload itself is unchanged."""
    rest = short_url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    return f"{host.lower()}/{path}"


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
