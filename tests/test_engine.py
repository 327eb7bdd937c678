"""The engine can be swapped, and cannot drop the plugin unnoticed (issue 18).

ProperDocs (a maintained fork of MkDocs 1.6) builds the sample to the same files as MkDocs;
a config or an engine that leaves the `procedures` plugin out never ends in a published site
without QR codes (generator/cli/engine.py, theme/main.html)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from support.processes import run_child
from support.project import FixtureProject, make_project, tree_digest

from generator.cli import engine
from generator.mkdocs.plugin import ProceduresPlugin

ProjectFactory = Callable[..., FixtureProject]
#: The one line the two engines write differently: each names itself.
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
#: What differs between any two builds of a poster, by either engine: the time it was drawn
#: and the file identifier derived from it (PDFium writes both).
PDF_TIME = re.compile(rb"/CreationDate\(D:[^)]*\)|/ID\[<[0-9A-F]+><[0-9A-F]+>\]")


def without_plugin(project: FixtureProject, name: str = "mkdocs.yml") -> Path:
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    config["plugins"] = [
        p for p in config["plugins"] if not (isinstance(p, dict) and "procedures" in p)
    ]
    assert (
        config["plugins"] != yaml.safe_load(project.config.read_text(encoding="utf-8"))["plugins"]
    )
    target = project.root / name
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def test_a_config_without_the_plugin_fails_and_keeps_the_old_site(
    new_project: ProjectFactory,
) -> None:
    project = new_project(sample=False)
    assert project.build().returncode == 0
    before = tree_digest(project.site)
    without_plugin(project)
    built = project.build()
    assert built.returncode == 1, built.output
    assert "'procedures'" in built.stderr and "Traceback" not in built.output
    assert tree_digest(project.site) == before


def test_the_theme_stops_an_engine_that_skips_the_plugin(new_project: ProjectFactory) -> None:
    """`mkdocs build` straight on a config without the plugin: no page renders."""
    project = new_project(sample=False)
    config = without_plugin(project, "no-plugin.yml")
    built = run_child(["-m", "mkdocs", "build", "-f", config.name], cwd=project.root)
    assert built.returncode != 0
    assert "the_procedures_plugin_did_not_run" in built.stderr
    assert not list((project.root / "site").rglob("*.html"))


def test_a_plugin_that_never_ran_is_seen() -> None:
    assert engine.plugin_ran(ProceduresPlugin()) is False
    assert engine.plugin_ran(object()) is False


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _normalised(name: str, data: bytes) -> bytes:
    if name.endswith(".html"):
        return GENERATOR_TAG.sub(b"", data)
    return PDF_TIME.sub(b"", data) if name.endswith(".pdf") else data


@pytest.mark.slow
def test_properdocs_and_mkdocs_build_the_sample_to_the_same_files(tmp_path: Path) -> None:
    sites = {}
    for name in ("mkdocs", "properdocs"):
        project = make_project(tmp_path / name, sample=True, search=True)
        built = run_child(["-m", name, "build", "-f", "mkdocs.yml"], cwd=project.root)
        assert built.returncode == 0, built.stderr
        assert (project.site / "P" / "1.001193" / "index.html").is_file()
        sites[name] = _files(project.site)
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    assert sorted(mkdocs) == sorted(properdocs)
    assert any(name.endswith(".pdf") for name in mkdocs) and len(mkdocs) > 100
    differ = [n for n in mkdocs if _normalised(n, mkdocs[n]) != _normalised(n, properdocs[n])]
    assert differ == []
    # The only difference left out is each engine naming itself, and it is there.
    assert b"ProperDocs" in properdocs["index.html"] and b"ProperDocs" not in mkdocs["index.html"]
