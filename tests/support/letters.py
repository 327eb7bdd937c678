"""The Vietnamese alphabet, for checks that every letter is drawn by every font we use."""

from __future__ import annotations

import unicodedata

VOWELS = "aăâeêioôơuưy"
TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def vietnamese_letters() -> set[str]:
    """Every letter of Vietnamese, toned vowels included, lower and upper case, as NFC."""
    letters = set("abcdđeghiklmnopqrstuvxy") | set(VOWELS)
    letters |= {unicodedata.normalize("NFC", v + mark) for v in VOWELS for mark in TONE_MARKS}
    letters |= {letter.upper() for letter in letters}
    assert all(len(letter) == 1 for letter in letters)
    assert len(letters) == 2 * (29 + 12 * 5)  # 29 letters, 12 vowels with 5 tones each
    return letters
