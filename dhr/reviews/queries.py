"""Which reviews a user may see, and the dashboard rows with their clocks, in a constant number of queries."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from dhr.assurance.records import eager_loads
from dhr.clocks.engine import Clock, next_clock
from dhr.clocks.rules import ClockState
from dhr.clocks.service import clocks_for, rules_for
from dhr.extensions import db
from dhr.permissions import ROLES_SEEING_EVERY_REVIEW
from dhr.reviews.models import Person, PersonRole, Review, ReviewMember
from dhr.reviews.stages import TERMINAL, ReviewStage


def review_of_victim(partnership_id: int, pseudonym: str) -> Review | None:
    """The partnership's review whose victim goes by this pseudonym."""
    return db.session.scalar(
        select(Review)
        .join(Person, Person.review_id == Review.id)
        .where(Review.partnership_id == partnership_id, Person.role == PersonRole.VICTIM, Person.pseudonym == pseudonym)
    )


def visible_reviews(user) -> Select:
    """Reviews the user may know exist: all for a system admin, the partnership's for its coordinators and admins,
    otherwise only those they are a member of."""
    query = select(Review)
    if user.system_admin:
        return query
    if user.role_set & ROLES_SEEING_EVERY_REVIEW:
        return query.where(Review.partnership_id == user.partnership_id)
    member_of = select(ReviewMember.review_id).where(ReviewMember.user_id == user.id)
    return query.where(Review.partnership_id == user.partnership_id, Review.id.in_(member_of))


def member_reviews(user) -> Select:
    """Reviews the user is a member of."""
    member_of = select(ReviewMember.review_id).where(ReviewMember.user_id == user.id)
    return select(Review).where(Review.partnership_id == user.partnership_id, Review.id.in_(member_of))


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
        selectinload(Review.correspondence),
        selectinload(Review.people),
        selectinload(Review.members),
        selectinload(Review.partnership),
        *eager_loads(),
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


def review_years(query: Select) -> list[int]:
    """Years that visible reviews were notified in, newest first (for the filter)."""
    ids = query.with_only_columns(Review.id).scalar_subquery()
    return list(
        db.session.scalars(select(Review.year).where(Review.id.in_(ids)).distinct().order_by(Review.year.desc()))
    )
