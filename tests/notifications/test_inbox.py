"""The inbox page and the header's unread count, on the review world's own notifications."""

import pytest
from sqlalchemy import select

from dhr.auth.models import User
from dhr.evidence import services as evidence
from dhr.evidence.models import AgencyInvolvement
from dhr.extensions import db as _db
from dhr.notifications.models import Notification
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.reviews.review_world import build_review_world
from tests.test_query_counts import count_queries


@pytest.fixture
def world(db, frozen_clock):
    return db.run(build_review_world)


def _as(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _submit(db, world):
    def run():
        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        evidence.submit(involvement, actor=_db.session.get(User, world["users"]["contributor_a"].id))

    db.run(run)


def test_the_chair_sees_the_count_opens_the_notification_and_it_is_read(app, db, world):
    _submit(db, world)
    chair = _as(app, db, world, "chair")
    dashboard = chair.get("/").get_data(as_text=True)
    assert 'class="dhr-count">2</strong>' in dashboard  # added as chair, and the submission
    inbox = chair.get("/notifications").get_data(as_text=True)
    check_page(inbox)
    assert "RW-A" not in inbox  # agencies are named by name, never by code or person
    assert "submitted its evidence, to accept or return" in inbox
    submitted = db.scalar(
        select(Notification).where(
            Notification.user_id == world["users"]["chair"].id, Notification.kind == "evidence.submitted"
        )
    )
    opened = chair.get(f"/notifications/{submitted.id}")
    assert opened.status_code == 303
    assert opened.headers["Location"].endswith(f"/evidence/{world['evidence']['A']['involvement']}")
    assert db.scalar(select(Notification.read_at).where(Notification.id == submitted.id)) is not None
    assert 'class="dhr-count">1</strong>' in chair.get("/").get_data(as_text=True)


def test_filters_and_marking_everything_read(app, db, world):
    _submit(db, world)
    chair = _as(app, db, world, "chair")
    evidence_only = chair.get("/notifications?category=evidence").get_data(as_text=True)
    assert "submitted its evidence" in evidence_only
    assert "you were added to the review" not in evidence_only
    membership = chair.get("/notifications?category=membership").get_data(as_text=True)
    assert "you were added to the review" in membership
    response = chair.post("/notifications/read-all", data={"csrf_token": csrf_token(chair)})
    assert response.status_code == 303
    assert "2 notifications marked as read" in chair.get("/notifications").get_data(as_text=True)
    unread = chair.get("/notifications?show=unread").get_data(as_text=True)
    assert "No notifications match these filters." in unread
    assert "dhr-count" not in unread


def test_a_contributor_sees_only_their_own_agencys_news(app, db, world):
    _submit(db, world)
    page = _as(app, db, world, "contributor_b").get("/notifications").get_data(as_text=True)
    assert "submitted its evidence" not in page  # agency A's submission is the chair's business
    assert page.count("is asked for its evidence</strong></a>") == 1  # its own request only, unread


def test_the_inbox_costs_the_same_queries_for_2_or_30_notifications(app, db, world):
    counts = []
    for extra in (0, 28):

        def add(n=extra):
            user = _db.session.get(User, world["users"]["observer"].id)
            for _ in range(n):
                _db.session.add(
                    Notification(
                        user_id=user.id,
                        partnership_id=user.partnership_id,
                        kind="meeting.created",
                        summary="x",
                        link="/",
                    )
                )

        db.run(add)
        client = _as(app, db, world, "observer")
        with count_queries(db.connection) as statements:
            assert client.get("/notifications").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_a_stored_link_can_only_lead_inside_the_app(app, db, world):
    def plant():
        user = _db.session.get(User, world["users"]["observer"].id)
        ids = []
        for link in ("//evil.example/x", "/\\evil.example", "https://evil.example/"):
            row = Notification(user_id=user.id, partnership_id=user.partnership_id, kind="x.y", summary="s", link=link)
            _db.session.add(row)
            _db.session.flush()
            ids.append(row.id)
        return ids

    client = _as(app, db, world, "observer")
    for notification_id in db.run(plant):
        assert client.get(f"/notifications/{notification_id}").headers["Location"] == "/"
