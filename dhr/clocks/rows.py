"""Lists of reviews with their clocks, most urgent first, in a constant number of queries."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from dhr.clocks.engine import Clock, next_clock
from dhr.clocks.rules import ClockState
from dhr.clocks.service import clocks_for, rules_for, source_loads
from dhr.extensions import db
from dhr.reviews.models import Review
from dhr.reviews.stages import TERMINAL, ReviewStage


@dataclass(frozen=True)
class ReviewRow:
    """A review with its clocks, for lists."""

    review: Review
    clocks: list[Clock]

    @property
    def next_clock(self) -> Clock | None:
        return next_clock(self.clocks)

    @property
    def overdue(self) -> list[Clock]:
        return [c for c in self.clocks if c.state is ClockState.OVERDUE]

    @property
    def urgency(self) -> tuple:
        """Most overdue first, then soonest due, then reference."""
        upcoming = self.next_clock
        return (0 if self.overdue else 1, upcoming.days if upcoming else 10**6, self.review.reference)


@dataclass(frozen=True)
class Filters:
    """Dashboard filters; empty means all."""

    stage: str = ""
    category: str = ""
    year: int | None = None
    overdue_only: bool = False
    include_closed: bool = False


def with_everything(query: Select) -> Select:
    """Eager-load what clocks, tags and names need, so a list costs the same queries for 2 reviews or 200."""
    return query.options(
        selectinload(Review.stage_changes),
        selectinload(Review.people),
        selectinload(Review.members),
        selectinload(Review.partnership),
        *source_loads(),
    )


def review_rows(query: Select, filters: Filters, today: date) -> list[ReviewRow]:
    """The reviews of `query` that pass the filters, with clocks, most urgent first."""
    if filters.stage:
        query = query.where(Review.stage == ReviewStage(filters.stage))
    elif not filters.include_closed:
        query = query.where(Review.stage.not_in(list(TERMINAL)))
    if filters.category:
        query = query.where(Review.category == filters.category)
    if filters.year:
        query = query.where(Review.year == filters.year)
    reviews = db.session.scalars(with_everything(query)).all()
    rules_by_partnership = {}
    rows = []
    for review in reviews:
        if review.partnership_id not in rules_by_partnership:
            rules_by_partnership[review.partnership_id] = rules_for(review.partnership)
        rows.append(ReviewRow(review, clocks_for(review, rules_by_partnership[review.partnership_id], today)))
    if filters.overdue_only:
        rows = [row for row in rows if row.overdue]
    return sorted(rows, key=lambda row: row.urgency)
