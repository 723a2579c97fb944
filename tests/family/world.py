"""The review access world plus a family log on each review, with canaries wherever an identity can be typed."""

from datetime import timedelta

from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.family import services
from dhr.family.stages import AttemptOutcome, ContactKind, ContactMethod, Leaflet
from dhr.reviews.models import Review
from tests.reviews.review_world import build_review_world

# Every text a persona without VIEW_FAMILY must never see.
CANARIES = (
    "CNRY-CONTACT",
    "CNRY-DETAILS",
    "CNRY-ADVOCATE",
    "CNRY-NOTES",
    "CNRY-ATTEMPT",
    "CNRY-TRIBUTE",
    "CNRY-COMMENT",
)


def add_family_log(review, actor, key: str) -> dict:
    """A contact with an attempt, a tribute, a chosen pseudonym and a comment on the draft; returns their ids."""
    today = london_today()
    contact = services.add_contact(
        review,
        actor=actor,
        name=f"CNRY-CONTACT-{key}",
        relationship_to_victim="Mother",
        kind=ContactKind.FAMILY,
        preferred_method=ContactMethod.PHONE,
        contact_details=f"CNRY-DETAILS-{key}",
        advocate_name=f"CNRY-ADVOCATE-{key}",
        advocacy_organisation="AAFDA",
        leaflet=Leaflet.FAMILY,
        leaflet_given_on=today - timedelta(days=5),
        person_id=None,
        notes=f"CNRY-NOTES-{key}",
    )
    attempt = services.add_attempt(
        contact,
        actor=actor,
        attempted_on=today - timedelta(days=3),
        method=ContactMethod.PHONE,
        made_by="The chair",
        outcome=AttemptOutcome.REACHED,
        note=f"CNRY-ATTEMPT-{key}",
    )
    services.record_tribute(review, text=f"CNRY-TRIBUTE-{key}", given_by="Her mother", actor=actor)
    services.record_pseudonym(review, pseudonym=f"Chosen {key}", actor=actor)
    comment = services.add_comment(
        review,
        actor=actor,
        contact_id=contact.id,
        received_on=today - timedelta(days=1),
        paragraph="6.3",
        comment=f"CNRY-COMMENT-{key}",
    )
    return {"contact": contact.id, "attempt": attempt.id, "comment": comment.id}


def build_family_world() -> dict:
    """build_review_world() with a family log on R1 and on R2."""
    world = build_review_world()
    actor = world["users"]["coordinator"]
    for key in ("R1", "R2"):
        review = db.session.get(Review, world["objects"][key]["review"])
        world["objects"][key].update(add_family_log(review, actor, key))
    return world
