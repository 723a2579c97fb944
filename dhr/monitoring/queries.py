"""The actions a monitoring page lists: a partnership's (filtered), one agency's, or those a user acts for, each
loaded with everything the page shows in a constant number of queries."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, false, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from dhr.actions.models import Action
from dhr.actions.stages import CLOSED, ActionStatus
from dhr.auth.models import User
from dhr.core import keyset
from dhr.core.keyset import page_number
from dhr.extensions import db
from dhr.permissions import ReviewRole, sees_every_review
from dhr.recommendations.models import Recommendation, recommendation_themes
from dhr.reviews.models import Review, ReviewMember

A = ActionStatus
# Statuses that turn to "overdue" on screen once the target date has passed (actions.workflow.shown_status).
DRIFTING = (A.NOT_STARTED, A.ON_TRACK, A.AT_RISK)
PAGE_SIZE = 50


@dataclass(frozen=True)
class TrackerFilters:
    """What the tracker is narrowed to; None or False means no narrowing."""

    review_id: int | None = None
    agency_id: int | None = None
    theme_id: int | None = None
    status: str = ""  # an ActionStatus value, matched against the status shown (overdue past the target date)
    overdue_only: bool = False
    target_from: date | None = None
    target_to: date | None = None


def _past_target(today: date):
    return and_(Action.target_on.is_not(None), Action.target_on < today)


def overdue_condition(today: date):
    """SQL for actions.workflow.shown_status(action) == OVERDUE: marked overdue, or still open past the target."""
    return or_(Action.status == A.OVERDUE, and_(Action.status.in_(DRIFTING), _past_target(today)))


def shown_status_condition(status: ActionStatus, today: date):
    """SQL for actions.workflow.shown_status(action) == status, so a filter matches the tag the page shows."""
    if status is A.OVERDUE:
        return overdue_condition(today)
    if status in DRIFTING:
        return and_(Action.status == status, or_(Action.target_on.is_(None), Action.target_on >= today))
    return Action.status == status


def partnership_actions(partnership_id: int) -> Select:
    """Every action of the partnership's reviews, joined to its review and recommendation (for order and filters)."""
    return (
        select(Action)
        .join(Review, Review.id == Action.review_id)
        .join(Recommendation, Recommendation.id == Action.recommendation_id)
        .where(Review.partnership_id == partnership_id)
    )


def apply_filters(query: Select, filters: TrackerFilters, today: date) -> Select:
    """Narrow a partnership_actions() query by the tracker's filters."""
    if filters.review_id is not None:
        query = query.where(Action.review_id == filters.review_id)
    if filters.agency_id is not None:
        query = query.where(Action.lead_agency_id == filters.agency_id)
    if filters.theme_id is not None:
        tagged = select(recommendation_themes.c.recommendation_id).where(
            recommendation_themes.c.theme_id == filters.theme_id
        )
        query = query.where(Action.recommendation_id.in_(tagged))
    if filters.status:
        query = query.where(shown_status_condition(A(filters.status), today))
    if filters.overdue_only:
        query = query.where(overdue_condition(today))
    if filters.target_from is not None:
        query = query.where(Action.target_on >= filters.target_from)
    if filters.target_to is not None:
        query = query.where(Action.target_on <= filters.target_to)
    return query


def in_target_order(query: Select) -> Select:
    """Open work first (overdue and open actions, soonest target first, undated last), then completed and
    superseded ones the same way; ties by review and action number."""
    return query.order_by(
        # A completed action's target is usually long past: by date alone last year's finished work came first.
        Action.status.in_(CLOSED),
        Action.target_on.is_(None),
        Action.target_on,
        Review.reference,
        Recommendation.number,
        Action.position,
        Action.id,
    )


def with_columns(query: Select, *, themes: bool = False) -> Select:
    """Load what a row shows (review, recommendation, lead agency, owner; and the themes, for exports) with the rows.

    The query must already join Review and Recommendation (partnership_actions does)."""
    recommendation = contains_eager(Action.recommendation)
    return query.options(
        contains_eager(Action.review),
        recommendation.selectinload(Recommendation.themes) if themes else recommendation,
        joinedload(Action.lead_agency),
        # Only the owner's name is shown: their roles (loaded eagerly with every user) are not wanted here.
        joinedload(Action.owner).lazyload(User.memberships),
    )


