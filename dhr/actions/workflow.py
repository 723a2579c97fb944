"""The one way an action's status changes: transition(), checked against the table, with a history row and an
audit event in the same transaction."""

from datetime import date
from typing import Any

from dhr.actions.models import Action, ActionStatusChange
from dhr.actions.stages import ACTION_TRANSITIONS, NEEDS_REASON, ActionStatus
from dhr.core import clock
from dhr.core.dates import london_today
from dhr.core.errors import DomainError
from dhr.core.workflow import Machine
from dhr.extensions import db

A = ActionStatus


class ActionError(DomainError):
    """A change the rules refuse; `field` names the form field the message belongs to."""


def completion_problems(action: Action) -> list[tuple[str, str]]:
    """What is missing before completion can be asked for or approved: (message, field)."""
    problems = []
    if not action.outcome.strip():
        problems.append(("Enter the outcome: what was done and what difference it made", "outcome"))
    if not action.evidence:
        problems.append(("Add at least one piece of evidence that the action was done", "evidence"))
    return problems


MACHINE = Machine(
    name="action",
    states=ActionStatus,
    table=ACTION_TRANSITIONS,
    history=ActionStatusChange,
    owner="plan_action",
    refusal="An action that is {current} cannot become {target}",
    needs_reason=NEEDS_REASON,
)


def transition(action: Action, target: ActionStatus, *, actor: Any, reason: str = "") -> ActionStatusChange:
    """Move the action to `target`, or raise a DomainError saying why not."""
    current = action.status
    MACHINE.refuse(current, target, reason or "")
    if target in (A.COMPLETION_REQUESTED, A.COMPLETED):
        problems = completion_problems(action)
        if problems:
            raise ActionError(*problems[0])

    def effects() -> None:
        if target is A.COMPLETED:
            action.approved_by_id = actor.id if actor else None
            action.approved_at = clock.now()
            action.completed_on = action.completed_on or london_today()
        if current is A.COMPLETED or (current is A.COMPLETION_REQUESTED and target is not A.COMPLETED):
            action.approved_by_id = None
            action.approved_at = None
            action.completed_on = None

    who = actor.name if actor else "The reminder service"
    reason = (reason or "").strip()
    change: ActionStatusChange = MACHINE.move(
        action,
        target,
        actor=actor,
        reason=reason,
        summary=f"{who} moved action {action.label} of {action.review.reference}: {current.label} to {target.label}",
        effects=effects,
        audit={
            "review": action.review,
            "data": {"action_id": action.id, "label": action.label, "reason": reason},
        },
    )
    db.session.flush()
    return change


def shown_status(action: Action, today: date | None = None) -> ActionStatus:
    """The status to show: an open action past its target date is overdue even before the nightly job says so."""
    today = today or london_today()
    if action.status in (A.NOT_STARTED, A.ON_TRACK, A.AT_RISK) and action.target_on and action.target_on < today:
        return A.OVERDUE
    return action.status
