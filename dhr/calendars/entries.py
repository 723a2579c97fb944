"""The entries of a person's calendar: meetings, evidence due dates, clock due dates, action target dates and duty
occurrences, across the reviews they may see, each checked by the same rule as its page.

Titles name a review by its reference, an agency by its name and a clock or duty by its label: never a person
and never typed text, because the same entries leave the service in the iCalendar feed.
"""

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.actions import access as actions_access
from dhr.actions.models import Action
from dhr.actions.stages import CLOSED as ACTION_CLOSED
from dhr.clocks.rows import list_loads
from dhr.clocks.stored import clocks_by_review
from dhr.core.enums import LabelledEnum
from dhr.core.links import path_for
from dhr.duties.queries import visible_duties
from dhr.evidence import access as evidence_access
from dhr.evidence.models import AgencyInvolvement
from dhr.evidence.stages import EvidenceStatus
from dhr.extensions import db
from dhr.meetings.models import Meeting
from dhr.meetings.stages import MeetingStatus
from dhr.permissions import Permission, can, reviews_where
from dhr.reviews.queries import visible_reviews
from dhr.reviews.stages import TERMINAL

WAITING_FOR_EVIDENCE = (EvidenceStatus.REQUESTED, EvidenceStatus.IN_PROGRESS, EvidenceStatus.RETURNED)


class Kind(LabelledEnum):
    """What an entry is; the calendar's filters."""

    MEETING = "meeting"
    EVIDENCE = "evidence"
    CLOCK = "clock"
    ACTION = "action"
    DUTY = "duty"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "meeting": "Meetings",
            "evidence": "Evidence due",
            "clock": "Clocks due",
            "action": "Action target dates",
            "duty": "Statutory duties due",
        }

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"meeting": "blue", "evidence": "purple", "clock": "red", "action": "green", "duty": "orange"}


@dataclass(frozen=True)
class Entry:
    """One dated thing: `uid` is stable across feeds, so a calendar updates an event instead of adding another."""

    on: date
    kind: Kind
    title: str
    href: str
    uid: str
    at: time | None = None


def _meetings(user: Any, reviews: dict[int, Any], start: date, end: date) -> list[Entry]:
    shown = reviews_where(user, Permission.VIEW_MEETINGS, reviews)
    rows = db.session.scalars(
        select(Meeting).where(
            Meeting.review_id.in_(shown),
            Meeting.meeting_on.between(start, end),
            Meeting.status != MeetingStatus.CANCELLED,
        )
    )
    return [meeting_entry(m, reviews[m.review_id].reference) for m in rows]


def meeting_entry(meeting: Meeting, reference: str | None = None) -> Entry:
    """A meeting as an entry: the review's reference and the meeting's kind."""
    return Entry(
        meeting.meeting_on,
        Kind.MEETING,
        f"{reference or meeting.review.reference}: {meeting.kind.label}",
        path_for("meetings.view_meeting", review_id=meeting.review_id, meeting_id=meeting.id),
        f"meeting-{meeting.id}",
        meeting.starts_at,
    )


def _evidence(user: Any, reviews: dict[int, Any], start: date, end: date) -> list[Entry]:
    rows = db.session.scalars(
        select(AgencyInvolvement)
        .where(
            AgencyInvolvement.review_id.in_(list(reviews)),
            AgencyInvolvement.due_on.between(start, end),
            AgencyInvolvement.status.in_(WAITING_FOR_EVIDENCE),
        )
        .options(selectinload(AgencyInvolvement.agency))
    )
    return [
        Entry(
            i.due_on,
            Kind.EVIDENCE,
            f"{reviews[i.review_id].reference}: evidence due from {i.agency.name}",
            path_for("evidence.view_request", review_id=i.review_id, involvement_id=i.id),
            f"evidence-{i.id}",
        )
        for i in rows
        if i.due_on is not None and evidence_access.may_view(user, i)
    ]


def _clocks(user: Any, reviews: dict[int, Any], start: date, end: date, today: date) -> list[Entry]:
    entries = []
    shown = [r.id for r in reviews.values() if r.stage not in TERMINAL and can(user, Permission.VIEW_CLOCKS, r)]
    for review_id, clocks in clocks_by_review(db.session, shown, today).items():
        review = reviews[review_id]
        for clock in clocks:
            if clock.is_open and clock.due is not None and start <= clock.due <= end:
                entries.append(
                    Entry(
                        clock.due,
                        Kind.CLOCK,
                        f"{review.reference}: {clock.name}",
                        path_for("overview.view_review", review_id=review.id),
                        f"clock-{review.id}-{clock.key}",
                    )
                )
    return entries


def _actions(user: Any, reviews: dict[int, Any], start: date, end: date) -> list[Entry]:
    rows = db.session.scalars(
        select(Action)
        .where(
            Action.review_id.in_(list(reviews)),
            Action.target_on.between(start, end),
            Action.status.not_in(list(ACTION_CLOSED)),
        )
        .options(selectinload(Action.recommendation))
    )
    return [
        Entry(
            a.target_on,
            Kind.ACTION,
            f"{reviews[a.review_id].reference}: action {a.label} target date",
            path_for("actions.view_action", review_id=a.review_id, action_id=a.id),
            f"action-{a.id}",
        )
        for a in rows
        if a.target_on is not None and actions_access.may_view(user, a)
    ]


def _duties(user: Any, start: date, end: date) -> list[Entry]:
    return [
        Entry(
            o.due_on,
            Kind.DUTY,
            f"{duty.code} {duty.title}: {o.label}",
            path_for("duties.view_occurrence", occurrence_id=o.id),
            f"duty-{o.id}",
        )
        for duty in visible_duties(user)
        for o in duty.occurrences
        if o.status.is_open and start <= o.due_on <= end
    ]


def entries_for(
    user: Any, start: date, end: date, today: date, kinds: frozenset[Kind] = frozenset(Kind)
) -> list[Entry]:
    """Everything dated from `start` to `end` that the person may see, in date order."""
    reviews = {review.id: review for review in db.session.scalars(visible_reviews(user).options(*list_loads()))}
    entries: list[Entry] = []
    if Kind.MEETING in kinds:
        entries += _meetings(user, reviews, start, end)
    if Kind.EVIDENCE in kinds:
        entries += _evidence(user, reviews, start, end)
    if Kind.CLOCK in kinds:
        entries += _clocks(user, reviews, start, end, today)
    if Kind.ACTION in kinds:
        entries += _actions(user, reviews, start, end)
    if Kind.DUTY in kinds:
        entries += _duties(user, start, end)
    return sorted(entries, key=lambda e: (e.on, e.at or time.min, e.kind.value, e.title))
