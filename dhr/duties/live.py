"""The duties read from the reviews: D16 lists the open reviews, D17 is overdue while a completed review has no
recorded copy to the Domestic Abuse Commissioner, D18 shows the action plans' RAG counts."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from dhr.actions.models import Action
from dhr.actions.stages import Rag
from dhr.actions.workflow import shown_status
from dhr.assurance.stages import CopyRecipient
from dhr.core.dates import london_today
from dhr.duties.stages import LiveDuty, OccurrenceStatus
from dhr.extensions import db
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage

S = ReviewStage
CLOSED_STAGES = frozenset({S.CLOSED, S.NOT_COMMISSIONED, S.WITHDRAWN})
NOT_YET_DECIDED = frozenset({S.NOTIFIED, S.SCOPING, S.DECISION})


@dataclass
class LiveState:
    """What a live duty shows: a status, a sentence, and the rows behind it."""

    status: OccurrenceStatus
    summary: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (reference, detail)
    counts: list[tuple[str, int]] = field(default_factory=list)


def _reviews(partnership_id: int) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.partnership_id == partnership_id)
            .options(selectinload(Review.report_copies))
            .order_by(Review.reference)
        )
    )


def open_reviews(partnership_id: int) -> LiveState:
    """D16: every review not closed, not commissioned or withdrawn, with its stage."""
    rows = [(r.reference, r.stage.label) for r in _reviews(partnership_id) if r.stage not in CLOSED_STAGES]
    return LiveState(OccurrenceStatus.IN_PROGRESS, f"{len(rows)} open reviews", rows)


def commissioner_copies(partnership_id: int) -> LiveState:
    """D17: completed (signed-off) reviews with no copy recorded as sent to the Domestic Abuse Commissioner."""
    completed = [r for r in _reviews(partnership_id) if r.signed_off_on is not None]
    missing = [
        (r.reference, f"signed off {r.signed_off_on:%d %B %Y}")
        for r in completed
        if not any(c.recipient is CopyRecipient.COMMISSIONER for c in r.report_copies)
    ]
    if missing:
        return LiveState(OccurrenceStatus.OVERDUE, f"{len(missing)} completed reviews not yet sent", missing)
    return LiveState(OccurrenceStatus.MET, f"All {len(completed)} completed reviews sent to the Commissioner")


def action_plans(partnership_id: int) -> LiveState:
    """D18: RAG counts over every action of the partnership's reviews."""
    today = london_today()
    late = and_(Action.target_on.is_not(None), Action.target_on < today)
    groups = db.session.execute(
        select(Action.status, late, func.count())
        .join(Review, Review.id == Action.review_id)
        .where(Review.partnership_id == partnership_id)
        .group_by(Action.status, late)
    ).all()
    # One group per status and lateness, each read by the same rule a single action's page uses.
    tally: Counter = Counter()
    for status, is_late, number in groups:
        example = SimpleNamespace(status=status, target_on=today - timedelta(days=1) if is_late else None)
        tally[shown_status(example, today).rag] += number
    total = sum(number for _status, _late, number in groups)
    counts = [(rag.label, tally[rag]) for rag in Rag if tally[rag]]
    red = tally[Rag.RED]
    status = OccurrenceStatus.OVERDUE if red else OccurrenceStatus.IN_PROGRESS
    summary = f"{total} actions: " + (", ".join(f"{n} {label.lower()}" for label, n in counts) or "none yet")
    return LiveState(status, summary, counts=counts)


LIVE = {
    LiveDuty.OPEN_REVIEWS: open_reviews,
    LiveDuty.COMMISSIONER_COPIES: commissioner_copies,
    LiveDuty.ACTION_PLANS: action_plans,
}


def live_state(duty) -> LiveState | None:
    """The live state of D16, D17 or D18; None for recorded duties."""
    reader = LIVE.get(duty.live)
    return reader(duty.partnership_id) if reader else None
