"""The built resident's site, read as files: one-request short URLs, no dead links or unused
Material files, the web app manifest, the staff corner, the home page."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pypdfium2
import pytest
from PIL import Image
from support.project import SITE_URL, FixtureProject, make_catalogue_project, procedure_text

from generator.build import shortlink
from generator.content.collation import sorted_vi
from generator.content.procedure import parse_procedure

ACTIVE = {
    "1.004227": "cap-giay-chung-nhan-quyen-su-dung-dat",
    "2.000815.000.00.00.H55": "xac-nhan-thong-tin-cu-tru",
    "1.004194": "dang-ky-tam-tru",
    "2.000635": "cap-ban-sao-trich-luc",
}


class Links(HTMLParser):
    """Every href and src of a page, and the text of its menu (Material's primary <nav>)
    and of its <footer>."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.open: list[tuple[str, str]] = []  # (tag, "menu" or "footer" or "")
        self.text: dict[str, str] = {"menu": "", "footer": ""}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "nav" and "md-nav--primary" in classes:
            self.open.append((tag, "menu"))
        elif tag in ("nav", "footer"):
            self.open.append((tag, "footer" if tag == "footer" else ""))
        self.urls += [v for k, v in attrs if k in ("href", "src") and v is not None]

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1][0] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for part in {part for _, part in self.open if part}:
            self.text[part] += data


