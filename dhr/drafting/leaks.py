"""The leak scan: real names, aliases and dates of birth from the people register, found in any text.

Matching ignores case, punctuation and spacing, so "SMITH,  Jane" and "jane-smith" are both found.
"""

import re
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


def normalise(text: str) -> str:
    """Lower case, with every run of non-alphanumerics collapsed to one space, padded for whole-word search."""
    return f" {_NON_WORD.sub(' ', (text or '').lower()).strip()} "


def _date_forms(value: date) -> list[str]:
    month = MONTHS[value.month - 1]
    day, year = value.day, value.year
    forms = {
        f"{day} {value.month} {year}",
        f"{day:02d} {value.month:02d} {year}",
        f"{day:02d} {value.month:02d} {year % 100:02d}",
        f"{year} {value.month:02d} {day:02d}",
        f"{day} {month} {year}",
        f"{day} {month[:3]} {year}",
        f"{month} {day} {year}",
        f"{day}{_suffix(day)} {month} {year}",
    }
    return sorted(forms)


def _suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def needles_for(people, extra_names: list[str] = ()) -> list[Needle]:
    """What to look for: each person's real name and aliases (described by pseudonym), dates of birth, and
    extra names such as family contacts."""
    needles = []
    for person in people:
        who = f"{person.pseudonym} ({person.role.label.lower()})"
        names = [person.real_name, *(a for a in re.split(r"[;,\n]", person.aliases or ""))]
        for kind, name in zip(["real name", *["alias"] * (len(names) - 1)], names, strict=True):
            words = normalise(name).split()
            if words:
                needles.append(Needle(f" {' '.join(words)} ", f"the {kind} of {who}"))
            if len(words) > 1:  # "Smith Jane", as registers and statements often write it
                needles.append(Needle(f" {words[-1]} {' '.join(words[:-1])} ", f"the {kind} of {who}"))
        if person.date_of_birth:
            needles.extend(
                Needle(f" {form} ", f"the date of birth of {who}") for form in _date_forms(person.date_of_birth)
            )
    needles.extend(
        Needle(normalise(name), "the name of a family contact") for name in extra_names if normalise(name).strip()
    )
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
