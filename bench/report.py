"""What one `make bench` run measured: each child build's time and memory, and the medians
and ratios the table prints (`bench/table.py`) and the JSON report records."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any


@dataclass
class BuildRun:
    """One child build: wall time, CPU time of all its processes (and the kernel's share of
    it: on a disk where a cold build follows the removal of the last one, mostly inode
    allocation), the peak RSS summed over its process tree and its largest process's RSS
    (`getrusage`), in MiB."""

    seconds: float
    cpu_seconds: float
    peak_tree_mib: float
    max_process_mib: float
    system_seconds: float = 0.0


@dataclass
class Report:
    n: int
    seed: int
    repeats: int
    cpus: int
    fields: int
    bare: list[BuildRun] = field(default_factory=list)
    cold: list[BuildRun] = field(default_factory=list)
    warm: list[BuildRun] = field(default_factory=list)
    warm_edit: list[BuildRun] = field(default_factory=list)
    qr: dict[str, float] = field(default_factory=dict)
    posters: dict[str, float] = field(default_factory=dict)
    first_load: dict[str, Any] = field(default_factory=dict)
    max_qr_version: int = 0
    growth: float | None = None
    search: dict[str, Any] = field(default_factory=dict)

    def median(self, runs: list[BuildRun]) -> float:
        return statistics.median(run.seconds for run in runs)

    def cpu(self, runs: list[BuildRun]) -> float:
        return statistics.median(run.cpu_seconds for run in runs)

    def system(self, runs: list[BuildRun]) -> float:
        return statistics.median(run.system_seconds for run in runs)

    def ratio(self, runs: list[BuildRun]) -> float:
        return self.median(runs) / self.median(self.bare)

    def peak_mib(self) -> float:
        return max(run.peak_tree_mib for run in [*self.cold, *self.warm, *self.warm_edit])

    def summary(self) -> dict[str, Any]:
        return {
            "bare_seconds": self.median(self.bare),
            "cold_seconds": self.median(self.cold),
            "warm_seconds": self.median(self.warm),
            "warm_edit_seconds": self.median(self.warm_edit),
            "cold_ratio": self.ratio(self.cold),
            "warm_ratio": self.ratio(self.warm),
            "warm_edit_ratio": self.ratio(self.warm_edit),
            "bare_cpu_seconds": self.cpu(self.bare),
            "cold_cpu_seconds": self.cpu(self.cold),
            "warm_cpu_seconds": self.cpu(self.warm),
            "warm_edit_cpu_seconds": self.cpu(self.warm_edit),
            "bare_system_seconds": self.system(self.bare),
            "cold_system_seconds": self.system(self.cold),
            "peak_rss_mib": self.peak_mib(),
            "growth_vs_1000": self.growth,
        }
