"""Rules for a partnership, facts for a review, and clocks for both."""

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from dhr.assurance.records import assurance_events
from dhr.audit.services import diff, record
from dhr.clocks.engine import Clock, PauseInterval, ReviewFacts, compute_clocks
from dhr.clocks.models import ClockRule
from dhr.clocks.rules import DEFAULT_RULES, ClockEvent, RuleSpec
from dhr.core.dates import london_today
from dhr.correspondence.models import Counterpart, Direction, Subject
from dhr.extensions import db
from dhr.partnerships.models import GuidanceVersion, Partnership
from dhr.reviews.stages import ReviewStage

# Recording one of these in the correspondence register meets the matching clock.
CORRESPONDENCE_EVENTS: dict[tuple[Direction, Counterpart, Subject], ClockEvent] = {
    (Direction.SENT, Counterpart.HOME_OFFICE, Subject.DECISION): ClockEvent.HOME_OFFICE_TOLD_OF_DECISION,
    (Direction.SENT, Counterpart.COMMISSIONER, Subject.REPORT_COPY): ClockEvent.COMMISSIONER_COPY_SENT,
    (Direction.SENT, Counterpart.SECRETARY_OF_STATE, Subject.REPORT_COPY): ClockEvent.SECRETARY_OF_STATE_COPY_SENT,
    (Direction.RECEIVED, Counterpart.HOME_OFFICE, Subject.QA_FEEDBACK): ClockEvent.QA_LETTER_RECEIVED,
}
STAGE_EVENTS = {ReviewStage.SUBMITTED: ClockEvent.SUBMITTED, ReviewStage.APPROVED: ClockEvent.APPROVED}


def rules_for(partnership: Partnership, guidance: GuidanceVersion | None = None) -> tuple[RuleSpec, ...]:
    """The partnership's rules for its guidance version: its own edits, or the guidance defaults."""
    guidance = guidance or partnership.guidance
    rows = db.session.scalars(
        select(ClockRule)
        .where(ClockRule.partnership_id == partnership.id, ClockRule.guidance == guidance)
        .order_by(ClockRule.position)
    ).all()
    return tuple(row.spec() for row in rows) if rows else DEFAULT_RULES[guidance]


def _describe(spec: RuleSpec) -> str:
    pauses = "pauses extend" if spec.pauses_extend else "pauses do not extend"
    return f"{spec.label}: {spec.offset} {spec.unit.value}, {pauses}"


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
    for entry in review.correspondence:
        if event := CORRESPONDENCE_EVENTS.get((entry.direction, entry.counterpart, entry.subject)):
            events[event].add(entry.occurred_on)
    # Sign-offs, submissions, copies, QA letters and the publication from the Sign-off and QA records.
    for event, value in assurance_events(review):
        events[event].add(value)
    return ReviewFacts(
        events={event: tuple(sorted(dates)) for event, dates in events.items()},
        commissioned=review.commissioned,
        withdrawn=review.stage is ReviewStage.WITHDRAWN,
        pauses=pause_intervals(review.stage_changes),
    )


def clocks_for(review, rules: tuple[RuleSpec, ...] | None = None, today: date | None = None) -> list[Clock]:
    """Every applicable clock of the review, as of today (London)."""
    return compute_clocks(rules or rules_for(review.partnership), facts_for(review), today or london_today())
