"""Fixtures only: real projects in temporary folders, built with the real CLI. The helpers
the tests import live in the support package."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.ordering import heaviest_files_first
from support.processes import descendants, reap_descendants
from support.project import FixtureProject, make_catalogue_project, make_project
from support.shared import built_once_per_run

# Tests read messages in English (the msgids); a test of the Vietnamese sets THUTUC_LANG=vi.
os.environ["THUTUC_LANG"] = "en"


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py has marked its tests
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    heaviest_files_first(items)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """xdist's own file scheduler, handing files out in the collection's order (heaviest
    first, above) rather than re-sorted by their number of tests."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    config.option.loadscopereorder = False
    return LoadFileScheduling(config, log)


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
