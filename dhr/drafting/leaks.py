"""The leak scan: real names, aliases and dates of birth from the people register, found in any text.

Matching ignores case, punctuation and spacing, so "SMITH,  Jane" and "jane-smith" are both found.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_NON_WORD = re.compile(r"[^0-9a-z]+")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True)
class Needle:
    """Something that must not appear, and how to describe it without repeating it."""

    normalised: str
    description: str


@dataclass(frozen=True)
class Leak:
    """One finding: what leaked and where."""

    where: str
    description: str


# Cyrillic and Greek letters that look like Latin ones: "Jаne" with a Cyrillic а must still match "Jane".
_LOOKALIKES = str.maketrans("аеорсухіјѕԁһкмтвнαοριτυνκ", "aeopcyxijsdhkmtbhaopitvvk")


def normalise(text: str) -> str:
    """Folded for matching: accents, width forms, invisible characters and look-alike letters removed, lower case,
    every run of non-alphanumerics one space, padded for whole-word search."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return f" {_NON_WORD.sub(' ', kept.lower().translate(_LOOKALIKES)).strip()} "


def _date_forms(value: date) -> set[str]:
    """The ways a date of birth is written: day, month and year in each order, numeric or named, padded or not."""
    name = MONTHS[value.month - 1]
    names = {name, name[:3], *(["sept"] if value.month == 9 else [])}
    days = {str(value.day), f"{value.day:02d}"}
    months = {str(value.month), f"{value.month:02d}"}
    years = {str(value.year), f"{value.year % 100:02d}"}
    ordinal = f"{value.day}{_suffix(value.day)}"
    forms = {f"{d} {m} {y}" for d in days for m in months for y in years}
    forms |= {f"{value.year} {m} {d}" for d in days for m in months}
    for month in names:
        forms |= {f"{d} {month} {y}" for d in (*days, ordinal) for y in years}
        forms |= {f"{month} {d} {y}" for d in (*days, ordinal) for y in years}
    return forms


def _suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _name_needles(name: str, description: str, *, surname_alone: bool) -> list[Needle]:
    parts = name.split()
    found = {normalise(name)}
    if len(parts) > 1:
        # "O'Neill Siobhán" and "O'Neill, Siobhán", as registers and statements often write names.
        found.add(normalise(" ".join([parts[-1], *parts[:-1]])))
        surname = normalise(parts[-1])
        if surname_alone and len(surname.replace(" ", "")) >= 3:
            found.add(surname)  # "Mrs Smith" names her as surely as "Jane Smith"
    return [Needle(needle, description) for needle in found if needle.strip()]


def needles_for(people, extra_names: list[str] = ()) -> list[Needle]:
    """What to look for: each person's real name (whole, reversed, and the surname alone), aliases, dates of birth,
    and extra names such as family contacts (described without repeating them)."""
    needles = []
    for person in people:
        who = f"{person.pseudonym} ({person.role.label.lower()})"
        if person.real_name:
            needles.extend(_name_needles(person.real_name, f"the real name of {who}", surname_alone=True))
        # Aliases are typed as a list ("Jay, JJ"): each part is a name of its own, even if that over-matches.
        for alias in re.split(r"[;,\n]", person.aliases or ""):
            needles.extend(_name_needles(alias, f"the alias of {who}", surname_alone=False))
        if person.date_of_birth:
            needles.extend(
                Needle(f" {form} ", f"the date of birth of {who}") for form in sorted(_date_forms(person.date_of_birth))
            )
    for name in extra_names:
        needles.extend(_name_needles(name, "the name of a family contact", surname_alone=False))
    return needles


def scan(texts: list[tuple[str, str]], needles: list[Needle]) -> list[Leak]:
    """Every (where, description) for each needle found in each (where, text), once per pair."""
    found, seen = [], set()
    for where, text in texts:
        haystack = normalise(text)
        for needle in needles:
            if needle.normalised in haystack and (where, needle.description) not in seen:
                seen.add((where, needle.description))
                found.append(Leak(where, needle.description))
    return found
