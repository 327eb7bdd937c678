"""Driving Decap CMS (the browser editor) as a clerk does, and telling why it failed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

#: How long Decap may take to confirm a publication on a loaded machine, per attempt.
PUBLISHED_MS = 30_000
#: A clerk who still sees "Công bố" after publishing clicks it again.
ATTEMPTS = 3


def api_answers(page: Any) -> list[str]:
    """What `thutuc edit` answers the page, as `action -> status`, filled as it happens."""
    answers: list[str] = []

    def record(response: Any) -> None:
        if response.url.endswith("/api/v1"):
            action = (response.request.post_data_json or {}).get("action")
            answers.append(f"{action} -> {response.status}")

    page.on("response", record)
    return answers


def _refused(answers: list[str]) -> bool:
    return any(a.startswith("persistEntry") and not a.endswith(" 200") for a in answers)


def publish(page: Any, answers: list[str]) -> bool:
    """Publish, once more while the editor still offers "Công bố": on a busy machine a late
    re-render can close Decap's menu under the click, or mark the entry changed again after
    the save. A save that `thutuc edit` refused is not tried again."""
    for _attempt in range(ATTEMPTS):
        before = len(answers)
        try:
            page.get_by_text("Công bố", exact=True).click(timeout=PUBLISHED_MS)
            page.get_by_text("Công bố ngay").click(timeout=PUBLISHED_MS)
            # Decap saves, reloads the entry and only then says so.
            page.get_by_text("Đã công bố", exact=True).wait_for(timeout=PUBLISHED_MS)
            return True
        except PlaywrightTimeout:
            if _refused(answers[before:]):
                return False
    return False


def published_or_explained(page: Any, answers: list[str], server_output: Callable[[], str]) -> None:
    """Publish, or fail with what the editor shows, what it asked and what the server said."""
    if not publish(page, answers):
        raise AssertionError(
            f"not published; the editor shows:\n{page.inner_text('body')}\n"
            f"its requests: {answers}\nthe server said:\n{server_output()}"
        )
