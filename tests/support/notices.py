"""Notices (v3) for tests: a realistic board written relative to the day of the test, so
"future" and "ended" stay what they say whatever day the suite runs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from support.project import FixtureProject

HOSTILE_TITLE = 'Cảnh giác: kẻ gian giả danh cán bộ phường <script>alert("x")</script>'
HOSTILE_SUMMARY = (
    "Cán bộ phường không gọi điện thu tiền. <img src=x onerror=alert(1)> Đừng chuyển khoản."
)
BIRTH = "1.001193"  # Đăng ký khai sinh in the sample
MARRIAGE = "1.000894"  # Đăng ký kết hôn


def notice_text(body: str = "Nội dung thông báo.\n", **meta: Any) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{body}"


def write_notice(project: FixtureProject, slug: str, text: str) -> Path:
    path = project.content / "notices" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_board(project: FixtureProject, today: dt.date, *, offices: bool) -> None:
    """Pinned, newest, office-only, hostile, ended and future notices."""
    day = dt.timedelta(days=1)
    write_notice(
        project,
        "mo-cua-sang-thu-bay",
        notice_text(
            title="Mở cửa sáng thứ Bảy để đăng ký khai sinh",
            date=today - 10 * day,
            summary="Từ tuần này, bộ phận một cửa tiếp nhận hồ sơ đăng ký khai sinh vào sáng "
            "thứ Bảy, 7:30–11:30.",
            procedures=[BIRTH],
            pinned=True,
            body="## Giờ tiếp nhận\n\n- Sáng thứ Bảy: 7:30–11:30.\n",
        ),
    )
    write_notice(
        project,
        "canh-giac-gia-danh-can-bo",
        notice_text(
            title=HOSTILE_TITLE,
            date=today - day,
            summary=HOSTILE_SUMMARY,
            body="Kẻ gian gửi đường dẫn như `<script>alert(1)</script>`: đừng bấm.\n",
        ),
    )
    if offices:
        write_notice(
            project,
            "duc-xuan-nghi-le",
            notice_text(
                title="Xã Đức Xuân tạm nghỉ tiếp dân ngày 15",
                date=today - 2 * day,
                summary="Bộ phận một cửa xã Đức Xuân nghỉ một ngày để sửa trụ sở.",
                offices=["08378"],
                procedures=[MARRIAGE],
            ),
        )
    write_notice(
        project,
        "lich-tiep-dan-thang-truoc",
        notice_text(
            title="Lịch tiếp dân tháng trước",
            date=today - 40 * day,
            expires=today - 5 * day,
            summary="Lịch cũ, đã hết hiệu lực.",
        ),
    )
    write_notice(
        project,
        "thu-phi-moi-tu-thang-sau",
        notice_text(
            title="Mức phí mới từ tháng sau",
            date=today + 3 * day,
            summary="Chưa được đăng.",
        ),
    )


def set_fact(project: FixtureProject, slug: str, key: str, value: str) -> None:
    """Change one front-matter line of a procedure, as an editor would."""
    path = project.procedures / f"{slug}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    written = f"{key}: {json.dumps(value, ensure_ascii=False)}"
    lines = [written if line.startswith(f"{key}:") else line for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")