def parse(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, url: str) -> Path | None:
    """The file a local URL on `page` leads to, or None for other hosts and schemes."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", url, re.IGNORECASE):
        return None
    base = "/" + page.parent.relative_to(site).as_posix() + "/"
    path = urlsplit(urljoin("http://x" + base.replace("//", "/"), url)).path
    target = site / posixpath.normpath(path).lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def test_a_short_url_serves_the_procedure_page_itself(catalogue_site: FixtureProject) -> None:
    site = catalogue_site.site
    for code, slug in ACTIVE.items():
        long_page, short_page = site / "thu-tuc" / slug / "index.html", site / "P" / code
        short_page = short_page / "index.html"
        short = short_page.read_text(encoding="utf-8")
        assert "http-equiv" not in short, "no redirect"
        canonical = f'<link rel="canonical" href="https://thutuc.example.gov.vn/thu-tuc/{slug}/">'
        assert canonical in short
        # Same page, and every link leads where the same link on the long page leads.
        long_links, short_links = parse(long_page).urls, parse(short_page).urls
        assert len(long_links) == len(short_links) > 20
        for a, b in zip(long_links, short_links, strict=True):
            assert resolve(site, long_page, a) == resolve(site, short_page, b), (a, b)
    linked = (site / "P/2.000635/index.html").read_text("utf-8")
    assert 'href="../../thu-tuc/cap-ban-sao-trich-luc/../dang-ky-tam-tru/"' in linked


def test_a_short_url_with_nothing_to_rebase_is_the_page_file_itself(
    sample_site: FixtureProject,
) -> None:
    """A page whose links all climb to the root is linked, not written twice; a page with a
    link to a sibling procedure gets its own re-based copy."""
    site = sample_site.site
    linked = []
    for entry in sample_site.feed()["procedures"]:
        long_page = site / entry["url"].removeprefix(SITE_URL) / "index.html"
        short_page = site / "P" / entry["code"] / "index.html"
        rebased = short_page.read_bytes() != long_page.read_bytes()
        assert long_page.samefile(short_page) is not rebased, entry["code"]
        linked.append(not rebased)
    assert 1 <= linked.count(False) < linked.count(True)


def test_a_retired_code_keeps_its_notice_page(catalogue_site: FixtureProject) -> None:
    notice = (catalogue_site.site / "P/QT-09/index.html").read_text("utf-8")
    assert "đã được thay thế" in notice
    assert 'http-equiv="refresh" content="0; url=../../thu-tuc/dang-ky-tam-tru/"' in notice


def test_rebasing_leaves_links_that_climb_to_the_root_alone() -> None:
    raw = procedure_text(code="qt-1").encode("utf-8")
    procedure, problems = parse_procedure(Path("mot.md"), "mot.md", raw)
    assert procedure is not None, problems
    text = '<a href="../../x/"><a href="../.."><a href="#a"><img src="i.png"><a href="https://e/">'
    assert shortlink.short_copy(text, procedure) == (
        '<a href="../../x/"><a href="../.."><a href="#a">'
        '<img src="../../thu-tuc/mot/i.png"><a href="https://e/">'
    )


def test_every_link_and_source_in_the_site_resolves(catalogue_site: FixtureProject) -> None:
    site = catalogue_site.site
    checked = 0
    for page in pages(site):
        for url in parse(page).urls:
            target = resolve(site, page, url)
            if target is None:
                continue
            assert target.is_file(), f"{page.relative_to(site)}: {url} -> {target}"
            checked += 1
    assert checked > 500


def test_unused_material_files_are_not_published(catalogue_site: FixtureProject) -> None:
    site = catalogue_site.site
    assert not (site / "assets" / "javascripts").exists()
    assert not list(site.rglob("*.map"))
    assert (site / "assets" / "stylesheets").is_dir(), "Material's CSS is still used"
    size = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    assert not [p for p in pages(site) if "bundle." in p.read_text("utf-8")]
    print(f"site: {size / 1e6:.1f} MB")


def test_the_site_installs_as_a_web_app_with_one_icon_everywhere(
    catalogue_site: FixtureProject,
) -> None:
    site = catalogue_site.site
    manifest = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "./" and manifest["lang"] == "vi"
    assert manifest["name"] == "Thủ tục hành chính – Phường Minh Khai"
    assert manifest["short_name"] == "Phường Minh Khai"
    for icon in manifest["icons"]:
        assert (site / icon["src"]).is_file(), icon
        if icon["type"] == "image/png":
            side = int(icon["sizes"].split("x")[0])
            assert Image.open(site / icon["src"]).size == (side, side)
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    ico = Image.open(site / "favicon.ico")
    assert ico.format == "ICO" and (32, 32) in ico.info["sizes"]
    svg = ElementTree.fromstring((site / "favicon.svg").read_text("utf-8"))
    assert svg.tag.endswith("svg")
    assert (site / "sw.js").is_file()
    home = (site / "index.html").read_text("utf-8")
    assert '<link rel="manifest" href="manifest.webmanifest">' in home
    assert '<link rel="icon" href="favicon.svg">' in home


def test_staff_pages_leave_the_menu_for_the_footer(catalogue_site: FixtureProject) -> None:
    for page in ("index.html", "thu-tuc/dang-ky-tam-tru/index.html", "huong-dan/index.html"):
        parsed = parse(catalogue_site.site / page)
        menu = parsed.text["menu"]
        assert "Lĩnh vực" in menu and "Hộ tịch" in menu
        assert "Ấn phẩm in" not in menu and "Hướng dẫn cho cán bộ" not in menu
        footer = parsed.text["footer"]
        if page.startswith("huong-dan"):  # staff links only on the staff pages (issue 20)
            assert footer.index("Ấn phẩm in") < footer.index("Hướng dẫn cho cán bộ")
        else:
            assert "Dành cho cán bộ" not in footer and "Ấn phẩm in" not in footer
        assert "Số 1 đường Minh Khai" in footer and "Giờ làm việc" in footer
        assert "Gọi 024 3800 0000" in " ".join(footer.split())
        assert 'href="tel:02438000000"' in (catalogue_site.site / page).read_text("utf-8")


def test_home_page_shows_chosen_procedures_then_fields_with_counts(
    catalogue_site: FixtureProject,
) -> None:
    home = (catalogue_site.site / "index.html").read_text("utf-8")
    names = re.findall(r'<span class="tt-fields__name">([^<]+)</span>', home)
    assert names == sorted_vi(names) == ["Cư trú", "Dân số", "Đất đai", "Hộ tịch", "Y tế"]
    counts = re.findall(r'<span class="tt-fields__count">(\d+) thủ tục</span>', home)
    assert counts == ["2", "1", "1", "2", "2"], "active procedures only"
    featured = home[home.index('id="tt-featured-title"') : home.index('id="tt-fields-title"')]
    assert re.findall(r">([^<]+)</a></li>", featured) == [
        "Đăng ký tạm trú",
        "Cấp bản sao trích lục hộ tịch",
    ], "the editor's order; unknown codes skipped"
    assert "Chấm dứt việc giám hộ" not in home, "the home page links fields, not procedures"


def test_an_unknown_featured_code_is_a_warning_naming_file_line_and_key(tmp_path: Path) -> None:
    checked = make_catalogue_project(tmp_path / "catalogue").run("check")
    assert checked.returncode == 0, checked.output
    [line] = [line for line in checked.output.splitlines() if "KHONG-CO" in line]
    assert "content/index.md:3" in line and "featured" in line and "warning" in line
    assert "Traceback" not in checked.output


def test_field_pages_list_in_vietnamese_order(catalogue_site: FixtureProject) -> None:
    page = (catalogue_site.site / "linh-vuc/ho-tich/index.html").read_text("utf-8")
    titles = re.findall(r'<li>\s*<a href="\.\./\.\./thu-tuc/[^"]+/">([^<]+)', page)
    assert [t.strip() for t in titles] == ["Cấp bản sao trích lục hộ tịch", "Chấm dứt việc giám hộ"]


@pytest.mark.parametrize("page", ["index.html", "thu-tuc/dang-ky-tam-tru/index.html"])
def test_every_page_reserves_its_layout_before_first_paint(
    catalogue_site: FixtureProject, page: str
) -> None:
    """The text size and the `tt-js` class are set by an inline script in <head>, before
    the stylesheets, so a remembered size or the search box never makes the page jump."""
    text = (catalogue_site.site / page).read_text("utf-8")
    head = text[: text.index("</head>")]
    script = head.index('localStorage.getItem("tt-text-size")')
    assert script < head.index('rel="stylesheet"')
    assert 'classList.add("tt-js")' in head


def test_the_packs_index_lists_fields_in_vietnamese_order(catalogue_site: FixtureProject) -> None:
    pdf = pypdfium2.PdfDocument(catalogue_site.site / "posters" / "pack-all.pdf")
    index = " ".join(pdf[1].get_textpage().get_text_range().split())
    assert index.startswith("Mục lục")
    fields = ["Cư trú", "Dân số", "Đất đai", "Hộ tịch", "Y tế"]
    positions = [index.index(field) for field in fields]
    assert positions == sorted(positions), index
    assert index.index("Cấp bản sao trích lục") < index.index("Chấm dứt việc giám hộ")
