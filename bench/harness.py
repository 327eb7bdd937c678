"""`make bench`: our full build against a bare mkdocs-material build of the same pages.

Both builds run as child processes on the same synthetic corpus (`generator.corpus`), in one
run, so the ratio holds on any machine. QR codes and posters are also timed in-process on one
core, and a procedure page's first-load weight is measured from the built site.

Run `python -m bench --n 1000` (or `make bench N=1000`).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from bench import checks, corpus, table
from bench import search as search_bench
from bench.report import BuildRun, Report
from generator import qr, urls
from generator.render import poster

REPO = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024

LARGE_N = table.LARGE_N

#: Runs a build in a fresh process and reports its wall time and largest process's RSS.
_WRAPPER = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": done.returncode, "seconds": seconds,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime,
                  "system_seconds": usage.ru_stime,
                  "max_rss_kib": usage.ru_maxrss, "stderr": done.stderr[-4000:]}))
"""


@dataclass
class BenchPaths:
    work: Path

    @property
    def project(self) -> Path:
        return self.work / "project"

    @property
    def bare(self) -> Path:
        return self.work / "bare"

    @property
    def bare_docs(self) -> Path:
        return self.bare / "docs"


# -- the two projects ------------------------------------------------------------------------


def _tolerant_yaml(text: str) -> Any:
    """mkdocs.yml may hold `!!python/name:` tags; read it without running anything."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load(text, Loader=Loader)


def prepare(paths: BenchPaths, files: list[corpus.CorpusFile]) -> None:
    """Our project (repo's mkdocs.yml and theme) and the bare Material project, same pages."""
    shutil.rmtree(paths.work, ignore_errors=True)
    paths.project.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", paths.project / "mkdocs.yml")
    shutil.copytree(REPO / "theme", paths.project / "theme")
    corpus.write(paths.project / "content", files)
    corpus.write(paths.bare_docs, files)
    _write_bare_config(paths)


def _write_bare_config(paths: BenchPaths) -> None:
    """Plain Material with its own search, nav = home + one index page per field."""
    ours = _tolerant_yaml((REPO / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for path in sorted((paths.bare_docs / "procedures").glob("*.md")):
        meta = _tolerant_yaml(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        groups.setdefault(meta["field"], []).append((meta["title"], path.name, meta["summary"]))
    nav: list[Any] = ["index.md"]
    fields_nav = []
    home = [corpus.HOME]
    for name, items in sorted(groups.items()):
        slug = urls.field_slug(name)
        lines = [f"# {name}\n"]
        lines += [
            f"- [{title}](../procedures/{file})  \n  {summary}" for title, file, summary in items
        ]
        page = paths.bare_docs / urls.FIELD_DIR / f"{slug}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
        fields_nav.append({name: f"{urls.FIELD_DIR}/{slug}.md"})
        home.append(f"\n## [{name}]({urls.FIELD_DIR}/{slug}.md)\n")
        home += [f"- [{title}](procedures/{file})" for title, file, _ in items[:8]]
    (paths.bare_docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    nav.append({"Lĩnh vực": fields_nav})
    config = {
        "site_name": ours.get("site_name", "Thủ tục"),
        "site_url": ours.get("site_url", "https://example.gov.vn/"),
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "vi", "font": False},
        "plugins": ["search"],
        "markdown_extensions": ours.get("markdown_extensions", []),
        "nav": nav,
        "validation": {"nav": {"omitted_files": "ignore", "not_found": "warn"}},
    }
    (paths.bare / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


# -- timing child builds ---------------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        members = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for member in members:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def run_build(command: list[str], cwd: Path) -> BuildRun:
    """Run one build in a fresh wrapper process, sampling its whole tree's RSS meanwhile."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    wrapper = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, *command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.05):
            peak = max(peak, _tree_rss(wrapper.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = wrapper.communicate()
    stop.set()
    sampler.join()
    result = json.loads(out)
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{result['stderr']}")
    return BuildRun(
        seconds=result["seconds"],
        cpu_seconds=result["cpu_seconds"],
        system_seconds=result["system_seconds"],
        peak_tree_mib=peak / MIB,
        max_process_mib=result["max_rss_kib"] / 1024,
    )


def bare_build(paths: BenchPaths) -> BuildRun:
    shutil.rmtree(paths.bare / "site", ignore_errors=True)
    return run_build([sys.executable, "-m", "mkdocs", "build", "-q"], paths.bare)


def our_build(paths: BenchPaths, *, cold: bool) -> BuildRun:
    if cold:
        for name in ("site", ".cache"):
            shutil.rmtree(paths.project / name, ignore_errors=True)
        (paths.project / "content" / "register.yml").unlink(missing_ok=True)
    return run_build([sys.executable, "-m", "generator", "build"], paths.project)


# -- in-process figures ----------------------------------------------------------------------


def time_qr_and_posters(
    paths: BenchPaths, sample: int
) -> tuple[dict[str, float], dict[str, float]]:
    """QR codes and posters per second on one core, drawn from the corpus's own procedures."""
    from generator.mkdocs.config import load_project

    project = load_project(paths.project / "mkdocs.yml")
    project.cache_dir = paths.project / ".cache" / "bench"
    catalog = project.load().catalog
    procedures = [p for p in catalog if not p.retired][:sample]
    payloads = [catalog.short_url(p) for p in procedures]
    settings = project.settings()

    start = time.perf_counter()
    matrices = [qr.make_matrix(payload) for payload in payloads]
    encoded = time.perf_counter()
    for procedure, matrix in zip(procedures, matrices, strict=True):
        qr.to_svg(matrix, title=procedure.title)
    svg = time.perf_counter()
    for matrix in matrices:
        qr.to_png(matrix, settings.png_scale)
    png = time.perf_counter()
    for procedure, matrix, payload in zip(procedures, matrices, payloads, strict=True):
        poster.render_poster(procedure, matrix, payload, settings.poster, "0123456789")
    posters = time.perf_counter()

    count = len(procedures)
    qr_seconds = png - start
    return (
        {
            "count": count,
            "per_second": count / qr_seconds,
            "encode_ms": 1000 * (encoded - start) / count,
            "svg_ms": 1000 * (svg - encoded) / count,
            "png_ms": 1000 * (png - svg) / count,
        },
        {
            "count": count,
            "per_second": count / (posters - png),
            "ms": 1000 * (posters - png) / count,
        },
    )


class _Assets(HTMLParser):
    """The files a browser fetches to show a page: stylesheets, scripts, images, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "") in ("stylesheet", "icon", "preload"):
            href = values.get("href")
        elif tag in ("script", "img"):
            href = values.get("src")
        else:
            return
        if href:
            self.found.append(href)


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def first_load(site: Path, slug: str) -> dict[str, Any]:
    """Gzipped bytes of a procedure page and every same-site file it references."""
    page_path = urls.procedure_path(slug)
    html = (site / page_path / "index.html").read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    assets: dict[str, int] = {}
    for href in dict.fromkeys(parser.found):
        resolved = urlsplit(urljoin(f"https://site.invalid/{page_path}", href))
        if resolved.netloc != "site.invalid":
            continue
        target = site / resolved.path.lstrip("/")
        if target.is_file():
            assets[resolved.path.lstrip("/")] = _gzip_size(target.read_bytes())
    html_gzip = _gzip_size(html)
    return {
        "page": page_path,
        "html_gzip": html_gzip,
        "assets_gzip": assets,
        "total_gzip": html_gzip + sum(assets.values()),
    }


def max_qr_version(paths: BenchPaths) -> int:
    """The largest QR version the build drew, from the artifact cache's manifest."""
    from generator.build.artifacts import ArtifactCache
    from generator.mkdocs.config import load_project

    project = load_project(paths.project / "mkdocs.yml")
    cache = ArtifactCache(project.cache_dir / "artifacts")
    return max((int(entry["version"]) for entry in cache.entries.values()), default=0)


# -- the run and its table -------------------------------------------------------------------


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(n: int, seed: int, repeats: int, sample: int, out: Path, *, short: bool = False) -> Report:
    files = corpus.generate(n, seed, short=short)
    paths = BenchPaths(out / (f"work-short-{n}" if short else f"work-{n}"))
    prepare(paths, files)
    report = Report(
        n=n,
        seed=seed,
        repeats=repeats,
        cpus=os.cpu_count() or 1,
        fields=len({f.field for f in files}),
    )
    edited = [paths.project / "content", paths.bare_docs]
    for repeat in range(repeats):
        _say(f"[{repeat + 1}/{repeats}] bare Material build …")
        report.bare.append(bare_build(paths))
        _say(f"[{repeat + 1}/{repeats}] cold build …")
        report.cold.append(our_build(paths, cold=True))
        _say(f"[{repeat + 1}/{repeats}] warm build, nothing changed …")
        report.warm.append(our_build(paths, cold=False))
        name = files[(repeat * 7919) % n].name
        for content in edited:
            corpus.edit(content / "procedures" / name, f"{repeat + 1}")
        _say(f"[{repeat + 1}/{repeats}] warm build, {name} edited …")
        report.warm_edit.append(our_build(paths, cold=False))
    if short:  # the build ratios are the question for this corpus
        return report
    _say(f"timing QR codes and posters on {min(sample, n)} procedures …")
    report.qr, report.posters = time_qr_and_posters(paths, sample)
    report.first_load = first_load(paths.project / "site", files[0].name.removesuffix(".md"))
    report.max_qr_version = max_qr_version(paths)
    _say("measuring search on a throttled Fast 3G connection …")
    slug = files[0].name.removesuffix(".md")
    report.search = search_bench.search_figures(paths.project / "site", urls.procedure_path(slug))
    smaller = out / "bench-1000.json"
    if n == LARGE_N and smaller.exists():
        base = json.loads(smaller.read_text(encoding="utf-8"))["summary"]["cold_seconds"]
        report.growth = report.median(report.cold) / base
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="number of procedures")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="runs per figure (3; 2 from 1000; 1 from 5000)",
    )
    parser.add_argument("--sample", type=int, default=300, help="procedures for QR/poster timing")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument(
        "--short-bodies",
        action="store_true",
        help="a corpus of short bodies (a sentence and the steps): build ratios only",
    )
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.n >= LARGE_N else 2 if args.n >= 1000 else 3)
    args.out.mkdir(parents=True, exist_ok=True)
    report = run(args.n, args.seed, repeats, args.sample, args.out, short=args.short_bodies)
    text = table.render(report, short=args.short_bodies)
    if not args.short_bodies:  # the build's memory habits, once per run
        text += "\n" + "\n".join(f"{a}: {b} ({c})" for a, b, c in checks.rows())
    print(text)
    result = {"summary": report.summary(), **asdict(report)}
    target = args.out / f"bench-{'short-' if args.short_bodies else ''}{args.n}.json"
    target.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
