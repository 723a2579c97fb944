"""Word-level comparison of two versions of a document, section by section."""

import difflib
import re
from dataclasses import dataclass

from dhr.drafting.paragraphs import split
from dhr.drafting.structure import DocumentSpec, SectionSpec

# Each word keeps the whitespace after it: matching bare whitespace tokens made long paragraphs quadratic.
_WORDS = re.compile(r"\s*\S+\s*|\s+")
# Beyond this many word pairs, a changed paragraph is shown as removed and added whole.
WORD_DIFF_LIMIT = 4_000_000


@dataclass(frozen=True)
class SectionDiff:
    """One section's changes as (op, text) pieces: op is 'same', 'added' or 'removed'."""

    spec: SectionSpec
    pieces: tuple[tuple[str, str], ...]

    @property
    def changed(self) -> bool:
        """True when anything was added or removed."""
        return any(op != "same" for op, _ in self.pieces)


def _words(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    if len(a) * len(b) > WORD_DIFF_LIMIT:
        return [("removed", old), ("added", new)]
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(b[j1:j2])))
    return pieces


def diff_text(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The pieces that turn `old` into `new`: paragraphs matched first, then words within changed paragraphs.

    Matching paragraphs first keeps the cost proportional to the changed paragraphs; a word-level match over a
    whole section of similar paragraphs is quadratic (measured: 100 s for a 40-paragraph section).
    """
    a, b = split(old), split(new)
    pieces: list[tuple[str, str]] = []
    written = {"old": False, "new": False}

    def separate(op: str) -> None:
        # A blank line goes on each side that already has a paragraph and gets another one now.
        on_old = written["old"] and op in ("same", "removed")
        on_new = written["new"] and op in ("same", "added")
        if on_old or on_new:
            pieces.append(("same" if on_old and on_new else "removed" if on_old else "added", "\n\n"))
        written["old"] |= op in ("same", "removed")
        written["new"] |= op in ("same", "added")

    def emit(op: str, text: str) -> None:
        separate(op)
        pieces.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for text in a[i1:i2]:
                emit("same", text)
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            separate("same")
            pieces.extend(_words(a[i1 + k], b[j1 + k]))
        for text in a[i1 + pairs : i2]:
            emit("removed", text)
        for text in b[j1 + pairs : j2]:
            emit("added", text)
    return tuple(pieces)


def compare(document: DocumentSpec, old: dict[str, str], new: dict[str, str]) -> list[SectionDiff]:
    """Every section of the document, in order, with its changes from `old` to `new`."""
    return [SectionDiff(spec, diff_text(old.get(spec.key, ""), new.get(spec.key, ""))) for spec in document.sections]
