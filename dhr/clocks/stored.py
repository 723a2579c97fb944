"""Every review's clocks kept as data: worked out by the engine whenever something that moves them is written, read
by lists with indexed SQL.

One mechanism keeps them current, whatever writes: the session notes the reviews whose facts a flush touched (the
review itself, its stage history, and each installed fact source's records) and the partnerships whose rules or
guidance changed, and works those reviews' clocks out again before the transaction commits, in the same
transaction. A reader in the middle of a transaction first settles what is pending, so it reads its own writes.
The daily run works every partnership's clocks out again, which catches anything written around the session.

Between events only the passage of time changes a clock, and `clock_at` applies it at the reader's today: the
stored rows do not go stale overnight, and the engine stays the one place the arithmetic lives.
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, false, func, insert, inspect, or_, select
from sqlalchemy.orm import Session, selectinload

from dhr.clocks.engine import Clock, compute_clocks
from dhr.clocks.models import ClockRule, ReviewClock
from dhr.clocks.rules import ClockState, RuleSpec
from dhr.clocks.service import SOURCES, facts_for, rules_for, source_loads
from dhr.core.dates import london_today
from dhr.core.derived import keep_current, lock_rows
from dhr.partnerships.models import Partnership
from dhr.reviews.models import Review, StageChange

PENDING_REVIEWS, PENDING_PARTNERSHIPS = "dhr_clocks_reviews", "dhr_clocks_partnerships"


def _watched() -> tuple[type, ...]:
    return (StageChange, *(model for source in SOURCES for model in source.models))


def _note_changes(session: Session, _context) -> None:
    reviews: set[int] = session.info.setdefault(PENDING_REVIEWS, set())
    partnerships: set[int] = session.info.setdefault(PENDING_PARTNERSHIPS, set())
    watched = _watched()
    changed = [*session.new, *session.deleted]
    # Dirty counts only for a change of its own columns: adding a review to a partnership's collection, say, does
    # not move the partnership's other reviews' clocks.
    changed += [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    for obj in changed:
        if isinstance(obj, Review):
            if obj.id is not None:
                reviews.add(obj.id)
        elif isinstance(obj, watched):
            if obj.review_id is not None:
                reviews.add(obj.review_id)
        elif isinstance(obj, ClockRule):
            partnerships.add(obj.partnership_id)
        elif isinstance(obj, Partnership) and obj.id is not None and _moves_clocks(obj):
            partnerships.add(obj.id)


def _moves_clocks(partnership: Partnership) -> bool:
    attrs = inspect(partnership).attrs
    return attrs.guidance.history.has_changes() or attrs.s19_commenced_on.history.has_changes()


def install(session_class=Session) -> None:
    """Keep stored clocks current for every session (the app's, the command line's and the jobs')."""
    keep_current(_note_changes, settle, (PENDING_REVIEWS, PENDING_PARTNERSHIPS), session_class)


def settle(session: Session, today: date | None = None) -> int:
    """Work out again the clocks of every review this transaction touched; how many reviews that was."""
    session.flush()
    reviews = session.info.pop(PENDING_REVIEWS, set())
    partnerships = session.info.pop(PENDING_PARTNERSHIPS, set())
    if not reviews and not partnerships:
        return 0
    if partnerships:
        reviews |= set(session.scalars(select(Review.id).where(Review.partnership_id.in_(partnerships))))
    return rebuild(session, sorted(reviews), today)


def _rows(review: Review, rules: tuple[RuleSpec, ...], today: date) -> list[dict]:
    facts = facts_for(review)
    extending = {rule.key for rule in rules if rule.pauses_extend}
    rows = []
    for position, clock in enumerate(compute_clocks(rules, facts, today)):
        # Paused, with a rule that pauses extend: the due date moves on with each paused day, the days left stay.
        frozen = clock.is_open and clock.due is not None and facts.paused_now and clock.key in extending
        rows.append(
            {
                "review_id": review.id,
                "partnership_id": review.partnership_id,
                "key": clock.key,
                "name": clock.name,
                "position": position,
                "state": clock.state,
                "met_by": clock.met_by,
                "started_on": clock.started_on,
                "due_on": clock.due,
                "due_day": clock.due.toordinal() if clock.due else None,
                "days": clock.days,
                "met_on": clock.met_on,
                "extended_by": clock.extended_by,
                "is_open": clock.is_open,
                "frozen": frozen,
                "computed_on": today,
            }
        )
    return rows


def rebuild(session: Session, review_ids: list[int], today: date | None = None, batch: int = 500) -> int:
    """Work out the clocks of these reviews (missing ones: their rows go) and store them, replacing the old."""
    today = today or london_today()
    done = 0
    for start in range(0, len(review_ids), batch):
        ids = review_ids[start : start + batch]
        lock_rows(session, Review.id, ids)
        reviews = session.scalars(
            select(Review)
            .where(Review.id.in_(ids))
            .options(selectinload(Review.stage_changes), selectinload(Review.partnership), *source_loads())
            .execution_options(populate_existing=True)
        ).all()
        rules = {}
        rows = []
        for review in reviews:
            if review.partnership_id not in rules:
                rules[review.partnership_id] = rules_for(review.partnership)
            rows += _rows(review, rules[review.partnership_id], today)
        session.execute(delete(ReviewClock).where(ReviewClock.review_id.in_(ids)))
        if rows:
            session.execute(insert(ReviewClock), rows)
        done += len(reviews)
    return done


def rebuild_partnership(session: Session, partnership_id: int, today: date | None = None) -> int:
    """Every review of one partnership (the daily run's catch-all)."""
    ids = list(session.scalars(select(Review.id).where(Review.partnership_id == partnership_id).order_by(Review.id)))
    return rebuild(session, ids, today)


def clock_at(row: Any, today: date) -> Clock:
    """The stored clock (a ReviewClock, or a row of its columns) as it stands today: the engine's answer, without
    the engine's inputs."""
    clock = Clock(
        row.key,
        row.name,
        row.state,
        row.due_on,
        row.days,
        row.met_on,
        row.met_by,
        row.started_on,
        row.extended_by,
    )
    if not row.is_open or row.due_on is None:
        return clock
    if row.frozen:
        moved = (today - row.computed_on).days
        return replace(clock, due=row.due_on + timedelta(days=moved), extended_by=row.extended_by + moved)
    days = (row.due_on - today).days
    return replace(clock, days=days, state=ClockState.OVERDUE if days < 0 else ClockState.RUNNING)


def clocks_by_review(session: Session, review_ids: Iterable[int], today: date) -> dict[int, list[Clock]]:
    """Stored clocks of these reviews as they stand today, in rule order: one query."""
    settle(session)
    ids = list(review_ids)
    found: dict[int, list[Clock]] = {review_id: [] for review_id in ids}
    if not ids:
        return found
    # Plain rows, not entities: a page of 50 reviews reads 350 clocks, and clock_at needs only their columns.
    for row in session.execute(
        select(*ReviewClock.__table__.columns)
        .where(ReviewClock.review_id.in_(ids))
        .order_by(ReviewClock.review_id, ReviewClock.position)
    ):
        found[row.review_id].append(clock_at(row, today))
    return found


def effective_day(today: date):
    """SQL: the day an open clock falls due, as of today (a frozen clock's due day moves on with today)."""
    return case((ReviewClock.frozen, today.toordinal() + ReviewClock.days), else_=ReviewClock.due_day)


def overdue_now(today: date):
    """SQL: the stored clock is overdue today."""
    return and_(
        ReviewClock.is_open,
        ReviewClock.due_day.is_not(None),
        or_(
            and_(ReviewClock.frozen, ReviewClock.state == ClockState.OVERDUE),
            and_(ReviewClock.frozen.is_(false()), ReviewClock.due_day < today.toordinal()),
        ),
    )


def urgency(today: date, review_ids):
    """SQL, per review of `review_ids` (a select of ids): (overdue clocks, the soonest open clock's due day), the
    dashboard's order, in a subquery."""
    return (
        select(
            ReviewClock.review_id.label("review_id"),
            func.sum(case((overdue_now(today), 1), else_=0)).label("overdue"),
            func.min(case((ReviewClock.is_open, effective_day(today)), else_=None)).label("next_day"),
        )
        .where(ReviewClock.review_id.in_(review_ids))
        .group_by(ReviewClock.review_id)
        .subquery()
    )
