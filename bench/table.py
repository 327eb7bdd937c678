"""The table `make bench` prints: one row per figure, with its target where issue 6 set one."""

from __future__ import annotations

from bench import search as search_bench
from bench.report import Report

#: Targets from issue 6, checked in the table (2 cores).
COLD_RATIO_TARGET = 1.5
WARM_EDIT_RATIO_TARGET = 1.15
LARGE_N = 5000
LARGE_SECONDS_TARGET = 180.0
LARGE_RSS_TARGET_MIB = 1536.0
GROWTH_TARGET = 5.5

Row = tuple[str, str, str]


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _builds(report: Report) -> list[Row]:
    s = report.summary()
    cold_target = (
        f"; ≤ {COLD_RATIO_TARGET}× {_mark(s['cold_ratio'] <= COLD_RATIO_TARGET)}"
        if report.n == 1000
        else ""
    )
    return [
        (
            "bare Material build (search, per-field nav)",
            f"{s['bare_seconds']:.1f} s",
            f"cpu {s['bare_cpu_seconds']:.1f} s (system {s['bare_system_seconds']:.1f} s)",
        ),
        (
            "cold full build (site+QR+posters+packs+search)",
            f"{s['cold_seconds']:.1f} s = {s['cold_ratio']:.2f}× bare",
            f"cpu {s['cold_cpu_seconds']:.1f} s (system {s['cold_system_seconds']:.1f} s)"
            f"{cold_target}",
        ),
        (
            "warm rebuild, no change",
            f"{s['warm_seconds']:.1f} s = {s['warm_ratio']:.2f}× bare",
            f"cpu {s['warm_cpu_seconds']:.1f} s",
        ),
        (
            "warm rebuild, one procedure edited",
            f"{s['warm_edit_seconds']:.1f} s = {s['warm_edit_ratio']:.2f}× bare",
            f"cpu {s['warm_edit_cpu_seconds']:.1f} s; ≤ {WARM_EDIT_RATIO_TARGET}× "
            f"{_mark(s['warm_edit_ratio'] <= WARM_EDIT_RATIO_TARGET)}",
        ),
    ]


def _drawing_and_weight(report: Report) -> list[Row]:
    s = report.summary()
    rss_target = (
        f"; ≤ {LARGE_RSS_TARGET_MIB:.0f} {_mark(s['peak_rss_mib'] <= LARGE_RSS_TARGET_MIB)}"
        if report.n == LARGE_N
        else ""
    )
    return [
        (
            "QR codes per second (1 core; encode+SVG+PNG)",
            f"{report.qr['per_second']:.0f}/s ({1000 / report.qr['per_second']:.1f} ms each)",
            f"encode {report.qr['encode_ms']:.1f} / svg {report.qr['svg_ms']:.1f} "
            f"/ png {report.qr['png_ms']:.1f} ms",
        ),
        (
            "posters per second (1 core)",
            f"{report.posters['per_second']:.0f}/s ({report.posters['ms']:.1f} ms each)",
            "",
        ),
        (
            "peak RSS of a build (whole process tree)",
            f"{s['peak_rss_mib']:.0f} MiB",
            f"largest process {max(r.max_process_mib for r in report.cold):.0f} MiB; "
            f"bare {max(r.peak_tree_mib for r in report.bare):.0f} MiB{rss_target}",
        ),
        (
            "first load of a procedure page (gzip)",
            f"{report.first_load['total_gzip'] / 1024:.1f} KiB",
            f"HTML {report.first_load['html_gzip'] / 1024:.1f} KiB + "
            f"{len(report.first_load['assets_gzip'])} files",
        ),
        ("largest QR version", str(report.max_qr_version), ""),
    ]


def _large(report: Report) -> list[Row]:
    if report.n != LARGE_N:
        return []
    s = report.summary()
    rows = [
        (
            f"cold build at {LARGE_N}",
            f"{s['cold_seconds']:.0f} s",
            f"≤ {LARGE_SECONDS_TARGET:.0f} s {_mark(s['cold_seconds'] <= LARGE_SECONDS_TARGET)}",
        )
    ]
    if report.growth is not None:
        rows.append(
            (
                "growth: cold at 5000 ÷ cold at 1000",
                f"{report.growth:.2f}×",
                f"≤ {GROWTH_TARGET}× {_mark(report.growth <= GROWTH_TARGET)}",
            )
        )
    return rows


def render(report: Report, *, short: bool = False) -> str:
    rows = _builds(report)
    if not short:
        rows += [*_drawing_and_weight(report), *search_bench.rows(report.search), *_large(report)]
    width = max(len(r[0]) for r in rows)
    middle = max(len(r[1]) for r in rows)
    bodies = "short bodies, a sentence and the steps" if short else "600–1,000-word bodies"
    head = (
        f"N = {report.n} procedures ({bodies}) in {report.fields} fields, seed {report.seed}, "
        f"{report.cpus} CPUs, median of {report.repeats} run(s)"
    )
    lines = [head, "-" * len(head)]
    lines += [f"{a:<{width}}  {b:<{middle}}  {c}".rstrip() for a, b, c in rows]
    return "\n".join(lines)
