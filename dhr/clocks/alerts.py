"""Clock alerts: the daily run that tells a review's people of a clock due within a week, and again when overdue.

Each partnership runs in its own transaction (dhr/jobs/daily.py), so one partnership's error never undoes
another's. Each alert is a ClockAlert row under a unique key, written in a savepoint with its audit event (which
the notifications' table turns into notifications): two runs at once tell people once, because the second
insert fails and its savepoint takes its audit event with it.
"""

from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dhr.audit.services import record
from dhr.clocks.engine import Clock
from dhr.clocks.models import ClockAlert
from dhr.clocks.rows import Filters, review_rows
from dhr.clocks.rules import ClockState
from dhr.clocks.stored import rebuild_partnership
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.reviews.models import Review

DUE_SOON, OVERDUE = "due_soon", "overdue"


def _kind(clock: Clock, within: int) -> str | None:
    if clock.due is None or clock.days is None:
        return None
    if clock.state is ClockState.OVERDUE:
        return OVERDUE
    if clock.state is ClockState.RUNNING and clock.days <= within:
        return DUE_SOON
    return None


def _words(clock: Clock, kind: str) -> str:
    return f"{clock.name} is overdue" if kind == OVERDUE else f"{clock.name} is due within a week"


def _alert(review: Review, clock: Clock, kind: str, today: date) -> bool:
    """Write one alert and its audit event, unless it was already sent (by this run or another at once)."""
    assert clock.due is not None
    try:
        with db.session.begin_nested():
            db.session.add(
                ClockAlert(review_id=review.id, clock_key=clock.key, kind=kind, due_on=clock.due, sent_on=today)
            )
            db.session.flush()
            record(
                f"clock.{kind}",
                f"{review.reference}: {_words(clock, kind)} ({clock.due:%d %B %Y})",
                obj=review,
                review=review,
                data={"clock": clock.key, "name": clock.name, "due_on": clock.due.isoformat()},
            )
    except IntegrityError:
        return False  # another run sent it a moment ago
    return True


def send_clock_alerts(partnership: Partnership, today: date) -> int:
    """Alert the partnership's open reviews' people of each clock newly due within the window, or overdue."""
    within = current_app.config["CLOCK_ALERT_DAYS"]
    # The nightly catch-all: anything written around the session has its clocks worked out again.
    rebuild_partnership(db.session, partnership.id, today)
    rows = review_rows(select(Review).where(Review.partnership_id == partnership.id), Filters(), today)
    sent_before = set(
        db.session.execute(
            select(ClockAlert.review_id, ClockAlert.clock_key, ClockAlert.kind, ClockAlert.due_on)
            .join(Review, Review.id == ClockAlert.review_id)
            .where(Review.partnership_id == partnership.id)
        ).all()
    )
    sent = 0
    for row in rows:
        for clock in row.clocks:
            kind = _kind(clock, within)
            if kind and (row.review.id, clock.key, kind, clock.due) not in sent_before:
                sent += _alert(row.review, clock, kind, today)
    return sent
