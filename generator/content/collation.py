"""Vietnamese alphabetical order, for every list a resident or a member of staff reads.

Code-point order puts "Đất đai" after "Y tế" and "Chấm dứt" before "Cấp". Vietnamese
dictionaries treat ă, â, đ, ê, ô, ơ and ư as letters of their own (a < ă < â, d < đ, o < ô
< ơ, u < ư) and the five tone marks as a secondary difference, compared only when the
letters are equal (no mark < huyền < hỏi < ngã < sắc < nặng); case comes last.

PyICU knows this order but needs the system's ICU headers to install, and pyuca has no
Vietnamese tailoring (it ranks ă as "a with a breve", a secondary difference). The rules are
small and fixed, so they are written out here and tested in `tests/test_collation.py`.
"""

from __future__ import annotations

import functools
import unicodedata

#: The alphabet, with the letters Vietnamese borrows (f, j, w, z) where Latin puts them.
ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")

#: Marks that make a letter of its own, in decomposed (NFD) form.
BREVE, CIRCUMFLEX, HORN = "\u0306", "\u0302", "\u031b"
LETTER_MARKS = frozenset({BREVE, CIRCUMFLEX, HORN})

#: Tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (none ranks 0).
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

#: Ranks: separators, then digits, then letters, then anything else.
_SPACE, _DIGIT, _LETTER, _OTHER = 0, 100, 200, 1000
_LETTER_RANK = {letter: _LETTER + index for index, letter in enumerate(ALPHABET)}

SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]


def _letter(base: str, marks: str) -> str:
    """The Vietnamese letter a lower-case base and its letter-making marks spell."""
    if base == "đ":
        return "đ"
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in LETTER_MARKS))
    return letter if letter in _LETTER_RANK else base


def _primary(char: str) -> int:
    if char in _LETTER_RANK:
        return _LETTER_RANK[char]
    if char.isdigit():
        return _DIGIT + unicodedata.digit(char, 0)
    if char.isspace() or unicodedata.category(char).startswith(("P", "Z")):
        return _SPACE
    return _OTHER + ord(char)


def _clusters(text: str) -> list[tuple[str, str]]:
    """(base character, following combining marks) pairs of the text's NFD form."""
    clusters: list[tuple[str, str]] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and clusters:
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + char)
        else:
            clusters.append((char, ""))
    return clusters


def _accent(marks: str, *, keeps_letter_marks: bool) -> int:
    """The secondary weight of a letter: its tone, or any other accent (rare: a loan word)."""
    accents = [m for m in marks if keeps_letter_marks or m not in LETTER_MARKS]
    if not accents:
        return 0
    if len(accents) == 1:
        return TONES.get(accents[0], 10 + ord(accents[0]))
    return 100_000 + sum(ord(m) for m in accents)


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> SortKey:
    """A key that sorts Vietnamese text in dictionary order, ignoring case at first.

    Primary: letters (ă, â, đ, ê, ô, ơ, ư are letters of their own); secondary: tone marks
    and any other accents; tertiary: case (lower first); last, the text itself, so the
    order is total and stable across builds.
    """
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for base, marks in _clusters(text):
        lower = base.lower()
        letter = _letter(lower, marks)
        primary.append(_primary(letter))
        secondary.append(_accent(marks, keeps_letter_marks=letter == lower))
        tertiary.append(0 if base == lower else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary), text


def sorted_vi(items: list[str]) -> list[str]:
    """Strings in Vietnamese order."""
    return sorted(items, key=sort_key)
