"""Person tokens in case text: a registered real name or alias, however it was typed, is saved as [[person:ID]]
and each reader sees the pseudonym, or the real name if they hold the identity permission and ask for it.

Locating a name needs the folded views of fold.views() with, for every character of a view, the character of
the text it came from. Building that map costs more than the scan, so it is built only for a text the quick scan
already found a name in.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dhr.privacy import fold
from dhr.privacy.needles import TITLES
from dhr.privacy.scan import Matcher

PERSON = re.compile(r"\[\[person:([1-9][0-9]{0,8})\]\]")
TOKENISED_KINDS = frozenset({"name", "alias"})


def token(person_id: int) -> str:
    """The token that stands for a person of the register."""
    return f"[[person:{person_id}]]"


@dataclass(frozen=True)
class Replacement:
    """One name replaced: what was typed, whom it named, and which of that person's tokens it became."""

    typed: str
    person_id: int
    occurrence: int  # 1 for the first [[person:ID]] of this person in the saved text, 2 for the second, ...


@dataclass(frozen=True)
class Tokenised:
    """The text as saved, what was replaced, and what named more than one person (so was left for the writer)."""

    text: str
    replaced: tuple[Replacement, ...] = ()
    ambiguous: tuple[tuple[str, tuple[int, ...]], ...] = ()


@dataclass(frozen=True)
class _Located:
    """A view (as fold.views() builds it) and, for each of its characters, the index in the text it came from."""

    cased: str
    origin: tuple[int, ...]


