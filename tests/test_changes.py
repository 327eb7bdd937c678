"""The change record's arithmetic, on plain data: what counts as a change (issue 21)."""

from __future__ import annotations

import datetime as dt

from generator.content.changes import Change, differences, reprint_reasons

DAY = dt.date(2026, 12, 7)
SITE = {"fee": "Miễn lệ phí", "processing_time": "1 ngày", "agency": "UBND", "online_url": None}


def facts(**pairs: dict[str, str | None]) -> dict[str, dict[str, str | list[str] | None]]:
    found: dict[str, dict[str, str | list[str] | None]] = {"1.001193": dict(SITE), "@08377": {}}
    found.update(pairs)
    return found


def test_a_new_procedure_or_office_is_not_a_change() -> None:
    before = facts()
    now = {**facts(), "2.000815": dict(SITE), "@08378": {}, "1.001193@08378": {"fee": "5.000"}}
    assert differences(before, now, DAY) == []


def test_a_fee_change_has_its_old_and_new_value() -> None:
    now = facts()
    now["1.001193"] = {**SITE, "fee": "50.000 đồng"}
    assert differences(facts(), now, DAY) == [
        Change(DAY, "1.001193", "fee", "Miễn lệ phí", "50.000 đồng")
    ]


def test_an_office_override_added_and_removed_is_a_change_from_and_to_the_site_value() -> None:
    override = {"fee": "20.000 đồng", "processing_time": None, "agency": None}
    override |= {"online_url": None, "note": None}
    added = differences(facts(), facts(**{"1.001193@08377": override}), DAY)
    assert added == [Change(DAY, "1.001193", "fee", "Miễn lệ phí", "20.000 đồng", "08377")]
    removed = differences(facts(**{"1.001193@08377": override}), facts(), DAY)
    assert removed == [Change(DAY, "1.001193", "fee", "20.000 đồng", "Miễn lệ phí", "08377")]


def test_a_site_change_under_an_override_is_not_an_office_change() -> None:
    override = {"fee": None, "processing_time": "2 giờ", "agency": None}
    override |= {"online_url": None, "note": None}
    before = facts(**{"1.001193@08377": override})
    now = facts(**{"1.001193@08377": override})
    now["1.001193"] = {**SITE, "fee": "50.000 đồng"}
    assert differences(before, now, DAY) == [
        Change(DAY, "1.001193", "fee", "Miễn lệ phí", "50.000 đồng")
    ]


def test_reprint_reasons_are_the_changes_since_the_printing_of_that_code_and_office() -> None:
    changes = [
        Change(dt.date(2026, 11, 1), "1.001193", "fee", "a", "b"),
        Change(DAY, "1.001193", "fee", "b", "c"),
        Change(DAY, "1.001193", "fee", "x", "y", office="08377"),
        Change(DAY, "2.000815", "fee", "p", "q"),
    ]
    site = reprint_reasons(changes, "1.001193", dt.date(2026, 12, 1))
    assert site == ["07/12/2026 Lệ phí: trước đây b; nay c"]
    office = reprint_reasons(changes, "1.001193", dt.date(2026, 12, 1), "08377")
    assert len(office) == 2 and office[1].endswith("trước đây x; nay y")
