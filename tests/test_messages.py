"""The clerk's language (issue 19): every message has its Vietnamese, placeholders survive
translation, no user-facing literal escapes `_()`, and the real CLI speaks Vietnamese by
default and English on request (`--lang en`, `THUTUC_LANG=en`, an English `LANG`)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from support import REPO
from support.processes import child_env
from support.project import FixtureProject, procedure_text

GENERATOR = REPO / "generator"
PO = GENERATOR / "locale" / "vi" / "LC_MESSAGES" / "messages.po"
#: The packages whose literals reach a clerk (render/ draws residents' pages, in Vietnamese).
MESSAGE_PACKAGES = ("cli", "content", "build", "mkdocs", "editor", "importer", "publishing")
#: Literals that look like messages but never reach a clerk, each with the reason.
NOT_FOR_CLERKS = {
    ("build/faults.py", "fault injected at "),  # tests' fault injection only
    ("build/site.py", "commit() before finish()"),  # a programming error, never a content one
    ("build/staging.py", "publish() without open()"),  # a programming error too
    ("build/titles.py", " is not a title index"),  # read by tests and the bench only
}
LOG_METHODS = {"info", "warning", "error", "critical", "exception"}
WORD = re.compile(r"[A-Za-z]{2,}")
BRACES = re.compile(r"(?<!\{)\{\w*\}(?!\})")
PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx%]")


def catalogue() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle)


def code_messages() -> dict[str | tuple[str, str], str]:
    """Every msgid `_()`, `N_()` or `ngettext()` holds in generator/, with where it is."""
    found: dict[str | tuple[str, str], str] = {}
    method_map = [("**.py", "python")]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(GENERATOR), method_map
    ):
        key = message if isinstance(message, str) else (message[0], message[1])
        found.setdefault(key, f"generator/{filename}:{lineno}")
    return found


def translations() -> Iterator[tuple[str, str]]:
    """(msgid, msgstr) for every form of every entry of the catalogue."""
    for entry in catalogue():
        if not entry.id:
            continue
        ids = [entry.id] if isinstance(entry.id, str) else list(entry.id)
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        for msgid in ids:
            for msgstr in strings:
                yield msgid, msgstr


def test_every_message_in_the_code_has_its_vietnamese() -> None:
    found = code_messages()
    assert len(found) > 200, "the extractor found too few messages: is babel.cfg right?"
    entries = {
        entry.id if isinstance(entry.id, str) else tuple(entry.id): entry for entry in catalogue()
    }
    missing = []
    for key, where in found.items():
        entry = entries.get(key)
        strings = (
            []
            if entry is None
            else [entry.string]
            if isinstance(entry.string, str)
            else list(entry.string)
        )
        if entry is None or not all(s.strip() for s in strings) or not strings:
            missing.append(f"{where}: {key!r}")
    assert not missing, "messages without Vietnamese in messages.po:\n" + "\n".join(missing)


def test_no_stale_message_in_the_catalogue() -> None:
    """A msgid the code no longer uses is dead weight that a translator would still read."""
    used = set(code_messages())
    stale = [
        entry.id
        for entry in catalogue()
        if entry.id
        and (entry.id if isinstance(entry.id, str) else tuple(entry.id)) not in used
        and entry.id != "interrupted"
    ]
    # "interrupted" is the skeleton's first entry; the CLI still prints it on Ctrl-C.
    assert not stale, f"messages.po holds msgids the code no longer uses: {stale}"


def fields(text: str) -> Counter[str]:
    """The `{name}` and `%s`/`%(name)s` placeholders of a message."""
    names: Counter[str] = Counter(BRACES.findall(text))
    for match in PERCENT.finditer(text):
        if match.group() != "%%":
            names[match.group()] += 1
    return names


def test_every_translation_keeps_the_placeholders_of_its_message() -> None:
    wrong = [
        f"{msgid!r}: {dict(fields(msgid))} != {dict(fields(msgstr))}"
        for msgid, msgstr in translations()
        if fields(msgid) != fields(msgstr)
    ]
    assert not wrong, "\n".join(wrong)


def test_positional_percent_placeholders_keep_their_order() -> None:
    """`%d drawn, %d reused` is filled in order: a translation may not swap them."""
    for msgid, msgstr in translations():
        positional = [m.group() for m in PERCENT.finditer(msgid) if m.group(1) is None]
        assert positional == [m.group() for m in PERCENT.finditer(msgstr) if m.group(1) is None], (
            msgid
        )


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return (_literal_text(node.left) or "") + (_literal_text(node.right) or "")
    return None


def _wrapped(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name) and func.id in ("_", "ngettext"):
        return True
    return isinstance(func, ast.Attribute) and func.attr == "format" and _wrapped(func.value)


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _message_arguments(call: ast.Call) -> list[ast.AST]:
    """The arguments of a call that a clerk reads, by what the call is."""
    name = _name(call.func)
    keywords = {k.arg: k.value for k in call.keywords}
    if name == "print":
        return list(call.args)
    if isinstance(call.func, ast.Attribute) and name in LOG_METHODS:
        return call.args[:1]
    if name == "ContentError":
        return call.args[1:2] + [v for k, v in keywords.items() if k == "message"]
    if name in ("add_argument", "add_parser", "ArgumentParser"):
        return [v for k, v in keywords.items() if k in ("help", "description")]
    if name in ("tqdm", "progress_bar"):
        return call.args[1:2] + [v for k, v in keywords.items() if k in ("desc", "description")]
    if re.search(r"(Error|Exception|Problem|Abort|Office|Folder)$", name):
        return call.args[:1] + [v for k, v in keywords.items() if k == "message"]
    return []


def unwrapped_literals() -> list[str]:
    found = []
    for package in MESSAGE_PACKAGES:
        for path in sorted((GENERATOR / package).rglob("*.py")):
            relative = path.relative_to(GENERATOR).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                for argument in _message_arguments(node):
                    text = _literal_text(argument)
                    if _wrapped(argument) or not text or not WORD.search(text):
                        continue
                    if (relative, text) not in NOT_FOR_CLERKS:
                        found.append(f"generator/{relative}:{argument.lineno}: {text!r}")
    return found


def test_no_user_facing_literal_escapes_the_catalogue() -> None:
    """print(), log.*(), ContentError(...), raise XxxError("...") and --help strings in cli/,
    content/, build/ and mkdocs/ go through `_()`."""
    found = unwrapped_literals()
    assert not found, "wrap these in _() and translate them:\n" + "\n".join(found)


def test_the_finder_of_unwrapped_literals_finds_one() -> None:
    """The check above can fail: a bare literal in a print() is found."""
    call = ast.parse('print(f"{n} posters drawn")').body[0].value  # type: ignore[attr-defined]
    assert [_literal_text(a) for a in _message_arguments(call)] == [" posters drawn"]
    assert not _wrapped(call.args[0])


def _scope_names(function: ast.AST) -> tuple[list[int], list[int]]:
    """Lines where `_` is assigned, and where `_()` is called, in one function's own scope
    (comprehensions and nested functions have their own)."""
    assigned, called = [], []
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(
            node,
            ast.FunctionDef
            | ast.AsyncFunctionDef
            | ast.ClassDef
            | ast.Lambda
            | ast.ListComp
            | ast.SetComp
            | ast.DictComp
            | ast.GeneratorExp,
        ):
            continue
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
            assigned.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
            called.append(node.lineno)
        stack.extend(ast.iter_child_nodes(node))
    return assigned, called


def test_no_function_hides_the_translation_function() -> None:
    """`x, _ = ...` in a function that also calls `_()` makes `_` local there: the call then
    fails with UnboundLocalError, on the error path, where nobody tested it."""
    clashes = []
    for path in sorted(GENERATOR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assigned, called = _scope_names(node)
                if assigned and called:
                    clashes.append(f"{path.relative_to(REPO)}:{assigned[0]} ({node.name})")
    assert not clashes, "rename the throwaway `_` (e.g. `_rest`) in:\n" + "\n".join(clashes)


# -- the real CLI, in each language -------------------------------------------------------


def run_cli(project: FixtureProject, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`thutuc ARGS` in the project, with the session's English replaced by `env`."""
    environment = {k: v for k, v in child_env().items() if k != "THUTUC_LANG"} | env
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


