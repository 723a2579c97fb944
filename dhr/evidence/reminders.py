"""Chasing evidence: reminders before and after the due date, and escalation to the agency's senior contact.

Run daily for each partnership on the job queue (dhr/jobs). Each step is recorded once (a unique row per step),
and a missed day catches up with the most recent step only, never a burst of old ones. A reminder is an audit
event, which the notifications' table tells the agency's contributors (and coordinators once overdue), emailed as
each chose; an escalation is also emailed to the agency's senior contact, who has no account.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.audit.services import record
from dhr.core.wording import counted
from dhr.evidence.models import AgencyInvolvement, EvidenceReminder, ReminderKind
from dhr.evidence.services import contributors
from dhr.evidence.stages import EvidenceStatus
from dhr.extensions import db
from dhr.mail.services import send_mail
from dhr.reviews.models import Review

OPEN = (EvidenceStatus.REQUESTED, EvidenceStatus.IN_PROGRESS, EvidenceStatus.RETURNED)


@dataclass
class ReminderRun:
    """What one run did."""

    reminders: int = 0
    escalations: int = 0
    skipped: list[str] = field(default_factory=list)


def _already(involvement, kind: ReminderKind, offset: int) -> bool:
    return any(r.kind is kind and r.offset_days == offset for r in involvement.reminders)


def _log(involvement, kind, offset, today, recipients) -> None:
    involvement.reminders.append(
        EvidenceReminder(kind=kind, offset_days=offset, sent_on=today, recipients=", ".join(recipients))
    )
    review = involvement.review
    record(
        "evidence.reminder_sent",
        f"{kind.label} for {involvement.agency.code} on {review.reference}",
        obj=involvement,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={"kind": kind.value, "offset_days": offset, "recipients": len(recipients)},
    )


def _remind(involvement, offset: int, days_late: int, today: date) -> list[str]:
    people = contributors(involvement.review, involvement.agency_id)
    kind = ReminderKind.BEFORE_DUE if offset < 0 else ReminderKind.OVERDUE
    _log(involvement, kind, offset, today, [p.email for p in people])
    return [p.email for p in people]


def _escalate(involvement, days_late: int, today: date) -> bool:
    agency, review = involvement.agency, involvement.review
    recipients = [agency.senior_contact_email] if agency.senior_contact_email else []
    late = counted(days_late, "day")
    for address in recipients:
        send_mail(
            to=address,
            subject=f"Escalation: {review.reference} evidence from {agency.name} is {late} overdue",
            category="evidence_escalation",
            partnership_id=review.partnership_id,
            body=(
                f"Hello,\n\n{agency.name}'s {involvement.output.label.lower()} for domestic abuse related death "
                f"review {review.reference} was due on {involvement.due_on:%d %B %Y} and is {late} "
                "overdue. Please make sure it is submitted, or contact the review's coordinator.\n\n"
                "You have this email as the agency's senior contact. It holds no names or case details.\n"
            ),
        )
    _log(involvement, ReminderKind.ESCALATION, current_app.config["EVIDENCE_ESCALATE_AFTER_DAYS"], today, recipients)
    return bool(recipients)


def send_reminders(today: date, partnership_id: int | None = None) -> ReminderRun:
    """Send whatever reminders and escalations are due today in one partnership (or, with none, every one)."""
    offsets = sorted(current_app.config["EVIDENCE_REMINDER_OFFSETS"])
    escalate_after = current_app.config["EVIDENCE_ESCALATE_AFTER_DAYS"]
    run = ReminderRun()
    query = select(AgencyInvolvement).where(AgencyInvolvement.status.in_(OPEN), AgencyInvolvement.due_on.is_not(None))
    if partnership_id is not None:
        query = query.join(Review, Review.id == AgencyInvolvement.review_id).where(
            Review.partnership_id == partnership_id
        )
    involvements = db.session.scalars(
        query.order_by(AgencyInvolvement.id).options(
            selectinload(AgencyInvolvement.reminders), selectinload(AgencyInvolvement.agency)
        )
    ).all()
    for involvement in involvements:
        days_late = (today - involvement.due_on).days
        passed = [offset for offset in offsets if offset <= days_late]
        if passed:
            latest = passed[-1]
            kind = ReminderKind.BEFORE_DUE if latest < 0 else ReminderKind.OVERDUE
            if not _already(involvement, kind, latest):
                if _remind(involvement, latest, days_late, today):
                    run.reminders += 1
                else:
                    run.skipped.append(f"{involvement.review.reference} {involvement.agency.code}: no contributor")
        if days_late >= escalate_after and not _already(involvement, ReminderKind.ESCALATION, escalate_after):
            if _escalate(involvement, days_late, today):
                run.escalations += 1
            else:
                run.skipped.append(f"{involvement.review.reference} {involvement.agency.code}: no senior contact")
    db.session.flush()
    return run
