"""The one way a review's stage changes: transition(), with guards that later modules extend.

Nothing else assigns Review.stage (tests/reviews/test_workflow.py checks the source for it).
"""

from collections.abc import Callable
from datetime import date

from dhr.audit.services import record
from dhr.core import clock
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.reviews.stages import TRANSITIONS, PauseReason, ReviewStage

S = ReviewStage
Guard = Callable[["object"], str | None]
GUARDS: dict[ReviewStage, list[Guard]] = {}


class TransitionError(Exception):
    """The move is not allowed now; the message says why, in words the coordinator can act on."""


def guard(*targets: ReviewStage) -> Callable[[Guard], Guard]:
    """Register a precondition for moving into the target stages. It returns a message when unmet."""

    def decorator(fn: Guard) -> Guard:
        for target in targets:
            GUARDS.setdefault(target, []).append(fn)
        return fn

    return decorator


def unmet_guards(review, target: ReviewStage) -> list[str]:
    """Every reason the review cannot move into `target` yet."""
    return [message for check in GUARDS.get(target, []) if (message := check(review))]


def can_move(review, target: ReviewStage) -> bool:
    """True when the table allows the move from the current stage (guards aside)."""
    if review.stage is S.PAUSED:
        return target in (review.paused_from_stage, S.WITHDRAWN)
    return target in TRANSITIONS[review.stage]


def entered_on(review, stage: ReviewStage) -> date | None:
    """When the review last moved into `stage`."""
    return max((c.effective_on for c in review.stage_changes if c.to_stage is stage), default=None)


def _last_effective_on(review) -> date | None:
    return max((change.effective_on for change in review.stage_changes), default=None)


def _check_date(review, effective_on: date) -> None:
    if effective_on > london_today():
        raise TransitionError("The date must be today or in the past")
    last = _last_effective_on(review)
    if last is not None and effective_on < last:
        raise TransitionError(f"The date must be on or after the last stage change ({last:%d/%m/%Y})")


def start(review, *, actor, effective_on: date):
    """Put a new review at its first stage and write the first history row."""
    from dhr.reviews.models import StageChange

    review.stage = S.NOTIFIED
    review.stage_changed_at = clock.now()
    change = StageChange(
        review=review,
        from_stage=None,
        to_stage=S.NOTIFIED,
        effective_on=effective_on,
        actor_id=actor.id,
        reason="Notification recorded",
    )
    db.session.add(change)
    return change


def transition(
    review,
    target: ReviewStage,
    *,
    actor,
    effective_on: date | None = None,
    reason: str = "",
    pause_reason: PauseReason | None = None,
):
    """Move the review to `target` if the table and every guard allow it; write history and an audit event."""
    from dhr.reviews.models import StageChange

    current = review.stage
    effective_on = effective_on or london_today()
    resuming = current is S.PAUSED and target is review.paused_from_stage
    if not can_move(review, target):
        raise TransitionError(f"A review at '{current.label}' cannot move to '{target.label}'")
    if target is S.PAUSED and pause_reason is None:
        raise TransitionError("Select why the review is paused")
    if target is S.WITHDRAWN and not reason.strip():
        raise TransitionError("Enter why the review is being withdrawn")
    _check_date(review, effective_on)
    # Resuming re-checks the stage's guards too: what held when the review was paused (a chair, agreed terms)
    # may have changed during the pause.
    problems = unmet_guards(review, target)
    if problems:
        raise TransitionError(problems[0])

    if target is S.PAUSED:
        review.paused_from_stage, review.pause_reason = current, pause_reason
    elif current is S.PAUSED:
        review.paused_from_stage, review.pause_reason = None, None
    if target is S.PUBLISHED:
        review.published_on = effective_on
    if current is S.CSP_SIGN_OFF and target is S.DRAFTING:
        # The report goes back for more work: the sign-off was of a draft that no longer stands.
        review.signed_off_on, review.signed_off_by, review.sign_off_notes = None, "", ""
    review.stage = target
    review.stage_changed_at = clock.now()
    change = StageChange(
        review=review,
        from_stage=current,
        to_stage=target,
        effective_on=effective_on,
        actor_id=actor.id,
        reason=reason.strip(),
        pause_reason=pause_reason,
    )
    db.session.add(change)
    verb = "resumed" if resuming else ("paused" if target is S.PAUSED else "moved")
    detail = f" ({pause_reason.label})" if pause_reason else ""
    record(
        "review.stage_changed",
        f"{review.reference} {verb}: {current.label} to {target.label}{detail}",
        actor=actor,
        obj=review,
        review_id=review.id,
        data={
            "from": current.value,
            "to": target.value,
            "effective_on": effective_on.isoformat(),
            "pause_reason": pause_reason.value if pause_reason else None,
        },
    )
    db.session.flush()
    return change


# Guards. Later modules register their own with @guard(...).


@guard(S.SET_UP)
def _commissioned(review) -> str | None:
    if not review.commissioned:
        return "Record a decision to commission the review before set-up"
    return None


@guard(S.NOT_COMMISSIONED)
def _not_commissioned(review) -> str | None:
    if review.decision is None or review.commissioned:
        return "Record a decision not to commission the review first"
    return None


@guard(S.EVIDENCE)
def _chair_and_terms(review) -> str | None:
    from dhr.permissions import ReviewRole

    chairs = [member for member in review.members if member.role is ReviewRole.CHAIR]
    if not chairs:
        return "Appoint an independent chair before gathering evidence"
    if not all(chair.declared_independence for chair in chairs):
        return "Record the chair's declaration of independence before gathering evidence"
    if review.terms_of_reference_agreed_on is None:
        return "Record when the terms of reference were agreed before gathering evidence"
    return None


@guard(S.SUBMITTED)
def _signed_off(review) -> str | None:
    if review.signed_off_on is None:
        return "You cannot submit to the Home Office without a CSP sign-off record"
    return None


@guard(S.SUBMITTED, S.RESUBMITTED)
def _ready_for_quality_assurance(review) -> str | None:
    from dhr.readiness.services import blocking

    failing = blocking(review)
    if failing:
        more = f" and {len(failing) - 1} more" if len(failing) > 1 else ""
        return f"The readiness checker fails without an override: {failing[0]}{more}"
    return None


@guard(S.PUBLISHED)
def _approved(review) -> str | None:
    if entered_on(review, S.APPROVED) is None:
        return "You cannot publish without the Home Office QA panel's approval"
    return None


def allowed_moves(review) -> list[tuple[ReviewStage, list[str]]]:
    """Ordinary moves from the current stage (not pause or withdraw), each with what still blocks it."""
    if review.stage is S.PAUSED or review.stage not in TRANSITIONS:
        return []
    targets = [t for t in TRANSITIONS[review.stage] if t not in (S.PAUSED, S.WITHDRAWN)]
    order = list(ReviewStage)
    return [(t, unmet_guards(review, t)) for t in sorted(targets, key=order.index)]
