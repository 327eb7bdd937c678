"""A warm build reuses the procedure pages whose inputs did not change
(`generator/mkdocs/rendered.py`), and every page it writes is byte for byte the page a cold
build of the same content writes: after an edit of the page itself, of another procedure it
names, of the office, of a notice, of the theme, and after its published copy was altered."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml
from support.notices import BIRTH, notice_text, write_notice
from support.project import FixtureProject
from test_incremental import build_once, pages_html

from generator.mkdocs.plugin import ProceduresPlugin

ProjectFactory = Callable[..., FixtureProject]
BIRTH_PAGE = "thu-tuc/dang-ky-khai-sinh/index.html"
DEATH_PAGE = "thu-tuc/dang-ky-khai-tu/index.html"
DEATH = "1.000656"


def reused(plugin: ProceduresPlugin) -> set[str]:
    assert plugin.reuse is not None
    return set(plugin.reuse.reused)


def cold_pages(project: FixtureProject) -> dict[str, bytes]:
    """The pages of a build with no cache and no published site, from the same content."""
    shutil.rmtree(project.root / ".cache")
    shutil.rmtree(project.site)
    plugin = build_once(project)
    assert reused(plugin) == set()
    return pages_html(project.site)


def assert_same_as_cold(project: FixtureProject, warm: dict[str, bytes]) -> None:
    cold = cold_pages(project)
    assert warm.keys() == cold.keys()
    assert [path for path in warm if warm[path] != cold[path]] == []


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unchanged_pages_are_reused_and_an_edited_one_is_rendered(
    new_project: ProjectFactory,
) -> None:
    project = new_project(sample=True)
    first = build_once(project)
    assert reused(first) == set()
    before = pages_html(project.site)
    procedures = {f"procedures/{p.name}" for p in project.procedures.glob("*.md")}

    again = build_once(project)
    assert reused(again) == procedures
    assert pages_html(project.site) == before

    replace_in(project.procedures / "dang-ky-khai-sinh.md", "## ", "Mang theo bút.\n\n## ")
    edited = build_once(project)
    assert reused(edited) == procedures - {"procedures/dang-ky-khai-sinh.md"}
    after = pages_html(project.site)
    assert "Mang theo bút." in after[BIRTH_PAGE].decode("utf-8")
    assert_same_as_cold(project, after)


def test_what_a_page_shows_from_elsewhere_is_never_stale(new_project: ProjectFactory) -> None:
    """A retired page names its replacement's title, a procedure's page its notices, every
    page the office's hotline, the theme and the search's title index: each change renders
    again the pages that show it, and only those."""
    project = new_project(sample=True)
    procedures = {f"procedures/{p.name}" for p in project.procedures.glob("*.md")}
    death, birth = "procedures/dang-ky-khai-tu.md", "procedures/dang-ky-khai-sinh.md"
    replace_in(
        project.content / death, "updated: ", 'status: retired\nreplaced_by: "1.001193"\nupdated: '
    )
    build_once(project)

    replace_in(project.content / birth, 'title: "Đăng ký khai sinh"', 'title: "Khai sinh mới"')
    # Every page's search box names the title index, which a new title changes.
    assert reused(build_once(project)) == set()
    assert "Khai sinh mới" in pages_html(project.site)[DEATH_PAGE].decode("utf-8")

    today = dt.date.today()
    notice = notice_text(title="Nghỉ lễ", date=today, summary="Nghỉ ngày 2/9.", procedures=[DEATH])
    write_notice(project, "nghi-le", notice)
    assert reused(build_once(project)) == procedures - {death}
    assert "Nghỉ lễ" in pages_html(project.site)[DEATH_PAGE].decode("utf-8")

    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    config["extra"]["office"]["hotline"] = "0211 3999 999"
    project.config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert reused(build_once(project)) == set()
    assert "0211 3999 999" in pages_html(project.site)[BIRTH_PAGE].decode("utf-8")

    replace_in(project.root / "theme/procedure.html", "Thấy thông tin sai?", "Thông tin sai?")
    assert reused(build_once(project)) == set()
    warm = pages_html(project.site)
    assert "Thông tin sai?" in warm[BIRTH_PAGE].decode("utf-8")
    assert_same_as_cold(project, warm)


def test_a_published_page_altered_since_is_rendered_again(new_project: ProjectFactory) -> None:
    project = new_project(sample=True)
    build_once(project)
    fresh = pages_html(project.site)
    (project.site / BIRTH_PAGE).write_text("<p>sửa tay</p>", encoding="utf-8")
    (project.site / DEATH_PAGE).unlink()
    plugin = build_once(project)
    assert not {"procedures/dang-ky-khai-sinh.md", "procedures/dang-ky-khai-tu.md"} & reused(plugin)
    assert pages_html(project.site) == fresh


def test_a_warm_build_through_the_command_line_writes_the_same_site(
    new_project: ProjectFactory,
) -> None:
    project = new_project(sample=True)
    assert project.build().returncode == 0
    before = pages_html(project.site)
    record = project.root / ".cache/thutuc/rendered/pages.json"
    assert record.is_file()
    written = record.stat().st_mtime_ns
    built = project.build()
    assert built.returncode == 0, built.output
    assert pages_html(project.site) == before
    assert record.stat().st_mtime_ns == written  # nothing re-rendered: the record is kept
    assert BIRTH in before["P/1.001193/index.html"].decode("utf-8")


def test_shared_header_search_and_footer_are_what_each_page_would_render(
    sample_site: FixtureProject,
) -> None:
    """Procedure pages share one rendering of the header, the search box and the footer; a
    field page sits at the same depth and renders its own: they must be the same."""
    site = sample_site.site
    parts = {
        "header": re.compile(r'<header class="md-header tt-header".*?</header>', re.S),
        "search": re.compile(r'<div class="tt-search md-grid".*?</form>', re.S),
        "footer": re.compile(r'<footer class="md-footer tt-footer">.*?</footer>', re.S),
    }
    field_page = next(site.glob("linh-vuc/*/index.html")).read_text(encoding="utf-8")
    for path in site.glob("thu-tuc/*/index.html"):
        page = path.read_text(encoding="utf-8")
        for name, pattern in parts.items():
            found, expected = pattern.search(page), pattern.search(field_page)
            assert found and expected, name
            assert found[0] == expected[0], (path, name)
