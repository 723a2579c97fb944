"""Meeting queries for pages and for other modules (report drafting, Word output). Each loads what it returns in
a fixed number of queries, however many meetings, items or people there are."""

from datetime import date, time

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.meetings.models import AgendaItem, Attendee, Meeting, MeetingAction, MeetingStatusChange
from dhr.meetings.stages import PANEL_KINDS, MeetingKind, MeetingStatus
from dhr.reviews.models import Review, ReviewMember


def _in_order(meetings) -> list[Meeting]:
    # Sorted here rather than in SQL: engines disagree on where a missing start time sorts.
    return sorted(meetings, key=lambda m: (m.meeting_on, m.starts_at or time.min, m.id))


def _full():
    return (
        selectinload(Meeting.agenda_items),
        selectinload(Meeting.attendees).selectinload(Attendee.agency),
    )


def meetings_for(review) -> list[Meeting]:
    """The review's held meetings in date order, with agenda items and attendance (and agencies) loaded."""
    rows = db.session.scalars(
        select(Meeting)
        .where(Meeting.review_id == review.id, Meeting.status == MeetingStatus.HELD)
        .options(*_full(), selectinload(Meeting.actions))
    )
    return _in_order(rows)


def all_meetings(review) -> list[Meeting]:
    """Every meeting of the review, whatever its status, in date order, with agenda items and actions loaded."""
    rows = db.session.scalars(
        select(Meeting)
        .where(Meeting.review_id == review.id)
        .options(selectinload(Meeting.agenda_items), selectinload(Meeting.actions))
    )
    return _in_order(rows)


def meeting_page(review, meeting_id: int) -> Meeting | None:
    """One meeting of this review with everything its page shows, or None (another review's id included)."""
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id, Meeting.review_id == review.id)
        .options(
            *_full(),
            selectinload(Meeting.actions).selectinload(MeetingAction.owner),
            selectinload(Meeting.actions).selectinload(MeetingAction.done_by),
            selectinload(Meeting.actions).selectinload(MeetingAction.agenda_item),
            selectinload(Meeting.changes).selectinload(MeetingStatusChange.actor),
        )
    )


def panel_meeting_dates(review) -> list[date]:
    """Dates of the held panel meetings (the first and later ones), oldest first: for the report's Timescales."""
    return list(
        db.session.scalars(
            select(Meeting.meeting_on)
            .where(
                Meeting.review_id == review.id,
                Meeting.status == MeetingStatus.HELD,
                Meeting.kind.in_(PANEL_KINDS),
            )
            .order_by(Meeting.meeting_on)
        )
    )


def first_panel_meeting_on(review) -> date | None:
    """When the panel first met: the earliest held first-panel (or, failing that, panel) meeting."""
    return db.session.scalar(
        select(func.min(Meeting.meeting_on)).where(
            Meeting.review_id == review.id,
            Meeting.status == MeetingStatus.HELD,
            Meeting.kind.in_(PANEL_KINDS),
        )
    )


def has_first_panel_meeting(review) -> bool:
    """Whether a first panel meeting is planned or held (a cancelled one does not count)."""
    return (
        db.session.scalar(
            select(Meeting.id).where(
                Meeting.review_id == review.id,
                Meeting.kind == MeetingKind.FIRST_PANEL,
                Meeting.status != MeetingStatus.CANCELLED,
            )
        )
        is not None
    )


def open_actions(review, today: date | None = None) -> list[MeetingAction]:
    """Actions not yet done across all the review's meetings: overdue first, then by due date."""
    today = today or london_today()
    rows = db.session.scalars(
        select(MeetingAction)
        .where(MeetingAction.review_id == review.id, MeetingAction.done_on.is_(None))
        .options(
            selectinload(MeetingAction.meeting),
            selectinload(MeetingAction.owner),
            selectinload(MeetingAction.agenda_item),
        )
    )
    return sorted(rows, key=lambda a: (not a.overdue(today), a.due_on, a.id))


def load_members(review) -> None:
    """Load the review's members with their users and agencies (the attendance list and action owners use them)."""
    db.session.scalars(
        select(Review)
        .where(Review.id == review.id)
        .options(
            selectinload(Review.members).selectinload(ReviewMember.user),
            selectinload(Review.members).selectinload(ReviewMember.agency),
        )
    ).all()


def item_in_meeting(meeting: Meeting, item_id: int) -> AgendaItem | None:
    """An agenda item of this meeting, from what is loaded."""
    return next((item for item in meeting.agenda_items if item.id == item_id), None)
