"""Clock alerts: due within a week, then overdue, each told once to the chair and coordinators."""

from datetime import timedelta

from sqlalchemy import func, select

from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.clocks.alerts import _alert, send_clock_alerts
from dhr.clocks.models import ClockAlert
from dhr.clocks.service import clocks_for
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.jobs.daily import run_daily
from dhr.notifications.models import Notification
from dhr.permissions import ReviewRole, Role
from tests.factories import create_partnership, create_review, create_user


def _world(days_ago: int):
    partnership = create_partnership()
    coordinator = create_user(partnership, Role.COORDINATOR)
    chair = create_user(partnership)
    outsider = create_user(partnership)
    review = create_review(
        partnership, coordinator=coordinator, chair=chair, notified_on=london_today() - timedelta(days=days_ago)
    )
    return {"partnership": partnership.id, "review": review.id, "people": (coordinator.id, chair.id, outsider.id)}


def _count(model, *where) -> int:
    return _db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_clock_due_within_a_week_is_told_once_then_again_when_overdue(app, db, frozen_clock):
    world = db.run(_world, 26)  # the decision is due a month after notification: in about five days

    def run(today):
        from dhr.partnerships.models import Partnership

        sent = send_clock_alerts(_db.session.get(Partnership, world["partnership"]), today)
        _db.session.commit()
        return sent

    with app.app_context():
        today = london_today()
        assert run(today) == 1
        assert run(today) == 0  # the next run, or a second worker, sends nothing again
        assert run(today + timedelta(days=1)) == 0
        coordinator, chair, outsider = world["people"]
        told = set(_db.session.scalars(select(Notification.user_id).where(Notification.kind == "clock.due_soon")))
        assert told == {coordinator, chair}
        summary = _db.session.scalar(select(Notification.summary).where(Notification.kind == "clock.due_soon"))
        assert summary.endswith("Decision whether to hold a review is due within a week")
        assert run(today + timedelta(days=10)) == 1
        assert _count(Notification, Notification.kind == "clock.overdue") == 2
        assert _count(ClockAlert) == 2


def test_an_alert_written_twice_at_once_is_told_once(app, db, frozen_clock):
    """The unique key: the second writer's insert fails and its savepoint takes its audit event with it."""
    world = db.run(_world, 26)
    with app.app_context():
        from dhr.reviews.models import Review

        review = _db.session.get(Review, world["review"])
        clock = next(c for c in clocks_for(review) if c.key == "decision")
        assert _alert(review, clock, "due_soon", london_today()) is True
        assert _alert(review, clock, "due_soon", london_today()) is False
        _db.session.commit()
        assert _count(AuditEvent, AuditEvent.action == "clock.due_soon") == 1
        assert _count(Notification, Notification.kind == "clock.due_soon") == 2


def test_every_partnership_runs_and_commits_on_its_own(app, db, frozen_clock):
    first, second = db.run(_world, 26), db.run(_world, 40)
    with app.app_context():
        run = run_daily(london_today(), ["clock-alerts"])
        assert run.failed == {}
        assert run.totals == {"clock alerts": 2}
        assert _count(ClockAlert) == 2
    assert {first["review"], second["review"]} == set(db.scalars(select(ClockAlert.review_id)))


def test_the_command_says_what_it_sent(app, db, frozen_clock):
    db.run(_world, 40)
    result = app.test_cli_runner().invoke(args=["dhr", "send-clock-alerts"])
    assert result.exit_code == 0, result.output
    assert "1 clock alerts in" in result.output


def test_members_without_a_role_that_hears_are_not_told(app, db, frozen_clock):
    def build():
        world = _world(40)
        from dhr.reviews import services
        from dhr.reviews.models import Review

        review = _db.session.get(Review, world["review"])
        observer = create_user(review.partnership)
        coordinator = _db.session.get(User, world["people"][0])
        role, agency = ReviewRole.AGENCY_CONTRIBUTOR, review.notifying_agency
        services.add_member(review, user=observer, role=role, agency=agency, actor=coordinator)
        return world | {"contributor": observer.id}

    world = db.run(build)
    with app.app_context():
        run_daily(london_today(), ["clock-alerts"])
        told = set(_db.session.scalars(select(Notification.user_id).where(Notification.kind == "clock.overdue")))
        assert world["contributor"] not in told
        assert world["people"][2] not in told
