"""Chasing actions: a periodic update request before the target date (quarterly by default), overdue chases after
it, and escalation to the lead agency's senior contact. An open action past its target is moved to overdue.

Run daily for each partnership on the job queue (dhr/jobs). Each request or chase is recorded once per period (a
unique row per action, kind and period), and a missed day catches up with the current period only, never a burst
of old ones. A request or chase is an audit event, which the notifications' table tells the action's owner and the
lead agency's contributors, emailed as each chose; an escalation is also emailed to the lead agency's senior
contact, who has no account.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.actions.access import acts_for
from dhr.actions.models import Action, ActionReminder
from dhr.actions.stages import CLOSED, ActionStatus, ReminderKind
from dhr.actions.workflow import transition
from dhr.audit.services import record
from dhr.core.dates import LONDON
from dhr.core.wording import counted
from dhr.extensions import db
from dhr.mail.services import send_mail
from dhr.reviews.models import Review

A = ActionStatus
NOT_CHASED = CLOSED | {A.COMPLETION_REQUESTED}  # done, or waiting for the coordinator rather than the agency
FALLEN_BEHIND = (A.NOT_STARTED, A.ON_TRACK, A.AT_RISK)


@dataclass
class ActionReminderRun:
    """What one run did."""

    update_requests: int = 0
    chases: int = 0
    escalations: int = 0
    now_overdue: int = 0
    skipped: list[str] = field(default_factory=list)


def _people(action: Action) -> list:
    """The named owner and the lead agency's contributors on the review who can sign in."""
    people = [m.user for m in action.review.members if acts_for(m.user, action)]
    if action.owner is not None and action.owner not in people and action.owner.is_active:
        people.insert(0, action.owner)
    return [p for p in dict.fromkeys(people) if p.is_active]


def _sent(action: Action, kind: ReminderKind, period: str, today: date, recipients: list[str]) -> None:
    action.reminders_sent.append(
        ActionReminder(kind=kind, period=period, sent_on=today, recipients=", ".join(recipients))
    )
    record(
        "action.reminder_sent",
        f"{kind.label} for action {action.label} of {action.review.reference}",
        actor=None,
        obj=action,
        review=action.review,
        data={
            "action_id": action.id,
            "label": action.label,
            "kind": kind.value,
            "period": period,
            "recipients": len(recipients),
        },
    )


def _escalation_mail(action: Action, days_late: int) -> None:
    agency, review = action.lead_agency, action.review
    send_mail(
        to=agency.senior_contact_email,
        subject=f"Escalation: {review.reference} action {action.label} is {counted(days_late, 'day')} overdue",
        category="action_escalation",
        partnership_id=review.partnership_id,
        body=(
            f"Hello,\n\nAction {action.label} of domestic abuse related death review {review.reference}, led by "
            f"{agency.name}, is {counted(days_late, 'day')} past its target date. Please make sure it is completed, "
            "or agree a new date with the partnership.\n\n"
            "You have this email as the agency's senior contact. It holds no names or case details.\n"
        ),
    )


def _done(action: Action, kind: ReminderKind, period: str) -> bool:
    return any(r.kind is kind and r.period == period for r in action.reminders_sent)


def _remind(action: Action, kind: ReminderKind, period: str, today: date) -> bool:
    people = _people(action)
    if not people:
        return False
    _sent(action, kind, period, today, [p.email for p in people])
    return True


def _before_target(action: Action, today: date, run: ActionReminderRun) -> None:
    interval = current_app.config["ACTION_UPDATE_INTERVAL_DAYS"]
    started = action.created_at.astimezone(LONDON).date()
    period = (today - started).days // interval
    if period < 1 or _done(action, ReminderKind.UPDATE_REQUEST, f"U{period}"):
        return
    latest = action.updates[0].written_on if action.updates else None
    if latest and (today - latest).days < interval:
        return  # the agency has reported within the period: nothing to ask for
    if _remind(action, ReminderKind.UPDATE_REQUEST, f"U{period}", today):
        run.update_requests += 1
    else:
        run.skipped.append(f"{action.review.reference} {action.label}: no owner or contributor to ask")


def _after_target(action: Action, today: date, run: ActionReminderRun) -> None:
    days_late = (today - action.target_on).days
    if action.status in FALLEN_BEHIND:
        transition(action, A.OVERDUE, actor=None, reason=f"The target date, {action.target_on:%d %B %Y}, passed")
        run.now_overdue += 1
    chase = (days_late - 1) // current_app.config["ACTION_CHASE_INTERVAL_DAYS"]
    if not _done(action, ReminderKind.OVERDUE, f"C{chase}"):
        if _remind(action, ReminderKind.OVERDUE, f"C{chase}", today):
            run.chases += 1
        else:
            run.skipped.append(f"{action.review.reference} {action.label}: no owner or contributor to chase")
    if days_late >= current_app.config["ACTION_ESCALATE_AFTER_DAYS"] and not _done(
        action, ReminderKind.ESCALATION, "E"
    ):
        agency = action.lead_agency
        if not agency.senior_contact_email:
            run.skipped.append(f"{action.review.reference} {action.label}: {agency.code} has no senior contact")
            return
        _escalation_mail(action, days_late)
        _sent(action, ReminderKind.ESCALATION, "E", today, [agency.senior_contact_email])
        run.escalations += 1


def send_action_reminders(today: date, partnership_id: int | None = None) -> ActionReminderRun:
    """Send whatever update requests, chases and escalations are due today in one partnership (or every one)."""
    run = ActionReminderRun()
    query = select(Action).where(Action.status.not_in(NOT_CHASED), Action.target_on.is_not(None))
    if partnership_id is not None:
        query = query.join(Review, Review.id == Action.review_id).where(Review.partnership_id == partnership_id)
    actions = db.session.scalars(
        query.order_by(Action.id).options(
            selectinload(Action.reminders_sent),
            selectinload(Action.updates),
            selectinload(Action.lead_agency),
            selectinload(Action.owner),
        )
    ).all()
    for action in actions:
        if today <= action.target_on:
            _before_target(action, today, run)
        else:
            _after_target(action, today, run)
    db.session.flush()
    return run
