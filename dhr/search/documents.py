"""What each searchable record contributes to the index: its kind, its text with person tokens read as pseudonyms,
and what decides who may find it."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr.actions.models import Action
from dhr.correspondence.models import CorrespondenceEntry
from dhr.drafting.models import DraftSection
from dhr.drafting.structure import DOCUMENTS
from dhr.drafting.tokens import TOKEN
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.meetings.models import Meeting
from dhr.recommendations.models import Recommendation
from dhr.reviews.models import Person, Review


@dataclass(frozen=True)
class Doc:
    """One row of the index, before it is written."""

    kind: str
    source_id: int
    review_id: int
    partnership_id: int
    title: str
    body: str
    agency_id: int | None = None
    owner_id: int | None = None
    locator: str = ""


def _join(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part)


class Reader:
    """Person tokens read as pseudonyms, so "Adult Q hospital" finds a row that says [[person:12]] went to hospital."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.pseudonyms: dict[int, str] = {}
        self.partnerships: dict[int, int] = {}

    def partnership(self, review_id: int) -> int:
        """The review's partnership, asked once per review."""
        if review_id not in self.partnerships:
            self.partnerships[review_id] = self.session.scalar(
                select(Review.partnership_id).where(Review.id == review_id)
            )
        return self.partnerships[review_id]

    def text(self, value: str | None) -> str:
        """The text with each person token replaced by the pseudonym, and other tokens dropped."""
        value = value or ""
        wanted = {int(ref) for kind, ref in TOKEN.findall(value) if kind == "person"} - self.pseudonyms.keys()
        if wanted:
            rows = self.session.execute(select(Person.id, Person.pseudonym).where(Person.id.in_(wanted)))
            self.pseudonyms.update(dict(rows.all()))

        def replace(match: re.Match) -> str:
            kind, ref = match.group(1), int(match.group(2))
            return self.pseudonyms.get(ref, "") if kind == "person" else ""

        return TOKEN.sub(replace, value)


def _review(review: Review, read: Reader) -> Iterable[Doc]:
    title = review.reference
    yield Doc(
        "review", review.id, review.id, review.partnership_id, title, _join(review.reference, review.category.label)
    )
    restricted = _join(review.circumstances, review.decision_rationale, review.home_office_response)
    if restricted:
        yield Doc("restricted", review.id, review.id, review.partnership_id, title, read.text(restricted))


def _person(person: Person, read: Reader) -> Iterable[Doc]:
    partnership = read.partnership(person.review_id)
    yield Doc(
        "person",
        person.id,
        person.review_id,
        partnership,
        person.pseudonym,
        _join(person.pseudonym, person.role.label, person.relationship_to_victim),
    )
    if person.real_name or person.aliases:
        yield Doc(
            "identity",
            person.id,
            person.review_id,
            partnership,
            person.pseudonym,
            _join(person.real_name, person.aliases.replace(",", "\n")),
        )


def _entry(entry: ChronologyEntry, read: Reader) -> Iterable[Doc]:
    involvement = entry.involvement
    yield Doc(
        "chronology",
        entry.id,
        entry.review_id,
        read.partnership(entry.review_id),
        f"{involvement.agency.name}, {entry.date_start:%d %B %Y}",
        read.text(_join(entry.event_type, entry.service_team, entry.details, entry.outcome, entry.comment)),
        agency_id=involvement.agency_id,
        locator=str(involvement.id),
    )


def _involvement(involvement: AgencyInvolvement, read: Reader) -> Iterable[Doc]:
    agency = involvement.agency
    yield Doc(
        "agency",
        involvement.id,
        involvement.review_id,
        read.partnership(involvement.review_id),
        agency.name,
        _join(agency.name, agency.code),
        agency_id=agency.id,
        locator=str(involvement.id),
    )


def _section(section: DraftSection, read: Reader) -> Iterable[Doc]:
    document = DOCUMENTS.get(section.document)
    spec = document.section(section.section_key) if document else None
    if document is None or spec is None:
        return
    yield Doc(
        "draft",
        section.id,
        section.review_id,
        read.partnership(section.review_id),
        f"{document.title}: {spec.title}",
        read.text(section.body),
        locator=f"{document.slug}/{spec.key}",
    )


def _recommendation(item: Recommendation, read: Reader) -> Iterable[Doc]:
    partnership = read.partnership(item.review_id)
    label = f"Recommendation {item.label}"
    yield Doc("recommendation", item.id, item.review_id, partnership, label, read.text(item.text))


def _action(action: Action, read: Reader) -> Iterable[Doc]:
    yield Doc(
        "action",
        action.id,
        action.review_id,
        read.partnership(action.review_id),
        f"Action {action.label}",
        read.text(_join(action.action, action.milestones, action.outcome, action.owner_name)),
        agency_id=action.lead_agency_id,
        owner_id=action.owner_id,
    )


def _correspondence(entry: CorrespondenceEntry, read: Reader) -> Iterable[Doc]:
    title = f"{entry.subject.label}, {entry.occurred_on:%d %B %Y}"
    partnership = read.partnership(entry.review_id)
    yield Doc("correspondence", entry.id, entry.review_id, partnership, title, read.text(entry.summary))


def _meeting(meeting: Meeting, read: Reader) -> Iterable[Doc]:
    title = f"{meeting.kind.label}, {meeting.meeting_on:%d %B %Y}"
    body = read.text(_join(meeting.location, meeting.minutes))
    yield Doc("meeting", meeting.id, meeting.review_id, read.partnership(meeting.review_id), title, body)


# Each indexed model, what it contributes, and the kinds of row it owns (rewritten whenever it changes).
BUILDERS: dict[type, tuple[Callable[..., Iterable[Doc]], tuple[str, ...]]] = {
    Review: (_review, ("review", "restricted")),
    Person: (_person, ("person", "identity")),
    ChronologyEntry: (_entry, ("chronology",)),
    AgencyInvolvement: (_involvement, ("agency",)),
    DraftSection: (_section, ("draft",)),
    Recommendation: (_recommendation, ("recommendation",)),
    Action: (_action, ("action",)),
    CorrespondenceEntry: (_correspondence, ("correspondence",)),
    Meeting: (_meeting, ("meeting",)),
}
KINDS = tuple(kind for _build, kinds in BUILDERS.values() for kind in kinds)
