"""Where the months go: days spent in each stage and paused for each reason, from the stage history."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from dhr.reviews.stages import PauseReason, ReviewStage


@dataclass(frozen=True)
class TimeLost:
    """Days per stage (pauses excluded) and paused days per reason."""

    by_stage: dict[ReviewStage, int]
    paused_by_reason: dict[PauseReason, int]

    @property
    def total_paused(self) -> int:
        return sum(self.paused_by_reason.values())


def time_lost(stage_changes, today: date) -> TimeLost:
    """Walk the history: each stage lasts from the change into it until the next change (or today)."""
    ordered = sorted(stage_changes, key=lambda c: (c.effective_on, c.id or 0))
    if not ordered:
        return TimeLost({}, {})
    by_stage: Counter = Counter()
    paused: Counter = Counter()
    for change, following in zip(ordered, [*ordered[1:], None], strict=True):
        end = following.effective_on if following else today
        days = max(0, (end - change.effective_on).days)
        if change.to_stage is ReviewStage.PAUSED:
            paused[change.pause_reason or PauseReason.OTHER] += days
        elif following is not None or change.to_stage not in (
            ReviewStage.CLOSED,
            ReviewStage.NOT_COMMISSIONED,
            ReviewStage.WITHDRAWN,
        ):
            by_stage[change.to_stage] += days
    return TimeLost(dict(by_stage), dict(paused))


def combine(items: list[TimeLost]) -> TimeLost:
    """Totals across reviews."""
    by_stage: Counter = Counter()
    paused: Counter = Counter()
    for item in items:
        by_stage.update(item.by_stage)
        paused.update(item.paused_by_reason)
    return TimeLost(dict(by_stage), dict(paused))


@dataclass(frozen=True)
class AgainstGuidance:
    """Days a clock allowed against the days taken so far (or in the end)."""

    name: str
    allowed: int
    taken: int
    finished: bool

    @property
    def over_by(self) -> int:
        return self.taken - self.allowed


def against_guidance(clocks, today: date) -> list[AgainstGuidance]:
    """For every started clock: the time the guidance (and pauses) allowed, and the time actually taken."""
    return [
        AgainstGuidance(
            c.name, (c.due - c.started_on).days, ((c.met_on or today) - c.started_on).days, c.met_on is not None
        )
        for c in clocks
        if c.started_on is not None and c.due is not None
    ]
