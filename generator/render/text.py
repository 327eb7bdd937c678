"""Fitting text into a width, for any font: the poster's PDF fonts and the preview's pixels.

Callers pass `measure`, the width of a string in their own units, so one word wrap and one
ellipsis serve every printed or drawn output.
"""

from __future__ import annotations

from collections.abc import Callable

ELLIPSIS = "…"

Measure = Callable[[str], float]


def _longest_prefix(word: str, measure: Measure, width: float) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap(text: str, measure: Measure, width: float) -> list[str]:
    """Greedy word wrap to `width`; a word longer than a line (a URL, a code) is cut."""
    lines: list[str] = []
    current, current_width = "", 0.0
    space = measure(" ")
    for word in text.split():
        word_width = measure(word)
        if current and current_width + space + word_width <= width:
            current, current_width = f"{current} {word}", current_width + space + word_width
            continue
        if current:
            lines.append(current)
        while word_width > width and len(word) > 1:
            cut = _longest_prefix(word, measure, width)
            lines.append(word[:cut])
            word = word[cut:]
            word_width = measure(word)
        current, current_width = word, word_width
    if current:
        lines.append(current)
    return lines


def clip(lines: list[str], max_lines: int, measure: Measure, width: float) -> list[str]:
    """Keep at most `max_lines`, ending the last kept line with an ellipsis when text is cut."""
    if len(lines) <= max_lines:
        return lines
    if max_lines <= 0:
        return []
    kept = lines[:max_lines]
    last = kept[-1]
    while last and measure(last + ELLIPSIS) > width:
        last = last[:-1]
    kept[-1] = last.rstrip(" ,;:") + ELLIPSIS
    return kept
