"""schema.org GovernmentService data on procedure pages: what it says, and that content
cannot break out of its <script> element."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from support.project import FixtureProject, procedure_text

from generator.render.jsonld import processing_duration

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
ACTIVE = {
    "1.004227": "cap-giay-chung-nhan-quyen-su-dung-dat",
    "2.000815.000.00.00.H55": "xac-nhan-thong-tin-cu-tru",
    "1.004194": "dang-ky-tam-tru",
    "2.000635": "cap-ban-sao-trich-luc",
}


def test_processing_time_becomes_an_iso_duration_only_when_it_names_one() -> None:
    assert processing_duration("03 ngày làm việc") == "P3D"
    assert processing_duration("Ngay trong ngày") == "P1D"
    assert processing_duration("Ngay trong ngày; tối đa 5 ngày nếu phải xác minh") == "P5D"
    assert processing_duration("Trong 24 giờ") == "PT24H"
    assert processing_duration("Theo quy định") is None


def test_procedure_pages_describe_a_government_service(catalogue_site: FixtureProject) -> None:
    for code, slug in ACTIVE.items():
        text = (catalogue_site.site / "thu-tuc" / slug / "index.html").read_text("utf-8")
        [block] = LD_JSON.findall(text)
        data = json.loads(block)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "GovernmentService"
        assert data["identifier"] == code
        assert data["url"] == f"https://thutuc.example.gov.vn/thu-tuc/{slug}/"
        assert data["name"] in html.unescape(text)
        provider = data["provider"]
        assert provider["@type"] == "GovernmentOrganization"
        assert provider["name"] == "Bộ phận một cửa – UBND phường Minh Khai"
        assert provider["address"]["streetAddress"].startswith("Số 1 đường Minh Khai")
        assert provider["telephone"] == "024 3800 0000"
        in_person = data["availableChannel"][0]
        assert in_person["serviceLocation"]["address"] == provider["address"]
        assert in_person["servicePhone"]["telephone"] == "024 3800 0000"
        online = [c for c in data["availableChannel"] if "serviceUrl" in c]
        assert bool(online) == (code == "1.004194")
    tam_tru = (catalogue_site.site / "thu-tuc/dang-ky-tam-tru/index.html").read_text("utf-8")
    channels = json.loads(LD_JSON.findall(tam_tru)[0])["availableChannel"]
    assert [c.get("processingTime") for c in channels] == ["P3D", "P3D"]
    assert channels[1]["serviceUrl"] == "https://dichvucong.gov.vn/"


def test_structured_data_cannot_be_broken_out_of(
    new_project: Callable[..., FixtureProject],
) -> None:
    # (A U+2028 line separator would be refused by `check` before it reached a page.)
    hostile = 'Tiêu đề </script><script>alert(1)</script> <!-- & "x" y'
    project = new_project(sample=False)
    project.write("nguy-hiem.md", procedure_text(title=hostile, summary=f"Tóm tắt {hostile}"))
    assert project.build().returncode == 0
    text = (project.site / "thu-tuc/nguy-hiem/index.html").read_text("utf-8")
    [block] = LD_JSON.findall(text)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert data["name"] == hostile
    assert data["description"] == f"Tóm tắt {hostile}"
    assert "<script>alert(1)" not in text
