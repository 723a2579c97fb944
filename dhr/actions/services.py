"""Actions: adding and changing them, dated progress updates, evidence files, asking for completion and the
coordinator's approval. Status moves go through workflow.transition()."""

from datetime import date

from sqlalchemy import func, select

from dhr.actions.models import Action, ActionEvidence, ActionUpdate
from dhr.actions.stages import PROGRESS_CHOICES, ActionStatus
from dhr.actions.workflow import ActionError, completion_problems, transition
from dhr.audit.services import record
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.files.store import stored_file

A = ActionStatus


def _check_fields(action_text: str, lead_agency, review) -> None:
    if not action_text.strip():
        raise ActionError("Enter the action to take", "action")
    if lead_agency is None or lead_agency.partnership_id != review.partnership_id:
        raise ActionError("Select the lead agency", "lead_agency")


def save_action(
    recommendation,
    *,
    action_text: str,
    lead_agency,
    owner,
    owner_name: str,
    milestones: str,
    target_on: date | None,
    actor,
    action: Action | None = None,
) -> Action:
    """Add an action under the recommendation (numbered after the last) or change one's Home Office columns."""
    review = recommendation.review
    _check_fields(action_text, lead_agency, review)
    if owner is not None and owner.membership_in(review.partnership_id) is None:
        raise ActionError("Select the owner from the list", "owner")
    if owner is not None and owner.agency_id_in(review.partnership_id) != lead_agency.id:
        raise ActionError(
            f"The owner must work for the lead agency: choose someone from {lead_agency.name}, or enter the name of "
            "someone without an account",
            "owner",
        )
    new = action is None
    if new:
        last = db.session.scalar(select(func.max(Action.position)).where(Action.recommendation_id == recommendation.id))
        action = Action(review_id=review.id, position=(last or 0) + 1, created_by_id=actor.id, status=A.NOT_STARTED)
        action.recommendation = recommendation
        action.review = review
        db.session.add(action)
    action.action = action_text.strip()
    action.lead_agency = lead_agency
    action.owner = owner
    action.owner_id = owner.id if owner is not None else None
    action.owner_name = "" if owner is not None else owner_name.strip()
    action.milestones = milestones.strip()
    action.target_on = target_on
    db.session.flush()
    if owner is not None:
        _give_access(review, owner, lead_agency, actor)
    record(
        f"action.{'added' if new else 'changed'}",
        f"{actor.name} {'added' if new else 'changed'} action {action.label} of {review.reference}",
        actor=actor,
        obj=action,
        review=action.review,
        data={
            "action_id": action.id,
            "label": action.label,
            "lead_agency": lead_agency.code,
            "target_on": target_on.isoformat() if target_on else None,
        },
    )
    return action


def _give_access(review, owner, lead_agency, actor) -> None:
    """A named owner who cannot open the review yet joins it as their agency's contributor (audited), so that the
    action's pages, which sit inside the review, open for them. Only someone who manages the review's members may
    add them; others are told to ask."""
    from dhr.permissions import Permission, ReviewRole, can
    from dhr.reviews.services import add_member

    if can(owner, Permission.VIEW_REVIEW, review) or any(m.user_id == owner.id for m in review.members):
        return
    if not can(actor, Permission.MANAGE_MEMBERS, review):
        raise ActionError(
            f"{owner.name} is not on this review: ask the coordinator to add them, or enter the owner's name instead",
            "owner",
        )
    add_member(review, user=owner, role=ReviewRole.AGENCY_CONTRIBUTOR, agency=lead_agency, actor=actor)


def add_update(action: Action, *, text: str, status: ActionStatus, actor, written_on: date | None = None):
    """A dated progress update; the status it reports becomes the action's status."""
    if not action.status.is_open or action.status is A.COMPLETION_REQUESTED:
        raise ActionError("This action is not open for updates. Reopen it first", "text")
    if not text.strip():
        raise ActionError("Enter what has happened since the last update", "text")
    if status not in PROGRESS_CHOICES:
        raise ActionError("Select on track, at risk or overdue", "status")
    update = ActionUpdate(written_on=written_on or london_today(), text=text.strip(), status=status, author_id=actor.id)
    action.updates.insert(0, update)
    db.session.flush()
    record(
        "action.update_added",
        f"{actor.name} added a progress update to action {action.label}",
        actor=actor,
        obj=action,
        review=action.review,
        data={"action_id": action.id, "label": action.label},
    )
    if status is not action.status:
        transition(action, status, actor=actor)
    return update


def add_evidence(action: Action, *, upload, description: str, actor) -> ActionEvidence:
    """Keep a file (already passed by files.guard.check_upload) as evidence for the action."""
    if action.status in (A.COMPLETED, A.SUPERSEDED):
        raise ActionError("This action is closed. Reopen it to add evidence", "file")
    stored = stored_file(upload, partnership_id=action.review.partnership_id, actor=actor)
    item = ActionEvidence(file=stored, description=description.strip(), uploaded_by_id=actor.id)
    action.evidence.append(item)
    db.session.flush()
    record(
        "action.evidence_added",
        f"{actor.name} added evidence {upload.filename} to action {action.label}",
        actor=actor,
        obj=action,
        review=action.review,
        data={"action_id": action.id, "label": action.label, "file_id": stored.id, "sha256": upload.sha256},
    )
    return item


def request_completion(action: Action, *, outcome: str, completed_on: date | None, actor) -> None:
    """The lead agency reports the action done: outcome and evidence are required; the coordinator approves."""
    action.outcome = outcome.strip()
    if completed_on and completed_on > london_today():
        raise ActionError("The completion date must be today or in the past", "completed_on")
    action.completed_on = completed_on or london_today()
    transition(action, A.COMPLETION_REQUESTED, actor=actor)


def approve_completion(action: Action, *, actor) -> None:
    """The coordinator accepts the evidence: the action is completed."""
    transition(action, A.COMPLETED, actor=actor)


def return_completion(action: Action, *, reason: str, actor) -> None:
    """The coordinator sends a completion request back with what is missing."""
    transition(action, A.ON_TRACK, actor=actor, reason=reason)


def reopen(action: Action, *, reason: str, actor) -> None:
    """Reopen a completed or superseded action, with the reason."""
    transition(action, A.ON_TRACK, actor=actor, reason=reason)


def supersede(action: Action, *, reason: str, actor) -> None:
    """The action is no longer needed (overtaken by another), with the reason."""
    transition(action, A.SUPERSEDED, actor=actor, reason=reason)


__all__ = [
    "ActionError",
    "add_evidence",
    "add_update",
    "approve_completion",
    "completion_problems",
    "reopen",
    "request_completion",
    "return_completion",
    "save_action",
    "supersede",
]
