"""Every QR we emit is proven: decoded back from SVG and PNG, and followed to its page."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import zxingcpp
from conftest import FixtureProject
from PIL import Image, ImageDraw

from generator import qr, urls

PATH_COMMAND = re.compile(r"M(\d+) (\d+)h(\d+)v1h-\d+z")


def decode(image: Image.Image) -> list[zxingcpp.Result]:
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def rasterise_svg(svg: str, scale: int = 8) -> Image.Image:
    """Draw our single-path SVG with Pillow, so the SVG's own geometry is what gets decoded."""
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    [path] = re.findall(r'<path d="([^"]*)"', svg)
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    commands = PATH_COMMAND.findall(path)
    assert "".join(f"M{x} {y}h{n}v1h-{n}z" for x, y, n in commands) == path
    for x, y, n in commands:
        x0, y0 = int(x) * scale, int(y) * scale
        draw.rectangle([x0, y0, x0 + int(n) * scale - 1, y0 + scale - 1], fill=0)
    return image


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
    text = page.read_text(encoding="utf-8")
    match = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text)
    assert match, f"no meta refresh in {page}"
    assert f'href="{match.group(1)}"' in text, "the page also needs a plain link"
    base = page.parent.relative_to(project.site).as_posix() + "/"
    target = urljoin("http://x/" + base, html.unescape(match.group(1)))
    return project.site / urlsplit(target).path.lstrip("/") / "index.html"


def test_every_qr_decodes_to_its_short_url_and_lands_on_its_page(
    sample_site: FixtureProject,
) -> None:
    feed = sample_site.feed()
    assert len(feed["procedures"]) == 10
    for entry in feed["procedures"]:
        png = Image.open(sample_site.site / entry["qr"]["png"])
        svg = (sample_site.site / entry["qr"]["svg"]).read_text(encoding="utf-8")
        for image in (png, rasterise_svg(svg)):
            [result] = decode(image)
            assert result.text == entry["short_url"]
            assert int(result.extra["Version"]) <= 3
            assert result.extra["ECLevel"] == "Q"
        short_page = site_path(sample_site, entry["short_url"], feed["site_url"])
        assert short_page == sample_site.site / "P" / entry["code"] / "index.html"
        # The short URL serves the procedure page itself: one request per scan.
        short = short_page.read_text(encoding="utf-8")
        assert "http-equiv" not in short
        assert f">{html.escape(entry['title'], quote=False)}</h1>" in short
        assert f'<link rel="canonical" href="{entry["url"]}">' in short
        assert site_path(sample_site, entry["url"], feed["site_url"]).is_file()


def test_payload_has_lower_case_scheme_and_upper_case_host_and_path() -> None:
    url = urls.short_url("https://thutuc.example.gov.vn/", "2.000815.000.00.00.h55")
    assert url == "https://THUTUC.EXAMPLE.GOV.VN/P/2.000815.000.00.00.H55/"
    assert urls.short_url("https://example.gov.vn/thutuc", "1.001193") == (
        "https://EXAMPLE.GOV.VN/thutuc/P/1.001193/"
    )


def test_people_see_the_short_url_without_scheme_and_with_a_lower_case_host() -> None:
    """One display form for pages and posters; the QR payload keeps its own case."""
    payload = urls.short_url("https://example.gov.vn/thutuc/", "2.000815.000.00.00.h55")
    assert urls.display_url(payload) == "example.gov.vn/thutuc/P/2.000815.000.00.00.H55/"
    head, code = urls.display_url_parts(payload)
    assert (head, code) == ("example.gov.vn/thutuc/", "P/2.000815.000.00.00.H55/")
    assert urls.display_url_parts("https://X.VN/about/") == ("x.vn/about/", "")


@pytest.mark.parametrize("code", ["1.001193", "2.000884", "QT-07"])
def test_sample_site_url_gives_version_3(code: str) -> None:
    matrix = qr.make_matrix(urls.short_url("https://thutuc.example.gov.vn/", code))
    assert matrix.version <= 3


def test_quiet_zone_is_four_light_modules_on_every_side() -> None:
    matrix = qr.make_matrix("https://THUTUC.EXAMPLE.GOV.VN/P/1.001193/")
    border = qr.QUIET_ZONE
    inner = matrix.size - 2 * border
    assert inner == 17 + 4 * matrix.version
    for y, row in enumerate(matrix.rows):
        for x, dark in enumerate(row):
            if min(x, y) < border or max(x, y) >= matrix.size - border:
                assert not dark
    image = qr.to_image(matrix, scale=5).convert("L")
    edge = border * 5
    for box in [(0, 0, image.width, edge), (0, 0, edge, image.height)]:
        assert image.crop(box).getextrema() == (255, 255)


def test_matrix_round_trips_through_the_cache_form() -> None:
    matrix = qr.make_matrix("https://THUTUC.EXAMPLE.GOV.VN/P/1.001193/")
    again = qr.from_hex(matrix.payload, matrix.version, qr.to_hex(matrix))
    assert again == matrix


def test_svg_is_one_path_safe_to_inline() -> None:
    svg = qr.to_svg(qr.make_matrix("https://X.VN/P/A/"), title="<Đăng & ký>")
    assert svg.count("<path") == 1
    assert "svg:rect" not in svg
    assert "&lt;Đăng &amp; ký&gt;" in svg
