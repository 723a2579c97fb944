"""The demo's inboxes: a seed's own test, so it loads the demo."""

from sqlalchemy import func, select

from dhr.auth.models import User
from dhr.extensions import db as _db
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


def test_the_demo_emails_as_each_person_chose_and_prepares_the_chairs_file(app, db, frozen_clock):
    from dhr.exports.models import ExportJob, ExportStatus
    from dhr.mail.models import OutboxMessage

    db.run(seed_demo)
    chair = db.scalar(select(User).where(User.email == "chair@swp.example"))
    chosen = dict(db.run(lambda: _choices(chair.id)))
    assert chosen == {"drafting": "digest", "clocks": "digest"}
    waiting = db.scalar(select(func.count()).where(Notification.user_id == chair.id, Notification.in_digest.is_(True)))
    assert waiting > 0  # the chair's drafting and clock notifications wait for the daily digest
    emailed = set(db.scalars(select(OutboxMessage.category).where(OutboxMessage.to_address == chair.email)))
    assert "evidence.submitted" in emailed
    assert not emailed & {"draft.comment_added", "clock.overdue", "clock.due_soon"}
    (status, owner, rows) = db.run(
        lambda: tuple(_db.session.execute(select(ExportJob.status, ExportJob.user_id, ExportJob.rows_total)).one())
    )
    assert (status, owner) == (ExportStatus.DONE, chair.id)
    assert rows > 0
    db.run(seed_demo)
    assert db.scalar(select(func.count()).select_from(ExportJob)) == 1


def _choices(user_id):
    from dhr.mail.models import MailPreference

    rows = _db.session.scalars(select(MailPreference).where(MailPreference.user_id == user_id))
    return [(row.category, row.choice.value) for row in rows]
