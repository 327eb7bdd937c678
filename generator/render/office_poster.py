"""What an office's poster adds to the shared layout (contract v2): the office's address,
hours and hotline under its name, and the office's note for the procedure.

`poster.py` calls in here from two delimited hooks. For a one-office (v1) site nothing here
prints anything nor enters a fingerprint, so v1 posters stay byte for byte the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.office_catalog import OfficeProcedure
from generator.content.procedure import Procedure
from generator.render.layout import ACCENT, FONT_BOLD, MUTED, Box, PosterSettings, text_box

#: The office's details take at most this many lines, in this size (times the page's scale);
#: `render/address_fit.py` refuses details that would not fit.
DETAILS_LINES = 2
DETAILS_SIZE = 9.5


@dataclass(frozen=True)
class OfficePosterSettings(PosterSettings):
    """Poster settings of one office of a province; its repr enters every fingerprint."""

    address: str = ""
    hours: str = ""
    hotline: str = ""

    @property
    def details(self) -> str:
        return f"{self.address} · {self.hours} · Đường dây nóng {self.hotline}"


def office_boxes(
    procedure: Procedure, settings: PosterSettings, x: float, top: float, width: float, s: float
) -> list[Box]:
    """The office's details, then its note for this procedure; none for a v1 poster."""
    boxes: list[Box] = []
    if isinstance(settings, OfficePosterSettings):
        details = text_box(
            "office-details",
            x,
            top,
            width,
            settings.details,
            size=DETAILS_SIZE * s,
            max_lines=DETAILS_LINES,
            color=MUTED,
        )
        boxes.append(details)
        top = details.y
    note = procedure.note if isinstance(procedure, OfficeProcedure) else None
    if note:
        boxes.append(
            text_box(
                "office-note",
                x,
                top - 2 * s,
                width,
                f"Lưu ý: {note}",
                font=FONT_BOLD,
                size=10.5 * s,
                max_lines=4,
                color=ACCENT,
            )
        )
    return boxes


def printed(procedure: Procedure) -> dict[str, str] | None:
    """What an office poster prints beyond the shared keys, for its fingerprint."""
    if isinstance(procedure, OfficeProcedure):
        return {"office": procedure.office_code, "note": procedure.note or ""}
    return None