def _collapse(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Words one space apart, padded at both ends (the padding belongs to no character)."""
    out: list[tuple[int, str]] = [(-1, " ")]
    for index, char in pairs:
        if char == " ":
            if out[-1][1] != " ":
                out.append((index, " "))
        else:
            out.append((index, char))
    if out[-1][1] != " ":
        out.append((-1, " "))
    return out


def _join_spaced_letters(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    text = "".join(char for _, char in pairs)
    keep = [True] * len(pairs)
    for match in fold.SPACED_LETTERS.finditer(text[1:-1]):
        for position in range(match.start() + 1, match.end() + 1):
            if text[position] == " ":
                keep[position] = False
    return [pair for pair, kept in zip(pairs, keep, strict=True) if kept]


def located_views(text: str) -> list[_Located]:
    """The same views as fold.views(), each character mapped back to the text."""
    pairs = list(enumerate(text))
    readings = [pairs]
    if fold.RLO in text:
        shown = fold.displayed_pairs(pairs)
        if [c for _, c in shown] != [c for _, c in pairs]:
            readings.append(shown)
    found: dict[str, _Located] = {}
    for reading in readings:
        folded = [(index, out) for index, char in reading for out in fold.fold_chars(char)]
        spaced = _collapse([(i, " " if c == fold.SOFT else c) for i, c in folded])
        joined = _join_spaced_letters(_collapse([(i, c) for i, c in folded if c != fold.SOFT]))
        for view in (spaced, joined):
            cased = "".join(c for _, c in view)
            found.setdefault(cased, _Located(cased, tuple(i for i, _ in view)))
    return list(found.values())


def _span(view: _Located, start: int, end: int, text: str) -> tuple[int, int]:
    origin = [view.origin[p] for p in range(start, end) if view.cased[p] != " " and view.origin[p] >= 0]
    first, last = min(origin), max(origin) + 1
    # Accents typed as combining marks fold to nothing, so they belong to no view character: keep them.
    while last < len(text) and fold.fold_chars(text[last]) == "":
        last += 1
    return first, last


def _candidates(text: str, matcher: Matcher) -> dict[tuple[int, int], set[int | None]]:
    """Each span of the text a name or alias matched, and whose it is."""
    spans: dict[tuple[int, int], set[int | None]] = {}
    for view in located_views(text):
        folded = view.cased.lower()
        for end, (length, needles) in matcher._automaton.iter(folded):
            start = end - length + 1
            for needle in needles:
                if needle.kind not in TOKENISED_KINDS:
                    continue
                capital = view.cased[start + 1].isupper()
                if needle.capitalised and not capital:
                    continue
                span = _span(view, start, end + 1, text)
                if needle.partial and not _alone_as_a_name(text, span, capital, needle.normalised):
                    continue
                spans.setdefault(span, set()).add(needle.person_id)
    return spans


_WORD_AFTER = re.compile(r"[ \t\u00a0]+([^\W\d_])")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'\u2019-]*)[ \t\u00a0]+$")
_SENTENCE_ENDS = ".!?:;\n\"'(\u201c\u2018"


def _alone_as_a_name(text: str, span: tuple[int, int], capital: bool, word: str) -> bool:
    """Whether one word of a name stands as a name here: "Hall said", not "the town hall" or "Town Hall", and
    "Priya told", not "Priya Shah" (someone else with her first name)."""
    from dhr.privacy.names import ordinary

    if not capital and ordinary(word.strip()):
        return False
    start, end = span
    after = _WORD_AFTER.match(text, end)
    if after and after.group(1).isupper():
        return False
    before = _WORD_BEFORE.search(text[max(0, start - 80) : start])
    if before and before.group(1)[0].isupper() and before.group(1).lower() not in TITLES:
        head = text[: max(0, start - 80) + before.start()].rstrip()
        starts_sentence = not head or head[-1] in _SENTENCE_ENDS
        if not starts_sentence or not ordinary(before.group(1).lower()):
            return False  # part of a longer proper name ("Lucia Russo"), not "Yesterday Russo"
    return True


def _chosen(spans: dict[tuple[int, int], set[int | None]]) -> list[tuple[int, int, set[int | None]]]:
    """The longest spans that do not overlap, in the order of the text."""
    taken: list[tuple[int, int, set[int | None]]] = []
    for (start, end), people in sorted(spans.items(), key=lambda item: (item[0][0] - item[0][1], item[0][0])):
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, people))
    return sorted(taken, key=lambda item: item[0])


def tokenise(text: str, matcher: Matcher, kept: Iterable[tuple[int, str]] = ()) -> Tokenised:
    """Replace every registered real name and alias in the text by its person's token.

    `kept` holds (person_id, folded words) the writer said were not that person here. A span two people's names
    both match is left as typed and reported as ambiguous; so is one whose person is not saved yet."""
    if not text or not any(needle.kind in TOKENISED_KINDS for needle in matcher.found(text)):
        return Tokenised(text)
    kept = set(kept)
    out, last, replaced, ambiguous, counts = [], 0, [], [], {}
    for start, end, people in _chosen(_candidates(text, matcher)):
        typed = text[start:end]
        if len(people) == 1 and (person_id := next(iter(people))) is not None:
            if (person_id, fold.normalise(typed)) in kept:
                continue
            counts[person_id] = counts.get(person_id, 0) + 1
            out += [text[last:start], token(person_id)]
            last = end
            replaced.append(Replacement(typed, person_id, counts[person_id] + _tokens_before(text, start, person_id)))
        else:
            ambiguous.append((typed, tuple(sorted(p for p in people if p is not None))))
    out.append(text[last:])
    return Tokenised("".join(out), tuple(replaced), tuple(ambiguous))


def _tokens_before(text: str, start: int, person_id: int) -> int:
    """Tokens of this person already in the text before `start` (the writer may have typed some)."""
    return sum(1 for match in PERSON.finditer(text, 0, start) if int(match.group(1)) == person_id)


def restore(text: str, person_id: int, occurrence: int, typed: str) -> str | None:
    """The text with the person's nth token put back as it was typed, or None if the text no longer has it."""
    matches = [m for m in PERSON.finditer(text or "") if int(m.group(1)) == person_id]
    if occurrence < 1 or occurrence > len(matches):
        return None
    match = matches[occurrence - 1]
    return text[: match.start()] + typed + text[match.end() :]


def render(text: str, name_of: Callable[[int], str]) -> str:
    """The text with each person token replaced by what the reader sees of that person."""
    if not text or "[[person:" not in text:
        return text
    return PERSON.sub(lambda match: name_of(int(match.group(1))), text)
