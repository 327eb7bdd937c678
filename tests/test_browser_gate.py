"""The browser tests skip locally without chromium, but CI (THUTUC_REQUIRE_BROWSER=1) fails."""

from __future__ import annotations

import pytest
from support.browser import missing


def test_missing_browser_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("THUTUC_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        missing("chromium is not installed")


def test_missing_browser_fails_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THUTUC_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="THUTUC_REQUIRE_BROWSER=1 but chromium"):
        missing("chromium is not installed")
