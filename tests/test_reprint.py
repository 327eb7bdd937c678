"""Recording printings and finding the posters to print again."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2
from support.decode import qr_texts
from support.project import SAMPLE_CONTENT, FixtureProject, make_project

from generator.build import packs
from generator.content import printings
from generator.mkdocs.config import load_project


def edit(path: Path, key: str, value: str) -> None:
    """Set one front-matter key, adding it after `code:` when the file has none."""
    text = path.read_text(encoding="utf-8")
    if re.search(rf"(?m)^{key}: ", text):
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text)
    else:
        text = re.sub(r"(?m)^(code: .*)$", rf"\1\n{key}: {value}", text, count=1)
    path.write_text(text, encoding="utf-8")


def current(fixture: FixtureProject) -> tuple[object, dict[str, str]]:
    project = load_project(str(fixture.root / "mkdocs.yml"))
    catalog = project.load().catalog
    return catalog, packs.poster_fingerprints(catalog, project.settings().poster)


def test_printings_round_trip_and_changes_are_exact(tmp_path: Path) -> None:
    fixture = make_project(tmp_path / "site")
    path = printings.printings_path(fixture.content)
    catalog, fingerprints = current(fixture)
    assert printings.read_printings(path) == {}
    changes = printings.changes_since_printing(catalog, fingerprints, {})  # type: ignore[arg-type]
    assert {c.reason for c in changes} == {"new"} and len(changes) == 10

    day = dt.date(2026, 11, 28)
    printings.record_printing(path, fingerprints, sorted(fingerprints), "all", day)
    records = printings.read_printings(path)
    assert {code: r.fingerprint for code, r in records.items()} == fingerprints
    assert {r.date for r in records.values()} == {day}
    assert "&id" not in path.read_text(encoding="utf-8")  # plain YAML staff can read

    # Only what the poster prints matters: keywords and the body are not on the wall.
    edit(fixture.procedures / "dang-ky-tam-tru.md", "updated", "2026-11-27")
    body = fixture.procedures / "chung-thuc-chu-ky.md"
    body.write_text(
        body.read_text(encoding="utf-8") + "\nThêm một đoạn hướng dẫn.\n", encoding="utf-8"
    )
    catalog, fingerprints = current(fixture)
    changes = printings.changes_since_printing(catalog, fingerprints, records)  # type: ignore[arg-type]
    assert [(c.code, c.reason) for c in changes] == [("1.004194", "changed")]

    edit(fixture.procedures / "dang-ky-giam-ho.md", "status", "retired")
    catalog, fingerprints = current(fixture)
    changes = printings.changes_since_printing(catalog, fingerprints, records)  # type: ignore[arg-type]
    assert {(c.code, c.reason) for c in changes} == {
        ("1.004194", "changed"),
        ("1.004837", "retired"),
    }
    assert printings.to_print(changes) == ["1.004194"]


def test_reprint_after_one_edit_lists_and_packs_exactly_that_poster(tmp_path: Path) -> None:
    fixture = make_project(tmp_path / "site")
    printed = fixture.run("printed")
    assert printed.returncode == 0, printed.output
    assert "recorded 10 printed posters" in printed.stdout
    assert (fixture.content / "printings.yml").is_file()

    nothing = fixture.run("reprint")
    assert nothing.returncode == 0, nothing.output
    assert "nothing to print again" in nothing.stdout
    assert not (fixture.root / "posters/pack-reprint.pdf").exists()

    edit(fixture.procedures / "dang-ky-ket-hon.md", "fee", '"Lệ phí 50.000 đồng"')
    reprint = fixture.run("reprint")
    assert reprint.returncode == 0, reprint.output
    listed = [line for line in reprint.stdout.splitlines() if "\t" in line]
    assert listed == ["1.000894\tĐăng ký kết hôn\t(nội dung đã thay đổi)"]
    target = fixture.root / "posters/pack-reprint.pdf"
    document = pypdfium2.PdfDocument(target)
    assert len(document) == 1  # one poster reprinted is one sheet: no cover, no index
    poster_text = " ".join(document[0].get_textpage().get_text_range().split())
    assert "Đăng ký kết hôn" in poster_text and "Lệ phí 50.000 đồng" in poster_text
    image = document[0].render(scale=1).to_pil()
    assert qr_texts(image) == ["https://THUTUC.EXAMPLE.GOV.VN/P/1.000894/"]
    document.close()

    recorded = fixture.run("printed", "--pack", "reprint")
    assert recorded.returncode == 0 and "recorded 1 printed posters" in recorded.stdout
    assert not target.exists()  # printed: no stale pack is left to be printed twice
    assert "nothing to print again" in fixture.run("reprint").stdout

    # A few posters: just those, after one index page that lists them in Vietnamese order.
    edit(fixture.procedures / "dang-ky-ket-hon.md", "fee", '"Lệ phí 60.000 đồng"')
    edit(fixture.procedures / "dang-ky-khai-sinh.md", "fee", '"Miễn lệ phí, kể cả nộp muộn"')
    edit(fixture.procedures / "chung-thuc-chu-ky.md", "fee", '"15.000 đồng/trường hợp"')
    few = fixture.run("reprint")
    assert few.returncode == 0, few.output
    document = pypdfium2.PdfDocument(target)
    assert len(document) == 4  # the index, then three posters
    index = " ".join(document[0].get_textpage().get_text_range().split())
    assert "Mục lục" in index and index.index("Chứng thực") < index.index("Đăng ký kết hôn")
    assert sorted(qr_texts(document[n].render(scale=1).to_pil())[0] for n in (1, 2, 3)) == [
        "https://THUTUC.EXAMPLE.GOV.VN/P/1.000894/",
        "https://THUTUC.EXAMPLE.GOV.VN/P/1.001193/",
        "https://THUTUC.EXAMPLE.GOV.VN/P/2.000884/",
    ]
    document.close()
    # Content put back as printed: the waiting pack is stale and goes.
    edit(fixture.procedures / "dang-ky-ket-hon.md", "fee", '"Lệ phí 50.000 đồng"')
    for name in ("dang-ky-khai-sinh.md", "chung-thuc-chu-ky.md"):
        (fixture.procedures / name).write_text(
            (SAMPLE_CONTENT / "procedures" / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    assert "nothing to print again" in fixture.run("reprint").stdout
    assert not target.exists()

    unknown = fixture.run("printed", "--pack", "khong-co")
    assert unknown.returncode == 1 and "field-ho-tich" in unknown.stderr

    (fixture.content / "printings.yml").write_text("posters: [oops\n", encoding="utf-8")
    broken = fixture.run("reprint")
    assert broken.returncode == 1 and "printings.yml" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_a_build_keeps_the_staff_poster_folder_current(tmp_path: Path) -> None:
    """`thutuc posters` fills posters/; after an edit, the next build alone brings the single
    poster up to date there, and the waiting reprint pack stays."""
    fixture = make_project(tmp_path / "site")
    assert fixture.run("posters").returncode == 0
    single = fixture.root / "posters" / "1.000894.pdf"
    waiting = fixture.root / "posters" / "pack-reprint.pdf"
    waiting.write_bytes(b"%PDF-1.7 staff's own")
    edit(fixture.procedures / "dang-ky-ket-hon.md", "fee", '"Lệ phí 70.000 đồng"')
    built = fixture.build()
    assert built.returncode == 0, built.output
    document = pypdfium2.PdfDocument(single)
    text = " ".join(document[0].get_textpage().get_text_range().split())
    document.close()
    assert "Lệ phí 70.000 đồng" in text
    assert waiting.read_bytes() == b"%PDF-1.7 staff's own"
    assert (fixture.root / "posters" / "pack-all.pdf").read_bytes() == (
        fixture.site / "posters" / "pack-all.pdf"
    ).read_bytes()
