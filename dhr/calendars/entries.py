"""The entries of a person's calendar: meetings, evidence due dates, clock due dates, action target dates and duty
occurrences, across the reviews they may see, each checked by the same rule as its page.

Titles name a review by its reference, an agency by its name and a clock or duty by its label: never a person
and never typed text, because the same entries leave the service in the iCalendar feed.
"""

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from dhr.actions import access as actions_access
from dhr.actions.models import Action
from dhr.actions.stages import CLOSED as ACTION_CLOSED
from dhr.clocks.models import ReviewClock
from dhr.clocks.stored import clock_at, effective_day, settle
from dhr.core.enums import LabelledEnum
from dhr.core.links import path_for
from dhr.duties.queries import visible_duties
from dhr.evidence import access as evidence_access
from dhr.evidence.models import AgencyInvolvement
from dhr.evidence.stages import EvidenceStatus
from dhr.extensions import db
from dhr.meetings.models import Meeting
from dhr.meetings.stages import MeetingStatus
from dhr.permissions import Permission
from dhr.reviews.models import Review
from dhr.reviews.queries import granted_reviews, visible_reviews
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


def _meetings(user: Any, candidates: Select, start: date, end: date) -> list[Entry]:
    shown = granted_reviews(user, (Permission.VIEW_MEETINGS,), candidates)
    rows = db.session.execute(
        select(Meeting, Review.reference)
        .join(Review, Review.id == Meeting.review_id)
        .where(
            Meeting.review_id.in_(shown),
            Meeting.meeting_on.between(start, end),
            Meeting.status != MeetingStatus.CANCELLED,
        )
    )
    return [meeting_entry(meeting, reference) for meeting, reference in rows]


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


def _evidence(user: Any, candidates: Select, start: date, end: date) -> list[Entry]:
    rows = db.session.scalars(
        select(AgencyInvolvement)
        .where(
            AgencyInvolvement.review_id.in_(candidates.with_only_columns(Review.id).order_by(None)),
            AgencyInvolvement.due_on.between(start, end),
            AgencyInvolvement.status.in_(WAITING_FOR_EVIDENCE),
        )
        .options(selectinload(AgencyInvolvement.agency), *_with_review(AgencyInvolvement.review))
    )
    return [
        Entry(
            i.due_on,
            Kind.EVIDENCE,
            f"{i.review.reference}: evidence due from {i.agency.name}",
            path_for("evidence.view_request", review_id=i.review_id, involvement_id=i.id),
            f"evidence-{i.id}",
        )
        for i in rows
        if i.due_on is not None and evidence_access.may_view(user, i)
    ]


def _clocks(user: Any, candidates: Select, start: date, end: date, today: date) -> list[Entry]:
    shown = granted_reviews(user, (Permission.VIEW_CLOCKS,), candidates.where(Review.stage.not_in(list(TERMINAL))))
    # The open stored clocks falling due in the window as of today (a frozen clock's due day moves with today).
    rows = db.session.execute(
        select(*ReviewClock.__table__.columns, Review.reference.label("reference"))
        .join(Review, Review.id == ReviewClock.review_id)
        .where(
            ReviewClock.review_id.in_(shown),
            ReviewClock.is_open,
            ReviewClock.due_day.is_not(None),
            effective_day(today).between(start.toordinal(), end.toordinal()),
        )
    )
    entries = []
    for row in rows:
        clock = clock_at(row, today)
        if clock.due is not None and start <= clock.due <= end:
            entries.append(
                Entry(
                    clock.due,
                    Kind.CLOCK,
                    f"{row.reference}: {clock.name}",
                    path_for("overview.view_review", review_id=row.review_id),
                    f"clock-{row.review_id}-{clock.key}",
                )
            )
    return entries


def _actions(user: Any, candidates: Select, start: date, end: date) -> list[Entry]:
    rows = db.session.scalars(
        select(Action)
        .where(
            Action.review_id.in_(candidates.with_only_columns(Review.id).order_by(None)),
            Action.target_on.between(start, end),
            Action.status.not_in(list(ACTION_CLOSED)),
        )
        .options(selectinload(Action.recommendation), *_with_review(Action.review))
    )
    return [
        Entry(
            a.target_on,
            Kind.ACTION,
            f"{a.review.reference}: action {a.label} target date",
            path_for("actions.view_action", review_id=a.review_id, action_id=a.id),
            f"action-{a.id}",
        )
        for a in rows
        if a.target_on is not None and actions_access.may_view(user, a)
    ]


def _with_review(relationship: Any) -> list:
    """Load each row's review with its members, which the row's access rule reads."""
    return [selectinload(relationship).selectinload(Review.members)]


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
    """Everything dated from `start` to `end` that the person may see, in date order. Each kind reads only its rows
    in the window (and the reviews they belong to), so a partnership of 150 reviews costs what one of 5 does."""
    candidates = visible_reviews(user)
    entries: list[Entry] = []
    if Kind.MEETING in kinds:
        entries += _meetings(user, candidates, start, end)
    if Kind.EVIDENCE in kinds:
        entries += _evidence(user, candidates, start, end)
    if Kind.CLOCK in kinds:
        settle(db.session)
        entries += _clocks(user, candidates, start, end, today)
    if Kind.ACTION in kinds:
        entries += _actions(user, candidates, start, end)
    if Kind.DUTY in kinds:
        entries += _duties(user, start, end)
    return sorted(entries, key=lambda e: (e.on, e.at or time.min, e.kind.value, e.title))
