"""One planning of packs per site and per office per build (issue 18: "Packs are planned up
to three times"), and `Project.check` handing over what it read instead of keeping it."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from support.project import FixtureProject
from support.province import make_province, offices_text, write_offices

from generator.build import offices as office_build
from generator.build import packs, pipeline
from generator.build.project import CheckedContent, Project
from generator.cli import commands as cli
from generator.content.catalog import Catalog
from generator.mkdocs.config import load_project
from generator.render import pack_plan
from generator.render.layout import PosterSettings

#: Every module that may plan packs during a build, each holding its own name for it
#: (`build/offices.py` imports it from `pack_plan` when it plans, so that one is patched there).
PLANNERS = (office_build, packs, pipeline, pack_plan)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    return make_province(tmp_path_factory.mktemp("planning") / "province")


def counting_plans(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Each call of `plan_packs` in this process, by whose packs: "site" or an office code."""
    calls: Counter[str] = Counter()
    real: Callable[[Catalog, PosterSettings], list[pack_plan.PackPlan]] = pack_plan.plan_packs

    def counted(catalog: Catalog, settings: PosterSettings) -> list[pack_plan.PackPlan]:
        calls[getattr(catalog, "office_code", "") or "site"] += 1
        return real(catalog, settings)

    for module in PLANNERS:
        if hasattr(module, "plan_packs"):
            monkeypatch.setattr(module, "plan_packs", counted)
    return calls


@pytest.mark.parametrize("shard", [None, "2/2"], ids=["whole", "shard"])
def test_a_build_plans_the_site_and_each_office_packs_once(
    province: FixtureProject,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    shard: str | None,
) -> None:
    calls = counting_plans(monkeypatch)
    args = ["build", "--shard", shard] if shard else ["build"]
    status = cli.main(["-f", str(province.config), *args])
    output = capsys.readouterr()
    assert status == 0, output.err
    # The retired office has no packs; each active one is planned once, drawn or not.
    assert calls == Counter({"site": 1, "08377": 1, "08378": 1}), calls
    staff = (province.site / "an-pham-in" / "index.html").read_text(encoding="utf-8")
    feed = province.feed()
    for office in (o for o in feed["offices"] if o["status"] != "retired"):
        assert office["packs"], office
        for pack in office["packs"]:  # the staff page links what the feed lists
            assert f'href="../{pack["path"]}"' in staff, pack["path"]


def test_the_staff_listing_and_the_feed_use_the_plans_handed_to_them(
    province: FixtureProject, tmp_path: Path
) -> None:
    project = load_project(province.config)
    checked = project.load()
    inputs = project.office_inputs(checked.offices)
    plans = office_build.plan_offices(inputs, checked.catalog)
    assert [p.office.code for p in plans] == ["08377", "08378"]
    # Plans renamed after planning: whoever re-planned would list the original names.
    renamed = tuple(
        dataclasses.replace(
            plan,
            packs=tuple(
                dataclasses.replace(pack, name=f"{pack.name}-x", title=f"{pack.title} (x)")
                for pack in plan.packs
            ),
        )
        for plan in plans
    )
    listing = office_build.staff_listing(renamed)
    assert [entry["code"] for entry in listing] == ["08377", "08378"]  # Vietnamese order
    assert all(pack["title"].endswith(" (x)") for e in listing for pack in e["packs"])
    retired_only = (3, 3)  # of three offices, this shard builds the retired one alone
    feed = office_build.publish_into(inputs, renamed, checked.catalog, tmp_path, None, retired_only)
    assert feed is not None
    listed = {o["code"]: o["packs"] for o in feed.offices}
    assert {p["name"] for p in listed["08378"]} == {f"{p.name}-x" for p in plans[1].packs}


def test_check_returns_what_it_read_and_the_project_keeps_no_build_state(
    province: FixtureProject,
) -> None:
    project = load_project(province.config)
    settings_and_paths = {field.name for field in dataclasses.fields(Project)}
    assert settings_and_paths == {
        "root",
        "content_dir",
        "cache_dir",
        "site_url",
        "office",
        "poster_size",
    }
    before = project.check()
    assert isinstance(before, CheckedContent)
    assert [o.code for o in before.offices.active] == ["08377", "08378"]
    assert before.notices.offices is before.offices
    assert not before.result.errors and len(before.catalog) == len(before.result.procedures)
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.offices = before.offices  # type: ignore[misc]
    # A second check (a `serve` rebuild) sees the edit; the first result is unchanged.
    write_offices(province, offices_text().replace("0209 3870 222", "0209 3870 999"))
    try:
        after = project.check()
    finally:
        write_offices(province, offices_text())
    assert after.offices.by_code["08378"].hotline == "0209 3870 999"
    assert before.offices.by_code["08378"].hotline == "0209 3870 222"
    assert project.__dict__.keys() == settings_and_paths
