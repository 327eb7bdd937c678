"""Drawing on one pool: packs follow QR codes and posters on the artifact run's workers, and
give exactly what drawing them after the run would. No timings are asserted."""

from __future__ import annotations

import multiprocessing
import os
import re
import select
import signal
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pypdfium2
import pytest
from support.decode import pdf_pages

from bench import corpus
from generator.build.artifacts import POOL_THRESHOLD
from generator.build.packs import PackRun, PacksAfterArtifacts
from generator.build.pool import WorkerPool
from generator.build.progress import interrupts_deferred
from generator.build.project import Project

SITE_URL = "https://thutuc.example.gov.vn/"


def corpus_project(root: Path, count: int) -> Project:
    corpus.write(root / "content", corpus.generate(count, seed=11))
    return Project(
        root=root,
        content_dir=root / "content",
        cache_dir=root / ".cache",
        site_url=SITE_URL,
        office={"name": "Bộ phận một cửa"},
    )


@pytest.mark.slow
def test_packs_after_a_pooled_run_match_packs_drawn_afterwards(tmp_path: Path) -> None:
    count = POOL_THRESHOLD + 6
    chained = corpus_project(tmp_path / "chained", count)
    run = chained.start_artifacts(chained.load().catalog)
    assert run.pooled
    packs = chained.start_packs(run)
    assert isinstance(packs, PacksAfterArtifacts)
    report = packs.finish(tmp_path / "chained-out")
    assert len(run.wait().rendered) == count
    assert not multiprocessing.active_children(), "the pool is shut down once packs are done"

    serial = corpus_project(tmp_path / "serial", count)
    serial_run = serial.start_artifacts(serial.load().catalog)
    serial_run.wait()
    expected = serial.build_packs(serial_run, tmp_path / "serial-out")

    assert sorted(report.rendered) == sorted(expected.rendered)
    assert report.packs == expected.packs
    for info in report.packs:
        name = Path(info.path).name
        assert pdf_pages(tmp_path / "chained-out" / name) == info.pages
        assert pdf_pages(tmp_path / "serial-out" / name) == info.pages
    whole = next(info for info in report.packs if info.name == "all")
    assert whole.pages > count  # cover, index, then every poster


def test_cancelled_packs_leave_no_worker_behind(tmp_path: Path) -> None:
    project = corpus_project(tmp_path, POOL_THRESHOLD + 6)
    run = project.start_artifacts(project.load().catalog)
    packs = project.start_packs(run)
    assert isinstance(packs, PacksAfterArtifacts)
    packs.cancel()
    assert not packs.thread.is_alive()
    assert not multiprocessing.active_children()


def page_text(document: pypdfium2.PdfDocument, index: int) -> str:
    return " ".join(document[index].get_textpage().get_text_range().split())


def test_single_posters_are_cut_from_their_field_pack(tmp_path: Path) -> None:
    """Each poster is drawn once, in its field pack; the single poster is that very page."""
    project = corpus_project(tmp_path / "project", 12)
    run = project.start_artifacts(project.load().catalog)
    run.wait()
    out = tmp_path / "out"
    report = project.build_packs(run, out)
    field_packs = [info for info in report.packs if info.name.startswith("field-")]
    assert field_packs
    seen = 0
    for info in field_packs:
        pack = pypdfium2.PdfDocument(out / Path(info.path).name)
        try:
            posters = [page_text(pack, i) for i in range(len(pack))]
        finally:
            pack.close()
        for text in posters:
            code = re.search(r"Mã thủ tục (\S+)", text)
            if code is None:
                continue  # the field's summary page
            single = pypdfium2.PdfDocument(out / f"{code[1]}.pdf")
            try:
                assert len(single) == 1
                assert page_text(single, 0) == text
            finally:
                single.close()
            seen += 1
    assert seen == 12

    cut = sorted((project.cache_dir / "packs" / "posters").glob("*.pdf"))
    assert len(cut) == 12
    cut[0].unlink()  # a poster lost from the cache redraws its field pack, and only that one
    again = project.build_packs(run, tmp_path / "again")
    redrawn = [name for name in again.rendered if name.startswith("field-")]
    assert len(redrawn) == 1
    lost_code = cut[0].name.rsplit("-", 1)[0]
    assert (tmp_path / "again" / f"{lost_code}.pdf").is_file()


