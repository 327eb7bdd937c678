"""The built site: escaping, atomic publishing, navigation and the open-data feed."""

from __future__ import annotations

from collections.abc import Callable

from support.project import FixtureProject, procedure_text, tree_digest

HOSTILE = '<script>alert("x")</script> & "quoted"'


def test_markup_in_front_matter_is_escaped_on_every_page(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    project.write(
        "nguy-hiem.md",
        procedure_text(
            title=f"Tiêu đề {HOSTILE}",
            summary=f"Tóm tắt {HOSTILE}",
            fee=f"<img src=x onerror=alert(1)> {HOSTILE}",
            agency=f"Nơi {HOSTILE}",
            keywords=[HOSTILE],
            documents=[HOSTILE, "Giấy tờ"],
            field=f"Lĩnh vực {HOSTILE}",
        ),
    )
    built = project.build()
    assert built.returncode == 0, built.output
    pages = [p for p in project.site.rglob("*.html")]
    assert len(pages) > 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(" not in text, page
        assert "<img src=x" not in text, page
    procedure = (project.site / "thu-tuc" / "nguy-hiem" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(" in procedure
    assert "&amp;" in procedure


def test_failed_build_leaves_previous_site_byte_for_byte(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=True)
    assert project.build().returncode == 0
    before = tree_digest(project.site)
    template = project.root / "theme" / "procedure.html"
    template.write_text(template.read_text("utf-8") + "{% if %}", encoding="utf-8")
    built = project.build()
    assert built.returncode != 0
    assert tree_digest(project.site) == before
    assert not list(project.root.glob(".site.*"))


def test_navigation_lists_fields_not_procedures(sample_site: FixtureProject) -> None:
    home = (sample_site.site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    for field in ("Hộ tịch", "Chứng thực", "Cư trú"):
        assert field in nav
    assert "Đăng ký khai sinh" not in nav
    field_page = (sample_site.site / "linh-vuc" / "ho-tich" / "index.html").read_text("utf-8")
    assert 'href="../../thu-tuc/dang-ky-khai-sinh/"' in field_page


def test_office_details_and_qr_on_procedure_page(sample_site: FixtureProject) -> None:
    page = (sample_site.site / "thu-tuc" / "dang-ky-khai-sinh" / "index.html").read_text("utf-8")
    assert "Số 1 đường Minh Khai" in page
    assert "Giờ làm việc" in page
    assert 'src="../../qr/1.001193.svg"' in page
    assert "Lệ phí" in page and "Giấy tờ cần mang" in page
    assert 'lang="vi"' in page


def test_feed_matches_the_contract(sample_site: FixtureProject) -> None:
    feed = sample_site.feed()
    site_url = feed["site_url"]
    assert site_url == "https://thutuc.example.gov.vn/"
    for entry in feed["procedures"]:
        for key in ("code", "title", "field", "status", "updated", "url", "short_url", "qr"):
            assert key in entry
        assert entry["url"].startswith(site_url)
        assert entry["short_url"].lower().startswith(site_url)
        assert entry["short_url"].startswith("https://")
        assert (sample_site.site / entry["poster"]).is_file()
    assert isinstance(feed["packs"], list)
