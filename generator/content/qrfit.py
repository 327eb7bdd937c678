"""Whether a code's QR stays small enough to scan from across a room.

A poster's QR must stay within version 4 at error correction Q (33 modules a side before
the quiet zone): past that, modules shrink and a code on the wall no longer scans from a
metre or two. The payload is the short URL (`urls.short_url`), so what fits depends on the
site's address as well as on the code; qrcode, the encoder the build uses, says which
version a payload needs. Most short URLs are within `BYTE_CAPACITY` and need no encoding, so
qrcode (which imports Pillow through its image drawers) is imported only for a long one: a
`thutuc check` stays light.
"""

from __future__ import annotations

import functools

from generator import urls
from generator.i18n import _

MAX_VERSION = 4
#: The most bytes a version-`MAX_VERSION` code holds at level Q as one 8-bit segment (48 data
#: codewords, less a 12-bit header). tests/test_markup.py proves it against qrcode: every
#: payload of at most this many bytes fits, and one more byte does not.
BYTE_CAPACITY = 46


@functools.lru_cache(maxsize=16384)
def version(payload: str) -> int:
    """The smallest QR version (1-40) that holds `payload` at level Q; 41 if none does."""
    import qrcode
    import qrcode.exceptions
    from qrcode.constants import ERROR_CORRECT_Q

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q)
    code.add_data(payload)
    try:
        return int(code.best_fit())
    except (qrcode.exceptions.DataOverflowError, ValueError):  # more than version 40 holds
        return 41


@functools.lru_cache(maxsize=64)
def longest_fitting(site_url: str) -> int:
    """The longest code of letters whose QR fits, for the message that asks to shorten one."""
    length = 0
    while length < 200 and version(urls.short_url(site_url, "A" * (length + 1))) <= MAX_VERSION:
        length += 1
    return length


def byte_capacity() -> int:
    """`BYTE_CAPACITY`: no payload of that many bytes needs more than `MAX_VERSION`, since
    qrcode only splits off runs of 20 digits or letters, each of which saves more bits than
    its segment header costs."""
    return BYTE_CAPACITY


def code_problem(site_url: str, code: str) -> str | None:
    """Why a code's QR would be too large to scan from a distance, if it would."""
    payload = urls.short_url(site_url, code)
    if len(payload.encode("utf-8")) <= byte_capacity():  # most codes: no encoding needed
        return None
    needed = version(payload)
    if needed <= MAX_VERSION:
        return None
    return _(
        "code '{code}' is too long for its QR: it would need QR version {needed}, and posters "
        "need version {limit} or less to scan from a distance. With site_url {site_url} a "
        "code of up to {longest} letters fits; use the official code without extra text"
    ).format(
        code=code,
        needed=needed,
        limit=MAX_VERSION,
        site_url=site_url,
        longest=longest_fitting(site_url),
    )
