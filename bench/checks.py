"""White-box checks of the build's memory habits, reported by `make bench` beside the timings.

They watch how the build uses the machine (page faults in a pool worker, objects kept out of
the garbage collector's passes), not what it produces, so they are benchmark figures and not
tests: a test asserts what a user can see.
"""

from __future__ import annotations

import gc
import platform
import resource
import tempfile
from pathlib import Path

from bench import corpus
from bench.table import Row
from generator.build.pool import WorkerPool
from generator.build.project import Project
from generator.build.site import SiteBuild

#: Fewer page faults than this over 300 big allocations: freed buffers stayed in the worker.
FAULTS_TARGET = 1000


def churn_big_buffers() -> int:
    """Page faults taken while three 1 MB buffers are made and freed a hundred times, as a
    worker does with a preview's pixels and PNG."""
    size = 1024 * 1024
    first = [bytearray(size) for _ in range(3)]  # faults every process takes once
    del first
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(100):
        buffers = [bytearray(size) for _ in range(3)]
        del buffers
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def pool_page_faults() -> int | None:
    """Page faults of a pool worker churning big buffers (glibc's mallopt keeps them); None
    off glibc, where nothing is tuned."""
    if platform.libc_ver()[0] != "glibc":
        return None
    pool = WorkerPool(1)
    try:
        return int(pool.submit(churn_big_buffers).result())
    finally:
        pool.shutdown()


def frozen_during_build() -> tuple[int, int]:
    """Objects kept out of the collector's passes while a build runs, and after it ends."""
    with tempfile.TemporaryDirectory(prefix="thutuc-bench-") as folder:
        root = Path(folder)
        corpus.write(root / "content", corpus.generate(3, seed=11))
        project = Project(
            root=root,
            content_dir=root / "content",
            cache_dir=root / ".cache",
            site_url="https://thutuc.example.gov.vn/",
            office={"name": "Bộ phận một cửa"},
        )
        gc.unfreeze()
        build = SiteBuild(project, final_site=None, search=False, record_codes=False)
        build.open()
        try:
            build.start()
            during = gc.get_freeze_count()
        finally:
            build.cancel()
        return during, gc.get_freeze_count()


def rows() -> list[Row]:
    """The table's lines for the two checks."""
    faults = pool_page_faults()
    during, after = frozen_during_build()
    faults_text = "not glibc" if faults is None else f"{faults}"
    mark = "" if faults is None else (" ok" if faults < FAULTS_TARGET else " MISSED")
    return [
        (
            "pool worker page faults, 300 × 1 MB buffers",
            faults_text,
            f"freed buffers kept (mallopt); < {FAULTS_TARGET}{mark}",
        ),
        (
            "objects frozen during a build / after it",
            f"{during} / {after}",
            "gc.freeze once loaded, thawed at the end"
            + (" ok" if during > 1000 and after == 0 else " MISSED"),
        ),
    ]
