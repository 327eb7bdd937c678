"""`make bench-province`: a generated province (contract v2 offices) on the synthetic corpus.

Figures, not timed tests: a cold build, an edit of one procedure's text, one office's new
hotline, the peak memory of the build's process tree and the size of `site/` by part.
Run `python -m bench.province --offices 100 --n 300` (the issue's province: 30,000 pairs).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from bench import corpus
from bench.harness import REPO, BenchPaths, our_build
from generator.publishing.staff_split import split_staff

MIB = 1024 * 1024
#: Targets from issue 14 (2 cores).
COLD_SECONDS_TARGET = 600.0
PEAK_MIB_TARGET = 2048.0
EDIT_SECONDS_TARGET = 90.0
HOTLINE_SECONDS_TARGET = 60.0
#: GitHub Pages serves at most 1 GB a site (issue 22).
PAGES_LIMIT_MIB = 1000 * 1000 * 1000 / MIB
STAFF_URL = "https://canbo.example.gov.vn/"


def offices_yml(count: int, files: list[corpus.CorpusFile], seed: int) -> str:
    """`count` offices, each with a 5-digit code; every fifth handles a subset, every third
    overrides a fee and adds a note, as a province's real offices would."""
    rng = random.Random(seed)
    codes = [f.code for f in files]
    offices: list[dict[str, Any]] = []
    for index in range(count):
        office: dict[str, Any] = {
            "code": f"{8000 + index:05d}",
            "name": f"Bộ phận một cửa – UBND xã số {index + 1}",
            "address": f"Số {index + 1} đường Trường Chinh, xã số {index + 1}",
            "hours": "Thứ Hai đến thứ Sáu, 7:30–11:30 và 13:30–17:00",
            "hotline": f"0209 3870 {index:03d}",
        }
        handled = codes
        if index % 5 == 4:
            handled = sorted(rng.sample(codes, max(1, len(codes) * 4 // 5)))
            office["procedures"] = handled
        if index % 3 == 0:
            office["overrides"] = {
                handled[0]: {"fee": "Miễn lệ phí", "note": "Quầy số 2, ưu tiên người cao tuổi."}
            }
        offices.append(office)
    return yaml.safe_dump({"offices": offices}, allow_unicode=True, sort_keys=False)


def site_sizes(site: Path) -> dict[str, float]:
    """MiB of the built site by part: office outputs (pages, QR, posters and packs) apart."""
    parts = {"total": 0, "office pages": 0, "office qr": 0, "office posters": 0, "rest": 0}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        relative = path.relative_to(site).parts
        parts["total"] += size
        if (relative[0] == "P" and len(relative) == 4) or relative[0] == "don-vi":
            parts["office pages"] += size
        elif relative[0] == "qr" and len(relative) == 3:
            parts["office qr"] += size
        elif relative[0] == "posters" and len(relative) == 3:
            parts["office posters"] += size
        else:
            parts["rest"] += size
    return {name: size / MIB for name, size in parts.items()}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(offices: int, n: int, seed: int, out: Path) -> dict[str, Any]:
    files = corpus.generate(n, seed)
    paths = BenchPaths(out / f"province-{offices}x{n}")
    shutil.rmtree(paths.work, ignore_errors=True)
    paths.project.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", paths.project / "mkdocs.yml")
    shutil.copytree(REPO / "theme", paths.project / "theme")
    content = paths.project / "content"
    corpus.write(content, files)
    text = offices_yml(offices, files, seed)
    (content / "offices.yml").write_text(text, encoding="utf-8")
    (content / "office-register.yml").unlink(missing_ok=True)
    _say(f"cold build: {offices} offices × {n} procedures …")
    cold = our_build(paths, cold=True)
    _say("one procedure's text edited …")
    corpus.edit(content / "procedures" / files[n // 2].name, "1")
    edit = our_build(paths, cold=False)
    _say("one office's new hotline …")
    (content / "offices.yml").write_text(
        text.replace("0209 3870 001", "0209 3870 999"), encoding="utf-8"
    )
    hotline = our_build(paths, cold=False)
    feed = json.loads((paths.project / "site" / "procedures.json").read_text(encoding="utf-8"))
    pairs = sum(len(p.get("offices", {})) for p in feed["procedures"])
    site_mib = site_sizes(paths.project / "site")
    _say("the publishing layout: posters and packs split into a staff artifact …")
    layout = staff_layout(paths.project / "site", paths.work / "staff")
    return {
        "offices": offices,
        "procedures": n,
        "pairs": pairs,
        "cold": cold.__dict__,
        "edit": edit.__dict__,
        "hotline": hotline.__dict__,
        "site_mib": site_mib,
        "layout": layout,
    }


def staff_layout(site: Path, staff: Path) -> dict[str, float]:
    """`thutuc split-staff` on the built site: what the resident host and the staff get."""
    resident, staff_size = split_staff(site, staff, STAFF_URL)
    return {
        "resident_mib": resident.mib,
        "resident_files": resident.files,
        "staff_mib": staff_size.mib,
        "staff_files": staff_size.files,
    }


def table(result: dict[str, Any]) -> str:
    def row(name: str, run: dict[str, float], target: float) -> str:
        mark = "ok" if run["seconds"] <= target else "MISSED"
        return f"| {name} | {run['seconds']:.1f} s | ≤ {target:.0f} s | {mark} |"

    cold: dict[str, float] = result["cold"]
    peak = max(result[k]["peak_tree_mib"] for k in ("cold", "edit", "hotline"))
    lines = [
        f"Province: {result['offices']} offices × {result['procedures']} procedures, "
        f"{result['pairs']} office–procedure pairs",
        "",
        "| figure | measured | target (100 × 300) | |",
        "|---|---|---|---|",
        row("cold build", cold, COLD_SECONDS_TARGET),
        row("one procedure's text edited", result["edit"], EDIT_SECONDS_TARGET),
        row("one office's new hotline", result["hotline"], HOTLINE_SECONDS_TARGET),
        f"| peak memory (process tree) | {peak:.0f} MiB | ≤ {PEAK_MIB_TARGET:.0f} MiB | "
        f"{'ok' if peak <= PEAK_MIB_TARGET else 'MISSED'} |",
        f"| cold build CPU time | {cold['cpu_seconds']:.1f} s | | |",
    ]
    lines += [f"| site/: {name} | {mib:.1f} MiB | | |" for name, mib in result["site_mib"].items()]
    if "layout" in result:  # issue 22: the resident site must fit GitHub Pages' 1 GB
        layout = result["layout"]
        fits = "ok" if layout["resident_mib"] <= PAGES_LIMIT_MIB else "MISSED"
        lines += [
            f"| resident site (split-staff) | {layout['resident_mib']:.1f} MiB, "
            f"{layout['resident_files']} files | ≤ {PAGES_LIMIT_MIB:.0f} MiB | {fits} |",
            f"| staff artifact (posters, packs) | {layout['staff_mib']:.1f} MiB, "
            f"{layout['staff_files']} files | | |",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.province", description=__doc__)
    parser.add_argument("--offices", type=int, default=100)
    parser.add_argument("--n", type=int, default=300, help="number of procedures")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    result = run(args.offices, args.n, args.seed, args.out)
    print(table(result))
    target = args.out / f"province-{args.offices}x{args.n}.json"
    target.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
