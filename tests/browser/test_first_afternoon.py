"""A commune's first afternoon, as a clerk walks it: `thutuc init`, the province's annex
imported, three drafts completed in the browser editor (Decap CMS, local mode), then the build
and the posters. Every QR code printed decodes to its own short URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from playwright.sync_api import expect
from support.annex import write_xlsx
from support.clerk import SITE_URL, init_site, run_thutuc
from support.decap import api_answers, published_or_explained
from support.decode import qr_texts
from support.serving import Served, fetch_when_up, served

#: The drafts the clerk completes, by file: the summary, a document, the steps, and the fee
#: where the province's sheet left it empty.
COMPLETED = {
    "chung-thuc-chu-ky": (
        "Chứng thực chữ ký của người dân trên giấy tờ, văn bản.",
        "Giấy tờ tùy thân có ảnh",
        "Mang giấy tờ đến bộ phận một cửa và ký trước mặt cán bộ.",
        None,
    ),
    "dang-ky-ket-hon": (
        "Hai bên nam, nữ đăng ký kết hôn và nhận giấy chứng nhận kết hôn.",
        "Tờ khai đăng ký kết hôn",
        "Cả hai người cùng đến nộp tờ khai và ký vào sổ hộ tịch.",
        None,
    ),
    "dang-ky-khai-tu": (
        "Người thân đăng ký khai tử cho người đã mất và nhận trích lục khai tử.",
        "Giấy báo tử hoặc giấy tờ thay giấy báo tử",
        "Nộp giấy báo tử trong 15 ngày kể từ ngày người thân mất.",
        "Miễn lệ phí",
    ),
}


def complete_in_the_editor(
    browser: Any, editor: Served, slug: str, texts: tuple[str, str, str, str | None]
) -> None:
    """One draft, in a page of its own as a clerk opens it from a link."""
    summary, document, steps, fee = texts
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    answers = api_answers(page)
    try:
        page.goto(f"{editor.base}admin/#/collections/procedures/entries/{slug}")
        page.get_by_role("button", name="Đăng nhập").click()  # local mode: no account
        # The form shows before the draft's text arrives from `thutuc edit`; typed before
        # that, a field is overwritten with the draft's empty value and publishing is refused.
        expect(page.get_by_label("Tên thủ tục", exact=True)).not_to_have_value("")
        page.get_by_label("Tóm tắt cho người dân", exact=True).fill(summary)
        expect(page.get_by_label("Tóm tắt cho người dân", exact=True)).to_have_value(summary)
        if fee is not None:
            page.get_by_label("Lệ phí", exact=True).fill(fee)
        page.get_by_label("Giấy tờ", exact=True).first.fill(document)
        body = page.locator("[contenteditable=true]").first  # the body, in rich-text mode
        body.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(steps)
        expect(body).to_have_text(steps)
        page.locator("[id^=status-field]").focus()
        page.keyboard.type("Đang áp dụng")
        page.keyboard.press("Enter")
        expect(page.get_by_label("Giấy tờ", exact=True).first).to_have_value(document)
        published_or_explained(page, answers, editor.output)
    finally:
        page.close()


@pytest.mark.slow
def test_init_import_three_drafts_completed_in_the_browser_then_posters(
    browser: Any, tmp_path: Path
) -> None:
    site = init_site(tmp_path)
    write_xlsx(site.root / "danh-muc.xlsx")
    imported = run_thutuc(site.root, "import", "danh-muc.xlsx")
    assert imported.returncode == 0, imported.output
    with served("edit", site.root, tmp_path / "edit.log") as editor:
        fetch_when_up(editor.process, editor.base + "admin/")
        for slug, texts in COMPLETED.items():
            complete_in_the_editor(browser, editor, slug, texts)

    checked = run_thutuc(site.root, "check")
    assert checked.returncode == 0, checked.output
    assert checked.output.count("draft, not published") == 3, checked.output  # three left
    built = run_thutuc(site.root, "build")
    assert built.returncode == 0, built.output
    codes = {
        path.stem
        for path in (site.site / "posters").glob("*.pdf")
        if not path.name.startswith("pack-")
    }
    assert len(codes) == 3, codes
    for code in codes:
        document = pypdfium2.PdfDocument(site.site / "posters" / f"{code}.pdf")
        image = document[0].render(scale=1).to_pil()
        document.close()
        assert qr_texts(image) == [f"{SITE_URL.upper().replace('HTTPS://', 'https://')}P/{code}/"]
    page_of = (site.site / "thu-tuc" / "chung-thuc-chu-ky" / "index.html").read_text("utf-8")
    assert "ký trước mặt cán bộ" in page_of
    assert run_thutuc(site.root, "posters").returncode == 0
    assert run_thutuc(site.root, "printed").returncode == 0
