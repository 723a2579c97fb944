"""The one way a review's stage changes: transition(), checked against the stage table and the installed guards.

Nothing else assigns Review.stage (tests/reviews/test_workflow.py checks the source for it).
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

from dhr.core import clock
from dhr.core.dates import london_today
from dhr.core.workflow import Machine, TransitionError
from dhr.extensions import db
from dhr.reviews.models import Review, StageChange
from dhr.reviews.stages import TERMINAL, TRANSITIONS, PauseReason, ReviewStage

S = ReviewStage


@dataclass(frozen=True)
class Guard:
    """A precondition of moving into `targets`: `check` says what is missing, or None when met.

    `task` names the task-list item that meets it, done at `endpoint`, for the stages that move into a target.
    `check_many`, where a guard has one, answers for a list of reviews at once (one query, not one per review);
    `check` must give the same answer for each. A guard that `warns` does not refuse the move: it is work the move
    skips, so the move goes ahead only with a recorded reason, and the stage page says what is skipped."""

    targets: tuple[ReviewStage, ...]
    check: Callable[[Review], str | None]
    task: str = ""
    endpoint: str = ""
    hint: str = ""
    check_many: Callable[[list[Review]], dict[int, str | None]] | None = None
    warns: bool = False


# Filled by install() from dhr/wiring.py when the app is created; nothing registers itself on import.
GUARDS: dict[ReviewStage, list[Guard]] = {}
_LISTED: list[Guard] = []


MACHINE = Machine(
    name="review",
    states=ReviewStage,
    table={None: frozenset({S.NOTIFIED}), **TRANSITIONS},
    history=StageChange,
    owner="review",
    attr="stage",
    refusal="A review at '{Current}' cannot move to '{Target}'",
    field=None,
    needs_reason=frozenset(
        [(stage, S.WITHDRAWN) for stage in TRANSITIONS if S.WITHDRAWN in TRANSITIONS[stage]]
        + [(S.NOT_COMMISSIONED, S.DECISION)]
    ),
    reason_message={
        S.WITHDRAWN: "Enter why the review is being withdrawn",
        S.DECISION: "Enter why the decision is reopened",
    },
    columns=("from_stage", "to_stage"),
    event="review.stage_changed",
    returns_to=(S.PAUSED, "paused_from_stage"),
)


def install(guards: Iterable[Guard]) -> None:
    """Make `guards` the preconditions of every stage move, replacing any installed before."""
    GUARDS.clear()
    _LISTED[:] = guards
    for item in _LISTED:
        for target in item.targets:
            GUARDS.setdefault(target, []).append(item)


def installed() -> list[Guard]:
    """Every installed guard, in the order listed."""
    return list(_LISTED)


Answers = dict[tuple[int, int], str | None]


def answers_for(reviews: list[Review]) -> Answers:
    """What every guard that can answer for many reviews at once says of each of these, keyed by (guard, review):
    the task list of a page of reviews reads them instead of asking each review."""
    answers: Answers = {}
    for number, item in enumerate(_LISTED):
        if item.check_many is not None:
            answers.update({(number, review_id): said for review_id, said in item.check_many(reviews).items()})
    return answers


_ANSWERS: ContextVar[Answers | None] = ContextVar("dhr_guard_answers", default=None)


@contextmanager
def answering_for(reviews: list[Review]) -> Iterator[None]:
    """Inside the block, task lists read the batched guards' answers for these reviews (asked once, here)."""
    token = _ANSWERS.set(answers_for(reviews))
    try:
        yield
    finally:
        _ANSWERS.reset(token)


def answer(item: Guard, review: Review) -> str | None:
    """The guard's answer for the review: the batch's inside `answering_for`, else asked now."""
    answers = _ANSWERS.get()
    key = (_LISTED.index(item), review.id)
    return answers[key] if answers is not None and key in answers else item.check(review)


def unmet_guards(review: Review, target: ReviewStage) -> list[str]:
    """Every reason the review cannot move into `target` yet."""
    return [message for item in GUARDS.get(target, []) if not item.warns and (message := item.check(review))]


