"""The QR encoder survives qrcode's next release: its public-API path makes valid symbols.

The fast mask choice (`generator/qr/masks.py`) uses qrcode internals that its main branch
has already changed; `encoder.py` falls back to `QRCode.make()` / `get_matrix()`. These tests
run the fallback for real and decode what it draws.
"""

from __future__ import annotations

import pytest
import zxingcpp
from qrcode.constants import ERROR_CORRECT_Q

from generator import qr
from generator.qr import encoder, masks

PAYLOADS = [
    "https://THUTUC.EXAMPLE.GOV.VN/P/1.001193/",
    "https://THUTUC.EXAMPLE.GOV.VN/P/2.000815.000.00.00.H55/",
    "https://EXAMPLE.GOV.VN/THUTUC/P/QT-07/",
    "https://thutuc.example.gov.vn/thu-tuc/dang-ky-khai-sinh-cho-tre-em/",
]


def decoded(matrix: qr.QrMatrix) -> zxingcpp.Result:
    [result] = zxingcpp.read_barcodes(qr.to_image(matrix, 4), formats=zxingcpp.BarcodeFormat.QRCode)
    return result


@pytest.mark.parametrize("payload", PAYLOADS)
def test_public_api_path_decodes_with_quiet_zone_and_level_q(payload: str) -> None:
    matrix = encoder.public_matrix(payload)
    result = decoded(matrix)
    assert result.text == payload
    assert result.extra["ECLevel"] == "Q"
    assert str(result.extra["Version"]) == str(matrix.version)
    border = matrix.row_bits[: qr.QUIET_ZONE] + matrix.row_bits[-qr.QUIET_ZONE :]
    assert border == (0,) * (2 * qr.QUIET_ZONE)
    edge = (1 << qr.QUIET_ZONE) - 1
    assert all(
        row & edge == 0 and row >> (matrix.size - qr.QUIET_ZONE) == 0 for row in matrix.row_bits
    )


def test_fast_path_is_only_used_on_a_checked_qrcode_release() -> None:
    assert encoder.fast_path_available() is True  # qrcode 8.2 is pinned in constraints.txt
    for payload in PAYLOADS:
        assert masks.fast_matrix(payload, ERROR_CORRECT_Q) == encoder.public_matrix(payload)


def test_broken_internals_fall_back_to_the_public_api(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def changed_upstream(payload: str, error_correction: int) -> qr.QrMatrix:
        raise TypeError("makeImpl() takes 2 positional arguments but 3 were given")

    monkeypatch.setattr(masks, "fast_matrix", changed_upstream)
    encoder.fast_path_works.cache_clear()
    try:
        matrix = qr.make_matrix(PAYLOADS[0])
        assert decoded(matrix).text == PAYLOADS[0]
        assert encoder.fast_path_works() is False
        assert caplog.text.count("qrcode's internals changed") == 1
    finally:
        encoder.fast_path_works.cache_clear()


def test_a_fast_path_that_draws_wrong_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed internal that draws another symbol, without an error, is caught by the probe."""
    monkeypatch.setattr(masks, "fast_matrix", lambda payload, level: encoder.public_matrix("X"))
    encoder.fast_path_works.cache_clear()
    try:
        assert qr.make_matrix(PAYLOADS[1]) == encoder.public_matrix(PAYLOADS[1])
    finally:
        encoder.fast_path_works.cache_clear()


def test_an_unchecked_release_disables_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(masks, "TESTED_QRCODE", frozenset({"0.0"}))
    assert encoder.fast_path_available() is False
