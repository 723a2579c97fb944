"""The one way an occurrence's status changes: transition(), checked against the table, with a history row and an
audit event in the same transaction. Recording the date met decides between met and met late."""

from datetime import date

from dhr.audit.services import record
from dhr.core.dates import london_today
from dhr.duties.models import DutyOccurrence, OccurrenceChange
from dhr.duties.stages import NEEDS_REASON, OCCURRENCE_TRANSITIONS, OccurrenceStatus
from dhr.extensions import db

OS = OccurrenceStatus


class DutyError(Exception):
    """A change the rules refuse; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def audit(occurrence: DutyOccurrence, verb: str, summary: str, *, actor, data: dict | None = None) -> None:
    """An audit event about an occurrence, on the partnership."""
    duty = occurrence.duty
    record(
        f"duty.{verb}",
        summary,
        actor=actor,
        obj=occurrence,
        partnership_id=duty.partnership_id,
        data={"duty": duty.code, "occurrence_id": occurrence.id, "label": occurrence.label, **(data or {})},
    )


def transition(occurrence: DutyOccurrence, target: OccurrenceStatus, *, actor, reason: str = "") -> OccurrenceChange:
    """Move the occurrence to `target`, or raise DutyError saying why not."""
    current = occurrence.status
    reason = (reason or "").strip()
    if target not in OCCURRENCE_TRANSITIONS[current]:
        raise DutyError(f"An occurrence that is {current.label.lower()} cannot become {target.label.lower()}", "status")
    if (current, target) in NEEDS_REASON and not reason:
        raise DutyError("Enter the reason", "reason")
    if target in (OS.MET, OS.MET_LATE) and occurrence.met_on is None:
        raise DutyError("Enter the date the duty was met", "met_on")
    if current in (OS.MET, OS.MET_LATE):
        occurrence.met_on, occurrence.met_by_id = None, None
    occurrence.status = target
    if target is OS.NOT_APPLICABLE:
        occurrence.reason = reason
    elif current is OS.NOT_APPLICABLE:
        occurrence.reason = ""
    change = OccurrenceChange(
        occurrence=occurrence,
        from_status=current,
        to_status=target,
        actor_id=actor.id if actor else None,
        reason=reason,
    )
    db.session.add(change)
    who = actor.name if actor else "The reminder service"
    audit(
        occurrence,
        target.value,
        f"{who} moved {occurrence.duty.code} {occurrence.label}: {current.label} to {target.label}",
        actor=actor,
        data={"from": current.value, "to": target.value, "reason": reason},
    )
    db.session.flush()
    return change


def mark_met(occurrence: DutyOccurrence, *, met_on: date, actor) -> OccurrenceChange:
    """Record the date the duty was met and who met it: met by the due date, met late after it."""
    if met_on > london_today():
        raise DutyError("The date met must be today or in the past", "met_on")
    occurrence.met_on = met_on
    occurrence.met_by_id = actor.id
    return transition(occurrence, OS.MET if met_on <= occurrence.due_on else OS.MET_LATE, actor=actor)


def shown_status(occurrence: DutyOccurrence, today: date | None = None) -> OccurrenceStatus:
    """An open occurrence past its due date shows as overdue even before the daily job moves it."""
    today = today or london_today()
    if occurrence.status in (OS.NOT_STARTED, OS.IN_PROGRESS) and occurrence.due_on < today:
        return OS.OVERDUE
    return occurrence.status
