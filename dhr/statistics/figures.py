"""The numbers behind the statistics page, across a partnership's reviews, read in SQL."""

import statistics as stats
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.clocks import six_months
from dhr.clocks.models import ReviewClock
from dhr.clocks.six_months import SixMonths
from dhr.core.dates import LONDON
from dhr.evidence.models import AgencyInvolvement, EvidenceStatusChange
from dhr.evidence.stages import EvidenceStatus
from dhr.extensions import db
from dhr.reviews.facts import DeathMethod, Ethnicity, RelationshipType, Sex, age_band, suppressed
from dhr.reviews.models import DeathCategory, Person, PersonRole, Review, StageChange
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
    six_months: SixMonths
    lost: TimeLost
    stage_days: list[tuple[ReviewStage, int]]
    paused_days: list[tuple[PauseReason, int]]


def six_months_of(partnership_id: int) -> SixMonths:
    """Both six-month counts over the partnership's completed reviews, from their stored completion clocks (a met
    clock is final, so the stored one is today's)."""
    completion = db.session.execute(
        select(ReviewClock.started_on, ReviewClock.met_on, ReviewClock.extended_by).where(
            ReviewClock.partnership_id == partnership_id,
            ReviewClock.key == "completion",
            ReviewClock.met_on.is_not(None),
        )
    ).all()
    return six_months.count(completion)


def figures(partnership_id: int, today: date) -> Figures:
    """Counts, medians, the six-month rate and time lost by stage across the partnership's reviews: columns and
    stored clocks read in SQL, no review loaded."""
    reviews = db.session.execute(
        select(Review.stage, Review.category, Review.notified_on, Review.decided_on, Review.signed_off_on).where(
            Review.partnership_id == partnership_id
        )
    ).all()
    stage_counts = Counter(r.stage for r in reviews)
    category_counts = Counter(r.category for r in reviews)
    to_decision = [(r.decided_on - r.notified_on).days for r in reviews if r.decided_on]
    to_completion = [(r.signed_off_on - r.decided_on).days for r in reviews if r.signed_off_on and r.decided_on]

    histories: dict[int, list] = {}
    for change in db.session.execute(
        select(StageChange.review_id, StageChange.id, StageChange.effective_on, StageChange.to_stage)
        .add_columns(StageChange.pause_reason)
        .join(Review, Review.id == StageChange.review_id)
        .where(Review.partnership_id == partnership_id)
    ):
        histories.setdefault(change.review_id, []).append(change)
    lost = combine([time_lost(history, today) for history in histories.values()])
    order = [*MAIN_LINE, ReviewStage.NOT_COMMISSIONED, ReviewStage.WITHDRAWN, ReviewStage.PAUSED]
    return Figures(
        total=len(reviews),
        by_stage=[(stage, stage_counts[stage]) for stage in order if stage_counts[stage]],
        by_category=[(category, category_counts[category]) for category in DeathCategory if category_counts[category]],
        median_days_to_decision=stats.median(to_decision) if to_decision else None,
        median_days_to_completion=stats.median(to_completion) if to_completion else None,
        six_months=six_months_of(partnership_id),
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


def agency_lateness(partnership_id: int, today: date) -> list[AgencyLateness]:
    """Days past the due date until first submission (or until today, if still outstanding), per agency, across
    the partnership's requests: read as columns, no request loaded."""
    requests = db.session.execute(
        select(AgencyInvolvement.id, AgencyInvolvement.due_on, Agency.name)
        .join(Review, Review.id == AgencyInvolvement.review_id)
        .join(Agency, Agency.id == AgencyInvolvement.agency_id)
        .where(
            Review.partnership_id == partnership_id,
            AgencyInvolvement.due_on.is_not(None),
            AgencyInvolvement.status != EvidenceStatus.NOT_REQUESTED,
        )
    ).all()
    first_submitted: dict[int, date] = {}
    for involvement_id, at in db.session.execute(
        select(EvidenceStatusChange.involvement_id, EvidenceStatusChange.at)
        .join(AgencyInvolvement, AgencyInvolvement.id == EvidenceStatusChange.involvement_id)
        .join(Review, Review.id == AgencyInvolvement.review_id)
        .where(Review.partnership_id == partnership_id, EvidenceStatusChange.to_status == EvidenceStatus.SUBMITTED)
    ):
        day = at.astimezone(LONDON).date()
        first_submitted[involvement_id] = min(day, first_submitted.get(involvement_id, day))
    totals: dict[str, list[int]] = {}
    for involvement_id, due_on, agency in requests:
        late = max(0, (first_submitted.get(involvement_id, today) - due_on).days)
        row = totals.setdefault(agency, [0, 0, 0])
        row[0] += 1
        row[1] += 1 if late else 0
        row[2] += late
    return sorted(
        (AgencyLateness(name, *values) for name, values in totals.items()), key=lambda a: (-a.days_late, a.agency)
    )


@dataclass(frozen=True)
class Group:
    """One breakdown of the case facts: a title and (label, count as shown) rows, small counts suppressed."""

    title: str
    rows: list[tuple[str, str]]


def _shown(counts: Counter, labels: list[tuple[object, str]]) -> list[tuple[str, str]]:
    return [(label, suppressed(counts[key])) for key, label in labels if counts[key]]


def case_groups(partnership_id: int) -> list[Group]:
    """The partnership's reviews counted by the case facts the Home Office records: victims by sex, age band and
    ethnic group, reviews by relationship and method of death. Counts under 5 are shown as 'fewer than 5' so no
    review can be picked out; facts not recorded are counted as such."""
    victims = db.session.execute(
        select(Person.sex, Person.age, Person.ethnicity)
        .join(Review, Review.id == Person.review_id)
        .where(Review.partnership_id == partnership_id, Person.role == PersonRole.VICTIM)
    ).all()
    reviews = db.session.execute(
        select(Review.relationship_type, Review.death_method).where(Review.partnership_id == partnership_id)
    ).all()
    not_recorded = [(None, "Not recorded")]
    bands = Counter(age_band(v.age) if v.age is not None else None for v in victims)
    band_labels = sorted({b for b in bands if b}, key=lambda b: (b == "Not known", b))
    return [
        Group("Victims by sex", _shown(Counter(v.sex for v in victims), [*Sex.choices_by_member(), *not_recorded])),
        Group("Victims by age", _shown(bands, [*((b, b) for b in band_labels), *not_recorded])),
        Group(
            "Victims by ethnic group",
            _shown(Counter(v.ethnicity for v in victims), [*Ethnicity.choices_by_member(), *not_recorded]),
        ),
        Group(
            "Reviews by relationship",
            _shown(
                Counter(r.relationship_type for r in reviews), [*RelationshipType.choices_by_member(), *not_recorded]
            ),
        ),
        Group(
            "Reviews by how the victim died",
            _shown(Counter(r.death_method for r in reviews), [*DeathMethod.choices_by_member(), *not_recorded]),
        ),
    ]
