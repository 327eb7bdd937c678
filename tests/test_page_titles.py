"""A page converted once and restored from the page cache gets the title converting would
give: the front matter's `title` when it has one, else its first heading, whichever of the
two an edit adds or removes while the body stays the same (mkdocs/pages.py, public API)."""

from __future__ import annotations

import re
from collections.abc import Callable

from support.project import FixtureProject

ProjectFactory = Callable[..., FixtureProject]
BODY = "# Giờ làm việc của bộ phận một cửa\n\nSáng thứ Hai đến thứ Sáu.\n"


def title_of(project: FixtureProject) -> str:
    """The page's title as the home page's navigation shows it (MkDocs's `page.title`), after
    checking that its own `<title>` says the same."""
    home = (project.site / "index.html").read_text(encoding="utf-8")
    [label] = re.findall(
        r'href="gio-lam-viec/" class="md-nav__link">\s*<span[^>]*>\s*([^<]*?)\s*<', home
    )
    html = (project.site / "gio-lam-viec" / "index.html").read_text(encoding="utf-8")
    [title] = re.findall(r"<title>(.*?)</title>", html)
    assert title.split(" - ")[0] == label
    return label


def write_page(project: FixtureProject, front_title: str | None) -> None:
    front = f"---\ntitle: {front_title}\n---\n" if front_title else ""
    (project.content / "gio-lam-viec.md").write_text(front + BODY, encoding="utf-8")


def build(project: FixtureProject) -> None:
    built = project.build()
    assert built.returncode == 0, built.output


def test_front_matter_title_added_then_removed_over_a_cached_body(
    new_project: ProjectFactory,
) -> None:
    project = new_project(sample=False)
    write_page(project, None)
    build(project)
    assert title_of(project) == "Giờ làm việc của bộ phận một cửa"
    write_page(project, "Lịch tiếp dân")  # same body: its conversion comes from the cache
    build(project)
    assert title_of(project) == "Lịch tiếp dân"
    write_page(project, None)
    build(project)
    assert title_of(project) == "Giờ làm việc của bộ phận một cửa"


def test_a_page_first_built_with_a_front_matter_title_keeps_its_heading_for_later(
    new_project: ProjectFactory,
) -> None:
    project = new_project(sample=False)
    write_page(project, "Lịch tiếp dân")
    build(project)
    assert title_of(project) == "Lịch tiếp dân"
    write_page(project, None)
    build(project)
    assert title_of(project) == "Giờ làm việc của bộ phận một cửa"
