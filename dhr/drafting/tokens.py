"""Person, chronology and line-of-enquiry tokens in draft text.

Drafts never hold a real name: people are written as [[person:ID]] and rendered as the pseudonym, or as the
real name for a reader with the identity permission who asks for it. [[entry:ID]] cites a combined-chronology
row and [[kloe:N]] a key line of enquiry of the terms of reference.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

TOKEN = re.compile(r"\[\[(person|entry|kloe):([1-9][0-9]{0,8})\]\]")


@dataclass(frozen=True)
class PersonRef:
    """What a person token can show."""

    pseudonym: str
    real_name: str
    role: str


@dataclass(frozen=True)
class EntryRef:
    """What a chronology citation shows: a short label of date and agency."""

    label: str


@dataclass
class TokenContext:
    """Everything tokens in one review's draft can point at, and how to show them."""

    people: dict[int, PersonRef] = field(default_factory=dict)
    entries: dict[int, EntryRef] = field(default_factory=dict)
    lines_of_enquiry: dict[int, str] = field(default_factory=dict)
    real_names: bool = False
    entry_href: Callable[[int], str] | None = None


def references(text: str) -> list[tuple[str, int]]:
    """Every token in the text as (kind, id), in order."""
    return [(kind, int(ref)) for kind, ref in TOKEN.findall(text or "")]


def unknown(text: str, context: TokenContext) -> list[str]:
    """Tokens that point at nothing in this review, as written."""
    missing = []
    for kind, ref in references(text):
        known = {"person": context.people, "entry": context.entries, "kloe": context.lines_of_enquiry}[kind]
        if ref not in known and f"[[{kind}:{ref}]]" not in missing:
            missing.append(f"[[{kind}:{ref}]]")
    return missing


def _person(ref: int, context: TokenContext) -> str:
    person = context.people.get(ref)
    if person is None:
        return "[unknown person]"
    return person.real_name if context.real_names and person.real_name else person.pseudonym


def _entry(ref: int, context: TokenContext) -> str:
    entry = context.entries.get(ref)
    return f"(chronology: {entry.label})" if entry else "(chronology: row not found)"


def _kloe(ref: int, context: TokenContext) -> str:
    return f"key line of enquiry {ref}"


_RENDER = {"person": _person, "entry": _entry, "kloe": _kloe}


def render_text(text: str, context: TokenContext) -> str:
    """The text with every token replaced by what a reader sees (for diffs, scans and exports)."""
    return TOKEN.sub(lambda m: _RENDER[m.group(1)](int(m.group(2)), context), text or "")


def render_html(text: str, context: TokenContext) -> Markup:
    """The text as safe HTML; chronology citations link to the cited row when the reader may see it."""
    parts, last = [], 0
    for match in TOKEN.finditer(text or ""):
        parts.append(escape(text[last : match.start()]))
        kind, ref = match.group(1), int(match.group(2))
        shown = _RENDER[kind](ref, context)
        if kind == "entry" and context.entry_href and ref in context.entries:
            parts.append(Markup('<a class="govuk-link" href="{}">{}</a>').format(context.entry_href(ref), shown))
        elif kind == "person":
            parts.append(Markup('<span class="dhr-person">{}</span>').format(shown))
        else:
            parts.append(escape(shown))
        last = match.end()
    parts.append(escape((text or "")[last:]))
    return Markup("").join(parts)
