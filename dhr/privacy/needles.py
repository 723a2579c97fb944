"""Needles: every folded form of what must not appear, from the people register and the family contacts.

A registered name gives its whole form, its reversed form ("O'Neill, Siobhán"), its surname alone, title and
surname ("Mrs O'Neill") and, where no one else in the review shares it, its first name alone. Each is taken as
folded (look-alikes and all) and as a writer would type it in plain ASCII. A date of birth gives every order of
day, month and year, numeric or named, ordinal or in words ("the fourth of May nineteen eighty-five").
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from dhr.privacy import fold, numbers

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
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr")
MIN_PART = 3  # a surname or first name shorter than this alone would flag every "Li" or "Ng"


@dataclass(frozen=True)
class Needle:
    """Something that must not appear, and how to describe it without repeating it.

    `capitalised` needles match only where the writer began the word with a capital: a first name alone is
    often a word too ("Grace", "Hope"). `person_id` is the register's person the needle names, if any. A
    `partial` needle is one word of a name (the surname or the first name alone): the scan flags it wherever it
    is, but the shield saves it as a token only where it stands alone as a name (dhr.privacy.tokens)."""

    normalised: str
    description: str
    capitalised: bool = False
    person_id: int | None = None
    kind: str = "name"  # name, alias, birth (a date of birth) or contact (a family contact's name)
    partial: bool = False


def _name_parts(name: str) -> list[str]:
    return name.split()


def _folded_forms(text: str) -> set[str]:
    return fold.forms(text) | fold.forms(fold.transliterated(text))


def _name_needles(
    name: str,
    description: str,
    *,
    surname_alone: bool,
    first_alone: bool = False,
    person_id: int | None = None,
    kind: str = "name",
) -> list[Needle]:
    parts = _name_parts(name)
    found = _folded_forms(name)
    # Spelt out letter by letter, a name's words run together ("S a r a h T h o r n t o n" joined), and as the
    # letters themselves, which holds even beside a one-letter word ("… T h o r n t o n I had").
    found |= {f" {form.replace(' ', '')} " for form in found} | {
        f" {' '.join(form.replace(' ', ''))} " for form in found
    }
    surnames: set[str] = set()
    first_names: set[str] = set()
    if len(parts) > 1:
        # "O'Neill Siobhán" and "O'Neill, Siobhán", as registers and statements often write names.
        found |= _folded_forms(" ".join([parts[-1], *parts[:-1]]))
        surname = parts[-1]
        found |= {form for title in TITLES for form in _folded_forms(f"{title} {surname}")}
        if surname_alone and len(_letters(surname)) >= MIN_PART:
            surnames = _folded_forms(surname) - found  # "Smith said" names her as surely as "Jane Smith"
        if first_alone and len(_letters(parts[0])) >= MIN_PART:
            first_names = _folded_forms(parts[0]) - found - surnames
    needles = [Needle(form, description, person_id=person_id, kind=kind) for form in sorted(found)]
    needles += [Needle(form, description, False, person_id, kind, partial=True) for form in sorted(surnames)]
    needles += [Needle(form, description, True, person_id, kind, partial=True) for form in sorted(first_names)]
    return needles


def _letters(text: str) -> str:
    return fold.normalise(text).replace(" ", "")


def _distinct_first_names(names: list[str]) -> set[str]:
    """First names that no other name in the review shares, as a first name or any other part."""
    counts = Counter(part for name in names for part in {_letters(p) for p in _name_parts(name)} if part)
    return {_letters(_name_parts(name)[0]) for name in names if _name_parts(name)} - {
        part for part, count in counts.items() if count > 1
    }


def _aliases(person) -> list[str]:
    # Aliases are typed as a list ("Jay, JJ"): each part is a name of its own, even if that over-matches.
    return [alias.strip() for alias in re.split(r"[;,\n]", person.aliases or "") if alias.strip()]


def needles_for(people, extra_names: list[str] = ()) -> list[Needle]:
    """What to look for: each person's real name (whole, reversed, titled, the surname alone and a distinctive
    first name alone), aliases, dates of birth, and extra names such as family contacts (described without
    repeating them)."""
    people = list(people)
    names = [p.real_name for p in people if p.real_name] + [a for p in people for a in _aliases(p)]
    distinct = _distinct_first_names([*names, *extra_names])
    needles = []
    for person in people:
        who = f"{person.pseudonym} ({person.role.label.lower()})"
        person_id = getattr(person, "id", None)
        if person.real_name:
            first = _name_parts(person.real_name)[0]
            needles.extend(
                _name_needles(
                    person.real_name,
                    f"the real name of {who}",
                    surname_alone=True,
                    first_alone=_letters(first) in distinct,
                    person_id=person_id,
                )
            )
        for alias in _aliases(person):
            needles.extend(
                _name_needles(alias, f"the alias of {who}", surname_alone=False, person_id=person_id, kind="alias")
            )
        if person.date_of_birth:
            needles.extend(
                Needle(form, f"the date of birth of {who}", person_id=person_id, kind="birth")
                for form in sorted(date_forms(person.date_of_birth))
            )
    for name in extra_names:
        first = _name_parts(name)[0] if _name_parts(name) else ""
        needles.extend(
            _name_needles(
                name,
                "the name of a family contact",
                surname_alone=False,
                first_alone=_letters(first) in distinct,
                kind="contact",
            )
        )
    return needles


def _suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def date_forms(value: date) -> set[str]:
    """The folded ways a date of birth is written: day, month and year in each order, numeric or named, padded or
    not, ordinal or in words, with "of" or "the" where people put them."""
    name = MONTHS[value.month - 1]
    names = {name, name[:3], *(["sept"] if value.month == 9 else [])}
    numeric_days = {str(value.day), f"{value.day:02d}"}
    months = {str(value.month), f"{value.month:02d}"}
    years = {str(value.year), f"{value.year % 100:02d}"}
    if 1900 <= value.year <= 2099:
        years |= numbers.year_words(value.year)
    written = {f"{value.day}{_suffix(value.day)}", numbers.ordinal(value.day), numbers.cardinal(value.day)}
    forms = {f"{d} {m} {y}" for d in numeric_days for m in months for y in years if y.isdigit()}
    forms |= {f"{value.year} {m} {d}" for d in numeric_days for m in months}
    for month in names:
        for day in (*numeric_days, *written):
            for year in years:
                forms |= {f"{day} {month} {year}", f"{day} of {month} {year}"}
                forms |= {f"{month} {day} {year}", f"{month} the {day} {year}"}
    return {fold.normalise(form) for form in forms}
