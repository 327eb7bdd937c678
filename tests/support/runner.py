"""The CI runners as far as a test can be one: the steps of the workflow templates run with
the shell and environment GitHub Actions and GitLab CI give them, in a real git clone whose
`origin` is a bare repository; only the `uses:` actions (checkout, Pages upload, deploy) are
stood in for."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

GIT = ["git", "-c", "user.name=Cán bộ", "-c", "user.email=canbo@example.invalid"]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [*GIT, *args], cwd=cwd, capture_output=True, text=True, check=True, env=_git_env()
    )
    return done.stdout


def _git_env() -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}


def publish_repository(site: Path, tmp: Path) -> tuple[Path, Path]:
    """Commit the site to a bare `origin` and clone it as a runner's checkout would."""
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "Trang mới")
    origin = tmp / "origin.git"
    git(tmp, "clone", "-q", "--bare", str(site), str(origin))
    workspace = tmp / "workspace"
    git(tmp, "clone", "-q", "--depth", "1", f"file://{origin}", str(workspace))
    return origin, workspace


def _runner_path() -> str:
    """thutuc's virtual environment first, as `setup-python` + the install step leave it."""
    return f"{Path(sys.executable).parent}:/usr/bin:/bin"


@dataclass
class StepResult:
    name: str
    returncode: int
    output: str


@dataclass
class Run:
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.returncode == 0 for step in self.steps)

    @property
    def output(self) -> str:
        return "".join(step.output for step in self.steps)


_VARS_SET = re.compile(r"^\$\{\{\s*vars\.(\w+)\s*!=\s*''\s*\}\}$")
_VARS_VALUE = re.compile(r"^\$\{\{\s*vars\.(\w+)\s*\}\}$")


def _expression(value: str, variables: dict[str, str]) -> str:
    """`${{ vars.NAME }}`, the only expression the templates use in a step's env."""
    match = _VARS_VALUE.match(value.strip())
    return variables.get(match.group(1), "") if match else value


def _runs(step: dict[str, Any], variables: dict[str, str]) -> bool:
    """A step's `if:`; the templates use only `${{ vars.NAME != '' }}`."""
    condition = step.get("if")
    if condition is None:
        return True
    match = _VARS_SET.match(condition.strip())
    assert match, f"the test runner does not know the condition {condition!r}"
    return bool(variables.get(match.group(1)))


def run_github_job(
    workflow: Path,
    job: str,
    workspace: Path,
    extra_env: dict[str, str],
    variables: dict[str, str] | None = None,
) -> Run:
    """Each step of the job in order, stopping at the first failure, as the runner does:
    `run:` with `bash --noprofile --norc -eo pipefail`, `uses:` stood in for; `variables` are
    the repository's configuration variables (`vars.*`)."""
    variables = variables or {}
    data: dict[str, Any] = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    head = git(workspace, "rev-parse", "HEAD").strip()
    env = {
        **data.get("env", {}),
        **data["jobs"][job].get("env", {}),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_REF_NAME": "main",
        "GITHUB_REF": "refs/heads/main",
        "GITHUB_SHA": head,
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(workspace.parent),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PATH": _runner_path(),
        "NO_MKDOCS_2_WARNING": "1",
        **extra_env,
    }
    run = Run()
    for step in data["jobs"][job]["steps"]:
        name = step.get("name") or step.get("uses") or step.get("id", "")
        if not _runs(step, variables):
            continue
        step_env = {key: _expression(str(v), variables) for key, v in step.get("env", {}).items()}
        if "uses" in step:
            run.steps.append(_stand_in(step["uses"], step.get("with", {}), workspace))
        else:
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=workspace,
                capture_output=True,
                text=True,
                env={**env, **step_env},
                check=False,
            )
            run.steps.append(StepResult(name, done.returncode, done.stdout + done.stderr))
        if run.steps[-1].returncode != 0:
            break
    return run


def _stand_in(action: str, inputs: dict[str, Any], workspace: Path) -> StepResult:
    """The marketplace actions: checkout is the clone made already; the Pages upload checks
    that its folder holds a site, as the real one fails on a missing folder."""
    if action.startswith("actions/upload-pages-artifact"):
        folder = workspace / inputs.get("path", "_site")
        ok = (folder / "index.html").is_file()
        return StepResult(action, 0 if ok else 1, f"uploaded {folder}\n" if ok else "no site\n")
    if action.startswith("actions/upload-artifact"):  # fails when the path matches no file
        folder = workspace / inputs["path"]
        ok = folder.is_dir() and any(path.is_file() for path in folder.rglob("*"))
        return StepResult(action, 0 if ok else 1, f"uploaded {folder}\n" if ok else "no files\n")
    return StepResult(action, 0, "")


def run_gitlab_job(config: Path, job: str, workspace: Path, extra_env: dict[str, str]) -> Run:
    """The job's `script` in one shell, each line stopping the job when it fails, as GitLab's
    shell executor does, with the predefined variables of a push to the default branch."""
    data: dict[str, Any] = yaml.safe_load(config.read_text(encoding="utf-8"))
    head = git(workspace, "rev-parse", "HEAD").strip()
    env = {
        **{key: str(value) for key, value in data.get("variables", {}).items()},
        "CI": "true",
        "GITLAB_CI": "true",
        "CI_COMMIT_BRANCH": "main",
        "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_SHA": head,
        "CI_PROJECT_DIR": str(workspace),
        "CI_SERVER_HOST": "gitlab.example.invalid",
        "CI_PROJECT_PATH": "xa-yen-lac/thutuc",
        "HOME": os.environ.get("HOME", "/tmp"),
        "PATH": _runner_path(),
        "NO_MKDOCS_2_WARNING": "1",
        **extra_env,
    }
    script = "\n".join(data[job]["script"])
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=workspace,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return Run([StepResult(job, done.returncode, done.stdout + done.stderr)])
