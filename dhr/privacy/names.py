"""Name-like words the register does not know: capitalised words, alone or in runs, that are not a pseudonym, an
agency, a glossary term, a place in the review or an ordinary English word. A list for the chair to check before
publishing, never a refusal: the register may simply be missing someone."""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dhr.privacy import fold

# A word of letters in any script, with inner apostrophes or hyphens ("O'Neill", "Smith-Jones").
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words a report capitalises that are neither names nor in the word list's lower case.
_ALWAYS_KNOWN = {
    "mr mrs ms miss mx dr sir dame lord lady",
    "monday tuesday wednesday thursday friday saturday sunday",
    "january february march april may june july august september october november december",
    "england wales uk britain british english welsh london",
    "home office commissioner panel review chair",
}


@dataclass
class Candidate:
    """A word or run of words to check, and each place it was seen."""

    words: str
    places: list[str] = field(default_factory=list)


@functools.cache
def english_words() -> frozenset[str]:
    """Ordinary English words: those the word list gives in lower case (its capitalised entries are proper names)."""
    from english_words import get_english_words_set

    return frozenset(word for word in get_english_words_set(["web2"], lower=False) if word.islower())


# The word list has no inflections and American spellings: "Officers", "Referred" and "Neighbours" must still be
# ordinary words at the start of a sentence.
_ENDINGS = (
    ("ies", "y"),
    ("ied", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
    ("er", ""),
    ("ers", ""),
    ("ly", ""),
    ("ment", ""),
    ("ments", ""),
)
_BRITISH = (("our", "or"), ("ise", "ize"), ("isation", "ization"), ("yse", "yze"), ("tre", "ter"), ("ogue", "og"))


def ordinary(word: str) -> bool:
    """An ordinary English word: in the word list as it stands, or once an ending or a British spelling is undone
    (doubled letters too)."""
    words = english_words()
    forms = {word}
    for ending, base in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            forms |= {stem + base, stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem}
    for british, american in _BRITISH:
        forms |= {form.replace(british, american) for form in list(forms) if british in form}
    return any(form in words for form in forms)


def known_words(texts: Iterable[str]) -> set[str]:
    """The folded words of every text given: pseudonyms, agency names and codes, glossary terms, places."""
    known = {word for line in _ALWAYS_KNOWN for word in line.split()}
    for text in texts:
        known.update(fold.normalise(text or "").split())
    return known


def _unknown(word: str, known: set[str]) -> bool:
    folded = fold.normalise(word).split()
    if not folded:
        return False
    whole = "".join(folded)
    return whole not in known and not ordinary(whole) and not all(part in known or ordinary(part) for part in folded)


def _capitalised(token: str) -> bool:
    """Begins with a capital and goes on in lower case, as a name does ("McDonald" too), in any script."""
    return len(token) > 1 and token[0].isupper() and any(c.islower() for c in token[1:])


def _runs(text: str):
    """Runs of capitalised words, one space apart: "Sarah Kowalczyk", "Detective Sergeant Hughes"."""
    run, end = [], None
    for match in _TOKEN.finditer(text or ""):
        token = match.group(0)
        if _capitalised(token) and (not run or text[end : match.start()] == " "):
            run.append(token)
        else:
            if run:
                yield run
            run = [token] if _capitalised(token) else []
        end = match.end()
    if run:
        yield run


def name_like(texts: Iterable[tuple[str, str]], known: set[str]) -> list[Candidate]:
    """Each run of capitalised words holding a word nobody has vouched for, reduced to those words, in the order
    first seen, with every (where) it appears."""
    found: dict[str, Candidate] = {}
    for where, text in texts:
        for run in _runs(text):
            words = [word for word in run if _unknown(word, known)]
            if not words:
                continue
            key = " ".join(words)
            candidate = found.setdefault(fold.normalise(key), Candidate(key))
            if where not in candidate.places:
                candidate.places.append(where)
    return list(found.values())
