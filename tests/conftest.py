"""Fixtures only: real projects in temporary folders, built with the real CLI. The helpers
the tests import live in the support package."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.processes import descendants, reap_descendants
from support.project import FixtureProject, make_catalogue_project, make_project
from support.shared import built_once_per_run

# Tests read messages in English (the msgids); a test of the Vietnamese sets THUTUC_LANG=vi.
os.environ["THUTUC_LANG"] = "en"


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """After the last test, nothing the suite started may still run, nor wait to be reaped."""
    before = descendants()
    yield
    left = reap_descendants(known=before)
    assert not left, f"the tests left processes behind (now killed): {left}"


@pytest.fixture
def new_project(tmp_path: Path) -> Callable[..., FixtureProject]:
    """Factory: `new_project(sample=False, search=True)`; each call gets its own folder."""
    counter = iter(range(1000))

    def factory(*, sample: bool = True, search: bool = False) -> FixtureProject:
        return make_project(tmp_path / f"project{next(counter)}", sample=sample, search=search)

    return factory


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """The sample content built once per run, search included; read-only for tests."""
    return built_once_per_run(
        tmp_path_factory, "sample", lambda root: make_project(root, sample=True, search=True)
    )


@pytest.fixture(scope="session")
def catalogue_site(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """The long-titles catalogue built once per run, search included; read-only."""
    return built_once_per_run(
        tmp_path_factory, "catalogue", lambda root: make_catalogue_project(root, search=True)
    )
