"""Word-level comparison of two versions of a document, section by section."""

import difflib
import re
from dataclasses import dataclass

from dhr.drafting.structure import DocumentSpec, SectionSpec

_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class SectionDiff:
    """One section's changes as (op, text) pieces: op is 'same', 'added' or 'removed'."""

    spec: SectionSpec
    pieces: tuple[tuple[str, str], ...]

    @property
    def changed(self) -> bool:
        """True when anything was added or removed."""
        return any(op != "same" for op, _ in self.pieces)


def diff_text(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The pieces that turn `old` into `new`, word by word."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(b[j1:j2])))
    return tuple(pieces)


def compare(document: DocumentSpec, old: dict[str, str], new: dict[str, str]) -> list[SectionDiff]:
    """Every section of the document, in order, with its changes from `old` to `new`."""
    return [SectionDiff(spec, diff_text(old.get(spec.key, ""), new.get(spec.key, ""))) for spec in document.sections]
