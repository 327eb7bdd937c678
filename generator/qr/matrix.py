"""The QR matrix every output is drawn from: dark modules, quiet zone included."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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