def test_after_an_edit_stale_packs_are_drawn_off_the_main_process(tmp_path: Path) -> None:
    project = corpus_project(tmp_path, 8)
    first = project.start_artifacts(project.load().catalog)
    first.wait()
    project.build_packs(first, tmp_path / "out")
    unchanged = project.start_artifacts(project.load().catalog)
    assert isinstance(project.start_packs(unchanged), PackRun), "nothing to draw, no pool"

    edited = next((tmp_path / "content" / "procedures").glob("*.md"))
    corpus.edit(edited, "sửa")
    run = project.start_artifacts(project.load().catalog)
    packs = project.start_packs(run)
    assert isinstance(packs, PacksAfterArtifacts)
    report = packs.finish(tmp_path / "out")
    assert not multiprocessing.active_children()
    assert run.wait().rendered == [], "a summary shows on the poster only, not in QR files"
    drawn = sorted(report.rendered)
    assert drawn[0] == "all" and len(drawn) == 2 and drawn[1].startswith("field-"), drawn


def _wait_for_byte(read_end: int, started: int | None = None) -> int:
    """A job that says it runs (on `started`), then runs until the test writes a byte to
    its pipe."""
    if started is not None:
        os.write(started, b"s")
    return len(os.read(read_end, 1))


def _report_pid() -> int:
    return os.getpid()


def test_a_narrowed_pool_runs_one_job_until_widened() -> None:
    """While MkDocs renders pages the build's pool runs one job at a time, so the main
    process keeps a core; `widen` lets the second worker start the job it holds."""
    read_end, write_end = os.pipe()
    started_read, started_write = os.pipe()
    pool = WorkerPool(2, at_once=1)
    try:
        blocking = pool.submit(_wait_for_byte, read_end, started_write)
        assert select.select([started_read], [], [], 60)[0], "the first job never started"
        queued = pool.submit(_report_pid)
        with pytest.raises(FutureTimeout):  # the only turn is taken by the blocked job
            queued.result(timeout=1)
        pool.widen()
        pid = queued.result(timeout=60)  # now it runs, beside the job that still waits
        assert not blocking.done()
        assert pid in {process.pid for process in multiprocessing.active_children()}
        os.write(write_end, b"x")
        assert blocking.result(timeout=60) == 1
    finally:
        os.write(write_end, b"x")  # never leave a worker blocked on the pipe
        pool.shutdown()
        for end in (read_end, write_end, started_read, started_write):
            os.close(end)
    assert not multiprocessing.active_children()


def test_shutting_down_a_narrowed_pool_frees_the_worker_waiting_its_turn() -> None:
    read_end, write_end = os.pipe()
    pool = WorkerPool(2, at_once=1)
    blocking = pool.submit(_wait_for_byte, read_end)
    waiting = pool.submit(_report_pid)
    os.write(write_end, b"x")
    assert blocking.result(timeout=60) == 1
    pool.shutdown()  # would hang if a worker were left waiting for a turn
    assert waiting.done()
    assert not multiprocessing.active_children()
    os.close(read_end)
    os.close(write_end)


def test_an_interrupt_during_a_pool_call_is_acted_on_as_it_ends() -> None:
    """Ctrl-C while the main thread holds a lock of the pool's threads left it held, and the
    build hung shutting the pool down; the pool's calls now defer it to their end."""
    assert threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        reached = False
        with pytest.raises(KeyboardInterrupt), interrupts_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(10_000):  # bytecode runs: a signal is acted on here if at all
                pass
            reached = True
        assert reached, "the interrupt broke into the block"
        with interrupts_deferred():  # and nothing is left over for the next block
            for _ in range(10_000):
                pass
    finally:
        signal.signal(signal.SIGINT, previous)
