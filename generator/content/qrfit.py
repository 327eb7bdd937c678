"""Whether a code's QR stays small enough to scan from across a room.

A poster's QR must stay within version 4 at error correction Q (33 modules a side before
the quiet zone): past that, modules shrink and a code on the wall no longer scans from a
metre or two. The payload is the short URL (`urls.short_url`), so what fits depends on the
site's address as well as on the code; qrcode, the encoder the build uses, says which
version a payload needs.
"""

from __future__ import annotations

import functools

import qrcode
import qrcode.exceptions
from qrcode.constants import ERROR_CORRECT_Q

from generator import urls
from generator.i18n import _

MAX_VERSION = 4


@functools.lru_cache(maxsize=16384)
def version(payload: str) -> int:
    """The smallest QR version (1-40) that holds `payload` at level Q; 41 if none does."""
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


@functools.cache
def byte_capacity() -> int:
    """The most bytes a version-`MAX_VERSION` code holds as one 8-bit segment. No payload of
    that many bytes needs more: qrcode only splits off runs of 20 digits or letters, each of
    which saves more bits than its segment header costs."""
    low, high = 1, 200
    while low < high:  # lower-case letters are bytes to qrcode, never alphanumerics
        middle = (low + high + 1) // 2
        low, high = (middle, high) if version("a" * middle) <= MAX_VERSION else (low, middle - 1)
    return low


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
