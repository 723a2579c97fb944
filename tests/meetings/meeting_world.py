"""The review access world plus a meeting on each review: planned for today, two agenda items, a guest and an action."""

from datetime import time, timedelta

from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.meetings import services
from dhr.meetings.stages import AttendanceStatus, MeetingKind
from dhr.reviews.models import Review
from tests.reviews.review_world import build_review_world


def add_meeting(review, actor, *, kind=MeetingKind.FIRST_PANEL, on=None) -> dict:
    """A planned meeting with two agenda items, a guest and an open action; returns the ids."""
    meeting = services.create_meeting(
        review, kind=kind, meeting_on=on or london_today(), starts_at=time(10, 0), location="Room 1", actor=actor
    )
    first = services.add_agenda_item(meeting, title="Introductions", presenter="Chair", actor=actor)
    second = services.add_agenda_item(meeting, title="Terms of reference", actor=actor)
    guest = services.add_guest(
        meeting, name="A Guest", agency=None, organisation="Elsewhere", status=AttendanceStatus.PRESENT, actor=actor
    )
    action = services.add_action(
        meeting,
        actor=actor,
        description="Circulate the terms of reference",
        owner_id=None,
        owner_name="Someone",
        due_on=london_today() + timedelta(days=7),
        agenda_item_id=second.id,
    )
    return {
        "meeting": meeting.id,
        "meeting_version": meeting.version,
        "item": first.id,
        "item_version": first.version,
        "attendee": guest.id,
        "action": action.id,
    }


def build_meeting_world() -> dict:
    """build_review_world(), with a meeting on R1 and one on R2."""
    world = build_review_world()
    actor = world["users"]["coordinator"]
    for key in ("R1", "R2"):
        review = db.session.get(Review, world["objects"][key]["review"])
        world["objects"][key] |= add_meeting(review, actor)
    return world
