"""The one way an action's status changes: transition(), checked against the table, with a history row and an
audit event in the same transaction."""

from dhr.actions.models import Action, ActionStatusChange
from dhr.actions.stages import ACTION_TRANSITIONS, NEEDS_REASON, ActionStatus
from dhr.audit.services import record
from dhr.core import clock
from dhr.core.dates import london_today
from dhr.extensions import db

A = ActionStatus


class ActionError(Exception):
    """A change the rules refuse; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def completion_problems(action: Action) -> list[tuple[str, str]]:
    """What is missing before completion can be asked for or approved: (message, field)."""
    problems = []
    if not action.outcome.strip():
        problems.append(("Enter the outcome: what was done and what difference it made", "outcome"))
    if not action.evidence:
        problems.append(("Add at least one piece of evidence that the action was done", "evidence"))
    return problems


def audit(action: Action, verb: str, summary: str, *, actor, data: dict | None = None) -> None:
    """An audit event about an action, on its review."""
    record(
        f"action.{verb}",
        summary,
        actor=actor,
        obj=action,
        review_id=action.review_id,
        partnership_id=action.review.partnership_id,
        data={"action_id": action.id, "label": action.label, **(data or {})},
    )


def transition(action: Action, target: ActionStatus, *, actor, reason: str = "") -> ActionStatusChange:
    """Move the action to `target`, or raise ActionError saying why not."""
    current = action.status
    reason = (reason or "").strip()
    if target not in ACTION_TRANSITIONS[current]:
        raise ActionError(f"An action that is {current.label.lower()} cannot become {target.label.lower()}", "status")
    if (current, target) in NEEDS_REASON and not reason:
        raise ActionError("Enter the reason", "reason")
    if target in (A.COMPLETION_REQUESTED, A.COMPLETED):
        problems = completion_problems(action)
        if problems:
            raise ActionError(*problems[0])
    if target is A.COMPLETED:
        action.approved_by_id = actor.id if actor else None
        action.approved_at = clock.now()
        action.completed_on = action.completed_on or london_today()
    if current is A.COMPLETED or (current is A.COMPLETION_REQUESTED and target is not A.COMPLETED):
        action.approved_by_id = None
        action.approved_at = None
        action.completed_on = None
    action.status = target
    change = ActionStatusChange(
        plan_action=action, from_status=current, to_status=target, actor_id=actor.id if actor else None, reason=reason
    )
    db.session.add(change)
    who = actor.name if actor else "The reminder service"
    audit(
        action,
        target.value,
        f"{who} moved action {action.label} of {action.review.reference}: {current.label} to {target.label}",
        actor=actor,
        data={"from": current.value, "to": target.value, "reason": reason},
    )
    db.session.flush()
    return change


def shown_status(action: Action, today=None) -> ActionStatus:
    """The status to show: an open action past its target date is overdue even before the nightly job says so."""
    today = today or london_today()
    if action.status in (A.NOT_STARTED, A.ON_TRACK, A.AT_RISK) and action.target_on and action.target_on < today:
        return A.OVERDUE
    return action.status
