"""The browser editor's pieces without a browser: the Decap form generated from the contract,
saves that keep a file's meaning, and a local file API that stays inside content/."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import yaml
from support.project import SAMPLE_CONTENT, make_project

from generator.content import drafts
from generator.content.procedure import FRONT_MATTER_KEYS, split_front_matter
from generator.editor import admin, decap, saving
from generator.editor.local_api import LocalRepository
from generator.importer.annex import Entry
from generator.importer.drafts_writer import draft_text

KNOWN = decap.procedure_keys(decap.decap_config(admin.local_backend(), ["Hộ tịch"], "https://x/"))


def repository(root: Path) -> LocalRepository:
    config = decap.decap_config(admin.local_backend(), ["Hộ tịch"], "https://x/")
    forms = {c["name"]: c for c in config["collections"]}
    return LocalRepository(
        root=root,
        procedure_keys=frozenset(KNOWN),
        notice_keys=frozenset(f["name"] for f in forms["notices"]["fields"]) - {"body"},
        office_keys=frozenset(
            f["name"] for f in forms["settings"]["files"][0]["fields"][0]["fields"]
        ),
    )


def test_the_form_has_a_widget_for_every_key_of_the_contract() -> None:
    assert set(FRONT_MATTER_KEYS) == KNOWN
    text = admin.config_yml(admin.local_backend(), ["Hộ tịch", "Chứng thực"], "https://x/")
    config = yaml.safe_load(text)
    assert "&id" not in text and config["locale"] == "vi"
    [procedures] = [c for c in config["collections"] if c["name"] == "procedures"]
    widgets = {f["name"]: f for f in procedures["fields"]}
    assert widgets["field"]["options"] == ["Chứng thực", "Hộ tịch"]  # Vietnamese order
    assert widgets["documents"]["widget"] == "list"
    assert widgets["code"]["pattern"][0] == r"^[A-Za-z0-9][A-Za-z0-9.\-]*$"
    assert widgets["fee"]["label"] == "Lệ phí"


def test_a_save_changes_only_what_changed() -> None:
    original = (
        "---\n"
        "# nguồn: phụ lục I\n"
        'code: "1.000894"\n'
        'title: "Đăng ký kết hôn"\n'
        'documents: ["Tờ khai", "Căn cước"]\n'
        "updated: 2026-11-20\n"
        'online_url: "https://dichvucong.gov.vn/"\n'
        'future_key: "kept"\n'
        "---\n\n## Các bước\n\n1. Nộp.  \n"
    )
    # What Decap sends: its own order and quoting, a date as a string, the URL cleared.
    sent = (
        "---\n"
        "title: Đăng ký kết hôn\ncode: 1.000894\n"
        "documents:\n  - Tờ khai\n  - Căn cước\n  - Ảnh 4x6\n"
        "updated: '2026-12-01'\n"
        "---\n## Các bước\n\n1. Nộp.\n"
    )
    merged = saving.merged_markdown(original, sent, KNOWN)
    assert merged == (
        "---\n"
        "# nguồn: phụ lục I\n"
        'code: "1.000894"\n'
        'title: "Đăng ký kết hôn"\n'
        'documents: ["Tờ khai", "Căn cước", "Ảnh 4x6"]\n'
        "updated: 2026-12-01\n"
        'future_key: "kept"\n'
        "---\n\n## Các bước\n\n1. Nộp.  \n"
    )


def test_a_new_file_gets_quoted_codes_and_a_real_date() -> None:
    sent = "---\ncode: '2.000720'\ntitle: Thủ tục mới\nupdated: '2026-12-01'\n---\nThân.\n"
    merged = saving.merged_markdown(None, sent, KNOWN)
    assert 'code: "2.000720"\n' in merged and "updated: 2026-12-01\n" in merged


def test_offices_keep_overrides_the_form_does_not_show(tmp_path: Path) -> None:
    original = (
        "# tỉnh\noffices:\n"
        '  - code: "08377"\n    name: "A"\n    hotline: "0209 1"\n'
        '    overrides:\n      "1.001193":\n        fee: "Miễn"\n'
    )
    sent = "offices:\n  - code: '08377'\n    name: B\n    hotline: 0209 1\n"
    merged = saving.merged_offices(original, sent, {"code", "name", "hotline", "address"})
    data = yaml.safe_load(merged)
    assert merged.startswith("# tỉnh\n")
    assert data["offices"][0]["name"] == "B"
    assert data["offices"][0]["overrides"] == {"1.001193": {"fee": "Miễn"}}


def test_the_local_api_stays_in_content_and_refuses_what_check_refuses(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site")
    repo = repository(project.root)
    for bad in ("../mkdocs.yml", "/etc/passwd", "content/../mkdocs.yml", "mkdocs.yml", ""):
        status, answer = repo.handle("getEntry", {"path": bad}) if bad else (422, {"error": "-"})
        assert status == 422 or answer["data"] is None, bad
    status, _answer = repo.handle(
        "persistEntry", {"entry": {"path": "../evil.md", "raw": "x"}, "assets": []}
    )
    assert status == 422 and not (tmp_path / "site" / "evil.md").exists()

    status, entries = repo.handle(
        "entriesByFolder", {"folder": "content/procedures", "extension": "md", "depth": 1}
    )
    assert status == 200 and len(entries) == len(list((SAMPLE_CONTENT / "procedures").glob("*.md")))

    path = project.procedures / "dang-ky-ket-hon.md"
    before = path.read_bytes()
    broken = before.decode().replace('fee: "Miễn lệ phí"', 'fee: ""')
    status, answer = repo.handle(
        "persistEntry",
        {"entry": {"path": "content/procedures/dang-ky-ket-hon.md", "raw": broken}, "assets": []},
    )
    assert status == 422 and "fee" in answer["error"]
    assert path.read_bytes() == before  # refused: nothing written

    # A draft from the province's list may be saved half done: it blocks nothing.
    draft = '---\ncode: "2.000720"\ntitle: "Thủ tục mới"\nstatus: draft\n---\n\nTODO\n'
    status, _answer = repo.handle(
        "persistEntry",
        {"entry": {"path": "content/procedures/thu-tuc-moi.md", "raw": draft}, "assets": []},
    )
    saved = (project.procedures / "thu-tuc-moi.md").read_text(encoding="utf-8")
    assert status == 200 and 'status: "draft"' in saved

    form = base64.b64encode(b"%PDF-1.7 to khai").decode()
    status, media = repo.handle(
        "persistMedia",
        {"asset": {"path": "content/files/to-khai.pdf", "content": form, "encoding": "base64"}},
    )
    assert status == 200 and (project.content / "files" / "to-khai.pdf").read_bytes().startswith(
        b"%PDF"
    )
    assert media["name"] == "to-khai.pdf"


def test_a_hosted_site_publishes_the_admin_page_for_its_git_host(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site")
    project.set_plugin_option(
        "editor", {"backend": "gitlab", "repo": "ubnd/thutuc", "app_id": "a1"}
    )
    built = project.build()
    assert built.returncode == 0, built.output
    config = yaml.safe_load((project.site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "gitlab",
        "repo": "ubnd/thutuc",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "a1",
    }
    page = (project.site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page and "http" not in page
    assert (project.site / "admin" / "decap-cms.js").stat().st_size > 1_000_000


def test_a_draft_published_from_the_editor_loses_the_import_note(tmp_path: Path) -> None:
    """The note says the file is not published and how to publish it: kept while the file is
    a draft, gone with `status: draft`; the file's other comments stay."""
    project = make_project(tmp_path / "site")
    entry = Entry(
        row=13,
        code="1.004227",
        facts={"title": "Chứng thực chữ ký", "field": "Chứng thực", "fee": "Miễn lệ phí"},
        legal_basis=("Nghị định 23/2015/NĐ-CP",),
    )
    draft = draft_text(entry, dt.date(2026, 12, 1))
    assert draft.splitlines()[1].startswith(drafts.DRAFT_NOTE[0])
    path = project.procedures / "chung-thuc-chu-ky.md"
    path.write_text(draft, encoding="utf-8")
    repo = repository(project.root)
    relative = "content/procedures/chung-thuc-chu-ky.md"

    def save(body: str | None = None, **changes: object) -> str:
        """What Decap sends: the whole front matter as the form holds it, and the body."""
        parts = split_front_matter(path.read_text(encoding="utf-8"))
        assert parts is not None
        data = {**yaml.safe_load(parts[0]), **changes}
        raw = f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body or parts[1]}"
        status, answer = repo.handle("persistEntry", {"entry": {"path": relative, "raw": raw}})
        assert status == 200, answer
        return path.read_text(encoding="utf-8")

    kept = save(summary="Chứng thực chữ ký của người dân trên giấy tờ.")
    assert kept.splitlines()[1:3] == draft.splitlines()[1:3]  # still a draft: the note stays
    published = save(
        "\nMang giấy tờ tùy thân đến bộ phận một cửa.\n",
        processing_time="Trong ngày",
        agency="Bộ phận một cửa",
        documents=["Giấy tờ tùy thân có ảnh"],
        status="active",
    )
    assert not any(line.startswith(drafts.DRAFT_NOTE) for line in published.splitlines())
    assert published.startswith('---\ncode: "1.004227"\n'), published
    assert "# keywords:" in published  # the file's other comments stay
    checked = project.run("check")
    assert checked.returncode == 0, checked.output
