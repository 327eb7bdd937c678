"""QR codes: one matrix per procedure, from which every output (SVG, PNG, PDF) is drawn.

As in python-qrcode's `image/` package, the matrix never knows how it will be drawn: the
encoder makes it, and each output format has its own small module beside it.
"""

from generator.qr.encoder import make_matrix
from generator.qr.matrix import QUIET_ZONE, QrMatrix, from_hex, to_hex
from generator.qr.png import to_image, to_png
from generator.qr.svg import to_svg

__all__ = [
    "QUIET_ZONE",
    "QrMatrix",
    "from_hex",
    "make_matrix",
    "to_hex",
    "to_image",
    "to_png",
    "to_svg",
]
