"""Random front matter, bodies, bytes and file names thrown at the loader: the answer is a
procedure or a list of clean errors naming the file, never a traceback."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support.project import procedure_text

from generator import urls
from generator.content.loader import load_procedures
from generator.content.markup import normalise_newlines
from generator.content.procedure import (
    FRONT_MATTER_KEYS,
    SLUG_PATTERN,
    ContentError,
    parse_procedure,
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
DISPLAY = "content/procedures/thu-tuc.md"
PATH = Path(DISPLAY)
VALID = procedure_text()
URL_SAFE = re.compile(r"^[a-z0-9-]+$")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(["", " ", "TODO: viết", "https://dichvucong.gov.vn/", "ftp://x", "1.001193"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
keys = st.sampled_from(FRONT_MATTER_KEYS) | st.text(max_size=12)
YAML_CHARS = st.sampled_from([*":-?[]{},#&*!|>'\"%@`\n\t ", "code", "title", "---", "  - "])


def assert_clean(procedure: object, problems: list[ContentError], display: str = DISPLAY) -> None:
    """Either a procedure, or at least one error; every problem is well formed."""
    assert all(isinstance(p, ContentError) for p in problems)
    errors = [p for p in problems if p.severity == "error"]
    assert (procedure is None) == bool(errors)
    for problem in problems:
        text = str(problem)
        assert text.startswith(display)
        assert "Traceback" not in text and problem.message.strip()
        assert problem.line is None or problem.line >= 1
        assert set(problem.as_dict()) == {"path", "line", "field", "severity", "message"}


def front_matter_file(meta: dict[Any, Any], body: str) -> bytes:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{body}".encode()


@FUZZ
@given(st.dictionaries(keys, values, max_size=14), st.text(max_size=200))
def test_random_front_matter(meta: dict[str, Any], body: str) -> None:
    procedure, problems = parse_procedure(PATH, DISPLAY, front_matter_file(meta, body))
    assert_clean(procedure, problems)


@FUZZ
@given(
    st.sampled_from(FRONT_MATTER_KEYS),
    values,
    st.text(max_size=300),
)
@example("title", "Đăng ký khai sinh", "\r")
@example("title", "Đăng ký khai sinh", "a\r\nb\u0300")
def test_one_random_value_in_a_valid_file(key: str, value: Any, body: str) -> None:
    meta = yaml.safe_load(VALID.split("---\n")[1])
    meta[key] = value
    procedure, problems = parse_procedure(PATH, DISPLAY, front_matter_file(meta, body))
    assert_clean(procedure, problems)
    if procedure is not None:
        # Read as editors see it: NFC text, every line ending a line feed.
        assert procedure.body == unicodedata.normalize("NFC", normalise_newlines(body))
        assert procedure.code == procedure.code.upper()


@FUZZ
@given(st.lists(YAML_CHARS | st.text(max_size=6), max_size=60).map("".join), st.text(max_size=100))
@example("updated: 2026-02-30\n", "")
@example("code: [[[[[[[[[[[[[[[[[[[[[[[[\n", "")
@example("a: &x [*x]\n", "")
@example("? [a, b]\n: c\n", "")
@example("<<: {code: 1}\n", "")
@example("code: !!python/object:os.system x\n", "")
def test_random_yaml_text(front: str, body: str) -> None:
    raw = f"---\n{front}\n---\n{body}".encode()
    procedure, problems = parse_procedure(PATH, DISPLAY, raw)
    assert_clean(procedure, problems)


@FUZZ
@given(st.binary(max_size=400))
@example(b"---\n\xff\xfe---\n")
@example(b"\xef\xbb\xbf---\ncode: x\n---\n")
@example(b"---\r\ncode: x\r\n---\r\n")
def test_random_bytes(raw: bytes) -> None:
    procedure, problems = parse_procedure(PATH, DISPLAY, raw)
    assert_clean(procedure, problems)


@FUZZ
@given(st.lists(st.integers(min_value=0, max_value=40), max_size=5), st.text(max_size=30))
def test_damaged_valid_file(cuts: list[int], insert: str) -> None:
    """A valid file with lines deleted or replaced, as a slip of the keyboard does."""
    lines = VALID.splitlines(keepends=True)
    for cut in cuts:
        if lines:
            lines[cut % len(lines)] = insert + "\n" if cut % 2 else ""
    procedure, problems = parse_procedure(PATH, DISPLAY, "".join(lines).encode())
    assert_clean(procedure, problems)


@FUZZ
@given(st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s and "\0" not in s))
@example("Đăng ký khai sinh")
@example("dang ky")
@example("!!!")
@example("ĐĐĐ")
def test_file_names_give_a_url_safe_slug_or_a_clear_error(stem: str) -> None:
    display = f"content/procedures/{stem}.md"
    procedure, problems = parse_procedure(Path(display), display, VALID.encode())
    assert_clean(procedure, problems, display)
    if procedure is not None:
        assert URL_SAFE.match(procedure.slug) and procedure.slug.isascii()
    else:
        [problem] = problems
        assert problem.message.startswith("file name must be an ASCII slug")
        suggestion = urls.slug(stem)
        if suggestion:
            assert SLUG_PATTERN.match(suggestion)
            assert f"'{suggestion}.md'" in problem.message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="abcdđ -ê", min_size=1, max_size=8),
            st.one_of(
                st.binary(max_size=200),
                st.builds(procedure_text, code=st.sampled_from(["QT-1", "QT-2", "x y"])),
            ),
        ),
        max_size=6,
        unique_by=lambda item: item[0],
    )
)
def test_random_folders(files: list[tuple[str, bytes | str]]) -> None:
    """Whole folders of random files: every problem is reported, none raises."""
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "procedures").mkdir(parents=True)
        for stem, data in files:
            path = content / "procedures" / f"{stem}.md"
            raw = data.encode() if isinstance(data, str) else data
            path.write_bytes(raw)
        result = load_procedures(content)
        shown = {p.path for p in result.problems} | {p.source for p in result.procedures}
        for problem in result.problems:
            assert str(problem).startswith("content/procedures/")
        assert shown <= {f"content/procedures/{stem}.md" for stem, _ in files}
        codes = [p.code for p in result.procedures]
        if len(codes) != len(set(codes)):
            assert any(p.field == "code" and "unique" in p.message for p in result.errors)
