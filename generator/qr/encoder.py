"""Encoding a payload into a `QrMatrix`, at error correction Q with a 4-module quiet zone.

Posters get dirt, tape and glare, so level Q. The public path is qrcode's own API
(`QRCode.make(fit=True)`, `get_matrix()`); the fast path (`masks.py`) is used only with a
qrcode release it was checked against, and any failure there falls back to the public path.
What matters is a valid symbol that decodes to the payload, which tests prove on both paths.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import logging

import qrcode
from qrcode.constants import ERROR_CORRECT_Q

from generator.i18n import _
from generator.qr import masks
from generator.qr.matrix import QUIET_ZONE, QrMatrix

log = logging.getLogger("thutuc")


def fast_path_available() -> bool:
    """Whether the installed qrcode is one whose internals `masks.py` was checked against."""
    try:
        version = importlib.metadata.version("qrcode")
        parameters = list(inspect.signature(qrcode.QRCode.makeImpl).parameters)
    except (importlib.metadata.PackageNotFoundError, AttributeError, TypeError, ValueError):
        return False
    return version in masks.TESTED_QRCODE and parameters == ["self", "test", "mask_pattern"]


FAST_PATH = fast_path_available()


def public_matrix(payload: str) -> QrMatrix:
    """The symbol through qrcode's public API only: slower (~6 ms), and safe on any release."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    rows = tuple(int("".join("1" if cell else "0" for cell in row), 2) for row in code.get_matrix())
    return QrMatrix(payload=payload, version=code.version, row_bits=rows)


def make_matrix(payload: str) -> QrMatrix:
    global FAST_PATH
    if FAST_PATH:
        try:
            return masks.fast_matrix(payload, ERROR_CORRECT_Q)
        except Exception:  # an internal changed under us: never fail a build for speed
            log.warning(_("qrcode's internals changed; encoding through its public API instead"))
            FAST_PATH = False
    return public_matrix(payload)
