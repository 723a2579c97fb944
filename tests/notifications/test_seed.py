"""The demo's inboxes: a seed's own test, so it loads the demo."""

from sqlalchemy import func, select

from dhr.auth.models import User
from dhr.notifications.models import Notification
from dhr.seed import seed_demo


def test_the_demo_told_people_as_it_went_and_leaves_five_unread_each(app, db, frozen_clock):
    db.run(seed_demo)
    chair = db.scalar(select(User.id).where(User.email == "chair@swp.example"))
    police = db.scalar(select(User.id).where(User.email == "police@swp.example"))
    chair_kinds = set(db.scalars(select(Notification.kind).where(Notification.user_id == chair)))
    assert {"evidence.submitted", "review.member_added", "meeting.created"} <= chair_kinds
    assert "evidence.requested" in set(db.scalars(select(Notification.kind).where(Notification.user_id == police)))
    unread = db.scalars(
        select(func.count())
        .select_from(Notification)
        .where(Notification.read_at.is_(None))
        .group_by(Notification.user_id)
    )
    assert unread
    assert max(unread) == 5
    before = db.scalar(select(func.count()).select_from(Notification))
    db.run(seed_demo)
    assert db.scalar(select(func.count()).select_from(Notification)) == before
