"""Every QR we emit is proven: decoded back from SVG and PNG, and followed to its page."""

from __future__ import annotations

import html
import io
import re

import pytest
from PIL import Image, ImageChops, ImageDraw
from support.decode import qr_results, site_path
from support.project import SITE_URL, FixtureProject

from generator import qr, urls

PATH_COMMAND = re.compile(r"M(\d+) (\d+)\.5h(\d+)|m(\d+) 0h(\d+)")


def rasterise_svg(svg: str, scale: int = 8) -> Image.Image:
    """Draw our single-path SVG with Pillow, so the SVG's own geometry is what gets decoded:
    each `M x y.5h n` (or `m gap 0h n`, from the end of the last run) is a stroke one module
    wide, i.e. the modules x to x + n - 1 of row y."""
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    [(path, stroke)] = re.findall(r'<path d="([^"]*)" stroke="([^"]*)"/>', svg)
    assert stroke == "#000"
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    commands = list(PATH_COMMAND.finditer(path))
    assert "".join(c.group(0) for c in commands) == path
    x = y = 0
    for command in commands:
        if command.group(1) is not None:
            x, y, n = int(command.group(1)), int(command.group(2)), int(command.group(3))
        else:
            x, n = x + int(command.group(4)), int(command.group(5))
        x0, y0 = x * scale, y * scale
        draw.rectangle([x0, y0, x0 + n * scale - 1, y0 + scale - 1], fill=0)
        x += n
    return image


def test_every_qr_decodes_to_its_short_url_and_lands_on_its_page(
    sample_site: FixtureProject,
) -> None:
    feed = sample_site.feed()
    assert len(feed["procedures"]) == 10
    for entry in feed["procedures"]:
        png = Image.open(sample_site.site / entry["qr"]["png"])
        svg = (sample_site.site / entry["qr"]["svg"]).read_text(encoding="utf-8")
        for image in (png, rasterise_svg(svg)):
            [result] = qr_results(image)
            assert result.text == entry["short_url"]
            assert int(result.extra["Version"]) == 3  # every sample code is this short
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
    """facts.md: with the host and path upper-cased, such a short URL fits version 3 at Q."""
    url = urls.short_url(SITE_URL, code)
    matrix = qr.make_matrix(url)
    assert matrix.version == 3
    assert matrix.size == 17 + 4 * 3 + 2 * qr.QUIET_ZONE
    [result] = qr_results(qr.to_image(matrix, scale=4).convert("L"))
    assert (result.text, result.extra["Version"], result.extra["ECLevel"]) == (url, "3", "Q")


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


@pytest.mark.parametrize(
    "payload",
    ["https://X.VN/P/A/", "https://THUTUC.EXAMPLE.GOV.VN/P/1.100268.000.00.00.H55/08000/"],
)
def test_svg_and_png_draw_exactly_the_matrix(payload: str) -> None:
    """The compact SVG path and the PNG are the very modules of the matrix, pixel for pixel."""
    matrix = qr.make_matrix(payload)
    expected = qr.to_image(matrix, scale=4).convert("L")
    assert (
        ImageChops.difference(rasterise_svg(qr.to_svg(matrix), scale=4), expected).getbbox() is None
    )
    png = Image.open(io.BytesIO(qr.to_png(matrix, scale=4))).convert("L")
    assert ImageChops.difference(png, expected).getbbox() is None
