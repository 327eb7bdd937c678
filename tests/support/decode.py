"""Reading back what a build wrote, as a resident's phone or a printer would: QR codes from
images, pages of PDFs, and the short URLs' redirects."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pypdfium2
import zxingcpp
from PIL import Image

from support.project import FixtureProject


def qr_results(image: Image.Image) -> list[zxingcpp.Result]:
    """Every QR code zxing-cpp finds in the image, with its version and error correction."""
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def qr_texts(image: Image.Image) -> list[str]:
    """The payloads of every QR code in the image, in zxing-cpp's order."""
    return [result.text for result in qr_results(image)]


def pdf_pages(path: Path) -> int:
    """How many pages PDFium sees in the file."""
    document = pypdfium2.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def site_path(project: FixtureProject, url: str, site_url: str) -> Path:
    """Map an absolute URL of the site to its file in site/ (hosts compare case-insensitively)."""
    parts, base = urlsplit(url), urlsplit(site_url)
    assert parts.scheme == base.scheme
    assert parts.netloc.lower() == base.netloc.lower()
    assert parts.path.startswith(base.path)
    relative = parts.path[len(base.path) :]
    target = project.site / relative
    return target / "index.html" if relative.endswith("/") or not relative else target


def follow_refresh(page: Path, project: FixtureProject) -> Path:
    """The page a short URL's redirect lands on; the redirect must also be a plain link."""
    text = page.read_text(encoding="utf-8")
    match = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text)
    assert match, f"no meta refresh in {page}"
    assert f'href="{match.group(1)}"' in text, "the page also needs a plain link"
    base = page.parent.relative_to(project.site).as_posix() + "/"
    target = urljoin("http://x/" + base, html.unescape(match.group(1)))
    return project.site / urlsplit(target).path.lstrip("/") / "index.html"
