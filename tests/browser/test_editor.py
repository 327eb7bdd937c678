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
        try:
            page.goto(base + "admin/#/collections/procedures/entries/dang-ky-ket-hon")
            page.get_by_role("button", name="Đăng nhập").click()  # local mode: no account
            page.get_by_label("Lệ phí", exact=True).fill("Lệ phí 30.000 đồng")
            page.get_by_role("button", name="Add giấy tờ cần mang").click()
            page.get_by_label("Giấy tờ", exact=True).last.fill("Bản sao giấy khai sinh")
            page.get_by_text("Công bố", exact=True).click()
            page.get_by_text("Công bố ngay").click()
            page.get_by_text("Đã công bố", exact=True).wait_for()
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
