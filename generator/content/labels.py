"""The Vietnamese labels readers see for procedure facts, in one place for the page, the
poster and the search index. Front matter keys stay English; these are what they print as."""

from __future__ import annotations

#: The facts a resident needs first, in the order every output shows them.
FACT_LABELS: tuple[tuple[str, str], ...] = (
    ("fee", "Lệ phí"),
    ("processing_time", "Thời gian giải quyết"),
    ("agency", "Nơi nộp hồ sơ"),
)
DOCUMENTS = "Giấy tờ cần mang"
FIELD = "Lĩnh vực"
CODE = "Mã thủ tục"
UPDATED = "Cập nhật"
KEYWORDS = "Từ khóa"
RETIRED = "Thủ tục này không còn áp dụng"
SCAN_PROMPT = "Quét mã để xem hướng dẫn đầy đủ"
