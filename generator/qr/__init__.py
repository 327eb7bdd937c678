"""QR codes: one matrix per procedure, from which every output (SVG, PNG, PDF) is drawn.

qrcode stays the encoder: segments, version fit, Reed-Solomon codewords, function patterns.
What it does slowly is choose the mask: nine matrices placed module by module and eight
scored in pure Python (~8 ms a code). Here the eight candidates are whole-symbol integers,
placed by a table built once per version from qrcode's own patterns, and scored by a
bit-parallel twin of qrcode's `util.lost_point`. The chosen matrix is bit for bit the one
`QRCode(...).make(fit=True)` gives; tests/test_qr_speed_equivalence.py holds it to that.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import cache, cached_property
from operator import itemgetter
from typing import Any

import qrcode
from PIL import Image
from qrcode import base, util
from qrcode.constants import ERROR_CORRECT_Q

QUIET_ZONE = 4

_BOOL = {"0": False, "1": True}


@dataclass(frozen=True)
class QrMatrix:
    """Dark modules, quiet zone included: one int per row, leftmost module in the top bit.

    Whole rows as ints let every output (runs, image rows, the cache's hex) be cut from
    them a row at a time instead of a module at a time.
    """

    payload: str
    version: int
    row_bits: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.row_bits)

    @cached_property
    def rows(self) -> tuple[tuple[bool, ...], ...]:
        """The modules as booleans, for readers that want them one by one."""
        width = f"0{self.size}b"
        get = _BOOL.__getitem__
        return tuple(tuple(map(get, format(bits, width))) for bits in self.row_bits)

    @cached_property
    def _runs(self) -> tuple[tuple[int, int, int], ...]:
        size = self.size
        runs = []
        for y, bits in enumerate(self.row_bits):
            while bits:  # leftmost run first: it starts at the top set bit, ends at a 0
                top = bits.bit_length()
                below = (((1 << top) - 1) ^ bits).bit_length()
                runs.append((y, size - top, top - below))
                bits &= (1 << below) - 1
        return tuple(runs)

    def dark_runs(self) -> list[tuple[int, int, int]]:
        """(row, column, length) of each horizontal run of dark modules, left to right."""
        return list(self._runs)


class _Probe(qrcode.QRCode):
    """A QRCode that stops where `makeImpl` would place data, keeping the function patterns."""

    def map_data(self, data: Any, mask_pattern: int) -> None:
        self.function_modules = [row[:] for row in self.modules]


@dataclass(frozen=True)
class _Layout:
    """Everything about one version's symbol that does not depend on the data.

    Boards are ints of n*n bits, module (r, c) at bit n*n-1-(r*n+c): the rows written one
    after another, first module highest.
    """

    n: int
    data_bits: int
    spread: itemgetter[Any]  # data bits as text (+ a trailing "0") -> every module, board order
    test_base: int  # function patterns as makeImpl(test=True) leaves them: format info light
    final_base: tuple[int, ...]  # per mask: with its format (and version) information drawn
    mask: tuple[int, ...]  # per mask: the data and remainder modules it inverts


def _board(modules: list[list[bool | None]]) -> int:
    return int("".join("1" if cell else "0" for row in modules for cell in row), 2)


@cache
def _layout(version: int, error_correction: int) -> _Layout:
    """Take qrcode's own function patterns and walk its data order, once per version."""
    probe = _Probe(version=version, error_correction=error_correction, border=0)
    probe.data_cache = []  # so makeImpl does not try to encode anything
    probe.makeImpl(True, 0)
    modules = probe.function_modules
    final_base = []
    for pattern in range(8):
        probe.makeImpl(False, pattern)
        final_base.append(_board(probe.function_modules))
    n = len(modules)
    # qrcode's map_data walk: two-column strips from the right edge, alternately up and down,
    # stepping over the vertical timing column, through the modules no pattern took.
    order = []
    row, step = n - 1, -1
    for right in range(n - 1, 0, -2):
        col = right - 1 if right <= 6 else right
        while 0 <= row < n:
            order.extend((row, c) for c in (col, col - 1) if modules[row][c] is None)
            row += step
        row -= step
        step = -step
    data_bits = 8 * sum(block.total_count for block in base.rs_blocks(version, error_correction))
    source = [data_bits] * (n * n)  # function and remainder modules read the trailing "0"
    for index, (r, c) in enumerate(order[:data_bits]):
        source[r * n + c] = index
    masks = []
    for pattern in range(8):
        inverts = util.mask_func(pattern)
        masks.append(sum(1 << (n * n - 1 - (r * n + c)) for r, c in order if inverts(r, c)))
    return _Layout(
        n=n,
        data_bits=data_bits,
        spread=itemgetter(*source),
        test_base=_board(modules),
        final_base=tuple(final_base),
        mask=tuple(masks),
    )


@cache
def _windows(n: int) -> tuple[int, int, int, int, int]:
    """Masks of the modules where a pair, or an 11-module window, starts across and down."""
    full = (1 << (n * n)) - 1
    row = (1 << n) - 1
    across = sum((row >> 1) << (r * n) for r in range(n))
    across_11 = sum((row >> 10) << (r * n) for r in range(n))
    return full, across, full >> n, across_11, full >> (10 * n)


def lost_point(board: int, n: int) -> int:
    """qrcode's `util.lost_point` of an n x n board (module r, c at bit r*n+c, or mirrored).

    Every rule is unchanged by turning the symbol half round, so reading the board from the
    top bit or the bottom one scores the same. qrcode's scans skip only windows that cannot
    score, so counting every window matches it; like it, finder-like windows are looked for
    inside the symbol only, never against the quiet zone.
    """
    full, across, down, across_11, down_11 = _windows(n)
    light = full ^ board
    score = 0
    pairs = []
    for step, starts in ((1, across), (n, down)):
        # Runs of 5+ equal modules score length - 2. A run of L holds L-4 windows of 5 and
        # L-5 of 6, so the total is 3 * (windows of 5) - 2 * (windows of 6).
        same = starts & ~(board ^ (board >> step))
        same2 = same & (same >> step)
        five = same2 & (same2 >> (2 * step))
        score += 3 * five.bit_count() - 2 * (five & (same >> (4 * step))).bit_count()
        pairs.append(same)
    # 2x2 blocks of one colour, 3 each.
    score += 3 * (pairs[0] & (pairs[0] >> n) & pairs[1]).bit_count()
    # Finder-like 10111010000 or 00001011101 within a row or column, 40 each:
    # the 1011101 core with four light modules after it, or before it.
    for step, starts in ((1, across_11), (n, down_11)):
        dark3 = board & (board >> step) & (board >> (2 * step))
        core = board & (light >> step) & (dark3 >> (2 * step))
        core &= (light >> (5 * step)) & (board >> (6 * step))
        light2 = light & (light >> step)
        light4 = light2 & (light2 >> (2 * step))
        found = (core & (light4 >> (7 * step))) | (light4 & (core >> (4 * step)))
        score += 40 * (found & starts).bit_count()
    # Dark share: 10 for every whole 5 % away from half, in qrcode's float arithmetic.
    percent = float(board.bit_count()) / (n**2)
    return score + int(abs(percent * 100 - 50) / 5) * 10


def make_matrix(payload: str) -> QrMatrix:
    """Encode at error correction Q (posters get dirt, tape and glare) with a 4-module border."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=QUIET_ZONE)
    code.add_data(payload)
    version = code.best_fit()
    codewords = util.create_data(version, code.error_correction, code.data_list)
    layout = _layout(version, code.error_correction)
    n = layout.n
    bits = format(int.from_bytes(bytes(codewords), "big"), f"0{layout.data_bits}b") + "0"
    data = int("".join(layout.spread(bits)), 2)
    # qrcode's best_mask_pattern: score each mask with format information left light; the
    # first of the lowest scores wins.
    scores = [lost_point(layout.test_base | (data ^ mask), n) for mask in layout.mask]
    best = scores.index(min(scores))
    board = layout.final_base[best] | (data ^ layout.mask[best])
    row = (1 << n) - 1
    quiet = (0,) * QUIET_ZONE
    symbol = tuple(((board >> (n * (n - 1 - y))) & row) << QUIET_ZONE for y in range(n))
    return QrMatrix(payload=payload, version=version, row_bits=quiet + symbol + quiet)


def to_svg(matrix: QrMatrix, title: str | None = None) -> str:
    """A single-path SVG: no seams between modules, and safe to inline in HTML."""
    path = "".join(f"M{x} {y}h{n}v1h-{n}z" for y, x, n in matrix.dark_runs())
    size = matrix.size
    label = ""
    if title is not None:
        from markupsafe import escape

        label = f"<title>{escape(title)}</title>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img">{label}'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>\n'
    )


@cache
def _widened(scale: int) -> tuple[int, ...]:
    """Each byte of 8 modules as 8 * scale pixel bits."""
    return tuple(
        int("".join(("1" if byte >> (7 - k) & 1 else "0") * scale for k in range(8)), 2)
        for byte in range(256)
    )


def _pixel_rows(matrix: QrMatrix, scale: int) -> tuple[int, list[bytes]]:
    """Width in pixels, and one packed 1-bit line per module row (set bit = white)."""
    size = matrix.size
    side = size * scale
    stride = (side + 7) // 8
    pad = 8 * stride - side
    width = (size + 7) // 8
    shift = 8 * scale
    full = (1 << side) - 1
    table = _widened(scale)
    lines = []
    for bits in matrix.row_bits:
        dark = 0
        for byte in bits.to_bytes(width, "big"):
            dark = (dark << shift) | table[byte]
        lines.append(((full & ~dark) << pad).to_bytes(stride, "big"))
    return side, lines


def to_image(matrix: QrMatrix, scale: int = 10) -> Image.Image:
    """A black-on-white 1-bit image, `scale` pixels per module."""
    side, lines = _pixel_rows(matrix, scale)
    return Image.frombytes("1", (side, side), b"".join(line * scale for line in lines))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def to_png(matrix: QrMatrix, scale: int = 10) -> bytes:
    """The pixels of `to_image` as a 1-bit greyscale PNG, written directly.

    Pillow's encoder packs and filters every pixel row (~1 ms a code). Here each module row
    is packed once; its `scale - 1` repeats use PNG's "Up" filter, i.e. all zero bytes.
    """
    side, lines = _pixel_rows(matrix, scale)
    repeat = (b"\x02" + bytes(len(lines[0]))) * (scale - 1)
    scanlines = b"".join(b"\x00" + line + repeat for line in lines)
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit, grey, no interlace
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(scanlines)),
            _chunk(b"IEND", b""),
        )
    )


def to_hex(matrix: QrMatrix) -> str:
    """A compact text form for the cache manifest, so packs never re-encode a code."""
    size = matrix.size
    bits = 0
    for row in matrix.row_bits:
        bits = (bits << size) | row
    pad = -(size * size) % 4
    return f"{size}:{bits << pad:0{(size * size + pad) // 4}x}"


def from_hex(payload: str, version: int, text: str) -> QrMatrix:
    size_text, digits = text.split(":", 1)
    size = int(size_text)
    bits = int(digits, 16) >> (len(digits) * 4 - size * size)
    row = (1 << size) - 1
    row_bits = tuple((bits >> (size * (size - 1 - y))) & row for y in range(size))
    return QrMatrix(payload=payload, version=version, row_bits=row_bits)
