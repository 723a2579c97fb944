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
