"""Chasing actions: a periodic update request before the target date (quarterly by default), overdue chases after
it, and escalation to the lead agency's senior contact. An open action past its target is moved to overdue.

Run daily by `flask dhr send-action-reminders`. Each request or chase is sent once per period (a unique row per
action, kind and period), and a missed day catches up with the current period only, never a burst of old ones.
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
from dhr.extensions import db
from dhr.mail.services import send_mail

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


def _mail(action: Action, to: list[tuple[str, str]], subject: str, lead: str, category: str) -> None:
    review = action.review
    target = f"{action.target_on:%d %B %Y}" if action.target_on else "not set"
    for address, name in to:
        send_mail(
            to=address,
            subject=subject,
            category=category,
            partnership_id=review.partnership_id,
            body=(
                f"Dear {name},\n\n{lead}\n\nReview: {review.reference}\nAction {action.label}: {action.action}\n"
                f"Lead agency: {action.lead_agency.name}\nTarget date: {target}\n"
                f"Status: {action.status.label}\n\n"
                "Sign in to DHR Case Manager to add a progress update, add evidence or report the action done.\n"
            ),
        )


def _done(action: Action, kind: ReminderKind, period: str) -> bool:
    return any(r.kind is kind and r.period == period for r in action.reminders_sent)


def _remind(action: Action, kind: ReminderKind, period: str, today: date, subject: str, lead: str) -> bool:
    people = _people(action)
    if not people:
        return False
    _mail(action, [(p.email, p.name) for p in people], subject, lead, f"action_{kind.value}")
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
    subject = f"Update requested: {action.review.reference} action {action.label}"
    lead = "Please add a progress update on this action from a domestic abuse related death review."
    if _remind(action, ReminderKind.UPDATE_REQUEST, f"U{period}", today, subject, lead):
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
        subject = f"Overdue: {action.review.reference} action {action.label} is {days_late} days late"
        lead = f"This action passed its target date {days_late} days ago. Please update it or report it done."
        if _remind(action, ReminderKind.OVERDUE, f"C{chase}", today, subject, lead):
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
        subject = f"Escalation: {action.review.reference} action {action.label} is {days_late} days overdue"
        lead = (
            f"An action led by {agency.name} from a domestic abuse related death review is {days_late} days past "
            "its target date. Please make sure it is completed, or agree a new date with the partnership."
        )
        _mail(
            action,
            [(agency.senior_contact_email, agency.senior_contact_name or "colleague")],
            subject,
            lead,
            "action_escalation",
        )
        _sent(action, ReminderKind.ESCALATION, "E", today, [agency.senior_contact_email])
        run.escalations += 1


def send_action_reminders(today: date) -> ActionReminderRun:
    """Send whatever update requests, chases and escalations are due today across every partnership."""
    run = ActionReminderRun()
    actions = db.session.scalars(
        select(Action)
        .where(Action.status.not_in(NOT_CHASED), Action.target_on.is_not(None))
        .order_by(Action.id)
        .options(
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
