"""The benchmark's synthetic corpus and its bare-Material twin (no timings are asserted)."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
import yaml
from support.project import SITE_URL, make_project

from bench import corpus, harness
from generator import urls
from generator.build.artifacts import ArtifactRun
from generator.content.catalog import Catalog
from generator.content.loader import load_procedures
from generator.content.procedure import split_front_matter
from generator.mkdocs.config import load_project


def corpus_project(root: Path, files: list[corpus.CorpusFile]) -> Path:
    """A fixture project (the repo's mkdocs.yml and theme) holding `files`; its content folder.
    Settings come from its mkdocs.yml through `load_project`, the product's one way."""
    project = make_project(root, sample=False)
    corpus.write(project.content, files)
    return project.content


def _body_words(item: corpus.CorpusFile) -> int:
    parts = split_front_matter(item.text)
    assert parts is not None
    return len(parts[1].split())


def test_same_seed_gives_identical_files_and_another_seed_does_not() -> None:
    first = corpus.generate(20, seed=7)
    assert first == corpus.generate(20, seed=7)
    assert [f.text for f in first] != [f.text for f in corpus.generate(20, seed=8)]


def test_procedures_spread_over_about_thirty_fields() -> None:
    files = corpus.generate(620)
    counts = collections.Counter(f.field for f in files)
    assert len(corpus.FIELDS) >= 30
    assert set(counts) == set(corpus.field_names())
    assert max(counts.values()) <= 3 * min(counts.values()), counts


def test_bodies_have_600_to_1000_words() -> None:
    words = [_body_words(item) for item in corpus.generate(60)]
    assert all(600 <= count <= 1000 for count in words), words
    assert max(words) - min(words) > 100, "lengths should vary, not all be the minimum"


def test_short_bodies_are_a_sentence_and_the_steps(tmp_path: Path) -> None:
    """The second corpus of `make bench`: the same procedures with short bodies, valid too."""
    short = corpus.generate(40, short=True)
    words = [_body_words(item) for item in short]
    assert all(15 <= count <= 150 for count in words), words
    corpus.write(tmp_path / "content", short)
    assert load_procedures(tmp_path / "content").problems == []


def test_corpus_passes_the_projects_validation(tmp_path: Path) -> None:
    files = corpus.generate(40)
    corpus.write(tmp_path / "content", files)
    result = load_procedures(tmp_path / "content")
    assert result.problems == []
    assert sorted(p.code for p in result.procedures) == sorted(f.code for f in files)
    assert {p.field for p in result.procedures} == {f.field for f in files}
    titles = " ".join(p.title for p in result.procedures)
    assert any(letter in titles for letter in "ăâđêôơư"), "titles are Vietnamese"


def test_qr_files_are_redrawn_only_when_what_they_show_changes(tmp_path: Path) -> None:
    files = corpus.generate(20)
    content = corpus_project(tmp_path, files)
    project = load_project(tmp_path / "mkdocs.yml")

    def render() -> tuple[list[str], list[str]]:
        result = load_procedures(content, tmp_path)
        assert result.errors == []
        run = ArtifactRun(Catalog(SITE_URL, result.procedures), project.settings(), tmp_path / "a")
        report = run.start().wait()
        return report.rendered, report.reused

    assert len(render()[0]) == 20
    rendered, reused = render()
    assert rendered == [] and len(reused) == 20
    edited = files[5]
    corpus.edit(content / "procedures" / edited.name, "1")
    rendered, reused = render()
    assert rendered == [], "a summary is on the poster, not in the QR files or the preview"
    path = content / "procedures" / edited.name
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    meta = yaml.safe_load(front)
    meta["title"] = f"{meta['title']} (mới)"
    path.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{body}", encoding="utf-8")
    rendered, reused = render()
    assert rendered == [edited.code]
    assert len(reused) == 19


def test_bare_material_twin_has_per_field_navigation(tmp_path: Path) -> None:
    files = corpus.generate(40)
    paths = harness.BenchPaths(tmp_path / "work")
    harness.prepare(paths, files)
    config = yaml.safe_load((paths.bare / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    assert config["plugins"] == ["search"]
    home, fields = config["nav"]
    assert home == "index.md"
    field_pages = [next(iter(entry.values())) for entry in fields["Lĩnh vực"]]
    assert len(field_pages) == len({f.field for f in files})
    listed = "".join((paths.bare_docs / page).read_text(encoding="utf-8") for page in field_pages)
    assert all(f"(../procedures/{f.name})" in listed for f in files)
    assert (paths.project / "content" / "procedures" / files[0].name).read_text(
        encoding="utf-8"
    ) == files[0].text


@pytest.mark.parametrize("n", [12])
def test_bare_build_and_first_load_weight(tmp_path: Path, n: int) -> None:
    files = corpus.generate(n)
    paths = harness.BenchPaths(tmp_path / "work")
    harness.prepare(paths, files)
    run = harness.bare_build(paths)
    # Python running MkDocs takes tens of MiB: the figures are MiB, not KiB (getrusage's unit on
    # Linux) or bytes (psutil's), and the sampler saw the build, not an empty tree.
    assert 10 < run.max_process_mib < 1024
    assert 10 < run.peak_tree_mib < 2048
    site = paths.bare / "site"
    slug = files[0].name.removesuffix(".md")
    page = site / "procedures" / slug / "index.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert "linh-vuc/" in html, "the navigation lists field pages"
    assert f"procedures/{files[1].name.removesuffix('.md')}/" not in html, "not procedures"
    # Reuse the bare site to check the first-load measure: a page and its stylesheets.
    (site / "thu-tuc").mkdir()
    (site / "procedures" / slug).rename(site / "thu-tuc" / slug)
    weight = harness.first_load(site, slug)
    assert any(path.endswith(".css") for path in weight["assets_gzip"])
    assert weight["total_gzip"] > weight["html_gzip"] > 0


def test_an_edit_redraws_one_field_pack_and_assembles_the_whole_pack(tmp_path: Path) -> None:
    import pypdfium2

    from generator.build import packs

    files = corpus.generate(40)
    content = corpus_project(tmp_path, files)
    settings = load_project(tmp_path / "mkdocs.yml").settings()

    def build() -> packs.PackReport:
        result = load_procedures(content, tmp_path)
        run = ArtifactRun(Catalog(SITE_URL, result.procedures), settings, tmp_path / "a")
        run.start().wait()
        return packs.build_packs(run, tmp_path / "packs", tmp_path / "site")

    first = build()
    fields = {f.field for f in files}
    assert len(first.rendered) == 3 + len(fields)
    edited = files[3]
    corpus.edit(content / "procedures" / edited.name, "2")
    second = build()
    field_pack = f"field-{urls.field_slug(edited.field)}"
    # The edit changes a summary and a body: field posters and stickers print neither.
    assert sorted(second.rendered) == sorted(["all", field_pack])
    assert {"fields", "stickers"} <= set(second.reused)
    pages = {p.name: p.pages for p in second.packs}
    document = pypdfium2.PdfDocument(tmp_path / "site" / "pack-all.pdf")
    try:
        assert len(document) == pages["all"] > len(files)
        text = " ".join(
            " ".join(document[i].get_textpage().get_text_range().split())
            for i in range(len(document))
        )
    finally:
        document.close()
    assert "(Cập nhật lần 2)" in text, "the edited poster is in the whole pack"
    assert all(f.code in text for f in files)


def test_the_memory_checks_run_and_report_their_rows() -> None:
    """Page faults and frozen objects are bench figures (`bench/checks.py`), not test
    assertions; here only that they run and say what they measured."""
    from bench import checks

    during, after = checks.frozen_during_build()
    assert during > 0 and after == 0
    rows = checks.rows()
    assert [row[0] for row in rows] == [
        "pool worker page faults, 300 × 1 MB buffers",
        "objects frozen during a build / after it",
    ]
