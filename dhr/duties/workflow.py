"""The one way an occurrence's status changes: transition(), checked against the table, with a history row and an
audit event in the same transaction. Recording the date met decides between met and met late."""

from datetime import date
from typing import Any

from dhr.core.dates import london_today
from dhr.core.errors import DomainError
from dhr.core.workflow import Machine
from dhr.duties.models import DutyOccurrence, OccurrenceChange
from dhr.duties.stages import NEEDS_REASON, OCCURRENCE_TRANSITIONS, OccurrenceStatus
from dhr.extensions import db

OS = OccurrenceStatus


class DutyError(DomainError):
    """A change the rules refuse; `field` names the form field the message belongs to."""


MACHINE = Machine(
    name="duty",
    states=OccurrenceStatus,
    table=OCCURRENCE_TRANSITIONS,
    history=OccurrenceChange,
    owner="occurrence",
    refusal="An occurrence that is {current} cannot become {target}",
    needs_reason=NEEDS_REASON,
)


def transition(
    occurrence: DutyOccurrence, target: OccurrenceStatus, *, actor: Any, reason: str = "", met_on: date | None = None
) -> OccurrenceChange:
    """Move the occurrence to `target`, or raise a DomainError saying why not. Met needs `met_on`."""
    current = occurrence.status
    reason = (reason or "").strip()
    MACHINE.refuse(current, target, reason)
    if target in (OS.MET, OS.MET_LATE) and met_on is None:
        raise DutyError("Enter the date the duty was met", "met_on")
    duty = occurrence.duty  # loaded before any field changes: the database checks status and fields together

    def effects() -> None:
        if target in (OS.MET, OS.MET_LATE):
            occurrence.met_on, occurrence.met_by_id = met_on, actor.id
        elif current in (OS.MET, OS.MET_LATE):
            occurrence.met_on, occurrence.met_by_id = None, None
        if target is OS.NOT_APPLICABLE:
            occurrence.reason = reason
        elif current is OS.NOT_APPLICABLE:
            occurrence.reason = ""

    who = actor.name if actor else "The reminder service"
    change: OccurrenceChange = MACHINE.move(
        occurrence,
        target,
        actor=actor,
        reason=reason,
        summary=f"{who} moved {duty.code} {occurrence.label}: {current.label} to {target.label}",
        audit={
            "partnership_id": duty.partnership_id,
            "data": {"duty": duty.code, "occurrence_id": occurrence.id, "label": occurrence.label, "reason": reason},
        },
        effects=effects,
    )
    db.session.flush()
    return change


def mark_met(occurrence: DutyOccurrence, *, met_on: date, actor: Any) -> OccurrenceChange:
    """Record the date the duty was met and who met it: met by the due date, met late after it."""
    if met_on > london_today():
        raise DutyError("The date met must be today or in the past", "met_on")
    target = OS.MET if met_on <= occurrence.due_on else OS.MET_LATE
    return transition(occurrence, target, actor=actor, met_on=met_on)


def shown_status(occurrence: DutyOccurrence, today: date | None = None) -> OccurrenceStatus:
    """An open occurrence past its due date shows as overdue even before the daily job moves it."""
    today = today or london_today()
    if occurrence.status in (OS.NOT_STARTED, OS.IN_PROGRESS) and occurrence.due_on < today:
        return OS.OVERDUE
    return occurrence.status


def is_overdue(occurrence: DutyOccurrence, today: date | None = None) -> bool:
    """Whether the occurrence counts as overdue on `today` (London's by default): the one test every page uses."""
    return shown_status(occurrence, today) is OS.OVERDUE
