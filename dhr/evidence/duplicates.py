"""Finding the same event reported twice: same or adjacent date, the same people, and similar words.

Pairs are only suggestions; the chair confirms or dismisses each, and the decision is kept.
"""

import re
from dataclasses import dataclass

MAX_DAYS_APART = 1
MIN_SIMILARITY = 0.5
_WORD = re.compile(r"[a-z0-9]{3,}")


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def similarity(a: str, b: str) -> float:
    """Share of distinct words in common (Jaccard), 0 to 1."""
    first, second = _words(a), _words(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass(frozen=True)
class Candidate:
    """Two entries that may describe one event."""

    first: object
    second: object
    score: float

    @property
    def key(self) -> tuple[int, int]:
        return (self.first.id, self.second.id)


def candidates(entries) -> list[Candidate]:
    """Every likely pair, comparing each entry only with those within a day of it."""
    ordered = sorted(entries, key=lambda e: (e.date_start, e.id))
    found = []
    for index, entry in enumerate(ordered):
        people = {p.id for p in entry.people}
        text = " ".join((entry.event_type, entry.details))
        for other in ordered[index + 1 :]:
            if (other.date_start - entry.date_start).days > MAX_DAYS_APART:
                break
            if {p.id for p in other.people} != people:
                continue
            score = similarity(text, " ".join((other.event_type, other.details)))
            if score >= MIN_SIMILARITY:
                first, second = sorted((entry, other), key=lambda e: e.id)
                found.append(Candidate(first, second, round(score, 2)))
    return found
