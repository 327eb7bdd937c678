"""A country in shards: `build --shard I/N` builds the shared site and its share of the
offices; `merge` lays the shard sites into one site with every office's files."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.project import FixtureProject
from support.province import make_province


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_shards_merge_into_the_whole_site(tmp_path: Path) -> None:
    whole = make_province(tmp_path / "whole")
    assert whole.build().returncode == 0
    shard_sites = []
    for index in (1, 2):
        project = make_province(tmp_path / f"shard{index}")
        built = project.run("build", "--shard", f"{index}/2")
        assert built.returncode == 0, built.output
        shard_sites.append(project.site)
    one, two = (files(site) for site in shard_sites)
    assert any(f.startswith("posters/08377/") for f in one)
    assert not any("08378" in f for f in one if f.startswith(("qr/", "posters/", "P/")))
    assert any(f.startswith("posters/08378/") for f in two)
    assert not any("08377/" in f for f in two)
    assert any(f.startswith("P/1.001193/XA-HUYEN-TUNG/") for f in one)
    assert (
        (shard_sites[0] / "procedures.json").read_bytes()
        == (shard_sites[1] / "procedures.json").read_bytes()
        == (whole.site / "procedures.json").read_bytes()
    )
    merged = tmp_path / "merged"
    done = FixtureProject(tmp_path / "whole").run("merge", str(merged), *map(str, shard_sites))
    assert done.returncode == 0, done.output
    assert files(merged) == files(whole.site)


def test_a_bad_shard_is_refused(tmp_path: Path) -> None:
    project = make_province(tmp_path / "p")
    built = project.run("build", "--shard", "3/2")
    assert built.returncode == 2
    assert "I/N" in built.stderr and "Traceback" not in built.output
    shutil.rmtree(project.root)
