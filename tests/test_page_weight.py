"""A procedure page weighs the same with 30 or 300 procedures: the navigation lists fields,
never procedures, so a resident's phone downloads no more as the catalogue grows."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest
from support.project import FixtureProject, procedure_text

FIELDS = ("Hộ tịch", "Chứng thực", "Cư trú")
PROBE = "thu-tuc/thu-tuc-mau-0001/index.html"


def add_procedures(project: FixtureProject, start: int, stop: int) -> None:
    """Synthetic procedures whose pages have the same shape and length."""
    for number in range(start, stop):
        project.write(
            f"thu-tuc-mau-{number:04d}.md",
            procedure_text(
                code=f"QT-{number:04d}",
                title=f"Thủ tục mẫu số {number:04d}",
                summary=f"Tóm tắt của thủ tục mẫu số {number:04d}.",
                field=FIELDS[number % len(FIELDS)],
            ),
        )


def page_sizes(project: FixtureProject) -> tuple[int, int]:
    html = (project.site / PROBE).read_bytes()
    return len(html), len(gzip.compress(html, 9))


@pytest.mark.slow
def test_procedure_page_does_not_grow_with_the_catalogue(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    add_procedures(project, 1, 31)
    built = project.build()
    assert built.returncode == 0, built.output
    raw_small, gz_small = page_sizes(project)

    add_procedures(project, 31, 301)
    built = project.build()
    assert built.returncode == 0, built.output
    assert len(project.feed()["procedures"]) == 300
    raw_large, gz_large = page_sizes(project)

    # Ten times the procedures: the page may differ by a few bytes, never by a list of them.
    assert abs(raw_large - raw_small) <= raw_small * 0.01, (raw_small, raw_large)
    assert abs(gz_large - gz_small) <= gz_small * 0.01, (gz_small, gz_large)
    assert "Thủ tục mẫu số 0200" not in (project.site / PROBE).read_text(encoding="utf-8")
