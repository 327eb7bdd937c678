"""The fast QR path draws exactly what qrcode and the plain renderings would.

`qr.make_matrix` chooses the mask itself with a bit-parallel penalty; these tests hold it
to qrcode 8.2 bit for bit, and hold the PNG, the cache hex and the runs to the
straightforward module-by-module versions they replaced.
"""

from __future__ import annotations

import io
import random

import pytest
import qrcode
import zxingcpp
from PIL import Image
from qrcode import util
from qrcode.constants import ERROR_CORRECT_Q

from generator import qr, urls
from generator.qr import masks

SITE = "https://thutuc.example.gov.vn/"
TEXT = (
    "Đăng ký khai sinh kết hôn thường trú tạm trú cấp giấy chứng nhận quyền sử dụng đất "
    "hộ tịch nuôi con nuôi giám hộ thay đổi cải chính bổ sung thông tin trích lục bản sao "
    "xác nhận tình trạng hôn nhân công chứng chứng thực chữ ký hợp đồng giao dịch"
)
WORDS = TEXT.split()


def payloads() -> list[str]:
    """A few hundred deterministic payloads: the corpus's short URLs and harder ones."""
    rng = random.Random(20260601)
    found = []
    for _ in range(120):  # 1.000123-style codes, some with the long national suffix
        code = f"{rng.choice('12')}.{rng.randrange(1_000_000):06d}"
        if rng.random() < 0.3:
            code += f".000.00.00.H{rng.randrange(100):02d}"
        found.append(urls.short_url(SITE, code))
    for code in ("1.001193", "2.000884", "QT-07", "2.000815.000.00.00.h55"):
        found.append(urls.short_url(SITE, code))
    for _ in range(80):  # long site URLs, 40 to ~120 characters
        slug = "-".join(rng.choice(WORDS) for _ in range(rng.randrange(2, 14)))
        url = f"https://thutuc.example.gov.vn/thu-tuc/{slug}/?m={rng.randrange(10**6)}"
        found.append(url[: rng.randrange(40, 121)])
    for _ in range(60):  # Vietnamese text, encoded as UTF-8 bytes
        found.append(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 16))))
    for _ in range(40):  # numeric and alphanumeric runs that split into several segments
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 80)))
        upper = "".join(rng.choice("ABCXYZ0123 $%*+-./:") for _ in range(rng.randrange(1, 60)))
        found.append(rng.choice([digits, upper, upper + digits + "đ", digits + "/p?x=1"]))
    return found


PAYLOADS = payloads()


def board(modules: list[list[bool]]) -> str:
    return "".join("1" if cell else "0" for row in modules for cell in row)


def reference_matrix(payload: str) -> tuple[int, list[list[bool]]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=qr.QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return code.version, code.get_matrix()


def test_payloads_cover_many_versions() -> None:
    versions = {qr.make_matrix(payload).version for payload in PAYLOADS}
    assert {2, 3, 4, 7, 8} <= versions  # 7+ also carry version information


@pytest.mark.parametrize("chunk", range(4))
def test_make_matrix_is_qrcode_bit_for_bit(chunk: int) -> None:
    for payload in PAYLOADS[chunk::4]:
        version, expected = reference_matrix(payload)
        matrix = qr.make_matrix(payload)
        assert matrix.version == version, payload
        assert matrix.rows == tuple(tuple(bool(cell) for cell in row) for row in expected)


@pytest.mark.parametrize("chunk", range(4))
def test_penalty_equals_qrcode_lost_point_for_every_mask(chunk: int) -> None:
    """Scored on qrcode's own candidates: makeImpl(test=True, mask), as best_mask_pattern."""
    for payload in PAYLOADS[chunk::8]:
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q)
        code.add_data(payload)
        code.best_fit()
        for mask in range(8):
            code.makeImpl(True, mask)
            bits = board(code.modules)
            n = code.modules_count
            expected = util.lost_point(code.modules)
            assert masks.lost_point(int(bits, 2), n) == expected, (payload, mask)
            # The rules survive a half turn, so either bit order scores the same.
            assert masks.lost_point(int(bits[::-1], 2), n) == expected


