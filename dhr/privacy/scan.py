"""The leak scan: every needle found in one pass over each view of a text (Aho-Corasick), so the cost grows with
the text, not with text times needles. The drafting checks, the save-time shield and the publication scan all
use this."""

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from dhr.privacy import fold
from dhr.privacy.needles import Needle


@dataclass(frozen=True)
class Leak:
    """One finding: what leaked and where."""

    where: str
    description: str


@dataclass(frozen=True)
class Hit:
    """One needle found in one view of a text, at [start, end) of that view (padding spaces included)."""

    needle: Needle
    view: fold.View
    start: int
    end: int


class Matcher:
    """An automaton over a set of needles, built once and used for any number of texts."""

    def __init__(self, needles: Iterable[Needle]):
        self.needles = list(needles)
        self._automaton = ahocorasick.Automaton()
        by_form: dict[str, list[Needle]] = {}
        for needle in self.needles:
            by_form.setdefault(needle.normalised, []).append(needle)
        for form, found in by_form.items():
            self._automaton.add_word(form, (len(form), tuple(found)))
        self.longest = max((len(form) for form in by_form), default=0)
        if by_form:
            self._automaton.make_automaton()

    def __bool__(self) -> bool:
        return bool(self.needles)

    def hits(self, text: str) -> list[Hit]:
        """Every needle in any view of the text, in the order of the views and of where each match ends."""
        if not self.needles or not text:
            return []
        found = []
        for view in fold.views(text):
            for end, (length, needles) in self._automaton.iter(view.folded):
                start = end - length + 1
                for needle in needles:
                    if needle.capitalised and not view.cased[start + 1].isupper():
                        continue
                    found.append(Hit(needle, view, start, end + 1))
        return found

    def found(self, text: str) -> list[Needle]:
        """The distinct needles found in the text, in the order first found."""
        seen: dict[Needle, None] = {}
        for hit in self.hits(text):
            seen.setdefault(hit.needle, None)
        return list(seen)

    def scan(self, texts: Iterable[tuple[str, str]]) -> list[Leak]:
        """Every (where, description) for each needle found in each (where, text), once per pair, in order."""
        leaks: dict[Leak, None] = {}
        for where, text in texts:
            for needle in self.found(text):
                leaks.setdefault(Leak(where, needle.description), None)
        return list(leaks)


def scan(texts: Iterable[tuple[str, str]], needles: Iterable[Needle]) -> list[Leak]:
    """Every (where, description) for each needle found in each (where, text), once per pair."""
    return Matcher(needles).scan(texts)
