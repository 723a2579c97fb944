"""The panel tests' set-up review, plus an agency matrix: the police asked for an IMR, the fire service for nothing."""

from datetime import date

import pytest

from dhr.agencies.models import AgencyKind
from dhr.extensions import db as _db
from dhr.reviews.models import Review
from tests.factories import create_agency
from tests.panel.conftest import build_set_up_review


def build_terms_review() -> dict:
    """The review at set-up with two agencies in its matrix; returns ids and users."""
    from dhr.evidence import services as evidence
    from dhr.evidence.stages import Contact, OutputRequired

    world = build_set_up_review()
    review = _db.session.get(Review, world["review"])
    police = review.notifying_agency
    fire = create_agency(review.partnership, code="FIRE", kind=AgencyKind.FIRE, name="Test Fire")
    spare = create_agency(review.partnership, code="HLTH", kind=AgencyKind.HEALTH, name="Test Health")
    for agency, output, reason in (
        (police, OutputRequired.IMR, ""),
        (fire, OutputRequired.NONE, "No contact with either of them"),
    ):
        evidence.involve_agency(
            review,
            agency=agency,
            actor=world["coordinator"],
            contact_victim=Contact.UNKNOWN,
            contact_perpetrator=Contact.UNKNOWN,
            contact_children=Contact.UNKNOWN,
            records_secured_on=None,
            output=output,
            exclusion_reason=reason,
            due_on=date(2027, 1, 1),
        )
    return world | {"police": police.id, "fire": fire.id, "health": spare.id}


@pytest.fixture
def terms_world(db, frozen_clock):
    """The review with its agency matrix, built and committed."""
    return db.run(build_terms_review)


@pytest.fixture
def panel_world(db, frozen_clock):
    """The set-up review without an agency matrix."""
    return db.run(build_set_up_review)
