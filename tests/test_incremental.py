"""Rebuilds cost about as much as the edit: converted pages and the search index are reused
when nothing they depend on changed, and the output is the same as a full rebuild's."""

from __future__ import annotations

import errno
import itertools
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from support.project import FixtureProject

from generator import cache
from generator.build import bodyindex
from generator.build.pagecache import ConvertedPage, PageCache
from generator.cache import atomic_write, link_or_copy, write_new
from generator.mkdocs.plugin import ProceduresPlugin

ProjectFactory = Callable[..., FixtureProject]
EDITED = "dang-ky-khai-sinh"


def build_once(project: FixtureProject) -> ProceduresPlugin:
    """One `thutuc build`, in this process, so the plugin's counters can be read."""
    config = load_config(config_file=str(project.root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    plugin = config.plugins["procedures"]
    assert isinstance(plugin, ProceduresPlugin)
    return plugin


def pages_html(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def edit_body(project: FixtureProject, old: str, new: str) -> None:
    path = project.procedures / f"{EDITED}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def body_files(site: Path, keep: Path) -> dict[str, int]:
    """The body index's files by name, and their inodes, each also linked into `keep` so no
    later file can get the inode of one deleted."""
    keep.mkdir(exist_ok=True)
    files = {}
    for path in (site / bodyindex.BODY_DIR).iterdir():
        kept = keep / f"{len(list(keep.iterdir()))}-{path.name}"
        os.link(path, kept)
        files[path.name] = kept.stat().st_ino
    return files


def pages_with(site: Path, syllable: str) -> list[str]:
    """The pages whose text holds `syllable`, read from the published body index."""
    path = site / bodyindex.BODY_DIR / f"w-{bodyindex.shard_key(syllable)}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    paths = sorted(p.relative_to(site).as_posix() for p in site.glob("thu-tuc/*/index.html"))
    listed = data["t"].get(syllable)
    return [] if listed is None else [paths[n] for n in bodyindex.decode_pages(listed, data["n"])]


def test_rebuild_converts_only_the_edited_page(new_project: ProjectFactory) -> None:
    project = new_project(sample=True, search=True)
    first = build_once(project)
    assert first.page_cache is not None
    pages = first.page_cache.misses
    assert pages > 10 and first.page_cache.hits == 0
    before = pages_html(project.site)
    keep = project.root / "kept-links"
    indexed = body_files(project.site, keep)
    assert pages_with(project.site, "but") == []

    again = build_once(project)
    assert again.page_cache is not None
    assert (again.page_cache.hits, again.page_cache.misses) == (pages, 0)
    assert pages_html(project.site) == before
    assert body_files(project.site, keep) == indexed, "the body index is reused as it was"

    edit_body(project, "## ", "## Lưu ý trước khi nộp\n\nMang theo bút.\n\n## ")
    edited = build_once(project)
    assert edited.page_cache is not None
    assert (edited.page_cache.hits, edited.page_cache.misses) == (pages - 1, 1)
    after = pages_html(project.site)
    changed = {path for path in after if after[path] != before[path]}
    # The page, and its copy at its short URL (a scan shows the procedure in one request).
    assert changed == {f"thu-tuc/{EDITED}/index.html", "P/1.001193/index.html"}
    page = after[f"thu-tuc/{EDITED}/index.html"].decode("utf-8")
    assert 'id="luu-y-truoc-khi-nop"' in page and "Mang theo bút." in page
    # The table of contents of the edited page comes from its new headings.
    assert '<a href="#luu-y-truoc-khi-nop" class="md-nav__link"' in page
    # The cache keeps one entry per page, not one per edit.
    cached = json.loads((project.root / ".cache/thutuc/pages/pages.json").read_bytes())
    assert len(cached) == pages
    # Search finds the new words on that page only; the index files of other words are kept.
    assert pages_with(project.site, "but") == [f"thu-tuc/{EDITED}/index.html"]
    updated = body_files(project.site, keep)
    rewritten = {name for name, inode in updated.items() if indexed.get(name) != inode}
    assert {"w-bu.json", "p-th.json"} <= rewritten
    assert len(rewritten) < len(indexed) / 4, rewritten


def test_cached_pages_keep_their_table_of_contents(new_project: ProjectFactory) -> None:
    project = new_project(sample=True)
    build_once(project)
    fresh = pages_html(project.site)
    build_once(project)
    for path, html in pages_html(project.site).items():
        assert html == fresh[path], path
    toc = re.findall(
        rb'<a href="#([^"]+)" class="md-nav__link"', fresh[f"thu-tuc/{EDITED}/index.html"]
    )
    assert toc, "the sample procedure has headings in its table of contents"


def test_a_page_that_warns_is_converted_and_warns_every_time(
    new_project: ProjectFactory,
) -> None:
    """A broken link must be reported on every build, or `strict` would pass the second."""
    project = new_project(sample=True)
    edit_body(project, "## ", "Xem [mẫu tờ khai](khong-co-trang-nay.md).\n\n## ")
    for _ in range(2):
        built = project.build()
        assert built.returncode == 0, built.output
        assert "khong-co-trang-nay.md" in built.output


def test_shared_navigation_is_the_one_each_page_would_render(
    sample_site: FixtureProject,
) -> None:
    """Procedure pages share one rendering of the nav sidebar; it must link every field by a
    URL that exists from where those pages sit."""
    site = sample_site.site
    sidebar = re.compile(r'<div class="md-sidebar md-sidebar--primary".*?</nav>', re.S)
    procedure_pages = sorted(site.glob("thu-tuc/*/index.html"))
    shared = {sidebar.search(p.read_text(encoding="utf-8"))[0] for p in procedure_pages}
    assert len(shared) == 1
    links = re.findall(r'href="([^"#]+)"', shared.pop())
    fields = [link for link in links if "linh-vuc/" in link]
    assert fields
    for link in fields:
        assert (procedure_pages[0].parent / link / "index.html").resolve().is_file(), link


def test_publishing_a_cached_file_never_writes_through_an_old_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site file is a hard link to a cached file; publishing another over it replaces the
    link and leaves the cached file alone, with links or, where there are none, copies."""
    old, new = tmp_path / "old.png", tmp_path / "new.png"
    old.write_bytes(b"old")
    new.write_bytes(b"new")
    target = tmp_path / "site" / "qr" / "a.png"
    link_or_copy(old, target)  # no folder yet
    assert target.samefile(old)
    link_or_copy(new, target)
    assert target.samefile(new) and old.read_bytes() == b"old"

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EXDEV, "cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    link_or_copy(old, target)
    assert target.read_bytes() == b"old" and new.read_bytes() == b"new"
    assert not target.samefile(old)


def test_the_page_cache_is_one_file_rewritten_only_when_its_entries_change(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "0123abcd.json").write_text("{}", encoding="utf-8")  # the old one-file-per-page
    first = PageCache(folder, "context")
    keys = [first.key(f"procedures/{n}.md", f"thu-tuc/{n}/index.html", f"# {n}") for n in "ab"]
    for key in keys:
        assert first.get(key) is None
        first.put(key, ConvertedPage(html=f"<h1>{key}</h1>", anchors=["x"]))
    first.save()
    assert [p.name for p in folder.iterdir()] == ["pages.json"]
    written = (folder / "pages.json").stat().st_mtime_ns

    again = PageCache(folder, "context")
    assert again.get(keys[0]) == ConvertedPage(html=f"<h1>{keys[0]}</h1>", anchors=["x"])
    assert again.get(keys[1]) is not None and (again.hits, again.misses) == (2, 0)
    again.save()
    assert (folder / "pages.json").stat().st_mtime_ns == written, "nothing changed"

    fewer = PageCache(folder, "context")
    assert fewer.get(keys[1]) is not None
    fewer.save()  # the page of keys[0] is gone
    assert list(json.loads((folder / "pages.json").read_bytes())) == [keys[1]]

    (folder / "pages.json").write_text("{not json", encoding="utf-8")
    damaged = PageCache(folder, "context")
    assert damaged.get(keys[1]) is None and damaged.misses == 1


def test_atomic_writes_keep_the_mode_and_leave_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tmp_path / "kept.png"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    atomic_write(kept, b"new")
    assert kept.read_bytes() == b"new" and stat.S_IMODE(kept.stat().st_mode) == 0o600
    monkeypatch.setattr(cache, "_serial", itertools.count(7))
    stale = tmp_path / f".fresh.svg.{os.getpid()}-7.tmp"  # left by a killed build
    stale.write_bytes(b"stale")
    previous = os.umask(0o077)
    try:
        atomic_write(tmp_path / "fresh.svg", "<svg/>")
    finally:
        os.umask(previous)
    assert (tmp_path / "fresh.svg").read_text(encoding="utf-8") == "<svg/>"
    assert stat.S_IMODE((tmp_path / "fresh.svg").stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == [stale.name, "fresh.svg", "kept.png"]


def test_a_new_cache_file_is_written_in_place_but_an_existing_one_is_replaced(
    tmp_path: Path,
) -> None:
    """`write_new` writes a file no manifest names straight into its name (no temporary), with
    the usual mode whatever the umask; over a file already there (a half file left by a killed
    build, or one linked into a site) it replaces it and never writes through the link."""
    fresh = tmp_path / "1.001-abc.png"
    previous = os.umask(0o077)
    try:
        write_new(fresh, b"drawn")
    finally:
        os.umask(previous)
    assert fresh.read_bytes() == b"drawn" and stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == [fresh.name]
    published = tmp_path / "site.png"
    os.link(fresh, published)
    write_new(fresh, "redrawn")
    assert fresh.read_bytes() == b"redrawn" and published.read_bytes() == b"drawn"
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, published.name]
