"""Telling people: the handler every audit event reaches (connected in dhr/wiring.py), and reading the inbox."""

from typing import Any

from sqlalchemy import ColumnElement, func, select, update

from dhr.agencies.models import Agency
from dhr.audit.services import record
from dhr.auth.membership import with_role
from dhr.auth.models import User
from dhr.core import clock
from dhr.core.events import Event
from dhr.core.links import path_for
from dhr.core.told import remember
from dhr.extensions import db
from dhr.mail.models import MailChoice
from dhr.notifications.audiences import Telling, To, tellings_for
from dhr.notifications.emails import email_notification, mail_choices
from dhr.notifications.models import Notification
from dhr.permissions import ReviewRole, Role
from dhr.reviews.models import Review


def _partnership_coordinators(partnership_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(with_role(partnership_id, Role.COORDINATOR)).order_by(User.id)))


def audience(
    review: Review | None,
    to: To,
    *,
    agency_id: int | None,
    person_id: int | None,
    partnership_id: int | None = None,
) -> list[User]:
    """The people `to` names on this review, or for an event of the partnership's own (no review): its
    coordinators. Before leaving out the actor and anyone inactive."""
    partnership_id = review.partnership_id if review is not None else partnership_id
    if to is To.PERSON:
        person = db.session.get(User, person_id) if person_id else None
        return [person] if person is not None else []
    if review is None:
        return _partnership_coordinators(partnership_id) if to is To.COORDINATORS and partnership_id else []
    members = review.members
    if to is To.AGENCY:
        return [m.user for m in members if m.role is ReviewRole.AGENCY_CONTRIBUTOR and m.agency_id == agency_id]
    if to is To.COORDINATORS:
        return [m.user for m in members if m.role is ReviewRole.COORDINATOR] or _partnership_coordinators(
            review.partnership_id
        )
    return [m.user for m in members if m.role is ReviewRole(to.value)]


def _recipients(
    review: Review | None, partnership_id: int, telling: Telling, event: Event, agency_id: int | None
) -> list[User]:
    actor_id = getattr(event.actor, "id", None)
    found: dict[int, User] = {}
    for to in telling.to:
        for person in audience(
            review, to, partnership_id=partnership_id, agency_id=agency_id, person_id=telling.person(event)
        ):
            # Need-to-know: only active people of the event's own partnership, and never the one who acted.
            if person.works_in(partnership_id) and person.id != actor_id:
                found.setdefault(person.id, person)
    return list(found.values())


def _summary(telling: Telling, event: Event, reference: str, agency_id: int | None) -> str:
    agency = db.session.get(Agency, agency_id) if agency_id else None
    return telling.says.format(
        reference=reference,
        agency=agency.name if agency else "An agency",
        name=event.data.get("name", ""),
        duty=event.data.get("duty", ""),
        label=event.data.get("label", ""),
    )[:300]


def tell(event: Event) -> None:
    """Write a notification for everyone the table says hears of this event, in the event's transaction, and
    email each of them as they chose (at once, in the daily digest, or not at all)."""
    tellings = tellings_for(event)
    if not tellings:
        return
    review = db.session.get(Review, event.review_id) if event.review_id is not None else None
    partnership_id = review.partnership_id if review is not None else event.partnership_id
    if partnership_id is None or (event.review_id is not None and review is None):
        return
    on_review = {"review_id": review.id} if review is not None else {}
    for telling in tellings:
        agency_id = telling.agency(event.obj)
        summary = _summary(telling, event, review.reference if review is not None else "", agency_id)
        link = path_for(telling.link[0], **on_review, **telling.link[1](event.obj))
        people = _recipients(review, partnership_id, telling, event, agency_id)
        choices = mail_choices(people, telling.category)
        for person in people:
            notification = Notification(
                user_id=person.id,
                partnership_id=partnership_id,
                review_id=review.id if review is not None else None,
                agency_id=agency_id,
                actor_id=getattr(event.actor, "id", None),
                kind=event.kind,
                summary=summary,
                link=link,
                in_digest=choices[person.id] is MailChoice.DIGEST,
            )
            db.session.add(notification)
            if choices[person.id] is MailChoice.IMMEDIATE:
                email_notification(person, event.kind, summary, link)
            remember(db.session, person.id, person.name)


def addressed_to(user: Any) -> ColumnElement[bool]:
    """A WHERE clause for Notification: the person's own, in the partnership they work in now."""
    return (Notification.user_id == user.id) & (Notification.partnership_id == user.partnership_id)


def unread_count(user: Any) -> int:
    """How many of the person's notifications they have not read."""
    return (
        db.session.scalar(
            select(func.count()).select_from(Notification).where(addressed_to(user), Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(notification: Notification, *, actor: Any) -> None:
    """The person opened it or marked it read."""
    if notification.read_at is None:
        notification.read_at = clock.now()
        record(
            "notification.read",
            f"{actor.name} read a notification",
            actor=actor,
            obj=notification,
            review_id=notification.review_id,
            partnership_id=notification.partnership_id,
        )


def mark_all_read(user: Any) -> int:
    """Mark every unread notification of the person read; returns how many."""
    count = db.session.execute(
        update(Notification).where(addressed_to(user), Notification.read_at.is_(None)).values(read_at=clock.now())
    ).rowcount
    if count:
        record(
            "notification.all_read", f"{user.name} marked {count} notifications read", actor=user, data={"count": count}
        )
    return count
