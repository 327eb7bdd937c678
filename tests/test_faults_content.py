"""The fault suite: every bad input an editor or an operator can give, through the real CLI.

Each case runs `thutuc check` and `thutuc build` on one built project and asserts the exit
status, that the messages name the file, the line and the key, no traceback, `site/` byte
for byte as before and the register as before (see `faultkit.run_case`). Inputs that look
hostile but are legitimate (a BOM, CRLF, `<6 tuổi`, an allowed tag) must build, exactly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from support.faults import Case, Snapshot, at, base_project, procedure, run_case, write
from support.project import FixtureProject, procedure_text
from yaml import CSafeDumper

P = "content/procedures"


def _code_qr(p: FixtureProject) -> list[str]:
    path = procedure(p, "dai.md", code="QT-" + "A" * 32)
    return [at(p, path, "code:", "code"), "QR version 5"]


def _code(length: int):  # type: ignore[no-untyped-def]
    def fault(p: FixtureProject) -> list[str]:
        path = procedure(p, "dai.md", code="A" * length)
        return [at(p, path, "code:", "code"), "at most 40"]

    return fault


def _replaced_self(p: FixtureProject) -> list[str]:
    path = procedure(p, "cu.md", status="retired", replaced_by="QT-10")
    return [at(p, path, "replaced_by:", "replaced_by"), "cannot replace itself"]


def _replaced_cycle(p: FixtureProject) -> list[str]:
    a = procedure(p, "cu-a.md", code="QT-10", status="retired", replaced_by="QT-11")
    b = procedure(p, "cu-b.md", code="QT-11", status="retired", replaced_by="QT-10")
    return [at(p, a, "replaced_by:", "replaced_by"), at(p, b, "replaced_by:", "replaced_by")]


def _replaced_unknown(p: FixtureProject) -> list[str]:
    path = procedure(p, "cu.md", status="retired", replaced_by="QT-99")
    return [at(p, path, "replaced_by:", "replaced_by"), "no procedure has the code 'QT-99'"]


def _field(name: str):  # type: ignore[no-untyped-def]
    def fault(p: FixtureProject) -> list[str]:
        path = procedure(p, "a-moi.md", field=name)
        both = [at(p, path, "field:").rstrip(":"), f"{P}/khai-sinh.md:5"]
        return [*both, "field 'field'", "would share one page (linh-vuc/ho-tich/)"]

    return fault


def _field_punctuation(p: FixtureProject) -> list[str]:
    path = procedure(p, "moi.md", field="!!! ...")
    return [at(p, path, "field:", "field"), "no letters or digits"]


def _front(key: str, yaml_value: str, message: str):  # type: ignore[no-untyped-def]
    """A procedure whose `key` line is replaced by `key: <yaml_value>`, written verbatim."""

    def fault(p: FixtureProject) -> list[str]:
        text = procedure_text(code="QT-10")
        lines = [
            f"{key}: {yaml_value}" if ln.startswith(f"{key}:") else ln for ln in text.split("\n")
        ]
        if not any(ln.startswith(f"{key}:") for ln in text.split("\n")):
            lines.insert(2, f"{key}: {yaml_value}")
        path = write(p, "moi.md", "\n".join(lines))
        return [at(p, path, f"{key}:"), message]

    return fault


def _body(body: str, marker: str, message: str):  # type: ignore[no-untyped-def]
    """A procedure whose body holds `body`; the error is on the line starting with `marker`."""

    def fault(p: FixtureProject) -> list[str]:
        path = procedure(p, "moi.md", body=body)
        return [at(p, path, marker), message]

    return fault


def _raw(data: bytes, start: str, message: str):  # type: ignore[no-untyped-def]
    def fault(p: FixtureProject) -> list[str]:
        path = write(p, "moi.md", data)
        return [at(p, path, start), message]

    return fault


def _duplicate_key(p: FixtureProject) -> list[str]:
    text = procedure_text(code="QT-10")
    path = write(p, "moi.md", text.replace("fee: ", "fee: 10.000 đồng\nfee: "))
    return [at(p, path, "fee: Miễn", "fee"), "appears twice"]


def _duplicate_code(p: FixtureProject) -> list[str]:
    path = procedure(p, "trung.md", code="qt-02")
    other = at(p, p.procedures / "khai-tu.md", "code:").rstrip(":")
    return [at(p, path, "code:", "code"), f"also used by {other}"]


def _symlink_loop(p: FixtureProject) -> list[str]:
    (p.procedures / "vong-a.md").symlink_to(p.procedures / "vong-b.md")
    (p.procedures / "vong-b.md").symlink_to(p.procedures / "vong-a.md")
    return [f"{P}/vong-a.md: is a link that leads back to itself", f"{P}/vong-b.md"]


def _symlink_self(p: FixtureProject) -> list[str]:
    (p.procedures / "self").symlink_to(".", target_is_directory=True)
    return [f"{P}/self: is a link to a folder"]


def _fifo_instead_of_issued_file(p: FixtureProject) -> list[str]:
    (p.procedures / "khai-tu.md").unlink()
    os.mkfifo(p.procedures / "khai-tu.md")
    return [f"{P}/khai-tu.md: is not a regular file"]


def _folder_named_md(p: FixtureProject) -> list[str]:
    (p.procedures / "khai-tu.md").unlink()
    (p.procedures / "khai-tu.md").mkdir()
    return [f"{P}/khai-tu.md: is not a regular file"]


def _deep_list(p: FixtureProject) -> list[str]:
    body = "".join("    " * i + "- mục\n" for i in range(300))
    path = procedure(p, "sau.md", body=body)
    return [at(p, path, " " * 4 * 17 + "- mục"), "nested 17 levels deep"]


def _deep_front(p: FixtureProject) -> list[str]:
    path = write(
        p,
        "sau.md",
        procedure_text(code="QT-10").replace(
            "fee:", "keywords: " + "[" * 300 + "]" * 300 + "\nfee:"
        ),
    )
    return [at(p, path, "keywords:"), "nested more than 20 levels deep"]


def _huge_title(p: FixtureProject) -> list[str]:
    """`procedure_text`'s file with a 10 MB title, dumped by libyaml: the same bytes as the
    pure-Python dumper (folded over 130,000 lines), in 0.2 s instead of 10."""
    path = procedure(p, "dai.md", title="TITLE")
    title = yaml.dump({"title": "Đăng ký " * 1_300_000}, Dumper=CSafeDumper, allow_unicode=True)
    text = path.read_text(encoding="utf-8").replace("title: TITLE\n", title, 1)
    path.write_text(text, encoding="utf-8")
    return [at(p, path, "title:", "title"), "too long (at most 2000 characters)"]


def _page(front: str, start: str, message: str, body: str = "# Ghi chú\n"):  # type: ignore[no-untyped-def]
    def fault(p: FixtureProject) -> list[str]:
        path = p.content / "ghi-chu.md"
        path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
        return [at(p, path, start), message]

    return fault


def _config(old: str, new: str, message: str):  # type: ignore[no-untyped-def]
    def fault(p: FixtureProject) -> list[str]:
        path = p.root / "mkdocs.yml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return ["mkdocs.yml", message]

    return fault


SITE = "site_url: https://thutuc.example.gov.vn/"
ALLOWED = "allowed: br, wbr, sub, sup"

CASES: dict[str, Case] = {
    # -- codes: length, QR size, uniqueness, characters
    "code whose QR exceeds version 4": Case(_code_qr),
    "code of 240 characters (ENAMETOOLONG)": Case(_code(240)),
    "code of 5,000 characters (QR version 41)": Case(_code(5000)),
    "duplicate code, other case": Case(_duplicate_code),
    "zero-width joiner in a code": Case(_front("code", '"QT\u200d01"', "field 'code'")),
    "emoji in a code": Case(_front("code", '"QT-👍"', "not a valid code")),
    # -- replacements
    "replaced_by itself": Case(_replaced_self),
    "replaced_by cycle A→B→A": Case(_replaced_cycle),
    "replaced_by unknown code": Case(_replaced_unknown),
    # -- field names that share a page
    "field differs by punctuation": Case(_field("Hộ tịch.")),
    "field differs by case": Case(_field("Hộ Tịch")),
    "field of punctuation only": Case(_field_punctuation),
    # -- control characters, escaped or raw
    'escaped "\\0" in a title': Case(
        _front("title", '"Khai\\0sinh"', "control character (U+0000)")
    ),
    "escaped ESC in a summary": Case(
        _front("summary", '"\\e[31mđỏ"', "control character (U+001B)")
    ),
    "escaped BEL in a fee": Case(_front("fee", '"Miễn\\a phí"', "control character (U+0007)")),
    "RTL override in a title": Case(_front("title", '"Khai \u202esinh"', "(U+202E)")),
    "raw NUL in the body": Case(_body("Dòng một.\n\nHai\x00ba.\n", "Hai", "(U+0000)")),
    "raw NUL in front matter": Case(
        _raw(
            procedure_text(code="QT-10").replace("fee: ", "fee: a\x00").encode(), "fee:", "(U+0000)"
        )
    ),
    # -- YAML that could hurt
    "duplicate key": Case(_duplicate_key),
    "key ~": Case(_front("~", "x", "key '~' is not a name")),
    "date 0000-00-00": Case(_front("updated", "0000-00-00", "not a real date")),
    "date 2026-02-30": Case(_front("updated", "2026-02-30", "not a real date")),
    "tag !!python/object": Case(
        _front(
            "title", "!!python/object/apply:os.system [echo]", "could not determine a constructor"
        )
    ),
    "alias bomb": Case(_front("keywords", '&a ["x","x"]\nsummary: *a', "YAML alias")),
    "list nested 300 deep in front matter": Case(_deep_front),
    "10 MB title": Case(_huge_title),
    "Windows-1258 bytes": Case(
        _raw(
            procedure_text(code="QT-10").encode().replace("Đăng".encode(), "Đăng".encode("cp1258")),
            "title:",
            "is not UTF-8",
        )
    ),
    # -- online_url
    "online_url with a trailing newline": Case(
        _front("online_url", '"https://dichvucong.gov.vn/\\n"', "field 'online_url'")
    ),
    "online_url with a space inside": Case(
        _front("online_url", '"https://dichvucong.gov.vn/ x"', "without spaces")
    ),
    "online_url ftp://": Case(
        _front("online_url", "ftp://dichvucong.gov.vn/", "http:// or https://")
    ),
    "online_url without a host": Case(_front("online_url", "https:///x", "with a host")),
    # -- markup in bodies
    "<script> in a body": Case(
        _body(
            "Bước một.\n\n<script>alert(1)</script>\n", "<script>", "HTML <script> is not allowed"
        )
    ),
    "<iframe> in a body": Case(
        _body(
            '<iframe src="https://example.org/"></iframe>\n', "<iframe", "<iframe> is not allowed"
        )
    ),
    "event handler": Case(
        _body(
            '<abbr title="UBND" onclick="alert(1)">UBND</abbr>\n',
            "<abbr",
            "attribute 'onclick' on <abbr>",
        )
    ),
    "javascript: link": Case(_body("[Nộp](javascript:alert(1))\n", "[Nộp]", "javascript: link")),
    "javascript: autolink": Case(
        _body("<javascript://%0aalert(1)>\n", "<javascript", "javascript: link")
    ),
    "image from another host": Case(
        _body("![mẫu](https://example.org/a.png)\n", "![mẫu]", "from another place")
    ),
    "raw <img> from another host": Case(
        _body('<img src="//example.org/a.png">\n', "<img", "from another place")
    ),
    "<style>": Case(
        _body("<style>body{display:none}</style>\n", "<style>", "<style> is not allowed")
    ),
    "attribute list with onclick": Case(
        _body('## Bước { onclick="alert(1)" }\n', "## Bước", "'onclick'")
    ),
    "list nested 300 deep in a body": Case(_deep_list),
    # -- files and links
    "symlink loop": Case(_symlink_loop),
    "ln -s . content/procedures/self": Case(_symlink_self),
    "named pipe instead of an issued file": Case(
        _fifo_instead_of_issued_file, absent=("no procedure has it any more",)
    ),
    "folder named like an issued file": Case(
        _folder_named_md, absent=("no procedure has it any more",)
    ),
    # -- plain pages
    "template: x on a plain page": Case(
        _page(
            "title: Ghi chú\ntemplate: x\n",
            "template:",
            "field 'template': 'x' is not a page template",
        )
    ),
    "unknown key on a plain page": Case(
        _page("title: Ghi chú\ntempalte: home.html\n", "tempalte:", "did you mean 'template'")
    ),
    "control character in a page title": Case(
        _page('title: "Ghi\\0chú"\n', "title:", "field 'title'")
    ),
    "<script> in a plain page": Case(
        _page(
            "title: Ghi chú\n", "<script>", "<script> is not allowed", body="<script>x</script>\n"
        )
    ),
    # -- settings (exit status 2)
    "site_url ftp://": Case(
        _config(SITE, "site_url: ftp://thutuc.example.gov.vn/", "site_url: ftp://"), status=2
    ),
    "site_url without a host": Case(_config(SITE, "site_url: https:///", "'site_url'"), status=2),
    "site_url missing": Case(_config(SITE, "", "'site_url' is required"), status=2),
    "broken mkdocs.yml": Case(_config("theme:\n", "theme: [\n", "mkdocs.yml"), status=2),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    return base_project(tmp_path_factory.mktemp("faults"))


@pytest.fixture(scope="module")
def snapshot(project: FixtureProject, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return Snapshot(project, tmp_path_factory.mktemp("snapshot"))


@pytest.mark.parametrize("name", list(CASES))
def test_fault_is_reported_and_nothing_is_published(
    project: FixtureProject, snapshot: Snapshot, name: str
) -> None:
    run_case(project, snapshot, CASES[name])


def test_hostile_but_legitimate_input_builds_exactly(tmp_path: Path) -> None:
    """What looks odd but is fine must build, and show exactly what the editor wrote."""
    p = base_project(tmp_path / "ok")
    age = "trẻ <6 tuổi và người >80 tuổi"
    p.write("bom.md", b"\xef\xbb\xbf" + procedure_text(code="QT-20", title=age).encode())
    crlf = procedure_text(code="QT-21", title="Có CRLF", body="Dòng <sub>2</sub> và <br> x\n")
    p.write("crlf.md", crlf.replace("\n", "\r\n").encode())
    p.write(
        "emoji.md",
        procedure_text(
            code="QT-22",
            title="Gia đình 👨‍👩‍👧",
            body='H<sub>2</sub>O, <abbr title="Ủy ban">UBND</abbr>, [mẫu](mau.pdf)\n',
        ),
    )
    front = 'title: "<script>alert(1)</script> & \\"x\\""\ndescription: "a <b> \\"c\\""\n'
    (p.content / "ghi-chu.md").write_text(f"---\n{front}---\n\nTrang.\n", "utf-8")
    built = p.build()
    assert built.returncode == 0, built.output
    page = (p.site / "thu-tuc" / "bom" / "index.html").read_text("utf-8")
    assert '<meta property="og:title" content="trẻ &lt;6 tuổi và người &gt;80 tuổi">' in page
    assert "<title>trẻ &lt;6 tuổi và người &gt;80 tuổi - " in page
    assert "H<sub>2</sub>O" in (p.site / "thu-tuc" / "emoji" / "index.html").read_text("utf-8")
    assert "<sub>2</sub>" in (p.site / "thu-tuc" / "crlf" / "index.html").read_text("utf-8")
    note = (p.site / "ghi-chu" / "index.html").read_text("utf-8")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;"
    for html in [note, page]:  # the note's title is in the navigation of every page
        assert "<script>alert(1)" not in html
        assert escaped in html
    assert '<meta name="description" content="a &lt;b&gt; &#34;c&#34;">' in note
    assert f'<meta property="og:title" content="{escaped}">' in note
