"""The staff page's Zalo messages on a phone-sized Chromium: the copy button puts the message
on the clipboard; without the Clipboard API it falls back to a selection; without JavaScript
the message is still there to select by hand (issue 21)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.browser import SiteServer, overflow, serious_violations, serve
from support.notices import write_board
from support.project import SITE_URL, FixtureProject, make_project

STAFF = "an-pham-in/"
FIRST = "#tin-mo-cua-sang-thu-bay"


@pytest.fixture(scope="module")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    project: FixtureProject = make_project(tmp_path_factory.mktemp("notices-browser"))
    write_board(project, dt.date.today(), offices=False)
    built = project.build()
    assert built.returncode == 0, built.output
    with serve(project) as server:
        yield server


def test_copy_button_puts_the_message_on_the_clipboard(
    site_server: SiteServer, new_page: Any
) -> None:
    page = new_page(360, 640)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_server.url(STAFF))
    box = page.locator(FIRST)
    box.get_by_role("button", name="Sao chép").click()
    box.get_by_text("Đã sao chép").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == box.locator("textarea").input_value()
    assert copied.startswith("Mở cửa sáng thứ Bảy")
    assert copied.endswith(f"{SITE_URL}thong-bao/mo-cua-sang-thu-bay/")


def test_without_the_clipboard_api_the_text_is_selected_to_copy(
    site_server: SiteServer, new_page: Any
) -> None:
    page = new_page(360, 640)
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page.goto(site_server.url(STAFF))
    box = page.locator(FIRST)
    box.get_by_role("button", name="Sao chép").click()
    status = box.locator(".tt-copy__status")
    status.wait_for()
    assert status.inner_text() in ("Đã sao chép", "Hãy chạm giữ vào ô chữ và chọn Sao chép")
    selected = box.locator("textarea").evaluate("a => [a.selectionStart, a.selectionEnd]")
    assert selected == [0, len(box.locator("textarea").input_value())]


def test_without_javascript_the_message_is_there_to_select(
    site_server: SiteServer, new_page: Any
) -> None:
    page = new_page(360, 640, javascript=False)
    page.goto(site_server.url(STAFF))
    box = page.locator(FIRST)
    assert box.locator("textarea").is_visible()
    assert "thong-bao/mo-cua-sang-thu-bay/" in box.locator("textarea").input_value()
    assert not box.get_by_role("button", name="Sao chép").is_visible()


@pytest.mark.parametrize(
    "path",
    [
        STAFF,
        "",
        "thong-bao/",
        "thong-bao/mo-cua-sang-thu-bay/",
        "thong-bao/canh-giac-gia-danh-can-bo/",
        "thay-doi/",
    ],
)
def test_notice_pages_have_no_serious_accessibility_problem_and_fit_a_phone(
    site_server: SiteServer, new_page: Any, axe_source: str, path: str
) -> None:
    page = new_page(360, 640)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site_server.url(path))
    page.wait_for_load_state("load")
    assert dialogs == [], "a script from a notice ran"
    assert serious_violations(page, axe_source) == []
    assert overflow(page) == []
