"""The publishing workflows `init` writes: valid against the GitHub Actions and GitLab CI
schemas (vendored by check-jsonschema, offline), and their steps run as a runner would run
them; the codes a CI-only build issues reach the branch, or nothing is published."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support.annex import by_code, complete, write_xlsx
from support.clerk import init_site, run_thutuc
from support.project import FixtureProject
from support.runner import git, publish_repository, run_github_job, run_gitlab_job

GITHUB = Path(".github/workflows/publish.yml")
GITLAB = Path(".gitlab-ci.yml")


def schema_check(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_templates_pass_their_schemas_and_a_broken_copy_does_not(tmp_path: Path) -> None:
    site = init_site(tmp_path)
    for schema, name in (("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", GITLAB)):
        checked = schema_check(schema, site.root / name)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = yaml.safe_load((site.root / GITHUB).read_text(encoding="utf-8"))
    broken["jobs"]["build"]["step"] = broken["jobs"]["build"].pop("steps")
    (tmp_path / "broken.yml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert schema_check("vendor.github-workflows", tmp_path / "broken.yml").returncode == 1
    gitlab = yaml.safe_load((site.root / GITLAB).read_text(encoding="utf-8"))
    gitlab["pages"]["script"] = {"not": "a list"}
    (tmp_path / "broken-ci.yml").write_text(yaml.safe_dump(gitlab), encoding="utf-8")
    assert schema_check("vendor.gitlab-ci", tmp_path / "broken-ci.yml").returncode == 1


def imported_site(tmp_path: Path, completed: int) -> FixtureProject:
    site = init_site(tmp_path)
    write_xlsx(site.root / "danh-muc.xlsx")
    assert run_thutuc(site.root, "import", "danh-muc.xlsx").returncode == 0
    for path in sorted(by_code(site).values())[:completed]:
        complete(path)
    return site


def register_codes(text: str) -> set[str]:
    return set(yaml.safe_load(text)["codes"] or {})


@pytest.mark.slow
def test_github_run_publishes_and_commits_the_codes_the_build_issued(tmp_path: Path) -> None:
    site = imported_site(tmp_path, completed=2)
    origin, workspace = publish_repository(site.root, tmp_path)
    before = git(origin, "rev-parse", "main").strip()
    run = run_github_job(workspace / GITHUB, "build", workspace, {})
    assert run.ok, run.output
    assert [step.name for step in run.steps][-1].startswith("actions/upload-pages-artifact")
    # Drafts show as warnings on their file and line.
    assert "::warning file=content/procedures/" in run.output
    assert ",line=6::" in run.output
    published = json.loads((workspace / "site" / "procedures.json").read_text(encoding="utf-8"))
    codes = {p["code"] for p in published["procedures"]}
    assert len(codes) == 2
    # The register with the new codes is on the branch, in a commit after the pushed one.
    assert git(origin, "rev-parse", "main~1").strip() == before
    fresh = register_codes(git(origin, "show", "main:content/register.yml"))
    assert fresh == codes
    log = git(origin, "log", "-1", "--format=%s", "main")
    assert "[skip ci]" in log
    # A second run of the same commit finds nothing new to record and pushes nothing.
    git(workspace, "pull", "-q", "--ff-only")
    after = git(origin, "rev-parse", "main").strip()
    again = run_github_job(workspace / GITHUB, "build", workspace, {})
    assert again.ok, again.output
    assert git(origin, "rev-parse", "main").strip() == after


def test_github_check_errors_are_annotations_and_stop_before_publishing(tmp_path: Path) -> None:
    site = imported_site(tmp_path, completed=1)
    path = sorted(by_code(site).values())[0]
    text = path.read_text(encoding="utf-8").replace('fee: "', 'fees: "', 1)
    path.write_text(text, encoding="utf-8")
    origin, workspace = publish_repository(site.root, tmp_path)
    before = git(origin, "rev-parse", "main").strip()
    run = run_github_job(workspace / GITHUB, "build", workspace, {})
    assert not run.ok
    failed = run.steps[-1]
    assert failed.name == "Kiểm tra nội dung"
    shown = path.relative_to(site.root).as_posix()
    assert f"::error file={shown},line=" in failed.output
    assert not (workspace / "site").exists()
    assert git(origin, "rev-parse", "main").strip() == before


def test_github_refuses_to_publish_when_the_branch_moved_under_it(tmp_path: Path) -> None:
    site = imported_site(tmp_path, completed=1)
    origin, workspace = publish_repository(site.root, tmp_path)
    other = tmp_path / "editor"
    git(tmp_path, "clone", "-q", f"file://{origin}", str(other))
    (other / "content" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    git(other, "commit", "-q", "-am", "Sửa trang chủ")
    git(other, "push", "-q", "origin", "main")
    run = run_github_job(workspace / GITHUB, "build", workspace, {})
    assert not run.ok
    assert run.steps[-1].name == "Lưu sổ mã (register) vào kho"
    assert not any(s.name.startswith("actions/upload-pages") for s in run.steps)


@pytest.mark.slow
def test_gitlab_job_commits_the_codes_or_refuses_to_publish(tmp_path: Path) -> None:
    site = imported_site(tmp_path, completed=2)
    origin, workspace = publish_repository(site.root, tmp_path)
    before = git(origin, "rev-parse", "main").strip()
    refused = run_gitlab_job(workspace / GITLAB, "pages", workspace, {})
    assert refused.steps[0].returncode == 1
    assert "Trang chưa được đăng" in refused.output
    assert not (workspace / "public").exists()
    assert git(origin, "rev-parse", "main").strip() == before
    report = json.loads((workspace / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert {issue["severity"] for issue in report} == {"minor"}  # the drafts
    assert all(issue["location"]["lines"]["begin"] == 6 for issue in report)
    git(workspace, "reset", "-q", "--hard")
    ran = run_gitlab_job(workspace / GITLAB, "pages", workspace, {"THUTUC_PUSH_URL": str(origin)})
    assert ran.ok, ran.output
    assert (workspace / "public" / "index.html").is_file()
    codes = register_codes(git(origin, "show", "main:content/register.yml"))
    assert len(codes) == 2


def test_github_run_with_a_staff_url_publishes_a_resident_site_without_pdfs(
    tmp_path: Path,
) -> None:
    site = imported_site(tmp_path, completed=2)
    _origin, workspace = publish_repository(site.root, tmp_path)
    staff_url = "https://canbo.yenlac.gov.vn/"
    quiet = run_github_job(workspace / GITHUB, "build", workspace, {})
    assert quiet.ok and not (workspace / "staff").exists()  # without the variable: one site
    assert list((workspace / "site" / "posters").glob("*.pdf"))
    git(workspace, "pull", "-q", "--ff-only")
    run = run_github_job(
        workspace / GITHUB, "build", workspace, {}, {"THUTUC_STAFF_URL": staff_url}
    )
    assert run.ok, run.output
    assert not list((workspace / "site").rglob("*.pdf"))
    feed = json.loads((workspace / "site" / "procedures.json").read_text(encoding="utf-8"))
    assert feed["staff_url"] == staff_url
    for entry in feed["procedures"]:
        assert (workspace / "staff" / entry["poster"]).is_file()
    for pack in feed["packs"]:
        assert (workspace / "staff" / pack["path"]).is_file()
    prints = (workspace / "site" / "an-pham-in" / "index.html").read_text(encoding="utf-8")
    assert f'href="{staff_url}posters/pack-all.pdf"' in prints
    assert 'src="../posters/pack-all.png"' in prints  # previews stay: no request elsewhere
