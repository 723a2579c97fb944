"""Duty reminders: a notice before an occurrence falls due and chases once it is overdue, to the partnership's
coordinators and the owning agency's senior contact. Open occurrences past their date are moved to overdue.

Run daily for each partnership on the job queue (dhr/jobs), which also tops up the generated occurrences. Each
notice is recorded once per occurrence and period; a missed day catches up with the current period only. A notice
is an audit event, which the notifications' table tells the partnership's coordinators, emailed as each chose; the
owning agency's senior contact, who has no account, is emailed directly.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.audit.services import record
from dhr.auth.membership import members_of
from dhr.auth.models import User
from dhr.core.wording import counted
from dhr.duties import services
from dhr.duties.models import Duty, DutyOccurrence, DutyReminder
from dhr.duties.stages import OccurrenceStatus
from dhr.duties.workflow import transition
from dhr.extensions import db
from dhr.mail.services import send_mail
from dhr.partnerships.models import Partnership
from dhr.permissions import Role

OS = OccurrenceStatus


@dataclass
class DutyReminderRun:
    """What one run did."""

    due_soon: int = 0
    chases: int = 0
    now_overdue: int = 0
    generated: int = 0
    skipped: list[str] = field(default_factory=list)


def _send(occurrence: DutyOccurrence, kind: str, period: str, today: date, subject: str, lead: str) -> None:
    duty = occurrence.duty
    agency = duty.owner_agency
    to = [agency.senior_contact_email] if agency is not None and agency.senior_contact_email else []
    for address in to:
        send_mail(
            to=address,
            subject=subject,
            category=f"duty_{kind}",
            partnership_id=duty.partnership_id,
            body=(
                f"Hello,\n\n{lead}\n\nDuty {duty.code}: {duty.title}\nOccurrence: {occurrence.label}\n"
                f"Due: {occurrence.due_on:%d %B %Y}\nLegal basis: {duty.legal_basis}\n\n"
                "You have this email as the owning agency's senior contact.\n"
            ),
        )
    occurrence.reminders_sent.append(DutyReminder(kind=kind, period=period, sent_on=today, recipients=", ".join(to)))
    record(
        "duty.reminder_sent",
        f"{kind.replace('_', ' ').capitalize()} for {duty.code} {occurrence.label}",
        actor=None,
        obj=occurrence,
        partnership_id=duty.partnership_id,
        data={
            "duty": duty.code,
            "occurrence_id": occurrence.id,
            "label": occurrence.label,
            "kind": kind,
            "period": period,
            "recipients": len(to),
        },
    )


def _sent(occurrence: DutyOccurrence, kind: str, period: str) -> bool:
    return any(r.kind == kind and r.period == period for r in occurrence.reminders_sent)


def _anyone_to_tell(duty: Duty, coordinators: list[User]) -> bool:
    agency = duty.owner_agency
    return bool(coordinators) or (agency is not None and bool(agency.senior_contact_email))


def _coordinators(partnership_id: int) -> list[User]:
    users = db.session.scalars(
        select(User).where(members_of(partnership_id, active=True), User.active.is_(True)).order_by(User.id)
    )
    return [u for u in users if Role.COORDINATOR in u.role_set]


def send_duty_reminders(today: date, partnership_id: int | None = None) -> DutyReminderRun:
    """Top up occurrences, then send the notices and chases due today, in one partnership (or every one)."""
    run = DutyReminderRun()
    query = select(Partnership).order_by(Partnership.id)
    if partnership_id is not None:
        query = query.where(Partnership.id == partnership_id)
    for partnership in db.session.scalars(query).all():
        _remind_partnership(partnership, today, run)
    db.session.flush()
    return run


def _remind_partnership(partnership: Partnership, today: date, run: DutyReminderRun) -> None:
    notice = current_app.config["DUTY_NOTICE_DAYS"]
    interval = current_app.config["DUTY_CHASE_INTERVAL_DAYS"]
    run.generated += services.generate_occurrences(partnership, today)
    coordinators = _coordinators(partnership.id)
    occurrences = db.session.scalars(
        select(DutyOccurrence)
        .join(Duty)
        .where(
            Duty.partnership_id == partnership.id,
            Duty.active.is_(True),
            DutyOccurrence.status.in_([OS.NOT_STARTED, OS.IN_PROGRESS, OS.OVERDUE]),
        )
        .order_by(DutyOccurrence.due_on, DutyOccurrence.id)
        .options(selectinload(DutyOccurrence.reminders_sent))
    ).all()
    for occurrence in occurrences:
        duty = occurrence.duty
        days_late = (today - occurrence.due_on).days
        if not _anyone_to_tell(duty, coordinators):
            run.skipped.append(f"{duty.code} {occurrence.label}: nobody to tell")
            continue
        if -notice <= days_late <= 0 and not _sent(occurrence, "due_soon", "N"):
            when = "today" if days_late == 0 else f"in {-days_late} days"
            subject = f"Due {when}: {duty.code} {duty.title}"
            _send(occurrence, "due_soon", "N", today, subject, f"This statutory duty falls due {when}.")
            run.due_soon += 1
        elif days_late > 0:
            if occurrence.status is not OS.OVERDUE:
                transition(occurrence, OS.OVERDUE, actor=None, reason=f"Due {occurrence.due_on:%d %B %Y}")
                run.now_overdue += 1
            period = f"C{(days_late - 1) // interval}"
            if not _sent(occurrence, "overdue", period):
                subject = f"Overdue: {duty.code} {duty.title} ({counted(days_late, 'day')})"
                lead = f"This statutory duty was due {counted(days_late, 'day')} ago and is not recorded as met."
                _send(occurrence, "overdue", period, today, subject, lead)
                run.chases += 1
