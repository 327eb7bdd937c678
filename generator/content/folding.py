"""Vietnamese folding for search: what a resident types and what an editor wrote meet here.

Residents type without diacritics, with đ as d, in NFD from some keyboards, in any case, and
with either spelling of i/y after a consonant (kỳ/kì, lý/lí). Both sides of every search (the
title index, the body index and the query) are folded by these same rules, written
once in `folding.json`. The build ships that table in the title index, and
`theme/assets/thutuc/search-folding.js` folds the query with it; both test suites check
`tests/fixtures/folding-vectors.json` (pytest here, `node --test` for the browser's code).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

#: The table (marks, letters that do not decompose, the final-y rule), shared with the browser.
TABLE: dict[str, Any] = json.loads(
    Path(__file__).with_name("folding.json").read_text(encoding="utf-8")
)

#: Letters and digits, as the browser's tokenizer cuts them (after folding).
_WORD = re.compile(r"[a-z0-9]+")
#: Combining diacritics (every Vietnamese tone and vowel mark is in this block).
_MARKS = re.compile(f"[{TABLE['marks']}]")
#: Letters Unicode does not decompose (đ): one letter for one letter.
LETTERS: dict[str, str] = TABLE["letters"]
#: A syllable ending in a consonant then y: kỳ/kì, lý/lí, mỹ/mĩ are the same word.
_FINAL_Y = re.compile(rf"(?<=[{TABLE['final_y_after']}])y(?![a-z0-9])")


def letters(text: str) -> str:
    """Only the letters Unicode does not decompose, folded (đ as d), marks and case kept."""
    for letter, plain in LETTERS.items():
        text = text.replace(letter, plain)
    return text


def bare(text: str) -> str:
    """Lower case, without tone marks or other diacritics, đ as d.

    Each precomposed letter folds to exactly one letter, so positions in the folded text of
    an NFC string match those in the original (the browser relies on it to highlight).
    """
    unmarked = _MARKS.sub("", unicodedata.normalize("NFD", text))
    return letters(unmarked).lower()  # replace() is many times faster than translate()


def fold(text: str) -> str:
    """`bare`, and a final y after a consonant read as i."""
    return _FINAL_Y.sub("i", bare(text))


def words(text: str) -> list[str]:
    """The folded syllables of a text, in order."""
    return _WORD.findall(fold(text))


def phrase(text: str) -> str:
    """A text as one folded phrase: its syllables joined by single spaces."""
    return " ".join(words(text))
