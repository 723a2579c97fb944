"""Folding: text as the reader sees it, reduced to lower-case ASCII words, so a disguised name matches a plain one.

Every character is folded on its own, through one cached table:
- look-alike letters first (Cyrillic and Greek letters that pass for Latin ones), then Unicode's confusables
  (UTS #39: Armenian, Cherokee, small capitals, mathematical letters), then transliteration of every other letter
  (anyascii: ł, ø, ı, ß, æ and đ become l, o, i, ss, ae and d);
- combining accents are dropped; invisible characters (zero-width, bidi controls, soft hyphens), apostrophes and
  hyphens become *soft* separators; every other character is a word separator.

A text then has up to four views: soft separators as spaces ("o neill") or as nothing ("oneill", where letters
spaced out one by one are joined too), each in logical order and, when a right-to-left override reverses part
of it, in the order it is displayed. A needle is found if it is in any view. Views keep the writer's capitals
(`cased`), so a needle can ask for a capital where it starts.
"""

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from anyascii import anyascii

SOFT = "\x1f"  # a soft separator, while a view is built; never in a view itself

# Cyrillic and Greek letters that look like Latin ones, read in lower case: "Jаne" with a Cyrillic а is "Jane".
_LOOKALIKES = dict(zip("аеорсухіјѕԁһкмтвнαοριτυνκ", "aeopcyxijsdhkmtbhaopitvvk", strict=True))
_APOSTROPHES = "'`\u00b4\u2018\u2019\u201b\u02bc\u02bb\u02b9\u2032"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_APOSTROPHES_AND_HYPHENS = set(_APOSTROPHES + _HYPHENS)
RLO, _LRO, _PDF = "\u202e", "\u202d", "\u202c"
# Letters spaced out one by one, or digits: apart, so "(see 18.2) D o m i n i c" joins the name, not "2dominic".
SPACED_LETTERS = re.compile(r"(?<![^ ])(?:(?:[A-Za-z] ){2,}[A-Za-z]|(?:[0-9] ){2,}[0-9])(?![^ ])")


@dataclass(frozen=True)
class View:
    """One reading of a text: `cased` keeps the writer's capitals, `folded` is its lower case; both padded."""

    cased: str

    @property
    def folded(self) -> str:
        """Lower case: ASCII only, so every position matches `cased`."""
        return self.cased.lower()


@functools.cache
def _confusables() -> dict[str, list[str]]:
    """UTS #39 confusables, as each character's look-alikes with their accents dropped."""
    data = json.loads((resources.files("confusable_homoglyphs") / "confusables.json").read_text(encoding="utf-8"))
    table: dict[str, list[str]] = {}
    for char, entries in data.items():
        if len(char) == 1:
            table[char] = ["".join(c for c in e["c"] if not unicodedata.combining(c)) for e in entries]
    return table


def _ascii_alnum(text: str) -> bool:
    return len(text) == 1 and text.isascii() and text.isalnum()


def _latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def _letter(char: str) -> str:
    """A non-ASCII letter or digit as ASCII, keeping whether it was a capital where that can be told."""
    lower = char.lower()
    if len(lower) == 1 and lower in _LOOKALIKES:
        found = _LOOKALIKES[lower]
        return found.upper() if char != lower else found
    neighbours = _confusables().get(char, [])
    ascii_alike = sorted((n for n in neighbours if _ascii_alnum(n)), key=lambda n: (n.isdigit(), n.isupper(), n))
    if ascii_alike:
        return ascii_alike[0]
    if not _latin(char):
        latin = [n for n in neighbours if len(n) == 1 and _latin(n)]
        if latin:
            return anyascii(latin[0])
    return anyascii(char)


def _fold_char(char: str) -> str:
    """What one character becomes in a view: ASCII letters and digits, a soft separator, a space or nothing."""
    if char.isascii():
        if char.isalnum():
            return char
        return SOFT if char in _APOSTROPHES_AND_HYPHENS else " "
    if char in _APOSTROPHES_AND_HYPHENS:
        return SOFT
    category = unicodedata.category(char)
    if category in ("Mn", "Mc", "Me"):
        return ""
    if category == "Cf":
        return SOFT
    pieces = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part):
            continue
        if part.isascii():
            pieces.append(_fold_char(part))
        elif unicodedata.category(part)[0] in "LN":
            pieces.append("".join(c if c.isalnum() else " " for c in _letter(part)))
        else:
            pieces.append(" ")
    return "".join(pieces) or " "


class _FoldTable(dict):
    """str.translate's table, filled in as characters are first met."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold_chars(text: str) -> str:
    """The text folded character by character, soft separators kept (for the views and for locating a match)."""
    return (text or "").translate(_TABLE)


def displayed_pairs(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(index, character) pairs in the order they are shown: a run after a right-to-left override, to its end or
    the end of the line, reads backwards. Keeping the index lets the shield find a name in the text it came from."""
    out, run, reversing = [], [], False
    for index, char in pairs:
        if char == RLO:
            reversing = True
        elif reversing and char in (_PDF, _LRO, "\n"):
            out.extend(reversed(run))
            run, reversing = [], False
            if char == "\n":
                out.append((index, char))
        elif reversing:
            run.append((index, char))
        else:
            out.append((index, char))
    out.extend(reversed(run))
    return out


def displayed(text: str) -> str:
    """The text in the order it is shown (see displayed_pairs)."""
    if RLO not in text:
        return text
    return "".join(char for _, char in displayed_pairs(list(enumerate(text))))


def _spaced(folded: str) -> str:
    return f" {' '.join(folded.replace(SOFT, ' ').split())} "


def _joined(folded: str) -> str:
    words = " ".join(folded.replace(SOFT, "").split())
    return f" {SPACED_LETTERS.sub(lambda m: m.group(0).replace(' ', ''), words)} "


def views(text: str) -> list[View]:
    """Every distinct view of the text (see the module's docstring), the plain spaced one first."""
    readings = [text or ""]
    shown = displayed(readings[0])
    if shown != readings[0]:
        readings.append(shown)
    found: list[str] = []
    for reading in readings:
        folded = fold_chars(reading)
        for view in (_spaced(folded), _joined(folded)):
            if view not in found:
                found.append(view)
    return [View(view) for view in found]


def normalise(text: str) -> str:
    """The plain view in lower case: words of ASCII letters and digits, one space apart, padded at both ends."""
    return _spaced(fold_chars(text)).lower()


def forms(text: str) -> set[str]:
    """Every folded, lower-case form a needle takes: with its soft separators as spaces and as nothing."""
    folded = fold_chars(text)
    return {form for form in (_spaced(folded).lower(), _joined(folded).lower()) if form.strip()}


def transliterated(text: str) -> str:
    """The text transliterated letter by letter, without look-alikes: how a writer would type it in plain ASCII."""
    return anyascii(unicodedata.normalize("NFKC", text or ""))
