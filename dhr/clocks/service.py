"""Rules for a partnership, facts for a review, and clocks for both."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from dhr.audit.services import diff, record
from dhr.clocks.engine import Clock, PauseInterval, ReviewFacts, compute_clocks
from dhr.clocks.models import ClockRule
from dhr.clocks.rules import DEFAULT_RULES, VPA_2024_S19, ClockEvent, RuleSpec
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.partnerships.models import GuidanceVersion, Partnership
from dhr.reviews.stages import ReviewStage

STAGE_EVENTS = {ReviewStage.SUBMITTED: ClockEvent.SUBMITTED, ReviewStage.APPROVED: ClockEvent.APPROVED}


@dataclass(frozen=True)
class FactSource:
    """Clock events another package's records give: `events` reads a review's loaded records, `loads` are the
    loader options a list of reviews needs so that reading them costs no query per review, and `models` the record
    classes (each with a review_id) whose writes move the review's stored clocks (dhr/clocks/stored.py)."""

    name: str
    events: Callable[..., Iterable[tuple[ClockEvent, date]]]
    loads: Callable[[], list] = list
    models: tuple[type, ...] = ()


# Filled by install_sources() from dhr/wiring.py when the app is created; nothing registers itself on import.
SOURCES: list[FactSource] = []


def install_sources(sources: Iterable[FactSource]) -> None:
    """Make `sources` the records every clock reads, replacing any installed before."""
    SOURCES[:] = sources


def source_loads() -> Iterator:
    """Every installed source's loader options, for review lists."""
    for source in SOURCES:
        yield from source.loads()


def rules_for(partnership: Partnership, guidance: GuidanceVersion | None = None) -> tuple[RuleSpec, ...]:
    """The guidance version's rules, in its order, each as the partnership has set it (or as the guidance has it,
    where the partnership has not): a rule added to the defaults later reaches every partnership."""
    guidance = guidance or partnership.guidance
    rows = {
        row.key: row
        for row in db.session.scalars(
            select(ClockRule).where(ClockRule.partnership_id == partnership.id, ClockRule.guidance == guidance)
        )
    }
    return tuple(rows[rule.key].spec(rule) if rule.key in rows else rule for rule in DEFAULT_RULES[guidance])


def _describe(spec: RuleSpec) -> str:
    pauses = "pauses extend" if spec.pauses_extend else "pauses do not extend"
    note = f", note: {spec.local_note}" if spec.local_note else ""
    return f"{spec.label}: {spec.offset} {spec.unit.value}, {pauses}{note}"


def save_rules(partnership: Partnership, guidance: GuidanceVersion, specs: list[RuleSpec], *, actor) -> None:
    """Store the partnership's version of a guidance's rules (all of them, in order)."""
    before = {spec.key: _describe(spec) for spec in rules_for(partnership, guidance)}
    existing = {
        row.key: row
        for row in db.session.scalars(
            select(ClockRule).where(ClockRule.partnership_id == partnership.id, ClockRule.guidance == guidance)
        )
    }
    for position, spec in enumerate(specs):
        row = existing.get(spec.key) or ClockRule(partnership_id=partnership.id, guidance=guidance, key=spec.key)
        row.label, row.trigger, row.offset, row.unit, row.met_by = (
            spec.label,
            spec.trigger,
            spec.offset,
            spec.unit,
            spec.met_by,
        )
        row.pauses_extend, row.commissioned_only, row.position = spec.pauses_extend, spec.commissioned_only, position
        row.local_note = spec.local_note
        row.updated_by_id = actor.id
        db.session.add(row)
    after = {spec.key: _describe(spec) for spec in specs}
    record(
        "clock_rules.updated",
        f"{actor.name} changed the {guidance.label} clock rules",
        actor=actor,
        obj=partnership,
        data={"guidance": guidance.value, **diff(before, after)},
    )
    db.session.flush()


def set_guidance(partnership: Partnership, guidance: GuidanceVersion, *, actor) -> None:
    """Switch the guidance version every clock follows."""
    before = partnership.guidance
    partnership.guidance = guidance
    record(
        "partnership.guidance_changed",
        f"{actor.name} switched clocks to {guidance.label}",
        actor=actor,
        obj=partnership,
        data={"before": before.value, "after": guidance.value},
    )
    db.session.flush()


def pause_intervals(stage_changes) -> tuple[PauseInterval, ...]:
    """Paused spells from the stage history, oldest first; the last is open while the review is paused."""
    intervals: list[PauseInterval] = []
    start = reason = None
    for change in sorted(stage_changes, key=lambda c: (c.effective_on, c.id or 0)):
        if change.to_stage is ReviewStage.PAUSED:
            start, reason = change.effective_on, change.pause_reason.value if change.pause_reason else "other"
        elif change.from_stage is ReviewStage.PAUSED and start is not None:
            intervals.append(PauseInterval(start, change.effective_on, reason))
            start = None
    if start is not None:
        intervals.append(PauseInterval(start, None, reason))
    return tuple(intervals)


def facts_for(review) -> ReviewFacts:
    """What has happened to the review, as plain values for the engine."""
    # Sets: the same event can come from two places (a submission record and its stage change) on the same day.
    events: dict[ClockEvent, set[date]] = defaultdict(set)
    events[ClockEvent.NOTIFIED].add(review.notified_on)
    for event, value in (
        (ClockEvent.DECIDED, review.decided_on),
        (ClockEvent.SIGNED_OFF, review.signed_off_on),
        (ClockEvent.PUBLISHED, review.published_on),
    ):
        if value is not None:
            events[event].add(value)
    for change in review.stage_changes:
        if event := STAGE_EVENTS.get(change.to_stage):
            events[event].add(change.effective_on)
    # The correspondence register, and the Sign-off and QA records: whatever dhr/wiring.py installed.
    for source in SOURCES:
        for event, value in source.events(review):
            events[event].add(value)
    return ReviewFacts(
        events={event: tuple(sorted(dates)) for event, dates in events.items()},
        commissioned=review.commissioned,
        withdrawn=review.stage is ReviewStage.WITHDRAWN,
        pauses=pause_intervals(review.stage_changes),
        commencements=commencements(review.partnership),
    )


def commencements(partnership: Partnership) -> dict[str, date]:
    """The provisions clocks wait for that the partnership has recorded as in force, with their dates."""
    in_force = {VPA_2024_S19: partnership.s19_commenced_on}
    return {key: value for key, value in in_force.items() if value is not None}


def clocks_for(review, rules: tuple[RuleSpec, ...] | None = None, today: date | None = None) -> list[Clock]:
    """Every applicable clock of the review, as of today (London)."""
    return compute_clocks(rules or rules_for(review.partnership), facts_for(review), today or london_today())