@pytest.fixture
def broken_project(new_project: Callable[..., FixtureProject]) -> FixtureProject:
    """The sample with one file whose `fee` is missing and one with an unknown key."""
    project = new_project()
    project.write("thieu-phi.md", procedure_text(code="QT-A", fee=None))
    project.write("sai-muc.md", procedure_text(code="QT-B", lephi="Miễn phí"))
    return project


def test_check_speaks_vietnamese_by_default(broken_project: FixtureProject) -> None:
    checked = run_cli(broken_project, "check", THUTUC_LANG="vi")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    out = checked.stdout
    assert "content/procedures/thieu-phi.md:1: mục `fee`: bắt buộc nhưng còn thiếu" in out
    assert "hãy thêm mục này" in out
    assert "content/procedures/sai-muc.md:" in out and "mục `lephi`: mục không hợp lệ" in out
    assert "trang web sẽ không được dựng cho tới khi sửa hết lỗi" in out
    assert "required" not in out and "error(s)" not in out


def test_check_speaks_vietnamese_without_any_setting(broken_project: FixtureProject) -> None:
    """No THUTUC_LANG and no LANG at all: Vietnamese, the default."""
    checked = run_cli(broken_project, "check")
    assert "mục `fee`: bắt buộc nhưng còn thiếu" in checked.stdout, checked.stdout


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--lang", "en", "check"), {"THUTUC_LANG": "vi"}),
        (("--lang=en", "check"), {}),
        (("check", "--lang", "en"), {"THUTUC_LANG": "vi"}),
        (("check",), {"LANG": "en_US.UTF-8"}),
        (("check",), {"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}),
        (("check",), {"THUTUC_LANG": "en"}),
    ],
    ids=[
        "--lang en over THUTUC_LANG=vi",
        "--lang=en",
        "after the command",
        "LANG=en_US",
        "LC_ALL=en_GB",
        "THUTUC_LANG",
    ],
)
def test_check_speaks_english_on_request(
    broken_project: FixtureProject, args: tuple[str, ...], env: dict[str, str]
) -> None:
    checked = run_cli(broken_project, *args, **env)
    assert checked.returncode == 1
    assert "content/procedures/thieu-phi.md:1: field 'fee': is required but missing" in (
        checked.stdout
    )
    assert "the site will not build until the errors are fixed" in checked.stdout
    assert "mục" not in checked.stdout


