"""`thutuc merge` under faults (issue 18): it refuses what cannot make one whole site, and it
publishes like a build, into a staged folder swapped in at the end, so the output is the old
folder or the whole merged site, never a mix, a half copy or a 0-byte file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support.processes import child_env, spawned
from support.project import Built, FixtureProject, tree_digest
from support.province import make_province

pytestmark = pytest.mark.slow

NOTHING = "nothing was merged"


def merge(root: Path, *args: str, fault: str | None = None, lang: str = "en") -> Built:
    env = child_env() | {"THUTUC_LANG": lang} | ({"THUTUC_FAULT": fault} if fault else {})
    with spawned(
        ["-m", "generator", "merge", *args],
        root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        stdout, stderr = child.communicate(timeout=180)
    return Built(child.returncode, stdout, stderr)


class Shards:
    def __init__(self, project: FixtureProject, sites: list[Path]) -> None:
        self.project = project
        self.sites = sites

    @property
    def root(self) -> Path:
        return self.project.root

    def args(self) -> list[str]:
        return [str(site) for site in self.sites]


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Shards:
    """One province built as shards 1/2 and 2/2, each site kept beside the project."""
    root = tmp_path_factory.mktemp("merge")
    project = make_province(root / "project")
    sites = []
    for index in (1, 2):
        built = project.run("build", "--shard", f"{index}/2")
        assert built.returncode == 0, built.output
        sites.append(root / f"shard{index}")
        shutil.copytree(project.site, sites[-1])
    return Shards(project, sites)


def refused(built: Built, *fragments: str) -> None:
    assert built.returncode == 2, built.output
    assert NOTHING in built.stderr
    assert "Traceback" not in built.output
    for fragment in fragments:
        assert fragment in built.stderr, built.stderr


def same_files(merged: Path, sites: list[Path]) -> None:
    """Every merged file holds exactly the bytes of the first shard that has it."""
    for path in merged.rglob("*"):
        if path.is_file():
            relative = path.relative_to(merged)
            source = next(s / relative for s in sites if (s / relative).is_file())
            assert path.read_bytes() == source.read_bytes(), relative


def test_each_shard_carries_its_mark(shards: Shards) -> None:
    marks = [json.loads((s / "thutuc-shard.json").read_text("utf-8")) for s in shards.sites]
    assert [m["shard"] for m in marks] == ["1/2", "2/2"]
    assert marks[0]["content"] == marks[1]["content"] and len(marks[0]["content"]) == 64


def test_an_existing_output_is_refused_unless_replaced(shards: Shards, tmp_path: Path) -> None:
    out = tmp_path / "merged"
    (out / "thu-tuc").mkdir(parents=True)
    (out / "thu-tuc" / "stale.html").write_text("old fee", encoding="utf-8")
    before = tree_digest(out)
    refused(merge(shards.root, str(out), *shards.args()), str(out), "--replace")
    assert tree_digest(out) == before
    # The clerk's language by default: what happened and what to do next.
    in_vietnamese = merge(shards.root, str(out), *shards.args(), lang="vi")
    assert in_vietnamese.returncode == 2
    assert "đã có; thêm --replace để thay nó bằng trang đã gộp" in in_vietnamese.stderr
    assert "chưa gộp gì cả" in in_vietnamese.stderr
    done = merge(shards.root, str(out), *shards.args(), "--replace")
    assert done.returncode == 0, done.output
    assert not (out / "thu-tuc" / "stale.html").exists(), "an old file was kept"
    assert not (out / "thutuc-shard.json").exists()
    same_files(out, shards.sites)
    assert not list(tmp_path.glob(".merged.*"))


def test_shards_from_different_content_are_refused(shards: Shards, tmp_path: Path) -> None:
    other = FixtureProject(tmp_path / "other")
    shutil.copytree(shards.root, other.root, symlinks=True)
    page = next(other.procedures.glob("*.md"))
    page.write_text(page.read_text("utf-8") + "\nLệ phí mới: 50.000 đồng.\n", "utf-8")
    built = other.run("build", "--shard", "2/2")
    assert built.returncode == 0, built.output
    out = tmp_path / "merged"
    refused(
        merge(shards.root, str(out), str(shards.sites[0]), str(other.site)),
        "different content",
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("case", "fragment"),
    [
        ("missing", "does not exist"),
        ("file", "not a folder"),
        ("unmarked", "thutuc-shard.json"),
        ("damaged", "damaged"),
        ("incomplete", "do not make one whole site"),
        ("twice", "do not make one whole site"),
    ],
)
def test_a_missing_or_unusable_shard_is_refused(
    shards: Shards, tmp_path: Path, case: str, fragment: str
) -> None:
    first, second = shards.sites
    bad = tmp_path / "bad"
    if case == "file":
        bad.write_text("not a site", encoding="utf-8")
    elif case in ("unmarked", "damaged"):
        shutil.copytree(second, bad)
        if case == "unmarked":
            (bad / "thutuc-shard.json").unlink()
        else:
            (bad / "thutuc-shard.json").write_text("{not json", encoding="utf-8")
    sites = {
        "incomplete": [first],
        "twice": [first, first],
    }.get(case, [first, bad])
    out = tmp_path / "merged"
    refused(merge(shards.root, str(out), *map(str, sites)), fragment)
    assert not out.exists()


def test_an_existing_file_as_output_is_a_clear_error(shards: Shards, tmp_path: Path) -> None:
    out = tmp_path / "index.html"
    out.write_text("a file", encoding="utf-8")
    refused(merge(shards.root, str(out), *shards.args(), "--replace"), "not a folder")
    assert out.read_text(encoding="utf-8") == "a file"


def test_an_interrupted_merge_leaves_nothing_and_a_rerun_is_whole(
    shards: Shards, tmp_path: Path
) -> None:
    out = tmp_path / "merged"
    stopped = merge(shards.root, str(out), *shards.args(), fault="merge-file#40:SIGINT")
    assert stopped.returncode == 130, stopped.output
    assert "Traceback" not in stopped.output
    assert not out.exists()
    assert not list(tmp_path.glob(".merged.*")), "a staging folder was left behind"
    done = merge(shards.root, str(out), *shards.args())
    assert done.returncode == 0, done.output
    same_files(out, shards.sites)  # no 0-byte or half-copied file kept from the first run
    laid = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    every = {p.relative_to(s) for s in shards.sites for p in s.rglob("*") if p.is_file()}
    assert laid == every - {Path("thutuc-shard.json")}
