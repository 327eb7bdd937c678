"""qrcode 8.2's `util.create_data`, table-driven: the same codewords in a tenth of the time.

qrcode builds the bit stream one `put_bit` call per bit and divides the Reed-Solomon
polynomials with lists and recursion: about 0.4 ms of the 0.6 ms a code takes on the fast
path. Here the bit stream is one integer (segments still written by qrcode's own
`QRData.write`, byte segments in one step) and each block's error-correction codewords come
from a shift register over a table of the generator's multiples, per error-correction length.
The remainder of a division is unique, so the codewords are the same;
`tests/test_qr_codewords.py` compares them with qrcode's on every version and level, and the
fast path as a whole is still proved against qrcode's public API once per process
(`encoder.fast_path_works`). Used only by `masks.py`, so only with the qrcode releases listed
there.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache
from typing import Any

from qrcode import LUT, base, exceptions, util


class _Bits:
    """qrcode's `BitBuffer` as one integer, for `QRData.write`: bits put are appended."""

    __slots__ = ("length", "value")

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, number: int, length: int) -> None:
        self.value = (self.value << length) | (number & ((1 << length) - 1))
        self.length += length


def _gf_multiply(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return base.EXP_TABLE[(base.LOG_TABLE[a] + base.LOG_TABLE[b]) % 255]


@cache
def _generator(ec_count: int) -> tuple[int, ...]:
    """The generator polynomial's coefficients after its leading 1, as qrcode makes it."""
    if ec_count in LUT.rsPoly_LUT:
        coefficients = list(LUT.rsPoly_LUT[ec_count])
    else:
        poly = base.Polynomial([1], 0)
        for i in range(ec_count):
            poly = poly * base.Polynomial([1, base.gexp(i)], 0)
        coefficients = list(poly)
    if len(coefficients) != ec_count + 1 or coefficients[0] != 1:
        raise ValueError(f"unexpected generator polynomial for {ec_count} codewords")
    return tuple(coefficients[1:])


@cache
def _multiples(ec_count: int) -> tuple[int, ...]:
    """For each byte f, the generator's coefficients times f, packed big-endian in one int."""
    generator = _generator(ec_count)
    return tuple(
        int.from_bytes(bytes(_gf_multiply(g, factor) for g in generator), "big")
        for factor in range(256)
    )


def error_codewords(data: bytes, ec_count: int) -> bytes:
    """The remainder of data(x) * x^ec_count divided by the generator: a shift register."""
    multiples = _multiples(ec_count)
    shift = 8 * (ec_count - 1)
    mask = (1 << (8 * ec_count)) - 1
    register = 0
    for byte in data:
        register = ((register << 8) & mask) ^ multiples[(register >> shift) ^ byte]
    return register.to_bytes(ec_count, "big")


def _payload_bits(data: Any) -> int:
    """How many bits a segment's characters take, without its mode and length fields."""
    if data.mode == util.MODE_8BIT_BYTE:
        return 8 * len(data.data)
    bits = _Bits()
    data.write(bits)
    return bits.length


def best_fit(error_correction: int, data_list: list[Any]) -> int:
    """`QRCode.best_fit()`: the smallest version the segments fit. qrcode writes every bit
    into its `BitBuffer` to count them (a quarter of a code's time); the count is the same
    from each segment's length."""
    payload = sum(4 + _payload_bits(data) for data in data_list)
    limits = util.BIT_LIMIT_TABLE[error_correction]
    start = 1
    while True:
        mode_sizes = util.mode_sizes_for_version(start)
        needed = payload + sum(mode_sizes[data.mode] for data in data_list)
        version = bisect_left(limits, needed, start)
        if version == 41:
            raise exceptions.DataOverflowError()
        # A longer length field from version 10 or 27 on: count again from there.
        if mode_sizes is util.mode_sizes_for_version(version):
            return version
        start = version


def data_bits(version: int, data_list: list[Any], bit_limit: int) -> bytes:
    """The data codewords: segments, terminator, byte alignment and padding, as qrcode puts
    them in its `BitBuffer`."""
    bits = _Bits()
    for data in data_list:
        bits.put(data.mode, 4)
        bits.put(len(data), util.length_in_bits(data.mode, version))
        if data.mode == util.MODE_8BIT_BYTE:
            bits.put(int.from_bytes(data.data, "big"), 8 * len(data.data))
        else:
            data.write(bits)
    if bits.length > bit_limit:
        raise exceptions.DataOverflowError(
            f"Code length overflow. Data size ({bits.length}) > size available ({bit_limit})"
        )
    bits.put(0, min(bit_limit - bits.length, 4))
    if bits.length % 8:
        bits.put(0, 8 - bits.length % 8)
    for index in range((bit_limit - bits.length) // 8):
        bits.put(util.PAD0 if index % 2 == 0 else util.PAD1, 8)
    return bits.value.to_bytes(bits.length // 8, "big")


def create_data(version: int, error_correction: int, data_list: list[Any]) -> list[int]:
    """`qrcode.util.create_data(version, error_correction, data_list)`, the same list."""
    blocks = base.rs_blocks(version, error_correction)
    data = data_bits(version, data_list, sum(block.data_count * 8 for block in blocks))
    data_blocks: list[bytes] = []
    ec_blocks: list[bytes] = []
    offset = 0
    for block in blocks:
        chunk = data[offset : offset + block.data_count]
        offset += block.data_count
        if not any(chunk):  # qrcode's division fails on a block of zeros: so does this
            raise ValueError("glog(0)")
        data_blocks.append(chunk)
        ec_blocks.append(error_codewords(chunk, block.total_count - block.data_count))
    interleaved: list[int] = []
    for parts in (data_blocks, ec_blocks):
        longest = max(len(part) for part in parts)
        interleaved += [part[i] for i in range(longest) for part in parts if i < len(part)]
    return interleaved
