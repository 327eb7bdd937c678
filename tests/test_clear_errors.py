"""Messages that used to mislead, and inputs that used to end in a traceback (issue 19), through
the real command line: each now names the right file and says what to do."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from support.project import FixtureProject, procedure_text
from support.province import make_province


def test_an_empty_office_register_is_told_to_restore_itself(tmp_path: Path) -> None:
    project = make_province(tmp_path / "province")
    (project.content / "office-register.yml").write_text("\n", encoding="utf-8")
    checked = project.run("check", "--json")
    assert checked.returncode == 1, checked.output
    [error] = json.loads(checked.stdout)["errors"]
    assert error["path"] == "content/office-register.yml"
    assert "git checkout content/office-register.yml" in error["message"]
    assert "register.yml)" not in error["message"].replace("office-register.yml", "")


def test_a_broken_procedure_brings_no_warning_on_the_home_page(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    (project.content / "index.md").write_text(
        '---\nfeatured: ["QT-10"]\n---\n# Thủ tục\n', encoding="utf-8"
    )
    project.write("moi.md", procedure_text(code="QT-10", fee=None))
    checked = project.run("check", "--json")
    assert checked.returncode == 1, checked.output
    report = json.loads(checked.stdout)
    assert [e["path"] for e in report["errors"]] == ["content/procedures/moi.md"]
    assert report["warnings"] == []


def test_one_huge_synonym_group_is_refused_at_once(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    phrases = "\n".join(f"    - cụm từ số {n}" for n in range(20_000))
    (project.content / "synonyms.yml").write_text(f"groups:\n  -\n{phrases}\n", encoding="utf-8")
    started = time.monotonic()
    checked = project.run("check", "--json")
    assert time.monotonic() - started < 60
    assert checked.returncode == 1, checked.output
    [error] = json.loads(checked.stdout)["errors"]
    where = (error["path"], error["line"], error["field"])
    assert where == ("content/synonyms.yml", 3, "groups[1]")
    assert "20000 phrases" in error["message"] and "split it" in error["message"]


def test_too_many_phrases_in_the_file_are_refused_at_once(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    groups = "\n".join(f"  - [từ {n} a, từ {n} b, từ {n} c]" for n in range(7_000))
    (project.content / "synonyms.yml").write_text(f"groups:\n{groups}\n", encoding="utf-8")
    started = time.monotonic()
    checked = project.run("check", "--json")
    assert time.monotonic() - started < 60
    [error] = json.loads(checked.stdout)["errors"]
    assert (error["line"], error["field"]) == (6668, "groups[6667]")
    assert "more than 20000 phrases" in error["message"]


def test_staff_commands_refuse_an_unusable_output_without_a_traceback(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    project.write("moi.md", procedure_text(code="QT-10"))
    (project.root / "mot-tep").write_text("x", encoding="utf-8")
    posters = project.run("posters", "--out", "mot-tep")
    assert posters.returncode == 2, posters.output
    assert "mot-tep is a file, not a folder" in posters.stderr
    reprint = project.run("reprint", "/proc/x.pdf")
    assert reprint.returncode == 2, reprint.output
    assert "cannot write in /proc" in reprint.stderr
    inside_a_file = project.run("reprint", "mot-tep/x.pdf")
    assert inside_a_file.returncode == 2 and "is a file, not a folder" in inside_a_file.stderr
    for run in (posters, reprint, inside_a_file):
        assert "Traceback" not in run.output


def test_a_bad_shard_is_a_usage_error(new_project: Callable[..., FixtureProject]) -> None:
    """The shard travels only as `--shard` (no environment variable carries build state): a
    bad value is a usage error, exit 2, with nothing built."""
    project = new_project(sample=False)
    for value in ("3/2", "0/2", "abc"):
        flag = project.run("build", "--shard", value)
        assert flag.returncode == 2 and "--shard must be I/N" in flag.stderr, flag.output
        assert "Traceback" not in flag.stderr and not project.site.exists()


def test_the_preview_reads_site_url_through_the_one_yaml_reader(tmp_path: Path) -> None:
    """MkDocs' own tags are read as nothing; an alias bomb is refused like in any content file."""
    from generator.mkdocs.config import configured_site_url

    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_url: https://thutuc.example.gov.vn/\nx: !ENV [HOME, b]\n"
        "e: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    assert configured_site_url(config) == "https://thutuc.example.gov.vn/"
    config.write_text("site_url: https://a.example/\na: &a [x]\nb: [*a, *a]\n", encoding="utf-8")
    assert configured_site_url(config) is None
