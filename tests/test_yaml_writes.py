"""The YAML the build writes itself (the change record, the facts as last published): libyaml
where it gives the very bytes PyYAML's own emitter gives, and no rewrite of a file that would
not change (issue 18: speed)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import yaml

from generator.content import changes, yamltext

DAY = dt.date(2026, 12, 7)
#: What facts hold in the world, and what a hostile editor or a pasted text puts in them.
PIECES = [
    "Đăng ký khai sinh",
    "đường",
    "Miễn lệ phí",
    "50.000 đồng",
    "a: b",
    "#x",
    " lead",
    "trail ",
    "yes",
    "null",
    "~",
    "1.0",
    "2024-01-02",
    "- x",
    "'q'",
    '"dq"',
    "\n",
    "\t",
    "\r",
    "\u0085",
    "\u2028",
    "\ufeff",
    "\u200b",
    "😀",
    "\x07",
    "e\u0301",
    "{a}",
    "[b]",
    "&a",
    "*b",
    "!t",
    "%p",
    "https://dichvucong.gov.vn/p?a=b#c",
    "Tên thủ tục rất dài " * 13,
    "\\",
    "\xa0",
    "\ufffd",
    ": ",
    " #",
    "---",
    "",
]
SNAPSHOT_OPTIONS = {"allow_unicode": True, "sort_keys": True, "width": 1 << 30}
LINE_OPTIONS = {"default_flow_style": True, "allow_unicode": True, "sort_keys": False}


def hostile_values(count: int) -> list[str]:
    chance = random.Random(18)
    return ["".join(chance.choices(PIECES, k=chance.randint(1, 4))) for _ in range(count)]


@pytest.mark.parametrize("options", [SNAPSHOT_OPTIONS, {**LINE_OPTIONS, "width": 1 << 30}])
def test_dump_writes_the_bytes_of_pyyamls_own_emitter(options: dict[str, object]) -> None:
    values = hostile_values(3000)
    for index, value in enumerate(values):
        data = {f"1.00{index}": {"title": value, "documents": [value, values[index - 1]]}}
        assert yamltext.dump(data, **options) == yaml.safe_dump(data, **options), repr(value)


def test_plain_vietnamese_goes_through_libyaml_and_an_emoji_does_not() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml here")
    assert yamltext._plain_text({"1.001193": {"title": "Đăng ký khai sinh", "fee": None}})
    assert not yamltext._plain_text({"1.001193": {"documents": ["Tờ khai 😀"]}})
    assert not yamltext._plain_text({"1.001193\x85": {}})


def facts(fee: str) -> changes.Facts:
    return {"1.001193": {"title": "Đăng ký khai sinh", "fee": fee, "documents": ["Tờ khai"]}}


def test_unchanged_facts_leave_the_file_alone_and_a_change_rewrites_it(tmp_path: Path) -> None:
    changes.record(tmp_path, "changes.yml", [], facts("Miễn lệ phí"))
    snapshot = changes.snapshot_path(tmp_path)
    written = snapshot.read_bytes()
    before, problems = changes.read_snapshot(snapshot, "published-facts.yml")
    assert problems == [] and before == facts("Miễn lệ phí")
    snapshot.write_bytes(written + b"# kept: not rewritten when nothing changed\n")
    assert not changes.record(tmp_path, "changes.yml", [], facts("Miễn lệ phí"), before)
    assert snapshot.read_bytes().endswith(b"# kept: not rewritten when nothing changed\n")
    now = facts("50.000 đồng 😀")
    pending = changes.differences(before, now, DAY)
    assert changes.record(tmp_path, "changes.yml", pending, now, before)
    assert snapshot.read_text(encoding="utf-8") == changes.SNAPSHOT_HEADER + yaml.safe_dump(
        now, **SNAPSHOT_OPTIONS
    )
    recorded, problems = changes.read_changes(changes.changes_path(tmp_path), "changes.yml")
    assert problems == []
    assert [(c.fact, c.old, c.new) for c in recorded] == [("fee", "Miễn lệ phí", "50.000 đồng 😀")]


def test_published_facts_are_parsed_only_when_the_file_differs(tmp_path: Path) -> None:
    changes.record(tmp_path, "changes.yml", [], facts("Miễn lệ phí"))
    snapshot = changes.snapshot_path(tmp_path)
    now = facts("Miễn lệ phí")
    same, problems = changes.published_facts(snapshot, "published-facts.yml", now)
    assert same is now and problems == []
    read, problems = changes.published_facts(snapshot, "published-facts.yml", facts("5.000 đ"))
    assert read == facts("Miễn lệ phí") and problems == []
    snapshot.write_text(changes.SNAPSHOT_HEADER + "1.001193: {fee: [x}\n", encoding="utf-8")
    broken, problems = changes.published_facts(snapshot, "published-facts.yml", now)
    assert broken is None
    assert [(p.path, p.line) for p in problems] == [("published-facts.yml", 2)]


def test_the_memo_answers_for_the_same_file_and_facts_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = tmp_path / "cache" / "published-facts.digest"
    now = facts("Miễn lệ phí")
    changes.record(tmp_path, "changes.yml", [], now, None, memo)
    snapshot = changes.snapshot_path(tmp_path)
    assert memo.is_file()

    def no_dump(_now: changes.Facts) -> str:
        raise AssertionError("dumped although the memo knew")

    with monkeypatch.context() as patched:
        patched.setattr(changes, "snapshot_text", no_dump)
        same, problems = changes.published_facts(snapshot, "published-facts.yml", now, memo)
        assert same is now and problems == []
    other = facts("5.000 đ")
    read, _problems = changes.published_facts(snapshot, "published-facts.yml", other, memo)
    assert read == now  # other facts: the file is read, and says what was published
    snapshot.write_text(snapshot.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(changes, "snapshot_text", no_dump)
        with pytest.raises(AssertionError):  # other bytes: the memo does not answer
            changes.published_facts(snapshot, "published-facts.yml", now, memo)
