"""The register's occurrences: generated from each duty's rule for a window around today (idempotent), and
evidence kept for them. Every change is audited."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.audit.services import record
from dhr.core.dates import london_today
from dhr.duties.models import Duty, DutyOccurrence, OccurrenceEvidence
from dhr.duties.rules import periods_for
from dhr.duties.stages import SCHEDULED, AppliesTo, OccurrenceStatus
from dhr.duties.workflow import DutyError
from dhr.extensions import db
from dhr.files.store import stored_file
from dhr.partnerships.models import Partnership

WINDOW_BACK, WINDOW_AHEAD = timedelta(days=400), timedelta(days=400)


def applies(duty: Duty, partnership) -> bool:
    """A two-tier-only duty does not apply to a unitary partnership such as Westminster."""
    return duty.applies_to is not AppliesTo.TWO_TIER or bool(getattr(partnership, "two_tier", False))


def generate_occurrences(partnership, today: date | None = None) -> int:
    """Create the occurrences due in the window around today that do not exist yet. Returns how many were added."""
    today = today or london_today()
    start, end = today - WINDOW_BACK, today + WINDOW_AHEAD
    duties = db.session.scalars(
        select(Duty)
        .where(Duty.partnership_id == partnership.id, Duty.active.is_(True), Duty.frequency.in_(SCHEDULED))
        .options(selectinload(Duty.occurrences))
    ).all()
    added = 0
    for duty in duties:
        if not applies(duty, partnership):
            continue
        have = {o.period_start for o in duty.occurrences}
        for period in periods_for(
            duty.frequency,
            start,
            end,
            due_month=duty.due_month or 4,
            due_day=duty.due_day or 1,
            anchor_year=duty.anchor_year or start.year,
        ):
            if period.start not in have:
                duty.occurrences.append(
                    DutyOccurrence(
                        label=period.label, period_start=period.start, period_end=period.end, due_on=period.due_on
                    )
                )
                added += 1
    db.session.flush()
    return added


def change_duty(duty: Duty, *, owner, officer: str, due_month, due_day, notes: str, active: bool, actor) -> None:
    """Change a duty's owner, due day, notes or whether it is in force (audited); a new due day replaces the
    untouched future occurrences and the register is topped up on the new day."""
    before = {"owner": duty.owner_agency_id, "due": [duty.due_month, duty.due_day], "active": duty.active}
    replaced = reschedule(duty, due_month=due_month, due_day=due_day)
    duty.owner_agency_id = owner.id if owner else None
    duty.owner_officer = officer.strip()
    duty.notes = notes.strip()
    duty.active = active
    record(
        "duty.changed",
        f"{actor.name} changed duty {duty.code}",
        actor=actor,
        obj=duty,
        partnership_id=duty.partnership_id,
        data={
            "before": before,
            "owner": duty.owner_agency_id,
            "due": [due_month, due_day],
            "active": active,
            "occurrences_replaced": replaced,
        },
    )
    generate_occurrences(db.session.get(Partnership, duty.partnership_id))


def reschedule(duty: Duty, *, due_month: int | None, due_day: int | None) -> int:
    """Change an annual duty's due day. Generated occurrences not yet due and untouched (not started, no evidence,
    no history) are replaced by ones on the new day; the caller regenerates. Returns how many were replaced."""
    if (duty.due_month, duty.due_day) == (due_month, due_day):
        return 0
    today = london_today()
    stale = [
        o
        for o in duty.occurrences
        if o.due_on >= today and o.status is OccurrenceStatus.NOT_STARTED and not o.evidence and not o.changes
    ]
    for occurrence in stale:
        duty.occurrences.remove(occurrence)
    duty.due_month, duty.due_day = due_month, due_day
    db.session.flush()
    return len(stale)


def add_occurrence(duty: Duty, *, label: str, due_on: date, actor, period_start: date | None = None):
    """Record an occurrence of an event-driven or on-request duty (a PCC request, a new plan to send)."""
    if not label.strip():
        raise DutyError("Enter what the occurrence is, for example 'PCC meeting, March 2027'", "label")
    start = period_start or due_on
    if any(o.period_start == start for o in duty.occurrences):
        raise DutyError("This duty already has an occurrence starting on that date", "due_on")
    occurrence = DutyOccurrence(label=label.strip(), period_start=start, period_end=due_on, due_on=due_on)
    duty.occurrences.append(occurrence)
    db.session.flush()
    record(
        "duty.occurrence_added",
        f"{actor.name} added {duty.code} {occurrence.label}",
        actor=actor,
        obj=occurrence,
        partnership_id=occurrence.duty.partnership_id,
        data={"duty": occurrence.duty.code, "occurrence_id": occurrence.id, "label": occurrence.label},
    )
    return occurrence


def add_evidence(occurrence: DutyOccurrence, *, upload, description: str, actor) -> OccurrenceEvidence:
    """Keep a file (already passed by files.guard.check_upload) as evidence that the duty was met."""
    stored = stored_file(upload, partnership_id=occurrence.duty.partnership_id, actor=actor)
    item = OccurrenceEvidence(file=stored, description=description.strip(), uploaded_by_id=actor.id)
    occurrence.evidence.append(item)
    db.session.flush()
    record(
        "duty.evidence_added",
        f"{actor.name} added evidence {upload.filename} to {occurrence.duty.code} {occurrence.label}",
        actor=actor,
        obj=occurrence,
        partnership_id=occurrence.duty.partnership_id,
        data={
            "duty": occurrence.duty.code,
            "occurrence_id": occurrence.id,
            "label": occurrence.label,
            "file_id": stored.id,
            "sha256": upload.sha256,
        },
    )
    return item
