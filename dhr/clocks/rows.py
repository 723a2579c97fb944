"""Lists of reviews with their clocks, most urgent first, in a constant number of queries.

The clocks come from the stored table (dhr/clocks/stored.py): the order and the overdue filter are SQL, so a page of
a long list costs what a short list does, and nothing is worked out per review in Python.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import selectinload

from dhr.clocks.engine import Clock, next_clock
from dhr.clocks.models import ReviewClock
from dhr.clocks.rules import ClockState
from dhr.clocks.service import source_loads
from dhr.clocks.stored import clocks_by_review, overdue_now, settle, urgency
from dhr.core.keyset import count
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


@dataclass(frozen=True)
class Filters:
    """Dashboard filters; empty means all."""

    stage: str = ""
    category: str = ""
    year: int | None = None
    overdue_only: bool = False
    include_closed: bool = False


def list_loads() -> list:
    """What a list's names, tags and access checks read, loaded with the page."""
    return [selectinload(Review.people), selectinload(Review.members), selectinload(Review.partnership)]


def with_everything(query: Select) -> Select:
    """Eager-load everything the engine and the task list read, so working a batch of reviews' tasks out
    (overview/stored.py) costs the same queries for 2 reviews or 200."""
    return query.options(selectinload(Review.stage_changes), *list_loads(), *source_loads())


def _narrowed(query: Select, filters: Filters, today: date) -> Select:
    if filters.stage:
        query = query.where(Review.stage == ReviewStage(filters.stage))
    elif not filters.include_closed:
        query = query.where(Review.stage.not_in(list(TERMINAL)))
    if filters.category:
        query = query.where(Review.category == filters.category)
    if filters.year:
        query = query.where(Review.year == filters.year)
    if filters.overdue_only:
        query = query.where(Review.id.in_(select(ReviewClock.review_id).where(overdue_now(today))))
    return query


def filtered(query: Select, filters: Filters, today: date) -> Select:
    """The reviews of `query` that pass the filters, most urgent first: overdue, then the soonest open clock."""
    query = _narrowed(query, filters, today)
    order = urgency(today, query.with_only_columns(Review.id).order_by(None))
    return query.outerjoin(order, order.c.review_id == Review.id).order_by(
        case((func.coalesce(order.c.overdue, 0) > 0, 0), else_=1),
        order.c.next_day.is_(None),
        order.c.next_day,
        Review.reference,
    )


def review_rows(
    query: Select,
    filters: Filters,
    today: date,
    *,
    loads: list | None = None,
    page: tuple[int, int] | None = None,
) -> list[ReviewRow]:
    """The reviews of `query` that pass the filters, with their stored clocks as they stand today, most urgent first;
    `page` (offset, limit) takes one page. A list's names and tags are loaded with it, or `loads` instead (what the
    page reads, say the stage history alone)."""
    settle(db.session)
    query = filtered(query, filters, today)
    if page is not None:
        query = query.offset(page[0]).limit(page[1])
    query = query.options(*(list_loads() if loads is None else loads))
    reviews = db.session.scalars(query).all()
    clocks = clocks_by_review(db.session, [review.id for review in reviews], today)
    return [ReviewRow(review, clocks[review.id]) for review in reviews]


def count_reviews(query: Select, filters: Filters, today: date) -> int:
    """How many reviews `review_rows` would list, counted in SQL."""
    return count(db.session, _narrowed(query, filters, today).with_only_columns(Review.id))
