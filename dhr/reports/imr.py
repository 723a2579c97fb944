"""An agency's Individual Management Review as plain data: its cover, the sections of domain.md §3.5 as numbered
paragraphs, and the author and senior manager's sign-off.

An IMR is a working paper of the review: always marked OFFICIAL-SENSITIVE and never published.
"""

from dataclasses import dataclass

from dhr.core.dates import LONDON
from dhr.evidence.imr import SECTIONS
from dhr.reports.context import REVIEW_TITLES, Cover, Marking, Para, Section, long_date


@dataclass(frozen=True)
class SignOff:
    """Who wrote the IMR and the senior manager who quality-assured it."""

    author: str
    author_role: str
    signed_off_by: str
    signed_off_role: str
    signed_off_on: str
    attested: bool


@dataclass(frozen=True)
class ImrDocument:
    """One saved version of an agency's IMR, ready to lay out."""

    cover: Cover
    marking: Marking
    agency: str
    sections: tuple[Section, ...]
    sign_off: SignOff
    source_file: str = ""


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of free text: blocks separated by a blank line, each with its line breaks kept as spaces."""
    blocks = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n\n")
    return [" ".join(line.strip() for line in block.split("\n") if line.strip()) for block in blocks if block.strip()]


def imr_sections(texts: dict) -> tuple[Section, ...]:
    """The IMR's sections in template order, paragraphs numbered 1.1, 1.2, ... under section 1."""
    sections = []
    for number, (key, (title, _, _)) in enumerate(SECTIONS.items(), start=1):
        paragraphs = tuple(
            Para(f"{number}.{n}", text) for n, text in enumerate(split_paragraphs(texts.get(key, "")), start=1)
        )
        sections.append(Section(key, str(number), title, paragraphs))
    return tuple(sections)


def imr_document(review, involvement, version) -> ImrDocument:
    """The document for one saved IMR version of an agency on the review."""
    victim = review.victim
    label = f"v{version.number}"
    cover = Cover(
        partnership=review.partnership.name,
        review_title=REVIEW_TITLES.get(review.partnership.review_label.value, REVIEW_TITLES["DHR"]),
        document_title=f"Individual Management Review: {involvement.agency.name}",
        subject=f"into the death of {victim.pseudonym}" if victim and victim.pseudonym else "",
        death=f"{review.date_of_death:%B %Y}" if review.date_of_death else "",
        chair="",
        author=", ".join(part for part in (version.author_name, version.author_role) if part),
        version=label,
        issued=long_date(version.saved_at.astimezone(LONDON).date()),
        reference=review.reference,
    )
    return ImrDocument(
        cover=cover,
        marking=Marking(draft=True, version_label=label, status="IMR"),
        agency=involvement.agency.name,
        sections=imr_sections(version.sections or {}),
        sign_off=SignOff(
            author=version.author_name,
            author_role=version.author_role,
            signed_off_by=version.sign_off_name,
            signed_off_role=version.sign_off_role,
            signed_off_on=long_date(version.sign_off_on),
            attested=bool(version.attested),
        ),
        source_file=version.file.filename if version.file else "",
    )
