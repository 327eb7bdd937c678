"""A fast mask choice built on qrcode 8.2's internals, used only where they are known.

qrcode stays the encoder: segments, version fit, Reed-Solomon codewords, function patterns.
What it does slowly is choose the mask: nine matrices placed module by module and eight
scored in pure Python (~6 ms a code). Here the eight candidates are whole-symbol integers,
placed by a table built once per version from qrcode's own patterns, and scored by a
bit-parallel twin of `util.lost_point`; the codewords come from `codewords.create_data`, a
table-driven twin of qrcode's (~0.25 ms a code in all). It calls `makeImpl(test,
mask_pattern)`, `QRData.write`, `util.mask_func` and `base.rs_blocks`, which qrcode's next release
changes, so `encoder.py` uses it only for the versions listed in `TESTED_QRCODE` and falls
back to qrcode's public API otherwise, or if anything here raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

import qrcode
from qrcode import base, util

from generator.qr.codewords import best_fit, create_data
from generator.qr.matrix import QUIET_ZONE, QrMatrix

#: qrcode releases whose internals this module was checked against (bit-for-bit equal
#: masks: tests/test_qr_speed_equivalence.py).
TESTED_QRCODE = frozenset({"8.2"})


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


def fast_matrix(payload: str, error_correction: int) -> QrMatrix:
    """The symbol qrcode's `make(fit=True)` would give, with the mask chosen bit-parallel."""
    code = qrcode.QRCode(error_correction=error_correction, border=QUIET_ZONE)
    code.add_data(payload)
    version = best_fit(code.error_correction, code.data_list)
    codewords = create_data(version, code.error_correction, code.data_list)
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
