"""Column widths that fit every word: a table's columns start from their weights, and any column whose longest word
would not fit is widened to fit it, the others sharing what is left. Word and LibreOffice break a word mid-word only
when it is wider than its column, so no word then breaks."""

import re
from collections.abc import Sequence

# Arial's advance widths as fractions of the font size, near enough to err on the wide side.
_WIDE = frozenset("MWmw@%")
_NARROW = frozenset("fijlrtI.,;:'!|()[] ")
CELL_PADDING_PT = 11.5 + 2  # Word's default left and right cell margins (0.08 in each), and a little slack
BOLD = 1.08
_WORD = re.compile(r"\S{4,}")
# A word longer than this is a reference or an address: it wraps where it must rather than widen its column.
LONGEST_FITTED = 24


def word_width(word: str, font_size: float) -> float:
    """The width of `word` in points at `font_size`, in Arial."""
    total = 0.0
    for character in word:
        if character in _WIDE:
            total += 0.85
        elif character in _NARROW:
            total += 0.3
        elif character.isupper() or character.isdigit():
            total += 0.68
        else:
            total += 0.56
    return total * font_size


def _longest(texts: Sequence[str], font_size: float) -> float:
    # Each distinct word once, and only those long enough to be the widest: a character is at most 0.85 and at
    # least 0.3 of the font size, so a word under 0.35 of the longest's length cannot be wider.
    words = {w[:LONGEST_FITTED] for w in _WORD.findall("\n".join(texts))}
    if not words:
        return 0.0
    longest = max(map(len, words))
    return max(word_width(word, font_size) for word in words if len(word) * 0.85 >= longest * 0.3)


def fit_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str | None]], weights: Sequence[float], total: float, size: float
) -> list[float]:
    """Widths (in the units of `total`, read as points) with room for each column's longest word, header in bold."""
    columns = len(headers)
    need = []
    for column in range(columns):
        cells = [row[column] or "" for row in rows]
        widest = max(_longest([headers[column]], size) * BOLD, _longest(cells, size))
        need.append(widest + CELL_PADDING_PT)
    if sum(need) >= total:
        return need  # nothing can fit every word: widths in proportion to what each needs
    fixed: dict[int, float] = {}
    while True:
        free = [c for c in range(columns) if c not in fixed]
        remaining = total - sum(fixed.values())
        weight = sum(weights[c] for c in free)
        short = [c for c in free if weights[c] / weight * remaining < need[c]]
        if not short:
            break
        for column in short:
            fixed[column] = need[column]
    return [fixed.get(c, weights[c] / weight * remaining) for c in range(columns)]