def planted_board(rng: random.Random, n: int) -> list[list[bool]]:
    """Noise of some density, with finder-like patterns and long runs planted in it."""
    density = rng.choice([0.05, 0.3, 0.5, 0.7, 0.95])
    cells = [[rng.random() < density for _ in range(n)] for _ in range(n)]
    for _ in range(rng.randrange(6)):
        pattern = rng.choice(["10111010000", "00001011101", "0000101110100001011101"])
        pattern = pattern[:n]
        r, c = rng.randrange(n), rng.randrange(n - len(pattern) + 1)
        across = rng.random() < 0.5
        for k, bit in enumerate(pattern):
            if across:
                cells[r][c + k] = bit == "1"
            else:
                cells[c + k][r] = bit == "1"
    for _ in range(rng.randrange(4)):
        r, c, length = rng.randrange(n), rng.randrange(n), rng.randrange(1, n + 1)
        for k in range(c, min(n, c + length)):
            cells[r][k] = True
    return cells


def test_penalty_equals_qrcode_lost_point_on_arbitrary_boards() -> None:
    rng = random.Random(7)
    for n in (11, 12, 21, 25, 29, 33, 45):
        for _ in range(25):
            cells = planted_board(rng, n)
            assert masks.lost_point(int(board(cells), 2), n) == util.lost_point(cells)
    for n, fill in ((21, False), (21, True), (29, False)):
        cells = [[fill] * n for _ in range(n)]
        assert masks.lost_point(int(board(cells), 2), n) == util.lost_point(cells)


def reference_image(matrix: qr.QrMatrix, scale: int) -> Image.Image:
    """The renderer this module used before: grey cells, scaled, then to 1 bit."""
    size = matrix.size
    data = bytes(0 if cell else 255 for row in matrix.rows for cell in row)
    image = Image.frombytes("L", (size, size), data)
    return image.resize((size * scale, size * scale), Image.Resampling.NEAREST).convert("1")


@pytest.mark.parametrize("scale", [1, 3, 8, 10])
def test_png_and_image_pixels_equal_the_plain_rendering(scale: int) -> None:
    for payload in PAYLOADS[::25]:
        matrix = qr.make_matrix(payload)
        expected = reference_image(matrix, scale)
        image = qr.to_image(matrix, scale)
        png = Image.open(io.BytesIO(qr.to_png(matrix, scale)))
        png.load()
        for drawn in (image, png):
            assert drawn.mode == "1"
            assert drawn.size == expected.size
            assert drawn.tobytes() == expected.tobytes(), (payload, scale)


def test_png_decodes_to_its_payload() -> None:
    for payload in (PAYLOADS[0], urls.short_url(SITE, "2.000815.000.00.00.H55")):
        [result] = zxingcpp.read_barcodes(
            Image.open(io.BytesIO(qr.to_png(qr.make_matrix(payload)))),
            formats=zxingcpp.BarcodeFormat.QRCode,
        )
        assert result.text == payload


def reference_hex(matrix: qr.QrMatrix) -> str:
    """The cache manifest's form as first written: module bits, zero-padded, in hex."""
    bits = "".join("1" if cell else "0" for row in matrix.rows for cell in row)
    bits += "0" * (-len(bits) % 4)
    return f"{matrix.size}:{int(bits, 2):0{len(bits) // 4}x}"


def reference_runs(matrix: qr.QrMatrix) -> list[tuple[int, int, int]]:
    runs = []
    for y, row in enumerate(matrix.rows):
        x = 0
        while x < len(row):
            start = x
            while x < len(row) and row[x]:
                x += 1
            if x > start:
                runs.append((y, start, x - start))
            else:
                x += 1
    return runs


def test_cache_hex_is_unchanged_and_round_trips() -> None:
    for payload in PAYLOADS[::7]:
        matrix = qr.make_matrix(payload)
        text = qr.to_hex(matrix)
        assert text == reference_hex(matrix)
        again = qr.from_hex(payload, matrix.version, text)
        assert again == matrix
        assert again.rows == matrix.rows
        assert again.dark_runs() == reference_runs(matrix)


def test_dark_runs_match_a_module_by_module_scan() -> None:
    rng = random.Random(11)
    for size in (1, 7, 8, 9, 37, 45):
        for _ in range(20):
            rows = tuple(rng.getrandbits(size) for _ in range(size))
            matrix = qr.QrMatrix(payload="", version=0, row_bits=rows)
            assert matrix.dark_runs() == reference_runs(matrix)
    full = qr.QrMatrix(payload="", version=0, row_bits=((1 << 37) - 1,) * 37)
    assert full.dark_runs() == [(y, 0, 37) for y in range(37)]
