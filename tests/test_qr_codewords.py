"""The table-driven codewords (`qr/codewords.py`) are qrcode's own, on every version and
error-correction level, for numeric, alphanumeric, byte and mixed payloads, and fail where
qrcode's fail. The fast path as a whole is compared with qrcode's public API in
`test_qr_speed_equivalence.py`."""

from __future__ import annotations

import random

import pytest
import qrcode
from qrcode import exceptions, util
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from generator.qr import codewords

LEVELS = (ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H)
ALPHABETS = {
    "numeric": "0123456789",
    "alphanumeric": util.ALPHA_NUM.decode("ascii"),
    "bytes": "abcdefghijklmnopqrstuvwxyz/.:-_?=&%ĐđăâêôơưÁà0123456789",
}


def payload(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def mixed(rng: random.Random, length: int) -> str:
    """Runs of each kind, so qrcode's `optimize` splits the data into several segments."""
    parts = []
    while sum(map(len, parts)) < length:
        alphabet = ALPHABETS[rng.choice(list(ALPHABETS))]
        parts.append(payload(rng, alphabet, rng.randint(1, 40)))
    return "".join(parts)[:length]


def data_list(text: str) -> list[util.QRData]:
    code = qrcode.QRCode()
    code.add_data(text)
    return code.data_list


def same_as_qrcode(version: int, level: int, text: str) -> bool:
    """Both give the same codewords, or both refuse the data with the same error."""
    segments = data_list(text)
    try:
        expected = util.create_data(version, level, segments)
    except exceptions.DataOverflowError:
        with pytest.raises(exceptions.DataOverflowError):
            codewords.create_data(version, level, segments)
        return True
    return codewords.create_data(version, level, segments) == expected


@pytest.mark.parametrize("level", LEVELS)
def test_codewords_equal_qrcode_on_every_version(level: int) -> None:
    rng = random.Random(level)
    checked = 0
    for version in range(1, 41):
        capacity = sum(block.data_count for block in util.base.rs_blocks(version, level))
        for kind in (*ALPHABETS, "mixed"):
            length = rng.randint(max(1, capacity // 3), capacity)  # some overflow: both refuse
            text = mixed(rng, length) if kind == "mixed" else payload(rng, ALPHABETS[kind], length)
            assert same_as_qrcode(version, level, text), (version, level, kind, text)
            checked += 1
    assert checked == 40 * 4


def test_codewords_equal_qrcode_on_short_urls() -> None:
    """The payloads the site prints: its short URLs, at level Q, in their fitted versions."""
    for index in range(400):
        url = f"https://thutuc.example.gov.vn/P/{index % 3}.{100000 + 37 * index}/"
        for text in (url, url.upper()):
            code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q)
            code.add_data(text)
            version = code.best_fit()
            assert same_as_qrcode(version, ERROR_CORRECT_Q, text)


def qrcode_best_fit(level: int, text: str) -> int | None:
    code = qrcode.QRCode(error_correction=level)
    code.add_data(text)
    try:
        return code.best_fit()
    except (exceptions.DataOverflowError, ValueError):  # qrcode 8.2: "Invalid version (41)"
        return None


def our_best_fit(level: int, text: str) -> int | None:
    try:
        return codewords.best_fit(level, data_list(text))
    except exceptions.DataOverflowError:
        return None


@pytest.mark.parametrize("level", LEVELS)
def test_best_fit_equals_qrcode_at_every_length_that_changes_version(level: int) -> None:
    """Lengths just below and above each version's capacity, for each kind of segment,
    including versions 9 to 10 and 26 to 27, where the length fields grow, and past 40."""
    rng = random.Random(100 + level)
    fits = set()
    for version in range(1, 41):
        capacity = sum(block.data_count for block in util.base.rs_blocks(version, level))
        for kind in (*ALPHABETS, "mixed"):
            lengths = {max(1, capacity - 3), capacity, capacity + 2}
            if version == 40:  # far past the largest code: both refuse
                lengths.add(2 * capacity + 1)
            for length in lengths:
                if kind == "mixed":
                    text = mixed(rng, length)
                else:
                    text = payload(rng, ALPHABETS[kind], length)
                expected = qrcode_best_fit(level, text)
                assert our_best_fit(level, text) == expected, (level, kind, length)
                fits.add(expected)
    assert {1, 9, 10, 26, 27, 40, None} <= fits


def test_a_block_of_zeros_fails_as_in_qrcode() -> None:
    """qrcode cannot divide a data block of zeros (5-Q's second block, here): nor can this,
    so the fast path falls back to qrcode, which fails as it always did."""
    segments = [util.QRData(b"\0" * 59, mode=util.MODE_8BIT_BYTE)]
    with pytest.raises(ValueError):
        util.create_data(5, ERROR_CORRECT_Q, segments)
    with pytest.raises(ValueError):
        codewords.create_data(5, ERROR_CORRECT_Q, segments)


def test_error_codewords_of_a_known_block() -> None:
    """The worked example of ISO/IEC 18004 Annex I: "01234567" at 1-M."""
    data = bytes([0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11] + [0xEC, 0x11] * 4)[:16]
    assert codewords.error_codewords(data, 10) == bytes(
        [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]
    )
