"""Applies clock rules to a review's facts. Pure functions over plain values: no database, no Flask."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import cast

from dhr.clocks.rules import ClockEvent, ClockState, OffsetUnit, RuleBasis, RuleSpec
from dhr.core.wording import counted


def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's end: 31 January + 1 month = 28 (or 29) February."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_offset(start: date, amount: int, unit: OffsetUnit) -> date:
    """start + amount units."""
    if unit is OffsetUnit.MONTHS:
        return add_months(start, amount)
    return start + timedelta(days=amount * (7 if unit is OffsetUnit.WEEKS else 1))


@dataclass(frozen=True)
class PauseInterval:
    """A time the review was paused: from `start` up to (not including) `end`, or still paused if end is None."""

    start: date
    end: date | None
    reason: str

    def days_within(self, lower: date, upper: date) -> int:
        """Paused days that fall in [lower, upper)."""
        end = self.end or upper
        return max(0, (min(end, upper) - max(self.start, lower)).days)


@dataclass(frozen=True)
class ReviewFacts:
    """Everything the engine needs to know about one review: every date each event happened on."""

    events: dict[ClockEvent, tuple[date, ...]]
    commissioned: bool
    withdrawn: bool = False
    pauses: tuple[PauseInterval, ...] = field(default_factory=tuple)
    # The day each provision a rule waits for came into force (rules.COMMENCEMENTS), where the partnership set one.
    commencements: dict[str, date] = field(default_factory=dict)

    @property
    def paused_now(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].end is None

    def first(self, event: ClockEvent, on_or_after: date | None = None) -> date | None:
        """The earliest date the event happened, optionally not before a given date."""
        dates = sorted(d for d in self.events.get(event, ()) if on_or_after is None or d >= on_or_after)
        return dates[0] if dates else None


@dataclass(frozen=True)
class Clock:
    """One rule applied to one review."""

    key: str
    name: str
    state: ClockState
    due: date | None
    days: int | None  # days left; negative when overdue; for met clocks, days to spare (negative if late)
    met_on: date | None
    met_by: ClockEvent
    started_on: date | None
    extended_by: int = 0
    # What the timescale rests on (rules.RuleSpec): shown beside the clock wherever the rule is at hand. It
    # describes the rule, not where the clock stands, so a stored clock (which does not keep it) equals the live one.
    basis: RuleBasis | None = field(default=None, compare=False)
    source: str = field(default="", compare=False)
    note: str = field(default="", compare=False)

    @property
    def is_open(self) -> bool:
        """Running, paused or overdue: still waiting for its event."""
        return self.state in (ClockState.RUNNING, ClockState.PAUSED, ClockState.OVERDUE)


def _applies(rule: RuleSpec, facts: ReviewFacts, started: date | None) -> bool:
    """Commissioned-only rules need a commissioned review; a rule that waits for a provision needs it in force, and
    in force by the clock's start (a report signed off before it came into force owes it nothing)."""
    if rule.commissioned_only and not facts.commissioned:
        return False
    if rule.commencement is None:
        return True
    in_force = facts.commencements.get(rule.commencement)
    return in_force is not None and (started is None or started >= in_force)


def apply_rule(rule: RuleSpec, facts: ReviewFacts, today: date) -> Clock | None:
    """The clock for one rule, or None when the rule does not apply to this review."""
    started = facts.first(rule.trigger)
    if not _applies(rule, facts, started):
        return None

    def clock(state: ClockState, due: date | None, days: int | None, met_on: date | None, extended: int = 0) -> Clock:
        return Clock(
            rule.key,
            rule.label,
            state,
            due,
            days,
            met_on,
            rule.met_by,
            started,
            extended,
            rule.basis,
            rule.source,
            f"{rule.note} Local note: {rule.local_note}" if rule.local_note else rule.note,
        )

    # Only an event on or after the clock's start meets it: a letter about an early draft is not the copy.
    met_on = facts.first(rule.met_by, on_or_after=started) if started else None
    if started is None:
        if facts.withdrawn:
            return None
        return clock(ClockState.NOT_STARTED, None, None, met_on)
    waived_on = facts.first(rule.waived_by, on_or_after=started) if rule.waived_by and met_on is None else None
    # Paused time counts up to whatever ended the clock: its event, what overtook it, or today.
    until = met_on or waived_on or today
    extended = sum(p.days_within(started, until) for p in facts.pauses) if rule.pauses_extend else 0
    due = add_offset(started, rule.offset, rule.unit) + timedelta(days=extended)
    if met_on is not None:
        state = ClockState.MET_ON_TIME if met_on <= due else ClockState.MET_LATE
        return clock(state, due, (due - met_on).days, met_on, extended)
    if waived_on is not None:
        if waived_on <= due:
            return None  # what the clock guards against did not happen: it was never needed
        return clock(ClockState.MISSED, due, (due - waived_on).days, None, extended)
    if facts.withdrawn:
        return None
    return clock(_open_state(rule, facts, due, today), due, (due - today).days, None, extended)


def _open_state(rule: RuleSpec, facts: ReviewFacts, due: date, today: date) -> ClockState:
    if today > due:
        return ClockState.OVERDUE  # a pause does not hide lateness that happened before it
    if rule.pauses_extend and facts.paused_now:
        return ClockState.PAUSED
    return ClockState.RUNNING


def compute_clocks(rules: tuple[RuleSpec, ...] | list[RuleSpec], facts: ReviewFacts, today: date) -> list[Clock]:
    """Every applicable clock for the review, in rule order."""
    return [c for c in (apply_rule(rule, facts, today) for rule in rules) if c is not None]


def next_clock(clocks: list[Clock]) -> Clock | None:
    """The open clock that matters most: the most overdue, else the soonest due."""
    waiting = [c for c in clocks if c.is_open and c.days is not None]
    return min(waiting, key=lambda c: cast(int, c.days), default=None)  # waiting holds only clocks with days


def describe_days(clock: Clock) -> str:
    """'12 days left', 'Due today', '3 days overdue', 'Met 5 days early', 'Met 2 days late'."""
    if clock.days is None:
        return ""
    if clock.state is ClockState.MISSED:
        return "Overtaken before it was met"

    if clock.met_on is not None:
        if clock.days == 0:
            return "Met on the due date"
        return f"Met {counted(abs(clock.days), 'day')} {'early' if clock.days > 0 else 'late'}"
    if clock.days == 0:
        return "Due today"
    return f"{counted(clock.days, 'day')} left" if clock.days > 0 else f"{counted(-clock.days, 'day')} overdue"
