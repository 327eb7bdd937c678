"""The browser editor as a clerk uses it: `thutuc edit`, then Decap CMS in chromium. A fee
changed and a document added are saved as exactly those two lines; the code stays quoted,
a comment and the body stay byte for byte, and `thutuc check` passes."""

from __future__ import annotations

import difflib
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from support.decap import api_answers, published_or_explained
from support.processes import child_env
from support.project import FixtureProject
from support.serving import fetch_when_up, served

COMMENT = "# Nguồn: Quyết định công bố thủ tục của tỉnh, phụ lục I"


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.slow
def test_a_clerk_changes_a_fee_and_adds_a_document(
    browser: Any, new_project: Callable[..., FixtureProject], tmp_path: Path
) -> None:
    project = new_project(sample=True)
    path = project.procedures / "dang-ky-ket-hon.md"
    before = path.read_text(encoding="utf-8").replace("---\n", f"---\n{COMMENT}\n", 1)
    path.write_text(before, encoding="utf-8")
    with served("edit", project.root, tmp_path / "edit.log") as editor:
        server, base = editor.process, editor.base
        assert "decap-cms.js" in fetch_when_up(server, base + "admin/")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        outside: list[str] = []
        page.on(
            "request",
            lambda request: (
                outside.append(request.url) if not request.url.startswith(base) else None
            ),
        )
        answers = api_answers(page)
        try:
            page.goto(base + "admin/#/collections/procedures/entries/dang-ky-ket-hon")
            page.get_by_role("button", name="Đăng nhập").click()  # local mode: no account
            page.get_by_label("Lệ phí", exact=True).fill("Lệ phí 30.000 đồng")
            page.get_by_role("button", name="Add giấy tờ cần mang").click()
            page.get_by_label("Giấy tờ", exact=True).last.fill("Bản sao giấy khai sinh")
            published_or_explained(page, answers, editor.output)
        finally:
            page.close()
        with urllib.request.urlopen(base + "admin/config.yml", timeout=10) as response:
            assert "locale: vi" in response.read().decode("utf-8")
    after = path.read_text(encoding="utf-8")
    assert _diff(before, after) == [
        '-fee: "Miễn lệ phí"',
        '+fee: "Lệ phí 30.000 đồng"',
        '+  - "Bản sao giấy khai sinh"',
    ]
    assert COMMENT in after and 'code: "1.000894"' in after
    assert outside == [], "the editor asked another host"
    checked = project.run("check")
    assert checked.returncode == 0, checked.output


@pytest.mark.slow
def test_a_refused_save_keeps_its_reasons_on_screen_until_a_save_goes_through(
    browser: Any, new_project: Callable[..., FixtureProject], tmp_path: Path
) -> None:
    """Decap shows a refusal for eight seconds; the admin page keeps it, in Vietnamese, one
    problem to a line naming the file, the line and the field, until the clerk fixes it."""
    project = new_project(sample=True)
    path = project.procedures / "dang-ky-ket-hon.md"
    before = path.read_bytes()
    env = {**child_env(), "THUTUC_LANG": "vi"}
    with served("edit", project.root, tmp_path / "edit.log", env=env) as editor:
        fetch_when_up(editor.process, editor.base + "admin/")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        answers = api_answers(page)
        try:
            page.goto(editor.base + "admin/#/collections/procedures/entries/dang-ky-ket-hon")
            page.get_by_role("button", name="Đăng nhập").click()  # local mode: no account
            summary = page.get_by_label("Tóm tắt cho người dân", exact=True)
            expect(summary).not_to_have_value("")
            summary.fill("TODO")
            page.get_by_label("Lệ phí", exact=True).fill("Lệ phí 30.000 đồng")
            page.get_by_text("Công bố", exact=True).click()
            page.get_by_text("Công bố ngay").click()
            refusal = page.locator("#thutuc-refusal[role=alert]")
            expect(refusal).to_be_visible(timeout=30_000)
            lines = refusal.locator("li").all_inner_texts()
            assert lines == [
                "content/procedures/dang-ky-ket-hon.md:4: mục `summary`: "
                "vẫn còn chữ TODO để điền; hãy ghi nội dung thật."
            ], lines
            assert "Chưa lưu được" in refusal.inner_text()
            assert answers[-1] == "persistEntry -> 422", answers
            assert path.read_bytes() == before  # nothing written

            summary.fill("Hai bên nam, nữ đăng ký kết hôn tại Ủy ban nhân dân xã.")
            published_or_explained(page, answers, editor.output)
            expect(refusal).to_have_count(0)  # gone once a save goes through
        finally:
            page.close()
    after = path.read_text(encoding="utf-8")
    assert 'fee: "Lệ phí 30.000 đồng"' in after and "Ủy ban nhân dân xã." in after
