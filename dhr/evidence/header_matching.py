"""Match an agency's column headers to chronology fields by the words they share, not by exact spelling.

"Time and date", "Date/Time", "Agency (Mosaic)", "Event details (RiO)" and "Desc." all name a field in their own way.
Each header and each known spelling of a field is cut into simple word stems; a header scores against a field by
how much weight of its words the field's best spelling shares. An exact known spelling always scores highest. The
headers are then given to fields one to one, best score first, and never below the threshold: a field with no
likely column is left for the person to choose.
"""

import re
from collections.abc import Iterable, Mapping, Sequence

THRESHOLD = 0.6
EXACT = 1.0
# Below an exact spelling, so "Date/Time" said exactly beats "Time and date" for the same field.
NEAREST = 0.99

# Words that say nothing about which field a column is.
_FILLER_WORDS = "a an and any are at be been e eg etc for from g i ie if in is it its of on or per please s the this to"
_FILLER = frozenset(_FILLER_WORDS.split()) | {"was", "were", "what", "where", "how", "with"}
# Common short forms in agency templates, read as the word they stand for.
_ABBREVIATIONS = {
    "desc": "description",
    "descr": "description",
    "org": "organisation",
    "orgn": "organisation",
    "organization": "organisation",
    "src": "source",
    "ref": "reference",
    "refs": "reference",
    "dept": "department",
    "info": "information",
    "svc": "service",
    "no": "number",
    "num": "number",
    "dob": "birth",
}
# Words that appear in the names of several fields ("Date of contact", "Details of contact", "Contact type"), so
# they count for little on their own.
_GENERIC = frozenset({"contact", "event", "incident", "information", "involved", "happened", "occurred"})
_UNKNOWN = 0.5  # a word no field uses, such as a system name: it makes a header a little less likely anything
_BRACKETED = 0.5  # "(Mosaic)", "(who/what)": what is in brackets qualifies the header, it does not name it
# A header with one of these names a person who did something ("Recorded by", "Signature"), never a field.
_NEVER_ANY = frozenset({"by", "signature", "signed"})

_BRACKETS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]?")
_WORD = re.compile(r"[a-z0-9]+")


def stem(word: str) -> str:
    """A plain English stem, enough to make 'Details' and 'detail', 'occurred' and 'occur' the same word."""
    word = _ABBREVIATIONS.get(word, word)
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not (suffix == "s" and word.endswith("ss")):
            word = word[: -len(suffix)] + replacement
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # occurr -> occur
    return _ABBREVIATIONS.get(word, word)  # "organizations" is "organization" only once its s has gone


_GENERIC_STEMS = frozenset(map(stem, _GENERIC))


def _plain(text: str) -> str:
    """Lower case, curly quotes straightened, 'person(s)' as 'persons', "reviewer's" as 'reviewer'."""
    text = str(text or "").lower().replace("\u2019", "'").replace("&", " and ").replace("+", " and ")
    return re.sub(r"'s\b", "", re.sub(r"\(s\)", "s", text))


def words(text: str) -> list[tuple[str, bool]]:
    """The header's word stems, each marked whether it was in brackets; filler words and numbers left out."""
    text = _plain(text)
    parts = [(_BRACKETS.sub(" ", text), False)] + [(inner, True) for inner in _BRACKETS.findall(text)]
    found = []
    for part, bracketed in parts:
        for word in _WORD.findall(part):
            if word in _FILLER or word.isdigit():
                continue
            found.append((stem(word), bracketed))
    return found


def exact(text: str) -> str:
    """The spelling compared for an exact match: lower case, punctuation as single spaces."""
    return " ".join(_WORD.findall(_plain(text)))


class HeaderMatcher:
    """Scores headers against each field's known spellings and assigns them one to one."""

    def __init__(self, spellings: Mapping[str, Sequence[str]], never: Mapping[str, Iterable[str]] | None = None):
        self.fields = list(spellings)
        self.known = {word for names in spellings.values() for name in names for word, _ in words(name)}
        self.exact = {key: {exact(name) for name in names} for key, names in spellings.items()}
        self.spellings = {key: [self._weights(name) for name in names] for key, names in spellings.items()}
        everywhere = set(map(stem, _NEVER_ANY))
        self.never = {key: everywhere | set(map(stem, (never or {}).get(key, ()))) for key in spellings}

    def _weight(self, word: str, bracketed: bool) -> float:
        base = 0.3 if word in _GENERIC_STEMS else (1.0 if word in self.known else _UNKNOWN)
        return base * (_BRACKETED if bracketed else 1.0)

    def _weights(self, text: str) -> dict[str, float]:
        weights: dict[str, float] = {}
        for word, bracketed in words(text):
            weights[word] = max(weights.get(word, 0.0), self._weight(word, bracketed))
        return weights

    def score(self, header: str, field: str) -> float:
        """How likely the header names the field, from 0 to 1 (1 only for a known spelling, exactly)."""
        if not header or not header.strip():
            return 0.0
        if exact(header) in self.exact[field]:
            return EXACT
        mine = self._weights(header)
        if not mine or self.never[field] & mine.keys():
            return 0.0
        best = 0.0
        total = sum(mine.values())
        for theirs in self.spellings[field]:
            shared = sum(min(weight, theirs[word]) for word, weight in mine.items() if word in theirs)
            if shared:
                best = max(best, 2 * shared / (total + sum(theirs.values())))
        return min(best, NEAREST)

    def recognises(self, header: object) -> bool:
        """Whether the text is likely the name of some field (to find the header row under a title)."""
        text = "" if header is None else str(header)
        # A long cell is a row of data, not a column's name.
        return len(text) <= 200 and any(self.score(text, field) >= THRESHOLD for field in self.fields)

    def assign(self, headers: Sequence[str], fixed: Mapping[str, str] | None = None) -> dict[str, str]:
        """field -> header: the `fixed` choices first, then the best-scoring pairs one to one, never below the
        threshold. Ties go to the field listed first, then to the column further left."""
        mapping = {key: header for key, header in (fixed or {}).items() if header in headers}
        taken = set(mapping.values())
        candidates = sorted(
            (-self.score(header, key), f, h, key, header)
            for f, key in enumerate(self.fields)
            if key not in mapping
            for h, header in enumerate(headers)
            if header and header not in taken
        )
        for negative, _, _, key, header in candidates:
            if -negative < THRESHOLD:
                break
            if key not in mapping and header not in taken:
                mapping[key] = header
                taken.add(header)
        return mapping