def skipped_work(review: Review, target: ReviewStage) -> list[str]:
    """The work a move into `target` would skip: it may go ahead, with a reason."""
    return [message for item in GUARDS.get(target, []) if item.warns and (message := item.check(review))]


def can_move(review: Review, target: ReviewStage) -> bool:
    """True when the table allows the move from the current stage (guards aside)."""
    return MACHINE.allows(review.stage, target, review)


def entered_on(review: Review, stage: ReviewStage) -> date | None:
    """When the review last moved into `stage`."""
    return max((c.effective_on for c in review.stage_changes if c.to_stage is stage), default=None)


def _last_effective_on(review: Review) -> date | None:
    return max((change.effective_on for change in review.stage_changes), default=None)


def _check_date(review: Review, effective_on: date) -> None:
    if effective_on > london_today():
        raise TransitionError("The date must be today or in the past")
    last = _last_effective_on(review)
    if last is not None and effective_on < last:
        raise TransitionError(f"The date must be on or after the last stage change ({last:%d/%m/%Y})")


def start(review: Review, *, actor: Any, effective_on: date) -> StageChange:
    """Put a new review at its first stage and write the first history row (the caller audits the notification)."""
    review.stage_changed_at = clock.now()
    change: StageChange = MACHINE.move(
        review, S.NOTIFIED, actor=actor, reason="Notification recorded", effective_on=effective_on
    )
    return change


def transition(
    review: Review,
    target: ReviewStage,
    *,
    actor: Any,
    effective_on: date | None = None,
    reason: str = "",
    pause_reason: PauseReason | None = None,
) -> StageChange:
    """Move the review to `target` if the table and every guard allow it; write history and an audit event."""
    current = review.stage
    effective_on = effective_on or london_today()
    resuming = current is S.PAUSED and target is review.paused_from_stage
    MACHINE.refuse(current, target, reason, review)
    if target is S.PAUSED and pause_reason is None:
        raise TransitionError("Select why the review is paused")
    _check_date(review, effective_on)
    # Resuming re-checks the stage's guards too: what held when the review was paused (a chair, agreed terms)
    # may have changed during the pause.
    problems = unmet_guards(review, target)
    if problems:
        raise TransitionError(problems[0])
    skipped = skipped_work(review, target)
    if skipped and not reason.strip():
        raise TransitionError(f"{skipped[0]}. Enter why the review moves on without it", "reason")

    def effects() -> None:
        review.stage_changed_at = clock.now()
        if target is S.PAUSED:
            review.paused_from_stage, review.pause_reason = current, pause_reason
        elif current is S.PAUSED:
            review.paused_from_stage, review.pause_reason = None, None
        if target is S.PUBLISHED:
            review.published_on = effective_on
        if current is S.CSP_SIGN_OFF and target is S.DRAFTING:
            # The report goes back for more work: the sign-off was of a draft that no longer stands.
            review.signed_off_on, review.signed_off_by, review.sign_off_notes = None, "", ""

    verb = "resumed" if resuming else ("paused" if target is S.PAUSED else "moved")
    detail = f" ({pause_reason.label})" if pause_reason else ""
    change: StageChange = MACHINE.move(
        review,
        target,
        actor=actor,
        reason=reason,
        summary=f"{review.reference} {verb}: {current.label} to {target.label}{detail}",
        audit={
            "review": review,
            "data": {
                "effective_on": effective_on.isoformat(),
                "pause_reason": pause_reason.value if pause_reason else None,
            },
        },
        effects=effects,
        effective_on=effective_on,
        pause_reason=pause_reason,
    )
    db.session.flush()
    return change


def allowed_moves(review: Review) -> list[tuple[ReviewStage, list[str]]]:
    """Ordinary moves from the current stage (not pause or withdraw), each with what still blocks it."""
    if review.stage is S.PAUSED or review.stage not in TRANSITIONS or review.stage in TERMINAL:
        return []  # a 'not commissioned' review is reopened on its own page, which says why
    targets = [t for t in TRANSITIONS[review.stage] if t not in (S.PAUSED, S.WITHDRAWN)]
    order = list(ReviewStage)
    return [(t, unmet_guards(review, t)) for t in sorted(targets, key=order.index)]
