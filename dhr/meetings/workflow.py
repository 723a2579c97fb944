"""The one way a meeting's status moves: change_status(), checked against the table, with a history row and
an audit event in the same transaction."""

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from dhr.core.dates import london_today
from dhr.core.errors import DomainError
from dhr.core.workflow import Machine
from dhr.extensions import db
from dhr.meetings.models import Meeting, MeetingStatusChange
from dhr.meetings.stages import MEETING_TRANSITIONS, NEEDS_REASON, MeetingKind, MeetingStatus

if TYPE_CHECKING:
    from dhr.reviews.models import Review

S = MeetingStatus


class MeetingError(DomainError):
    """A meeting rule was broken; the message is fit to show the user, next to `field` when there is one."""


MACHINE = Machine(
    name="meeting",
    states=MeetingStatus,
    table=MEETING_TRANSITIONS,
    history=MeetingStatusChange,
    owner="meeting",
    refusal="A meeting that is {current} cannot become {target}",
    field="target",
    needs_reason=NEEDS_REASON,
    reason_message={
        S.CANCELLED: "Enter why the meeting was cancelled",
        S.PLANNED: "Enter why the meeting did not take place",
    },
)


def check_first_panel(review: "Review", kind: MeetingKind, meeting: Meeting | None = None) -> None:
    """A review has one first panel meeting (cancelled ones aside): the report's Timescales rely on it."""
    if kind is not MeetingKind.FIRST_PANEL:
        return
    other = db.session.scalars(
        select(Meeting).where(
            Meeting.review_id == review.id,
            Meeting.kind == MeetingKind.FIRST_PANEL,
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.id != (meeting.id if meeting is not None and meeting.id else -1),
        )
    ).first()
    if other is not None:
        raise MeetingError(
            f"This review already has a first panel meeting ({other.meeting_on.day} {other.meeting_on:%B %Y}). "
            "Choose 'Panel meeting' for later meetings",
            "kind",
        )


def change_status(meeting: Meeting, target: MeetingStatus, *, actor: Any, reason: str = "") -> MeetingStatusChange:
    """Move the meeting to `target`: held only on or after its date, reinstated only if it leaves one first panel."""
    current = meeting.status
    MACHINE.refuse(current, target, reason)
    if target is S.HELD and meeting.meeting_on > london_today():
        raise MeetingError("The meeting date is in the future. Change the date first if it was held early", "target")
    if current is S.CANCELLED:
        check_first_panel(meeting.review, meeting.kind, meeting)
    change: MeetingStatusChange = MACHINE.move(
        meeting,
        target,
        actor=actor,
        reason=reason,
        summary=f"{actor.name} moved the {meeting.named}: {current.label} to {target.label}",
        audit={
            "review": meeting.review,
            "data": {"meeting_id": meeting.id},
        },
    )
    db.session.flush()
    return change
