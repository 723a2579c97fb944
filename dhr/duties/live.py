"""The duties read from the reviews: D16 lists the open reviews, D17 is overdue while a completed review has no
recorded copy to the Domestic Abuse Commissioner, D18 shows the action plans' RAG counts."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import and_, func, select

from dhr.actions.models import Action
from dhr.actions.stages import Rag
from dhr.actions.workflow import shown_status
from dhr.assurance.models import ReportCopy
from dhr.assurance.stages import CopyRecipient
from dhr.core.dates import london_today
from dhr.core.keyset import count
from dhr.core.wording import counted
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


def open_reviews(partnership_id: int) -> LiveState:
    """D16: every review not closed, not commissioned or withdrawn, with its stage."""
    found = db.session.execute(
        select(Review.reference, Review.stage)
        .where(Review.partnership_id == partnership_id, Review.stage.not_in(list(CLOSED_STAGES)))
        .order_by(Review.reference)
    ).all()
    rows = [(reference, stage.label) for reference, stage in found]
    return LiveState(OccurrenceStatus.IN_PROGRESS, counted(len(rows), "open review"), rows)


def commissioner_copies(partnership_id: int) -> LiveState:
    """D17: completed (signed-off) reviews with no copy recorded as sent to the Domestic Abuse Commissioner."""
    completed = select(Review.reference, Review.signed_off_on).where(
        Review.partnership_id == partnership_id, Review.signed_off_on.is_not(None)
    )
    sent = (
        select(ReportCopy.id)
        .where(ReportCopy.review_id == Review.id, ReportCopy.recipient == CopyRecipient.COMMISSIONER)
        .exists()
    )
    missing = [
        (reference, f"signed off {signed_off_on:%d %B %Y}")
        for reference, signed_off_on in db.session.execute(completed.where(~sent).order_by(Review.reference))
    ]
    if missing:
        return LiveState(OccurrenceStatus.OVERDUE, f"{counted(len(missing), 'completed review')} not yet sent", missing)
    return LiveState(
        OccurrenceStatus.MET, f"All {count(db.session, completed)} completed reviews sent to the Commissioner"
    )


def action_plans(partnership_id: int, today: date | None = None) -> LiveState:
    """D18: RAG counts over every action of the partnership's reviews, late against `today` (London's by default)."""
    today = today or london_today()
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
    summary = f"{counted(total, 'action')}: " + (", ".join(f"{n} {label.lower()}" for label, n in counts) or "none yet")
    return LiveState(status, summary, counts=counts)


# Only D18 reads the date (an action is late against today); D16 and D17 read what is recorded.
LIVE: dict[LiveDuty, Callable[[int, date], LiveState]] = {
    LiveDuty.OPEN_REVIEWS: lambda partnership_id, _today: open_reviews(partnership_id),
    LiveDuty.COMMISSIONER_COPIES: lambda partnership_id, _today: commissioner_copies(partnership_id),
    LiveDuty.ACTION_PLANS: action_plans,
}


def live_state(duty, today: date | None = None) -> LiveState | None:
    """The live state of D16, D17 or D18 on `today` (London's by default); None for recorded duties."""
    reader = LIVE.get(duty.live)
    return reader(duty.partnership_id, today or london_today()) if reader else None