def test_help_is_vietnamese_argparse_words_included(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    shown = run_cli(project, "--help", THUTUC_LANG="vi")
    assert shown.returncode == 0
    assert shown.stdout.startswith("cách dùng: thutuc")
    assert "tùy chọn:" in shown.stdout and "hiện hướng dẫn này rồi thoát" in shown.stdout
    assert "kiểm tra mọi tệp thủ tục mà không dựng trang" in shown.stdout
    assert "usage:" not in shown.stdout and "show this help" not in shown.stdout
    sub = run_cli(project, "new", "--help", THUTUC_LANG="vi")
    assert "mã thủ tục, ví dụ" in sub.stdout and "tên thủ tục" in sub.stdout
    english = run_cli(project, "--lang", "en", "--help", THUTUC_LANG="vi")
    assert english.stdout.startswith("usage: thutuc")
    assert "check every procedure file without building" in english.stdout


def test_argparse_errors_are_vietnamese(new_project: Callable[..., FixtureProject]) -> None:
    project = new_project(sample=False)
    wrong = run_cli(project, "khong-co-lenh", THUTUC_LANG="vi")
    assert wrong.returncode == 2
    assert "thutuc: lỗi: tham số command: lựa chọn không hợp lệ" in wrong.stderr
    missing = run_cli(project, "new", THUTUC_LANG="vi")
    assert "còn thiếu các tham số sau: code, title" in missing.stderr
    assert "Traceback" not in wrong.stderr + missing.stderr


def test_placeholders_are_filled_in_vietnamese(new_project: Callable[..., FixtureProject]) -> None:
    """A translated message still carries its file name and code: `{path}`, `{code}`."""
    project = new_project()
    made = run_cli(project, "new", "QT-77", "Cấp bản sao", THUTUC_LANG="vi")
    assert made.returncode == 0, made.stderr
    assert "đã tạo content/procedures/cap-ban-sao.md" in made.stdout
    again = run_cli(project, "new", "QT-77", "Cấp bản sao khác", THUTUC_LANG="vi")
    assert again.returncode == 1
    assert "mã thủ tục 'QT-77' đã được dùng ở content/procedures/cap-ban-sao.md" in again.stderr
    assert "{" not in again.stderr


def test_mkdocs_lines_are_translated_and_unknown_ones_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.mkdocs.log_messages import translated_line

    monkeypatch.setenv("THUTUC_LANG", "vi")
    assert translated_line("Documentation built in 3.12 seconds") == (
        "Đã dựng xong trang trong 3.12 giây"
    )
    stuck = translated_line(
        "An error happened during the rebuild. The server will appear stuck until build "
        "errors are resolved."
    )
    assert stuck is not None and stuck.startswith("Có lỗi khi dựng lại trang.")
    assert translated_line("Serving on http://127.0.0.1:8000/") == (
        "Bản xem trước đang mở tại http://127.0.0.1:8000/"
    )
    assert translated_line("Some line MkDocs adds next year") is None


def test_build_logs_in_vietnamese(new_project: Callable[..., FixtureProject]) -> None:
    """MkDocs's own lines and ours, level names included, through the real `thutuc build`."""
    project = new_project(sample=False)
    project.write("khai-sinh.md", procedure_text())
    built = run_cli(project, "build", THUTUC_LANG="vi")
    assert built.returncode == 0, built.stderr
    log = built.stdout + built.stderr
    assert "TIN     -  Đang dựng trang vào thư mục:" in log
    assert re.search(r"Đã dựng xong trang trong [\d.]+ giây", log), log
    assert "Mã QR và áp phích: vẽ mới 1 (QT-01), dùng lại 0 từ bộ nhớ đệm" in log
    assert "Documentation built" not in log and "INFO" not in log
