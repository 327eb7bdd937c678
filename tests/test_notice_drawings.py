"""Notice cards and posters are drawn once and kept by what they show; the drawings of what
no notice shows any more are deleted, so `.cache/thutuc/notices/` does not grow with every
edit of a notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from support.notices import notice_text, write_notice
from support.project import FixtureProject

TODAY = dt.date.today()


def drawings(project: FixtureProject) -> set[str]:
    return {path.name for path in (project.root / ".cache/thutuc/notices").iterdir()}


def test_an_edited_notice_leaves_only_its_new_drawings(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project()
    for slug in ("lich-tiep-dan", "nghi-le"):
        write_notice(
            project, slug, notice_text(title=f"Thông báo {slug}", date=TODAY, summary="Tóm tắt.")
        )
    first = project.build()
    assert first.returncode == 0, first.output
    before = drawings(project)
    # A card and a poster for each notice, and the pack of both.
    assert len([n for n in before if n.endswith(".png")]) == 2, before
    assert len([n for n in before if n.endswith(".pdf")]) == 3, before

    write_notice(
        project,
        "nghi-le",
        notice_text(title="Nghỉ lễ: đổi giờ tiếp dân", date=TODAY, summary="Tóm tắt mới."),
    )
    second = project.build()
    assert second.returncode == 0, second.output
    after = drawings(project)
    # The other notice's card and poster are reused as they were; the edited one's and the
    # pack are new, and what they replaced is gone.
    assert len(after) == len(before) == 5, after
    assert len(after & before) == 2, (before, after)
    card = (project.site / "thong-bao" / "nghi-le" / "preview.png").read_bytes()
    cache = project.root / ".cache/thutuc/notices"
    [new_card] = [name for name in after - before if name.endswith(".png")]
    assert (cache / new_card).read_bytes() == card, "the site shows the kept drawing"
