"""Concurrent writers on a real database of this leg's engine (battery J): no 500s, no duplicate references."""

import threading

from flask_migrate import upgrade
from sqlalchemy import select
from sqlalchemy.pool import NullPool

from dhr.extensions import db
from dhr.permissions import Role
from dhr.reviews.models import Review
from tests.conftest import _throwaway_postgres, _throwaway_sqlite, make_test_app
from tests.factories import PASSWORD, create_agency, create_partnership, create_user

WRITERS = 6


def test_concurrent_notifications_get_distinct_references(pytestconfig):
    maker = _throwaway_postgres if pytestconfig.getoption("--db") == "postgres" else _throwaway_sqlite
    with maker() as url:
        # No pool: every connection closes when its request ends, so none outlives the scratch database.
        app = make_test_app(url, WTF_CSRF_ENABLED=False, SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool})
        with app.app_context():
            upgrade()
            partnership = create_partnership(name="Busy Partnership", prefix="BSY")
            agency = create_agency(partnership)
            emails = [create_user(partnership, Role.COORDINATOR).email for _ in range(WRITERS)]
            db.session.commit()
            agency_id = agency.id
        clients = []
        for email in emails:
            client = app.test_client()
            assert client.post("/sign-in", data={"email": email, "password": PASSWORD}).status_code == 302
            clients.append(client)
        statuses: list[int] = []
        start = threading.Barrier(WRITERS)

        def notify(client):
            start.wait()
            response = client.post(
                "/reviews/new",
                data={"notified_on": ["20", "11", "2026"], "notifying_agency": str(agency_id), "category": "other"},
            )
            statuses.append(response.status_code)

        threads = [threading.Thread(target=notify, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with app.app_context():
            references = sorted(db.session.scalars(select(Review.reference)))
            db.engine.dispose()
    assert statuses == [302] * WRITERS
    assert references == [f"BSY-DARDR-2026-{n:02d}" for n in range(1, WRITERS + 1)]


def test_two_transactions_touching_one_review_at_once_store_its_clocks_and_tasks_once(pytestconfig):
    """The first has worked the review's clocks and tasks out again but not yet committed when the second commits a
    write to the same review: the second waits for the first, then works them out from what the first committed,
    so neither fails and nothing is stored twice."""
    import time

    from dhr.clocks.models import ReviewClock
    from dhr.clocks.stored import settle as settle_clocks
    from dhr.overview.models import ReviewTask
    from dhr.overview.stored import settle as settle_tasks
    from dhr.overview.tasks import tasks_for
    from dhr.permissions import ReviewRole
    from dhr.reviews.models import ReviewMember
    from tests.factories import create_review

    maker = _throwaway_postgres if pytestconfig.getoption("--db") == "postgres" else _throwaway_sqlite
    with maker() as url:
        app = make_test_app(url, SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool})
        with app.app_context():
            upgrade()
            partnership = create_partnership()
            review = create_review(partnership)
            first, second = create_user(partnership), create_user(partnership)
            db.session.commit()
            review_id, first_id, second_id = review.id, first.id, second.id
        first_settled, outcome = threading.Event(), []

        def observe_too():
            with app.app_context():
                db.session.add(ReviewMember(review_id=review_id, user_id=second_id, role=ReviewRole.OBSERVER))
                first_settled.wait()
                try:
                    db.session.commit()  # waits for the first transaction's lock on the review
                    outcome.append("committed")
                except Exception as error:
                    outcome.append(repr(error))

        with app.app_context():
            db.session.add(ReviewMember(review_id=review_id, user_id=first_id, role=ReviewRole.OBSERVER))
            db.session.flush()
            settle_clocks(db.session)
            settle_tasks(db.session)
            other = threading.Thread(target=observe_too)
            other.start()
            first_settled.set()
            time.sleep(0.5)  # the second is now waiting on the first
            db.session.commit()
        other.join()
        with app.app_context():
            review = db.session.get(Review, review_id)
            stored = [
                (row.position, row.label)
                for row in db.session.scalars(select(ReviewTask).where(ReviewTask.review_id == review_id))
            ]
            expected = list(enumerate(task.label for task in tasks_for(review) if not task.done))
            clock_keys = list(db.session.scalars(select(ReviewClock.key).where(ReviewClock.review_id == review_id)))
            members = len(review.members)
            db.engine.dispose()
    assert outcome == ["committed"]
    assert members == 2
    assert sorted(stored) == [(position, label) for position, label in expected]
    assert len(clock_keys) == len(set(clock_keys)) > 0
