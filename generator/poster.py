"""Posters: placeholder until the poster module lands (issue 3)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from generator.procedure import Procedure
from generator.qr import QrMatrix

LAYOUT_VERSION = "0"


@dataclass(frozen=True)
class PosterSettings:
    office_name: str = ""
    size: str = "A4"


def render_poster(
    procedure: Procedure,
    matrix: QrMatrix,
    short_url: str,
    settings: PosterSettings,
    fingerprint: str,
) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    module = 3 * 72 / 25.4
    for y, x, n in matrix.dark_runs():
        pdf.rect(100 + x * module, 700 - y * module, n * module, module, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
