"""Telling people: the handler every audit event reaches (connected in dhr/wiring.py), and reading the inbox."""

from typing import Any

from sqlalchemy import func, select, update

from dhr.agencies.models import Agency
from dhr.audit.services import record
from dhr.auth.models import User, UserRole
from dhr.core import clock
from dhr.core.events import Event
from dhr.core.links import path_for
from dhr.core.told import remember
from dhr.extensions import db
from dhr.notifications.audiences import Telling, To, tellings_for
from dhr.notifications.models import Notification
from dhr.permissions import ReviewRole, Role
from dhr.reviews.models import Review


def _partnership_coordinators(partnership_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.partnership_id == partnership_id, UserRole.role == Role.COORDINATOR)
            .order_by(User.id)
        )
    )


def audience(review: Review, to: To, *, agency_id: int | None, person_id: int | None) -> list[User]:
    """The people `to` names on this review (before leaving out the actor and anyone inactive)."""
    members = review.members
    if to is To.PERSON:
        person = db.session.get(User, person_id) if person_id else None
        return [person] if person is not None else []
    if to is To.AGENCY:
        return [m.user for m in members if m.role is ReviewRole.AGENCY_CONTRIBUTOR and m.agency_id == agency_id]
    if to is To.COORDINATORS:
        return [m.user for m in members if m.role is ReviewRole.COORDINATOR] or _partnership_coordinators(
            review.partnership_id
        )
    return [m.user for m in members if m.role is ReviewRole(to.value)]


def _recipients(review: Review, telling: Telling, event: Event, agency_id: int | None) -> list[User]:
    actor_id = getattr(event.actor, "id", None)
    found: dict[int, User] = {}
    for to in telling.to:
        for person in audience(review, to, agency_id=agency_id, person_id=telling.person(event)):
            # Need-to-know: only active people of the review's own partnership, and never the one who acted.
            if person.active and person.partnership_id == review.partnership_id and person.id != actor_id:
                found.setdefault(person.id, person)
    return list(found.values())


def tell(event: Event) -> None:
    """Write a notification for everyone the table says hears of this event, in the event's transaction."""
    tellings = tellings_for(event)
    if not tellings or event.review_id is None:
        return
    review = db.session.get(Review, event.review_id)
    if review is None:
        return
    for telling in tellings:
        agency_id = telling.agency(event.obj)
        agency = db.session.get(Agency, agency_id) if agency_id else None
        summary = telling.says.format(
            reference=review.reference, agency=agency.name if agency else "An agency", name=event.data.get("name", "")
        )
        link = path_for(telling.link[0], review_id=review.id, **telling.link[1](event.obj))
        for person in _recipients(review, telling, event, agency_id):
            db.session.add(
                Notification(
                    user_id=person.id,
                    partnership_id=review.partnership_id,
                    review_id=review.id,
                    agency_id=agency_id,
                    actor_id=getattr(event.actor, "id", None),
                    kind=event.kind,
                    summary=summary[:300],
                    link=link,
                )
            )
            remember(db.session, person.id, person.name)


def unread_count(user: Any) -> int:
    """How many of the person's notifications they have not read."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
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
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
    ).rowcount
    if count:
        record(
            "notification.all_read", f"{user.name} marked {count} notifications read", actor=user, data={"count": count}
        )
    return count
