"""The demo's inboxes: the seed's own changes told people as they went; each person has read all but the newest."""

from sqlalchemy import select, update

from dhr.auth.membership import members_of
from dhr.core import clock
from dhr.extensions import db
from dhr.notifications.models import Notification

UNREAD_LEFT = 5


def seed_inboxes(partnership) -> int:
    """Mark all but each person's five newest notifications read (once); returns how many were marked."""
    rows = db.session.execute(
        select(Notification.id, Notification.user_id, Notification.read_at)
        .where(Notification.partnership_id == partnership.id)
        .order_by(Notification.user_id, Notification.id.desc())
    ).all()
    if any(read_at is not None for _id, _user, read_at in rows):
        return 0
    seen: dict[int, int] = {}
    older = []
    for notification_id, user_id, _read_at in rows:
        seen[user_id] = seen.get(user_id, 0) + 1
        if seen[user_id] > UNREAD_LEFT:
            older.append(notification_id)
    if older:
        db.session.execute(update(Notification).where(Notification.id.in_(older)).values(read_at=clock.now()))
    return len(older)


# The demo's email choices, made before the other steps so the seed's own notifications follow them: the chair
# takes drafting and clocks in a daily digest, and the adult social care panel member has no meeting emails.
DEMO_CHOICES = {
    "chair@swp.example": {"drafting": "digest", "clocks": "digest"},
    "panel@swp.example": {"meetings": "off"},
}


def seed_mail_preferences(partnership) -> int:
    """Set the demo people's email choices (once); returns how many categories were set."""
    from dhr.auth.models import User
    from dhr.mail.models import MailChoice
    from dhr.notifications.audiences import Category
    from dhr.notifications.emails import set_choices

    changed = 0
    for email, wanted in DEMO_CHOICES.items():
        person = db.session.scalar(select(User).where(User.email == email, members_of(partnership.id)))
        if person is not None:
            choices = {Category(key): MailChoice(value) for key, value in wanted.items()}
            changed += len(set_choices(person, choices, actor=person))
    return changed
