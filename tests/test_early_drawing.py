"""Drawing starts while the content is read (`build.early`): the pool draws the first chunks
of procedures before the checks that span files have run, the artifact run takes that drawing
over, and content that then fails a check publishes nothing of it. No timings are asserted."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from bench import corpus
from generator.build.artifacts import ArtifactCache
from generator.build.early import EarlyDrawing
from generator.build.pool import CHUNK
from generator.build.project import Project
from generator.content.procedure import ContentErrors, Procedure

SITE_URL = "https://thutuc.example.gov.vn/"
COUNT = 2 * CHUNK + 5


def corpus_project(root: Path, count: int = COUNT) -> tuple[Project, list[corpus.CorpusFile]]:
    files = corpus.generate(count, seed=5)
    corpus.write(root / "content", files)
    project = Project(
        root=root,
        content_dir=root / "content",
        cache_dir=root / ".cache",
        site_url=SITE_URL,
        office={"name": "Bộ phận một cửa"},
    )
    return project, files


class Watching(EarlyDrawing):
    """Notes how much was already submitted when every file had been read."""

    def __init__(self, project: Project) -> None:
        super().__init__(project.settings, project.artifacts_dir, project.content_dir)
        self.before_checks = -1
        self.after_first_error = -1

    def parsed(self, procedure: Procedure | None, failed: bool) -> None:
        super().parsed(procedure, failed)
        if failed and self.after_first_error < 0:
            self.after_first_error = len(self.futures)

    def loaded(self) -> None:
        self.before_checks = len(self.futures)
        super().loaded()


def artifact_bytes(project: Project) -> dict[str, bytes]:
    """Every file the artifact manifest names, by name, with its bytes."""
    cache = ArtifactCache(project.artifacts_dir)
    return {
        path.name: path.read_bytes()
        for code in cache.entries
        for suffix in cache.suffixes
        for path in [cache.file(code, suffix)]
    }


@pytest.mark.slow
def test_drawing_starts_before_the_checks_and_the_run_takes_it_over(tmp_path: Path) -> None:
    project, _ = corpus_project(tmp_path / "early")
    early = Watching(project)
    catalog = project.load(early).catalog
    assert early.before_checks == COUNT // CHUNK  # whole chunks, submitted while reading
    assert len(early.futures) == COUNT // CHUNK + 1  # and the rest once every file was read
    run = project.start_artifacts(catalog, early)
    assert run.jobs == []  # nothing left to draw: every procedure was taken over
    report = run.wait()
    assert sorted(report.rendered) == sorted(p.code for p in catalog)
    assert not multiprocessing.active_children()

    plain, _ = corpus_project(tmp_path / "plain")
    plain_run = plain.start_artifacts(plain.load().catalog)
    assert plain_run.jobs and plain_run.wait().rendered == report.rendered
    assert artifact_bytes(project) == artifact_bytes(plain)  # the same files, bit for bit
    assert ArtifactCache(project.artifacts_dir).entries == (
        ArtifactCache(plain.artifacts_dir).entries
    )


@pytest.mark.slow
def test_content_failing_a_later_check_leaves_nothing_named_in_the_cache(
    tmp_path: Path,
) -> None:
    project, files = corpus_project(tmp_path)
    twin = project.content_dir / "procedures" / ("zz-" + files[0].name)
    twin.write_text(files[0].text, encoding="utf-8")  # the same code twice: a cross-file error
    early = Watching(project)
    with pytest.raises(ContentErrors):
        project.load(early)
    assert early.before_checks > 0  # drawing had started
    early.cancel()
    assert not multiprocessing.active_children()
    assert ArtifactCache(project.artifacts_dir).entries == {}  # no manifest names any of it

    twin.unlink()
    fixed = Watching(project)
    catalog = project.load(fixed).catalog
    run = project.start_artifacts(catalog, fixed)
    assert len(run.wait().rendered) == len(catalog) == COUNT
    leftovers = {p.name for p in project.artifacts_dir.iterdir()} - {"artifacts.json"}
    assert leftovers == set(artifact_bytes(project))  # the orphans were deleted on save


def test_a_file_with_an_error_stops_the_early_drawing(tmp_path: Path) -> None:
    project, files = corpus_project(tmp_path)
    first = min(files, key=lambda item: item.name)  # the first file read
    broken = project.content_dir / "procedures" / first.name
    broken.write_text(first.text.replace("title:", "title: ''\nold_title:", 1), "utf-8")
    early = Watching(project)
    with pytest.raises(ContentErrors):
        project.load(early)
    assert early.after_first_error == 0 and early.futures == []
    assert early.pool is None  # nothing was forked for content that will not build
    early.cancel()


def test_a_small_site_forks_nothing_while_reading(tmp_path: Path) -> None:
    project, _ = corpus_project(tmp_path, CHUNK - 1)
    early = Watching(project)
    catalog = project.load(early).catalog
    assert early.pool is None and early.futures == [] and early.cache is None
    run = project.start_artifacts(catalog, early)
    assert len(run.wait().rendered) == CHUNK - 1
