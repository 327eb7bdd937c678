"""Vietnamese folding for search: what a resident types and what an editor wrote meet here.

Residents type without diacritics, with đ as d, in NFD from some keyboards, in any case, and
with either spelling of i/y after a consonant (kỳ/kì, lý/lí). Both sides of every search (the
title index, Pagefind's documents and the query) are folded by these same rules;
`theme/assets/thutuc/search.js` carries the same rules for the query, and a browser test
checks that the two agree.
"""

from __future__ import annotations

import re
import unicodedata

#: Letters and digits, as the browser's tokenizer cuts them (after folding).
_WORD = re.compile(r"[a-z0-9]+")
#: Combining diacritics (every Vietnamese tone and vowel mark is in this block).
_MARKS = re.compile("[\u0300-\u036f]")
#: A syllable ending in a consonant then y: kỳ/kì, lý/lí, mỹ/mĩ are the same word.
_FINAL_Y = re.compile(r"(?<=[bcdghklmnpqrstvx])y(?![a-z0-9])")


def bare(text: str) -> str:
    """Lower case, without tone marks or other diacritics, đ as d.

    Each precomposed letter folds to exactly one letter, so positions in the folded text of
    an NFC string match those in the original (the browser relies on it to highlight).
    """
    unmarked = _MARKS.sub("", unicodedata.normalize("NFD", text))
    return unmarked.replace("đ", "d").replace("Đ", "D").lower()


def fold(text: str) -> str:
    """`bare`, and a final y after a consonant read as i."""
    return _FINAL_Y.sub("i", bare(text))


def words(text: str) -> list[str]:
    """The folded syllables of a text, in order."""
    return _WORD.findall(fold(text))


def phrase(text: str) -> str:
    """A text as one folded phrase: its syllables joined by single spaces."""
    return " ".join(words(text))
