"""The numbers behind the statistics page, from the reviews a user may see."""

import statistics as stats
from collections import Counter
from dataclasses import dataclass

from dhr.clocks.rows import ReviewRow
from dhr.clocks.rules import ClockState
from dhr.reviews.models import DeathCategory
from dhr.reviews.stages import MAIN_LINE, PauseReason, ReviewStage
from dhr.reviews.time_lost import TimeLost, combine, time_lost


@dataclass(frozen=True)
class Figures:
    """Everything the statistics page shows."""

    total: int
    by_stage: list[tuple[ReviewStage, int]]
    by_category: list[tuple[DeathCategory, int]]
    median_days_to_decision: float | None
    median_days_to_completion: float | None
    completed: int
    completed_on_time: int
    lost: TimeLost
    stage_days: list[tuple[ReviewStage, int]]
    paused_days: list[tuple[PauseReason, int]]

    @property
    def percent_on_time(self) -> float | None:
        return round(100 * self.completed_on_time / self.completed, 1) if self.completed else None


def figures(rows: list[ReviewRow], today) -> Figures:
    """Counts, medians, the six-month rate and time lost by stage across the rows."""
    reviews = [row.review for row in rows]
    stage_counts = Counter(r.stage for r in reviews)
    category_counts = Counter(r.category for r in reviews)
    to_decision = [(r.decided_on - r.notified_on).days for r in reviews if r.decided_on]
    to_completion = [(r.signed_off_on - r.decided_on).days for r in reviews if r.signed_off_on and r.decided_on]
    completion_clocks = [c for row in rows for c in row.clocks if c.key == "completion" and c.met_on]
    lost = combine([time_lost(r.stage_changes, today) for r in reviews])
    order = [*MAIN_LINE, ReviewStage.NOT_COMMISSIONED, ReviewStage.WITHDRAWN, ReviewStage.PAUSED]
    return Figures(
        total=len(reviews),
        by_stage=[(stage, stage_counts[stage]) for stage in order if stage_counts[stage]],
        by_category=[(category, category_counts[category]) for category in DeathCategory if category_counts[category]],
        median_days_to_decision=stats.median(to_decision) if to_decision else None,
        median_days_to_completion=stats.median(to_completion) if to_completion else None,
        completed=len(completion_clocks),
        completed_on_time=sum(1 for c in completion_clocks if c.state is ClockState.MET_ON_TIME),
        lost=lost,
        stage_days=[(stage, lost.by_stage[stage]) for stage in MAIN_LINE if lost.by_stage.get(stage)],
        paused_days=[(reason, days) for reason, days in lost.paused_by_reason.items() if days],
    )


@dataclass(frozen=True)
class AgencyLateness:
    """How late one agency's evidence has been, across the partnership's reviews."""

    agency: str
    requests: int
    late: int
    days_late: int


def agency_lateness(involvements, today) -> list[AgencyLateness]:
    """Days past the due date until first submission (or until today, if still outstanding), per agency."""
    from dhr.core.dates import LONDON
    from dhr.evidence.stages import EvidenceStatus

    totals: dict[str, list[int]] = {}
    for involvement in involvements:
        if involvement.due_on is None or involvement.status is EvidenceStatus.NOT_REQUESTED:
            continue
        submitted = [
            c.at.astimezone(LONDON).date() for c in involvement.changes if c.to_status is EvidenceStatus.SUBMITTED
        ]
        finished = min(submitted) if submitted else today
        late = max(0, (finished - involvement.due_on).days)
        row = totals.setdefault(involvement.agency.name, [0, 0, 0])
        row[0] += 1
        row[1] += 1 if late else 0
        row[2] += late
    return sorted(
        (AgencyLateness(name, *values) for name, values in totals.items()), key=lambda a: (-a.days_late, a.agency)
    )
