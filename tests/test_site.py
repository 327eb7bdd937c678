"""The built site: escaping, atomic publishing, navigation and the open-data feed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import material
import yaml
from mkdocs.config import load_config
from PIL import Image
from support.decode import pdf_pages, qr_texts
from support.project import SAMPLE_CONTENT, SITE_URL, FixtureProject, procedure_text, tree_digest

from generator import urls
from generator.mkdocs import templates

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


def sample_front_matter() -> dict[str, dict[str, Any]]:
    """The fixture's procedures as their files say, read with plain YAML, by file stem."""
    found = {}
    for path in sorted((SAMPLE_CONTENT / "procedures").glob("*.md")):
        _, front, _ = path.read_text(encoding="utf-8").split("---\n", 2)
        found[path.stem] = yaml.safe_load(front)
    return found


def test_feed_says_what_the_content_says(sample_site: FixtureProject) -> None:
    """Every v1 key of procedures.json, by value, against the fixture files and the site."""
    feed = sample_site.feed()
    assert feed["site_url"] == SITE_URL
    expected = sample_front_matter()
    entries = {
        entry["url"].removeprefix(f"{SITE_URL}thu-tuc/").rstrip("/"): entry
        for entry in feed["procedures"]
    }
    assert set(entries) == set(expected)
    for stem, meta in expected.items():
        entry, code = entries[stem], meta["code"]
        assert entry["url"] == f"{SITE_URL}thu-tuc/{stem}/"
        assert entry["code"] == code
        assert (entry["title"], entry["field"]) == (meta["title"], meta["field"])
        assert entry["status"] == meta.get("status", "active")
        assert entry["updated"] == meta["updated"].isoformat()
        # Lower-case scheme, then the host and path upper-cased to keep the QR small.
        assert entry["short_url"] == f"https://THUTUC.EXAMPLE.GOV.VN/P/{code.upper()}/"
        assert entry["qr"] == {"svg": f"qr/{code}.svg", "png": f"qr/{code}.png"}
        svg = (sample_site.site / entry["qr"]["svg"]).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and svg.count("<path") == 1
        png = Image.open(sample_site.site / entry["qr"]["png"])
        assert qr_texts(png) == [entry["short_url"]]
        assert entry["poster"] == f"posters/{code}.pdf"
        assert pdf_pages(sample_site.site / entry["poster"]) == 1
    # The whole catalogue, the field posters, the stickers, then one pack per field.
    fields = ["chung-thuc", "cu-tru", "ho-tich"]
    assert {urls.field_slug(meta["field"]) for meta in expected.values()} == set(fields)
    names = sorted(pack["name"] for pack in feed["packs"])
    assert names == sorted(["all", "fields", "stickers", *(f"field-{slug}" for slug in fields)])
    for pack in feed["packs"]:
        assert pack["path"] == f"posters/pack-{pack['name']}.pdf"
        assert pack["pages"] == pdf_pages(sample_site.site / pack["path"]), pack["name"]


def test_material_strings_come_out_as_materials_own_language_file_gives_them(
    sample_site: FixtureProject,
) -> None:
    """`theme/partials/language.html` looks Material's strings up once per build; each key must
    give what Material's own `partials/language.html` gives: Vietnamese, else English, else
    the key itself."""
    config = load_config(config_file=str(sample_site.config))
    env = config.theme.get_env()
    original = Path(material.__file__).parent / "templates" / "partials" / "language.html"
    materials = env.from_string(original.read_text(encoding="utf-8")).make_module(
        {"config": config}
    )
    translate = templates.material_translation(env, "vi")
    keys = ["language", "direction", "action.skip", "nav", "toc", "clipboard.copy", "no.such"]
    for key in keys:
        assert translate(key) == str(materials.t(key)), key
    assert translate("action.skip") == "Bỏ qua" and translate("no.such") == "no.such"
    page = (sample_site.site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in page
    assert "Bỏ qua" in page and 'aria-label="Thanh điều hướng"' in page
