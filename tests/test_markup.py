"""What may reach a page, judged on bodies directly: the allow-list, links, resources,
control characters and nesting, each with the line an editor must look at."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import markup, qrfit, yamltext

ALLOWED = [
    "Trẻ <6 tuổi và người >80 tuổi; a < b và c > d.",
    "H<sub>2</sub>O, m<sup>2</sup>, dòng một<br>dòng hai, <br/>",
    '<abbr title="Ủy ban nhân dân">UBND</abbr>, <kbd>Ctrl</kbd>, <mark>chú ý</mark>',
    '<a href="https://dichvucong.gov.vn/">Cổng dịch vụ công</a>, <a href="mailto:a@b.vn">thư</a>',
    '<img src="hinh/mau.png" alt="mẫu">, ![mẫu](../hinh/mau.png)',
    "[Cổng](https://dichvucong.gov.vn/), [gọi](tel:0243800000), <https://dichvucong.gov.vn/>",
    "`<script>` trong mã là chữ, ``<iframe>`` cũng vậy",
    "```html\n<script>alert(1)</script>\n```",
    "<!-- ghi chú cho cán bộ -->",
    '## Bước 1 {: #buoc-1 .quan-trong title="Bước" }',
    "- một\n    - hai\n        - ba",
    "Gia đình 👨‍👩‍👧 và dấu tab\tvẫn được",
]

REFUSED = [
    ("<script>alert(1)</script>", "HTML <script> is not allowed"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe> is not allowed"),
    ("<div>khối</div>", "<div> is not allowed"),
    ('<abbr onclick="alert(1)">x</abbr>', "attribute 'onclick' on <abbr>"),
    ('<img src="x.png" onerror="alert(1)">', "attribute 'onerror' on <img>"),
    ('<a href="javascript:alert(1)">x</a>', "javascript: link"),
    ('<a href="java&#09;script:alert(1)">x</a>', "javascript: link"),
    ("[x](javascript:alert(1))", "javascript: link"),
    ("[x](JaVaScRiPt:alert(1))", "javascript: link"),
    ("<javascript://%0aalert(1)>", "javascript: link"),
    ("[x](data:text/html,<script>)", "data: link"),
    ("![x](https://example.org/a.png)", "from another place"),
    ("![x](//example.org/a.png)", "from another place"),
    ('<img src="https://example.org/a.png">', "from another place"),
    ("![x][anh]\n\n[anh]: https://example.org/a.png", "from another place"),
    ("<style>p{}</style>", "<style> is not allowed"),
    ("<svg onload=alert(1)>", "<svg> is not allowed"),
    ("<?php echo 1; ?>", "<?php"),
    ('## Bước { onclick="alert(1)" }', "'onclick'"),
    ('[x](tai-lieu.pdf){ href="javascript:alert(1)" }', "'href'"),
    ("a\x1b[31mb", "U+001B"),
    ("a\u202eb", "U+202E"),
    ("".join("    " * i + "- x\n" for i in range(20)), "nested 17 levels deep"),
    ("> " * 30 + "x", "nested 30 levels deep"),
]


@pytest.mark.parametrize("body", ALLOWED)
def test_allowed_markup_passes(body: str) -> None:
    assert markup.body_findings(body, 1) == []


@pytest.mark.parametrize(("body", "message"), REFUSED)
def test_refused_markup_names_the_line(body: str, message: str) -> None:
    text = "Dòng một.\n\n" + body + "\n"
    findings = markup.body_findings(text, 7)
    assert any(message in finding.message for finding in findings), findings
    assert all(finding.line >= 9 for finding in findings), findings


def test_front_matter_values_with_escaped_control_characters() -> None:
    assert markup.value_problem("Khai\x00sinh") is not None
    assert markup.value_problem(["ổn", "chuông\x07"]) is not None
    assert markup.value_problem("trẻ <6 tuổi") is None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: &x [1, 2]\nb: *x\n", 2, "YAML alias"),
        ("a: " + "[" * 30 + "]" * 30 + "\n", 2, "nested more than 20"),
        ("a: 1\nb: 2026-02-30\n", 3, "not a real date"),
        ("a: !!python/object/apply:os.getcwd []\n", 2, "constructor"),
        ("a: b\x00c\n", 2, "U+0000"),
    ],
)
def test_strict_yaml_refuses_with_a_line(text: str, line: int, message: str) -> None:
    with pytest.raises(yamltext.YamlProblem) as raised:
        yamltext.load(text, first_line=2)
    assert raised.value.line == line and message in raised.value.message


def test_code_fits_qr_version_4_for_the_site_url() -> None:
    site = "https://thutuc.example.gov.vn/"
    assert qrfit.code_problem(site, "2.000815.000.00.00.H55") is None
    longest = qrfit.longest_fitting(site)
    assert qrfit.code_problem(site, "A" * longest) is None
    assert qrfit.version(f"https://THUTUC.EXAMPLE.GOV.VN/P/{'A' * longest}/") == 4
    problem = qrfit.code_problem(site, "A" * (longest + 1))
    assert problem is not None and "QR version 5" in problem
    # A longer site_url leaves less room for the code.
    assert qrfit.longest_fitting("https://example.gov.vn/thutuc/") < longest


#: What short URLs are made of: upper-case codes and hosts, digits, and the rest as bytes.
URL_TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$%*+-./:abcxyz_~", max_size=60)


@given(URL_TEXT)
@settings(max_examples=400, deadline=None)
def test_a_payload_within_the_byte_capacity_always_fits(payload: str) -> None:
    """`code_problem` skips encoding for payloads of at most `byte_capacity` bytes; qrcode's
    own segmentation must never need a bigger version for any of them."""
    if len(payload.encode()) <= qrfit.byte_capacity():
        assert qrfit.version(payload) <= qrfit.MAX_VERSION
    assert qrfit.version("a" * qrfit.byte_capacity()) <= qrfit.MAX_VERSION
    assert qrfit.version("a" * (qrfit.byte_capacity() + 1)) > qrfit.MAX_VERSION