def count(query: Select) -> int:
    """How many rows the query would return."""
    return keyset.count(db.session, query)


@dataclass(frozen=True)
class Page:
    """One page of actions and where it sits among the pages."""

    actions: list[Action]
    total: int
    number: int
    pages: int


def page_of(query: Select, number: int, size: int = PAGE_SIZE) -> Page:
    """The asked-for page (clamped to the pages there are), open work first, with its columns loaded."""
    total = count(query)
    number, pages = page_number(number, total, size)
    # The page's ids first, sorting only narrow rows; then those 50 with their columns.
    ids = list(
        db.session.scalars(in_target_order(query.with_only_columns(Action.id)).offset((number - 1) * size).limit(size))
    )
    rows = db.session.scalars(with_columns(in_target_order(query.where(Action.id.in_(ids)))))
    return Page(list(rows.unique()), total, number, pages)


def all_rows(query: Select, *, themes: bool = False) -> list[Action]:
    """Every action the query matches, open work first, with its columns (and themes, if asked) loaded."""
    return list(db.session.scalars(with_columns(in_target_order(query), themes=themes)).unique())


def streamed_rows(query: Select, *, batch: int = 500) -> Iterator[Action]:
    """Every action the query matches, open work first, with its columns and themes, read a batch at a time
    (so an export holds a batch of actions in memory, not all of them)."""
    result = db.session.execute(with_columns(in_target_order(query), themes=True).execution_options(yield_per=batch))
    yield from result.scalars()


def acted_for(user) -> Select:
    """The actions the user acts for (actions.access.acts_for): their own as named owner, and those led by an agency
    they contribute for on that review. Only in the user's partnership."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return partnership_actions(-1).where(false())
    joined = select(ReviewMember.review_id).where(ReviewMember.user_id == user.id)
    contributes = (
        select(ReviewMember.id)
        .where(
            ReviewMember.review_id == Action.review_id,
            ReviewMember.user_id == user.id,
            ReviewMember.role == ReviewRole.AGENCY_CONTRIBUTOR,
            ReviewMember.agency_id == Action.lead_agency_id,
        )
        .exists()
    )
    owns = Action.owner_id == user.id
    actions = partnership_actions(user.partnership_id)
    # The review ids the person has joined, as a list the planner reads from the index on plan_actions.review_id,
    # rather than a test of every action of the partnership.
    if sees_every_review(user):
        return actions.where(or_(owns, and_(Action.review_id.in_(joined), contributes)))
    # A named owner taken off the review no longer acts for its actions (as actions.access.acts_for).
    return actions.where(Action.review_id.in_(joined), or_(owns, contributes))


@dataclass(frozen=True)
class Workload:
    """How many actions the user acts for, how many are still open, and how many of those are overdue."""

    actions: int
    open: int
    overdue: int


def workload(user, today: date) -> Workload:
    """The user's actions counted in one query (for the dashboard's link to their agency's actions)."""
    listed = acted_for(user).subquery()
    is_open = listed.c.status.not_in([A.COMPLETED, A.SUPERSEDED])
    late = or_(
        listed.c.status == A.OVERDUE,
        and_(listed.c.status.in_(DRIFTING), listed.c.target_on.is_not(None), listed.c.target_on < today),
    )
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((is_open, 1), else_=0)), 0),
            func.coalesce(func.sum(case((late, 1), else_=0)), 0),
        ).select_from(listed)
    ).one()
    return Workload(*(int(n) for n in row))


def agency_actions(agency) -> Select:
    """Every action the agency leads, across the partnership's reviews."""
    return partnership_actions(agency.partnership_id).where(Action.lead_agency_id == agency.id)


def open_first(actions: list[Action]) -> tuple[list[Action], list[Action]]:
    """(open, closed): still to do, then completed or superseded; each keeps the order given."""
    return [a for a in actions if a.status.is_open], [a for a in actions if not a.status.is_open]


def by_review(actions: list[Action]) -> list[tuple[Review, list[Action]]]:
    """The actions grouped under their review, reviews in order of their first action."""
    groups: dict[int, tuple[Review, list[Action]]] = {}
    for action in actions:
        groups.setdefault(action.review_id, (action.review, []))[1].append(action)
    return list(groups.values())
