"""Hostile `mkdocs.yml` settings (issue 19), through the real `build`: markup in a setting and a
file from another host are refused with exit status 2 and the setting named, and no built
page carries the payload or the host; a host allowed by name is loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.project import FixtureProject, fixture_config, make_project

PAYLOAD = '"><img src=x onerror=alert(1)>'
EVIL = "evil.example.com"


def _office(key: str, value: str) -> Callable[[dict[str, Any]], None]:
    def change(config: dict[str, Any]) -> None:
        config["extra"]["office"][key] = value

    return change


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(config: dict[str, Any]) -> None:
        config[key] = value

    return change


def _theme(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(config: dict[str, Any]) -> None:
        config["theme"][key] = value

    return change


def _extra(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(config: dict[str, Any]) -> None:
        config["extra"][key] = value

    return change


# (id, change to the valid config, the setting the error names, what no page may hold)
CASES = [
    ("hotline markup", _office("hotline", PAYLOAD), "extra.office.hotline", "onerror=alert"),
    ("office name markup", _office("name", PAYLOAD), "extra.office.name", "onerror=alert"),
    ("site_name markup", _set("site_name", f"Thủ tục{PAYLOAD}"), "site_name", "onerror=alert"),
    ("site_description markup", _set("site_description", PAYLOAD), "site_description",
     "onerror=alert"),
    ("homepage runs script", _extra("homepage", "javascript:alert(1)"), "extra.homepage",
     "javascript:alert"),
    ("repo_url markup", _set("repo_url", 'https://git.example.gov.vn/"><script>x()</script>'),
     "repo_url", "<script>x()"),
    ("office address with ESC", _office("address", "Số 1\x1b[31m"), "extra.office.address",
     "\x1b"),
    ("extra_javascript from a host", _set("extra_javascript", [f"https://{EVIL}/x.js"]),
     "extra_javascript", EVIL),
    ("extra_javascript protocol-relative", _set("extra_javascript", [f"//{EVIL}/x.js"]),
     "extra_javascript", EVIL),
    ("extra_css from a host", _set("extra_css", [f"https://{EVIL}/x.css"]), "extra_css", EVIL),
    ("analytics", _extra("analytics", {"provider": "google", "property": "G-XXXXXXX"}),
     "extra.analytics", "googletagmanager"),
    ("Google Fonts", _theme("font", {"text": "Roboto"}), "theme.font", "fonts.googleapis"),
    ("favicon from a host", _theme("favicon", f"https://{EVIL}/f.ico"), "theme.favicon", EVIL),
    ("polyfill from a host", _extra("polyfills", [f"https://{EVIL}/p.js"]), "extra.polyfills",
     EVIL),
]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """A small site built once with valid settings: a refused build must leave it as it was."""
    project = make_project(tmp_path_factory.mktemp("hostile"), sample=False)
    result = project.build()
    assert result.returncode == 0, result.output
    return project


def _write_config(project: FixtureProject, change: Callable[[dict[str, Any]], None]) -> None:
    config = fixture_config()
    [options] = [p["procedures"] for p in config["plugins"] if "procedures" in p]
    options["search"] = False
    change(config)
    project.config.write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def _pages_holding(site: Path, needle: str) -> list[str]:
    return [
        str(path.relative_to(site))
        for path in site.rglob("*")
        if path.suffix in (".html", ".js", ".css", ".webmanifest", ".json")
        and needle.lower() in path.read_text(encoding="utf-8", errors="replace").lower()
    ]


@pytest.mark.parametrize(("change", "setting", "needle"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_a_hostile_setting_is_refused_and_reaches_no_page(
    built: FixtureProject,
    change: Callable[[dict[str, Any]], None],
    setting: str,
    needle: str,
) -> None:
    _write_config(built, change)
    for command in ("build", "check"):
        result = built.run(command)
        assert result.returncode == 2, result.output
        assert "Traceback" not in result.output
        assert f"'{setting}" in result.stderr, result.stderr
    assert (built.site / "index.html").exists()
    assert _pages_holding(built.site, needle) == []


def test_a_host_allowed_by_name_is_loaded(tmp_path: Path) -> None:
    project = make_project(tmp_path / "allowed", sample=False)

    def change(config: dict[str, Any]) -> None:
        config["extra_javascript"] = ["https://stats.example.gov.vn/count.js"]
        [options] = [p["procedures"] for p in config["plugins"] if "procedures" in p]
        options["allowed_hosts"] = ["stats.example.gov.vn"]

    _write_config(project, change)
    result = project.build()
    assert result.returncode == 0, result.output
    assert "index.html" in _pages_holding(project.site, "https://stats.example.gov.vn/count.js")
    assert _pages_holding(project.site, EVIL) == []


def test_plain_text_settings_are_escaped_in_every_page(tmp_path: Path) -> None:
    """Text that is not markup but holds `&` and `'` is written escaped, never raw."""
    project = make_project(tmp_path / "escaped", sample=False)
    _write_config(project, _office("short_name", "Phường 'A' & <B"))
    result = project.build()
    assert result.returncode == 2 and "'extra.office.short_name'" in result.stderr
    _write_config(project, _office("short_name", "Phường 'A' & B"))
    result = project.build()
    assert result.returncode == 0, result.output
    home = (project.site / "index.html").read_text(encoding="utf-8")
    assert "Phường &#39;A&#39; &amp; B" in home
    assert "Phường 'A' & B" not in home
